//! "Did you mean" suggestions for misspelt ids and field names.

/// The candidate closest to `name`, when it is close enough to be a likely typo.
pub fn suggest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let name_lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::jaro_winkler(&name_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        // Highest score first; ties go to the alphabetically first candidate, for stable output.
        .max_by(|(sa, ca), (sb, cb)| sa.total_cmp(sb).then_with(|| cb.cmp(ca)))
        .map(|(_, c)| c)
}

/// A ready `help:` line, "did you mean `x`?", when a close candidate exists.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    suggest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["customer_insight", "negotiation", "presentation"];
        assert_eq!(suggest("customer_insigth", ids), Some("customer_insight"));
        assert_eq!(suggest("payroll", ids), None);
    }

    #[test]
    fn never_suggests_the_same_name() {
        assert_eq!(suggest("a", ["a"]), None);
    }
}
