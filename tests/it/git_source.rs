//! Scanning a commit straight from the object database.

use crate::common::{git, scan_dir, scan_rev, write_tree};

#[test]
fn a_commit_is_scanned_without_checkout_and_ignores_the_worktree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write_tree(
        root,
        &[
            ("app/chat.py", b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n"),
            ("models/big.safetensors", b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 99\n"),
        ],
    );
    std::os::unix::fs::symlink("/etc/passwd", root.join("passwd.py")).unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    let base = git(root, &["rev-parse", "HEAD"]);
    // Uncommitted work is not part of the commit.
    write_tree(root, &[("app/new.py", b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n")]);

    let s = scan_rev(root, "HEAD");
    s.assert_at("model:openai/gpt-4o", "app/chat.py", 2);
    assert!(
        !s.has("model:anthropic/claude-3-5-haiku-latest"),
        "working-tree changes are ignored"
    );
    assert_eq!(
        s.item("file:models/big.safetensors").attrs["git-lfs"],
        "true"
    );
    assert!(
        s.warnings_for("passwd.py")
            .iter()
            .any(|w| w.contains("not followed"))
    );
    let doc: serde_json::Value = serde_json::from_str(&s.bom).unwrap();
    assert_eq!(doc["metadata"]["component"]["version"], base.as_str());

    let worktree = scan_dir(root);
    assert!(
        worktree.has("model:anthropic/claude-3-5-haiku-latest"),
        "the directory scan sees the working tree"
    );

    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "head"]);
    let head = scan_rev(root, "HEAD");
    assert!(head.has("model:anthropic/claude-3-5-haiku-latest"));
    let old = scan_rev(root, &base);
    assert!(!old.has("model:anthropic/claude-3-5-haiku-latest"));
}

#[test]
fn unknown_revision_and_non_repository_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = aibom::source::GitSource::open(dir.path(), "HEAD").unwrap_err();
    assert!(
        format!("{err:#}").contains("not inside a git repository"),
        "{err:#}"
    );
    git(dir.path(), &["init", "-q"]);
    write_tree(dir.path(), &[("a.txt", b"a")]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "a"]);
    let err = aibom::source::GitSource::open(dir.path(), "no-such-branch").unwrap_err();
    assert!(
        format!("{err:#}").contains("unknown revision `no-such-branch`"),
        "{err:#}"
    );
}
