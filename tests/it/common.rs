//! Test helpers: scanning fixture trees and validating every BOM produced
//! against the official CycloneDX 1.6 and 1.7 JSON schemas (offline).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aibom::bom::{self, Inventory, Item};
use aibom::catalog::Catalog;
use aibom::scan::{self, ScanOptions};
use aibom::source::{DirSource, GitSource, Source};
use aibom::vocab::{Code, Warning};
use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

/// The shared reference folder (`../shared` beside the checkout).
pub fn shared() -> PathBuf {
    if let Ok(p) = std::env::var("AIBOM_SHARED") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// A fixture tree under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The built-in catalog, compiled once.
pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().expect("built-in catalog"))
}

struct SchemaFiles(HashMap<String, Value>);

impl Retrieve for SchemaFiles {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .split('#')
            .next()
            .unwrap_or_default();
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| format!("schema {uri} is not vendored").into())
    }
}

fn load_validator(file: &str) -> Validator {
    let dir = shared().join("fixtures/cyclonedx");
    let mut files = HashMap::new();
    for name in [
        "bom-1.6.schema.json",
        "bom-1.7.schema.json",
        "spdx.schema.json",
        "jsf-0.82.schema.json",
        "cryptography-defs.schema.json",
    ] {
        let text = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()));
        files.insert(
            name.to_string(),
            serde_json::from_str::<Value>(&text).expect("schema JSON"),
        );
    }
    let schema = files[file].clone();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .with_retriever(SchemaFiles(files))
        .build(&schema)
        .expect("schema compiles")
}

/// The official 1.6 and 1.7 validators.
pub fn validators() -> &'static [(&'static str, Validator)] {
    static V: OnceLock<Vec<(&'static str, Validator)>> = OnceLock::new();
    V.get_or_init(|| {
        vec![
            ("1.6", load_validator("bom-1.6.schema.json")),
            ("1.7", load_validator("bom-1.7.schema.json")),
        ]
    })
}

/// Asserts a document is valid CycloneDX 1.6 (and 1.7), with unique bom-refs
/// and no dangling dependency refs (what JSON Schema cannot check).
pub fn assert_valid_bom(json: &str) {
    let doc: Value = serde_json::from_str(json).expect("BOM is JSON");
    for (version, v) in validators() {
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "BOM invalid against CycloneDX {version}:\n{}",
            errors.join("\n")
        );
    }
    let mut refs = BTreeSet::new();
    let mut collect = |v: &Value| {
        if let Some(r) = v.get("bom-ref").and_then(Value::as_str) {
            assert!(refs.insert(r.to_string()), "duplicate bom-ref {r}");
        }
    };
    for key in ["components", "services"] {
        for c in doc.get(key).and_then(Value::as_array).into_iter().flatten() {
            collect(c);
        }
    }
    if let Some(app) = doc.pointer("/metadata/component") {
        collect(app);
    }
    for d in doc
        .get("dependencies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let r = d["ref"].as_str().expect("ref");
        assert!(refs.contains(r), "dependency ref {r} names no component");
        for on in d
            .get("dependsOn")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                refs.contains(on.as_str().unwrap_or_default()),
                "dependsOn {on} names no component"
            );
        }
    }
}

/// What a test scan produced.
pub struct Scanned {
    /// Merged findings.
    pub inv: Inventory,
    /// The CycloneDX document (already validated).
    pub bom: String,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

impl Scanned {
    /// The item with this identity key (panics listing the keys there are).
    pub fn item(&self, key: &str) -> &Item {
        self.inv
            .items
            .get(key)
            .unwrap_or_else(|| panic!("no {key}; found:\n{}", self.keys().join("\n")))
    }

    /// Whether an item with this key exists.
    pub fn has(&self, key: &str) -> bool {
        self.inv.items.contains_key(key)
    }

    /// All identity keys.
    pub fn keys(&self) -> Vec<String> {
        self.inv.items.keys().cloned().collect()
    }

    /// Asserts no component has this id, under any provider.
    pub fn assert_no_id(&self, id: &str) {
        let keys = self.keys();
        assert!(
            !keys.iter().any(|k| k.ends_with(&format!("/{id}"))),
            "{id}: {keys:?}"
        );
    }

    /// Asserts no identity key contains any of `parts` (decoys).
    pub fn assert_no_key_containing(&self, parts: &[&str]) {
        let keys = self.keys();
        for part in parts {
            assert!(!keys.iter().any(|k| k.contains(part)), "{part}: {keys:?}");
        }
    }

    /// Asserts the item was seen at `file:line`.
    pub fn assert_at(&self, key: &str, file: &str, line: u32) {
        let item = self.item(key);
        assert!(
            item.evidence
                .iter()
                .any(|e| e.file == file && e.line == Some(line)),
            "{key} not at {file}:{line}; evidence: {:?}",
            item.evidence
                .iter()
                .map(|e| format!("{}:{:?}", e.file, e.line))
                .collect::<Vec<_>>()
        );
    }

    /// Asserts the models (`kind = model`) found are exactly `expected`, each at its file:line.
    pub fn assert_models(&self, expected: &[(&str, &str, u32)]) {
        for (key, file, line) in expected {
            self.assert_at(key, file, *line);
            assert_eq!(self.item(key).kind, aibom::vocab::Kind::Model, "{key}");
        }
        let found: Vec<&str> = self
            .inv
            .items
            .values()
            .filter(|i| i.kind == aibom::vocab::Kind::Model)
            .map(|i| i.key.as_str())
            .collect();
        let mut want: Vec<&str> = expected.iter().map(|(k, _, _)| *k).collect();
        want.sort();
        assert_eq!(found, want, "models found vs planted");
    }

    /// The lines of `file` where the item `key` (which must exist) was seen.
    pub fn lines_in(&self, key: &str, file: &str) -> Vec<Option<u32>> {
        self.item(key)
            .evidence
            .iter()
            .filter(|e| e.file == file)
            .map(|e| e.line)
            .collect()
    }

    /// Asserts nothing at all was found in `file` (a decoy).
    pub fn assert_nothing_in(&self, file: &str) {
        let hits: Vec<&str> = self
            .inv
            .items
            .values()
            .filter(|i| i.evidence.iter().any(|e| e.file == file))
            .map(|i| i.key.as_str())
            .collect();
        assert!(hits.is_empty(), "decoy {file} produced {hits:?}");
    }

    /// Warnings that mention `file`.
    pub fn warnings_for(&self, file: &str) -> Vec<String> {
        self.warnings
            .iter()
            .filter(|w| w.file == file)
            .map(|w| w.message.clone())
            .collect()
    }

    /// Every warning as a reader sees it, one per line (`file:line: [code]
    /// message`), in the BOM's order: what snapshots keep.
    pub fn warning_lines(&self) -> String {
        self.warnings
            .iter()
            .map(|w| {
                let at = w.line.map_or(String::new(), |l| format!(":{l}"));
                format!("{}{at}: [{}] {}\n", w.file, w.code.as_str(), w.message)
            })
            .collect()
    }

    /// The codes of the warnings about `file`.
    pub fn codes_for(&self, file: &str) -> Vec<Code> {
        self.warnings
            .iter()
            .filter(|w| w.file == file)
            .map(|w| w.code)
            .collect()
    }
}

/// Scans a source and checks its BOM.
pub fn scan_source(source: &dyn Source) -> Scanned {
    let out = scan::scan(source, catalog(), &ScanOptions::default()).expect("scan");
    let linked = aibom::link::link(out.results, catalog());
    let warnings = linked.warnings.clone();
    let inv = Inventory::from_linked(linked);
    let bom = bom::to_json(&mut bom::build(&inv, &out.subject, catalog())).expect("json");
    assert_valid_bom(&bom);
    Scanned { inv, bom, warnings }
}

/// Scans a directory.
pub fn scan_dir(path: &Path) -> Scanned {
    scan_source(&DirSource::new(path).expect("dir source"))
}

/// Scans a commit.
pub fn scan_rev(repo: &Path, rev: &str) -> Scanned {
    scan_source(&GitSource::open(repo, rev).expect("git source"))
}

/// Runs git in `dir`, panicking on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Writes files (path, bytes) under `root`, creating directories.
pub fn write_tree(root: &Path, files: &[(&str, &[u8])]) {
    for (p, bytes) in files {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}

/// Writes files, commits everything (empty commits allowed) and returns the sha.
pub fn commit(repo: &Path, files: &[(&str, &[u8])]) -> String {
    write_tree(repo, files);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "--allow-empty", "-m", "c"]);
    git(repo, &["rev-parse", "HEAD"])
}
