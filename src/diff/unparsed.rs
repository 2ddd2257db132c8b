//! Models that only left (or only reached) the files the scan read. A file
//! over the parse limit (cline's 3.5 MB `catalog.generated.ts`) is not read
//! for models, so a model a parsed file stops naming looks removed while the
//! unparsed catalog still lists it, and one a parsed file starts naming looks
//! added though the catalog had it all along. Such an id, written as a quoted
//! string in an unparsed file of the other side, is neither.

use super::Diff;
use crate::vocab::Kind;

/// Drops from `diff` the models removed that the head's unparsed files still
/// name, and the models added that the base's unparsed files already named.
pub fn drop_still_named(diff: &mut Diff, base_unparsed: &[Vec<u8>], head_unparsed: &[Vec<u8>]) {
    if !head_unparsed.is_empty() {
        diff.removed
            .retain(|i| i.kind != Kind::Model || !named_in(head_unparsed, &i.id));
    }
    if !base_unparsed.is_empty() {
        diff.added
            .retain(|i| i.kind != Kind::Model || !named_in(base_unparsed, &i.id));
    }
}

/// Whether one of `texts` holds `id` as a whole quoted string, or as the
/// last part of one (`"deepseek/deepseek-v4-pro"` names `deepseek-v4-pro`).
fn named_in(texts: &[Vec<u8>], id: &str) -> bool {
    if id.is_empty() {
        return false;
    }
    texts.iter().any(|t| {
        [b'"', b'\'', b'`'].iter().any(|q| {
            let closed: Vec<u8> = id.bytes().chain([*q]).collect();
            memchr::memmem::find_iter(t, &closed).any(|at| {
                at.checked_sub(1)
                    .is_some_and(|before| t[before] == *q || matches!(t[before], b'/' | b':'))
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::named_in;

    #[test]
    fn a_quoted_string_or_its_last_part_names_the_id() {
        let t = vec![br#"{ id: "deepseek-v4-pro", alias: 'deepseek/deepseek-v4-flash' }"#.to_vec()];
        assert!(named_in(&t, "deepseek-v4-pro"));
        assert!(named_in(&t, "deepseek-v4-flash"));
        assert!(!named_in(&t, "v4-pro"));
        assert!(!named_in(&t, "deepseek-v4"));
        assert!(!named_in(&t, ""));
    }
}
