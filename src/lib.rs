//! talentloop: compiles competency models, learning-trigger rules and review data into
//! development plans and a static development portal.
//!
//! The pipeline runs `model -> rules -> table -> data -> plan -> analytics -> site`; each
//! stage is a module that takes values in and returns values (see ARCHITECTURE.md).
//! `diag` serves every stage; `cli` is the only module that parses arguments and prints.

pub mod analytics;
pub mod cli;
pub mod data;
pub mod diag;
pub mod docs;
pub mod model;
pub mod output;
pub mod plan;
pub mod rules;
pub mod scaffold;
pub mod site;
pub mod synth;
pub mod table;
