//! A git repository made here with a `base` tag and a head commit, checked
//! through the library and the CLI: the fixture of the diff, policy and report tests.

use std::path::Path;
use std::process::Command;

use aibom::check::{CheckOptions, CheckOutcome, check};

use crate::common::{catalog, git, write_tree};

/// A repository with a base commit and a head commit.
pub struct Repo {
    dir: tempfile::TempDir,
}
impl Repo {
    pub fn new(base: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        write_tree(dir.path(), base);
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "base"]);
        git(dir.path(), &["tag", "base"]);
        Repo { dir }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn head(&self, write: &[(&str, &[u8])], remove: &[&str], renames: &[(&str, &str)]) {
        for (from, to) in renames {
            if let Some(parent) = self.path().join(to).parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            git(self.path(), &["mv", from, to]);
        }
        for r in remove {
            git(self.path(), &["rm", "-q", r]);
        }
        write_tree(self.path(), write);
        git(self.path(), &["add", "-A"]);
        git(
            self.path(),
            &["commit", "-q", "--allow-empty", "-m", "head"],
        );
    }
    pub fn check(&self) -> CheckOutcome {
        let opts = CheckOptions {
            repo: self.path().to_path_buf(),
            base: "base".into(),
            head: "HEAD".into(),
            config: None,
            progress: false,
        };
        check(&opts, catalog()).expect("check")
    }
    pub fn scan_cli(&self, extra: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_aibom"))
            .args(["scan", self.path().to_str().unwrap()])
            .args(extra)
            .output()
            .expect("aibom runs")
    }
    pub fn cli(&self, extra: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_aibom"))
            .args([
                "check",
                "--repo",
                self.path().to_str().unwrap(),
                "--base",
                "base",
                "--head",
                "HEAD",
            ])
            .args(extra)
            .output()
            .expect("aibom runs")
    }
}
pub fn keys(items: &[aibom::report::json::Entry]) -> Vec<String> {
    items
        .iter()
        .map(|e| format!("{}:{}", e.kind.as_str(), e.id))
        .collect()
}
pub const OPENAI: &[u8] =
    b"import openai\nclient = openai.OpenAI()\nclient.chat.completions.create(model=\"gpt-4o\")\n";
