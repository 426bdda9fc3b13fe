//! A person's trajectory across review cycles, read from the dataset: the level of each
//! competency as of every cycle, the overall rating and the learning hours per cycle.
//!
//! The definitions are the facts' (`data::facts`): a level is the latest competency rating
//! in or before the cycle, learning hours are the hours of the cycle's learning records
//! (the catalog's hours for a completed record without any). A test checks that the last
//! cycle agrees with the facts of the sample orgs.

use crate::data::{CycleIdx, Dataset, PersonId, ReviewItem};
use crate::model::OrgModel;
use std::collections::BTreeMap;

/// One cycle of a person's history.
#[derive(Debug, Clone, PartialEq)]
pub struct CyclePoint {
    pub cycle: CycleIdx,
    /// The overall rating's label and its position on the scale (0 = lowest).
    pub rating: Option<(String, u8)>,
    pub learning_hours: f64,
    /// Competency id to the level as of the end of this cycle.
    pub levels: BTreeMap<String, u8>,
}

/// The cycles `0..=upto` of one person, oldest first.
pub fn of(
    model: &OrgModel,
    dataset: &Dataset,
    person: PersonId,
    upto: CycleIdx,
) -> Vec<CyclePoint> {
    let recs = dataset.records_of(person);
    let mut points: Vec<CyclePoint> = (0..=upto)
        .map(|cycle| CyclePoint {
            cycle,
            rating: None,
            learning_hours: 0.0,
            levels: BTreeMap::new(),
        })
        .collect();
    // Ratings of each cycle; the latest competency rating (by cycle, then row) wins.
    let mut latest: BTreeMap<&str, Option<u8>> = BTreeMap::new();
    let mut reviews: Vec<&crate::data::Review> =
        recs.reviews.iter().filter(|r| r.cycle <= upto).collect();
    reviews.sort_by_key(|r| (r.cycle, r.origin));
    let mut next = 0;
    for point in &mut points {
        while let Some(r) = reviews.get(next).filter(|r| r.cycle == point.cycle) {
            match &r.item {
                ReviewItem::Overall => {
                    point.rating = Some((r.grade.label.to_string(), r.grade.rank));
                }
                ReviewItem::Competency(c) => {
                    latest.insert(c, r.level);
                }
                ReviewItem::Goal(_) => {}
            }
            next += 1;
        }
        point.levels = latest
            .iter()
            .filter_map(|(c, l)| Some(((*c).to_owned(), (*l)?)))
            .collect();
    }
    for l in recs.learning {
        let Some(point) = l.cycle.and_then(|c| points.get_mut(c)) else {
            continue;
        };
        let hours = l.hours.unwrap_or_else(|| {
            if l.status.is_done() {
                model.resource(&l.resource).map_or(0.0, |r| r.hours)
            } else {
                0.0
            }
        });
        point.learning_hours += hours;
    }
    points
}
