//! Every manifest and lockfile parser on arbitrary text: no panic, no hang,
//! and every package it reports names a line inside the file.
#![no_main]

use std::sync::OnceLock;

use aibom::catalog::Catalog;
use aibom::scan::packages;
use libfuzzer_sys::fuzz_target;

const FILES: &[&str] = &[
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock",
    "package.json", "poetry.lock", "pdm.lock", "uv.lock", "Pipfile.lock", "requirements.txt",
    "pyproject.toml", "setup.cfg", "environment.yml", "Cargo.lock", "Cargo.toml", "go.mod",
    "go.sum", "pom.xml", "build.gradle", "build.gradle.kts", "gradle.lockfile",
    "gradle/libs.versions.toml", "gradle/verification-metadata.xml", "packages.lock.json",
    "packages.config", "app.csproj", "Directory.Packages.props", "Gemfile.lock",
    "composer.lock", "composer.json", "Package.resolved", "pubspec.lock", "mix.lock",
];

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().expect("catalog"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = FILES[usize::from(pick) % FILES.len()];
    let text = String::from_utf8_lossy(rest);
    let lines = u32::try_from(text.lines().count().max(1)).unwrap_or(u32::MAX);
    let (findings, _warnings) = packages::scan(catalog(), name, &text, 1_000);
    assert!(findings.len() <= 1_000);
    for f in &findings {
        let line = f.evidence.line.unwrap_or(1);
        assert!(line >= 1 && line <= lines + 1, "{name}: line {line} of {lines}");
    }
});
