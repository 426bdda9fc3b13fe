//! Coverage figures of the data-quality report, computed from the loaded dataset.

use super::dataset::{Dataset, ReviewItem};
use super::report::{CycleReport, Report, share};
use std::collections::BTreeSet;

/// Fills the per-cycle coverage of `report`. `competency_rows` holds, per cycle, the
/// competency rating rows read and how many of them mapped to a model competency.
pub fn fill(report: &mut Report, ds: &Dataset, competency_rows: &[(usize, usize)]) {
    report.learning.coverage = share(report.learning.loaded, report.learning.records);
    report.cycles = ds
        .cycles
        .iter()
        .enumerate()
        .map(|(c, cycle)| {
            let in_cycle: BTreeSet<u32> = ds
                .people
                .iter()
                .enumerate()
                .filter(|(_, p)| p.assignments.get(c).is_some_and(Option::is_some))
                .map(|(i, _)| i as u32)
                .collect();
            let reviewed: BTreeSet<u32> = ds
                .reviews
                .iter()
                .filter(|r| r.cycle == c && r.item == ReviewItem::Overall)
                .map(|r| r.person.0)
                .filter(|p| in_cycle.contains(p))
                .collect();
            let talked: BTreeSet<u32> = ds
                .dialogues
                .iter()
                .filter(|d| d.cycle == c)
                .map(|d| d.person.0)
                .filter(|p| in_cycle.contains(p))
                .collect();
            let learning: BTreeSet<u32> = ds
                .learning
                .iter()
                .filter(|l| l.cycle == Some(c))
                .map(|l| l.person.0)
                .filter(|p| in_cycle.contains(p))
                .collect();
            let (rows, mapped) = competency_rows.get(c).copied().unwrap_or_default();
            CycleReport {
                cycle: cycle.id.clone(),
                people: in_cycle.len(),
                reviewed: reviewed.len(),
                review_coverage: share(reviewed.len(), in_cycle.len()),
                competency_ratings: rows,
                competency_ratings_mapped: mapped,
                competency_coverage: share(mapped, rows),
                with_dialogue: talked.len(),
                dialogue_coverage: share(talked.len(), in_cycle.len()),
                learning_active: learning.len(),
                participation: share(learning.len(), in_cycle.len()),
            }
        })
        .collect();
}
