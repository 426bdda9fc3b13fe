//! Lookups of the model's entries by what exports write: ids, names and titles in any
//! locale, and xAPI activity ids. Each id is interned once, so records share it.

use super::config::norm;
use super::dataset::Id;
use crate::model::{LocalText, OrgModel};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The model's ids, findable by id, name, title (any locale, any case) or xAPI activity.
#[derive(Debug, Default)]
pub struct Catalog {
    roles: FxHashMap<String, Id>,
    competencies: FxHashMap<String, Id>,
    resources: FxHashMap<String, Id>,
    goal_templates: FxHashMap<String, Id>,
}

impl Catalog {
    pub fn new(model: &OrgModel) -> Self {
        let mut c = Catalog::default();
        for r in &model.roles {
            insert(&mut c.roles, &r.id, [&r.name]);
        }
        for k in &model.competencies {
            insert(&mut c.competencies, &k.id, [&k.name]);
        }
        for r in &model.resources {
            let id = insert(&mut c.resources, &r.id, [&r.title]);
            if let Some(x) = &r.xapi_activity {
                c.resources.entry(norm(x)).or_insert(id);
            }
        }
        for g in &model.goal_templates {
            insert(&mut c.goal_templates, &g.id, [&g.name]);
        }
        c
    }

    pub fn role_id(&self, s: &str) -> Option<Id> {
        lookup(&self.roles, s)
    }

    pub fn competency_id(&self, s: &str) -> Option<Id> {
        lookup(&self.competencies, s)
    }

    pub fn resource_id(&self, s: &str) -> Option<Id> {
        lookup(&self.resources, s)
    }

    pub fn goal_template_id(&self, s: &str) -> Option<Id> {
        lookup(&self.goal_templates, s)
    }
}

/// A lookup by the exact text first (ids usually are written as they are defined), then
/// by the normalised text, so the common case allocates nothing.
fn lookup(map: &FxHashMap<String, Id>, s: &str) -> Option<Id> {
    map.get(s).or_else(|| map.get(&norm(s))).cloned()
}

/// Registers an id under itself and its names. An id always wins over another entry's name.
fn insert<'a>(
    map: &mut FxHashMap<String, Id>,
    id: &str,
    names: impl IntoIterator<Item = &'a LocalText>,
) -> Id {
    let shared: Id = Arc::from(id);
    map.insert(norm(id), shared.clone());
    for text in names {
        for name in text.0.values() {
            map.entry(norm(name)).or_insert_with(|| shared.clone());
        }
    }
    shared
}
