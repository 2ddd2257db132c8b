//! The configuration tree (YAML, JSON, TOML, properties), Dockerfiles, shell
//! scripts, Terraform and notebooks on arbitrary text: no panic, no hang.
#![no_main]

use std::sync::OnceLock;

use aibom::catalog::Catalog;
use aibom::scan::config::{self, ConfigKind};
use aibom::scan::notebook;
use libfuzzer_sys::fuzz_target;

const KINDS: &[ConfigKind] = &[
    ConfigKind::Yaml,
    ConfigKind::Json,
    ConfigKind::Toml,
    ConfigKind::Properties,
    ConfigKind::Dockerfile,
    ConfigKind::Shell,
    ConfigKind::Terraform,
    ConfigKind::TerraformVars,
];

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().expect("catalog"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let i = usize::from(pick) % (KINDS.len() + 1);
    match KINDS.get(i) {
        Some(kind) => {
            let _ = config::scan(catalog(), *kind, "fuzz/config", &text);
        }
        None => {
            let _ = notebook::scan(catalog(), "fuzz/n.ipynb", &text);
        }
    }
});
