//! Learning-trigger rules: the facts they test, the condition DSL, rule files and type checking.

pub mod facts;
