//! The shapes of names that go into REST paths: a value from a webhook payload
//! or the environment that is not one of these never reaches a request.

/// Whether `s` is a repository's `owner/name` as GitHub spells them: one
/// slash, each part 1–100 of `A-Za-z0-9._-`, neither `.` nor `..`. Anything
/// else (`o/r/../../user`) never reaches a REST path.
pub fn is_repo_name(s: &str) -> bool {
    let part = |p: &str| {
        (1..=100).contains(&p.len())
            && p != "."
            && p != ".."
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    matches!(s.split_once('/'), Some((owner, name)) if part(owner) && part(name))
}

pub use crate::source::is_commit_sha;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_owner_slash_name_and_full_commit_ids() {
        for ok in ["acme/app", "Code-rtocat/Hello_World.js", "a/b.c"] {
            assert!(is_repo_name(ok), "{ok}");
        }
        for bad in [
            "o/r/../../../user",
            "o/..",
            "../x",
            "o/r/x",
            "o",
            "o/",
            "o/r?x=1",
            "o/r#",
            "o /r",
        ] {
            assert!(!is_repo_name(bad), "{bad}");
        }
        assert!(is_commit_sha(&"a".repeat(40)) && is_commit_sha(&"F".repeat(64)));
        assert!(
            !is_commit_sha("main")
                && !is_commit_sha(&"g".repeat(40))
                && !is_commit_sha(&"a".repeat(41))
        );
    }
}
