//! SBOM: packages read statically from manifests and lockfiles. One parser per
//! ecosystem; each turns a file into [`Package`]s with file:line evidence. No
//! package manager is run and nothing is fetched.

mod cargo;
mod composer;
mod gem;
mod golang;
mod lines;
mod maven;
mod mobile;
mod npm;
mod nuget;
mod pnpm;
mod pypi;

use crate::catalog::Catalog;
use crate::scan::cx::FileCx;
use crate::vocab::{Code, Evidence, Finding, Kind, Results, Warning, attr, normalise_pypi, purl};

/// Whether a package's version is exact (lockfile) or a declared range (manifest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A lockfile: exact version, full graph.
    Lockfile,
    /// A manifest: declared range, used when no lockfile is present.
    Manifest,
}

/// One package as a manifest or lockfile states it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Package {
    /// purl type (`npm`, `pypi`, `cargo`, `golang`, `gem`, `composer`, …).
    pub ecosystem: &'static str,
    /// purl namespace (`@babel`, `github.com/foo`, vendor), if any.
    pub namespace: Option<String>,
    /// purl name.
    pub name: String,
    /// Exact version (lockfiles, `==` pins).
    pub version: Option<String>,
    /// Declared range (manifests).
    pub range: Option<String>,
    /// A development / optional dependency.
    pub dev: bool,
    /// A direct dependency of the project (None: unknown).
    pub direct: Option<bool>,
    /// Declared license.
    pub license: Option<String>,
    /// (algorithm, hex digest).
    pub hash: Option<(&'static str, String)>,
    /// 1-based line of the entry.
    pub line: u32,
    /// Names (and versions where the lockfile says) of dependencies.
    pub deps: Vec<(String, Option<String>)>,
    /// Where it comes from when not a registry (`git`, `path`, `url`).
    pub origin: Option<String>,
}

impl Package {
    /// The name as people write it (`@babel/core`, `org.slf4j:slf4j-api`).
    pub fn display_name(&self) -> String {
        match (&self.namespace, self.ecosystem) {
            (Some(ns), "maven") => format!("{ns}:{}", self.name),
            (Some(ns), _) => format!("{ns}/{}", self.name),
            // PEP 503: `Sentence_Transformers` and `sentence-transformers` are one package.
            (None, "pypi") => normalise_pypi(&self.name),
            (None, _) => self.name.clone(),
        }
    }
}

/// What a manifest or lockfile parser returns.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Packages in file order.
    pub packages: Vec<Package>,
    /// Problems (the file's other entries are still reported).
    pub warnings: Vec<Warning>,
    /// Lockfile or manifest.
    pub source: Option<Source>,
}

impl Parsed {
    /// An empty result for a lockfile.
    pub fn lockfile() -> Self {
        Parsed {
            source: Some(Source::Lockfile),
            ..Parsed::default()
        }
    }

    /// An empty result for a manifest.
    pub fn manifest() -> Self {
        Parsed {
            source: Some(Source::Manifest),
            ..Parsed::default()
        }
    }
}

/// A manifest or lockfile parser.
type ParseFn = fn(&str, &str) -> Result<Parsed, ParseError>;

/// A file that could not be parsed at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// An error at a line.
    pub fn at(line: Option<u32>, message: impl Into<String>) -> Self {
        ParseError {
            line,
            message: message.into(),
        }
    }
}

/// The parser for a file name, if it is a manifest or lockfile we read.
pub fn parser_for(path: &str) -> Option<ParseFn> {
    let name = path.rsplit('/').next().unwrap_or(path);
    Some(match name {
        "package-lock.json" | "npm-shrinkwrap.json" => npm::package_lock,
        "package.json" => npm::package_json,
        "yarn.lock" => npm::yarn_lock,
        "poetry.lock" | "pdm.lock" => pypi::poetry_lock,
        "uv.lock" => pypi::uv_lock,
        "Pipfile.lock" => pypi::pipfile_lock,
        "pyproject.toml" => pypi::pyproject,
        "Cargo.lock" => cargo::cargo_lock,
        "Cargo.toml" => cargo::cargo_toml,
        "go.mod" => golang::go_mod,
        "go.sum" => golang::go_sum,
        "Gemfile.lock" => gem::gemfile_lock,
        "Gemfile" | "gems.rb" => gem::gemfile,
        _ if name.ends_with(".gemspec") => gem::gemspec,
        "composer.lock" => composer::composer_lock,
        "composer.json" => composer::composer_json,
        "pnpm-lock.yaml" => pnpm::pnpm_lock,
        "bun.lock" => pnpm::bun_lock,
        "setup.cfg" => pypi::setup_cfg,
        "environment.yml" | "environment.yaml" => pypi::environment_yml,
        "pom.xml" => maven::pom,
        "build.gradle" | "build.gradle.kts" => maven::gradle_script,
        "libs.versions.toml" => maven::version_catalog,
        "gradle.lockfile" => maven::gradle_lockfile,
        "verification-metadata.xml" => maven::verification_metadata,
        "packages.lock.json" => nuget::packages_lock,
        "packages.config" | "Directory.Packages.props" => nuget::project_file,
        _ if name.ends_with(".csproj")
            || name.ends_with(".fsproj")
            || name.ends_with(".vbproj") =>
        {
            nuget::project_file
        }
        "Package.resolved" => mobile::package_resolved,
        "pubspec.lock" => mobile::pubspec_lock,
        "mix.lock" => mobile::mix_lock,
        _ if pypi::is_requirements(path) => pypi::requirements,
        _ => return None,
    })
}

/// Most packages reported from one manifest or lockfile by default
/// ([`crate::scan::Limits::max_packages_per_file`]). The largest real
/// lockfiles list tens of thousands; a generated or hostile one can list a
/// million, which would cost gigabytes of BOM. Past the cap, the first by
/// position are kept and a warning says how many were left out.
pub const MAX_PACKAGES_PER_FILE: usize = 100_000;

/// Parses one manifest or lockfile into library findings (at most `max`).
pub fn detect(cx: &FileCx, out: &mut Results) {
    let (catalog, path, text) = (cx.catalog, cx.path, cx.text);
    let max = cx.limits.max_packages_per_file;
    let Some(parse) = parser_for(path) else {
        return;
    };
    match parse(path, text) {
        Ok(mut parsed) => {
            let source = parsed.source.unwrap_or(Source::Manifest);
            let listed = parsed.packages.len();
            if listed > max {
                // The first by position, deterministically.
                parsed
                    .packages
                    .sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
                parsed.packages.truncate(max);
                parsed.warnings.push(Warning::new(Code::Capped,
                    path,
                    format!(
                        "{listed} packages listed; the first {max} by position are reported and {} are not",
                        listed - max
                    ),
                ));
            }
            out.findings.extend(
                parsed
                    .packages
                    .iter()
                    .map(|p| to_finding(catalog, path, p, source)),
            );
            out.warnings.extend(parsed.warnings);
        }
        Err(e) => {
            let w = Warning {
                code: Code::ParseError,
                file: path.to_string(),
                line: e.line,
                message: format!("packages not read: {}", e.message),
            };
            out.warnings.push(w);
        }
    }
}

fn to_finding(catalog: &Catalog, path: &str, p: &Package, source: Source) -> Finding {
    let mut ev = Evidence::at(path, p.line, 1);
    ev.symbol = Some(path.rsplit('/').next().unwrap_or(path).to_string());
    let base = purl(p.ecosystem, p.namespace.as_deref(), &p.name, None);
    let full = purl(
        p.ecosystem,
        p.namespace.as_deref(),
        &p.name,
        p.version.as_deref(),
    );
    let display = p.display_name();
    let category = catalog.ml_package(p.ecosystem, &display);
    let mut f = Finding::new(Kind::Library, display, Some(p.ecosystem.to_string()), ev)
        .with_attr(attr::PURL, full)
        .with_attr(attr::PURL_BASE, base)
        .with_attr(attr::SCOPE, if p.dev { "optional" } else { "required" })
        .with_attr(
            attr::SOURCE,
            if source == Source::Lockfile {
                "lockfile"
            } else {
                "manifest"
            },
        );
    if let Some(v) = &p.version {
        f.attrs.insert(attr::VERSION.into(), v.clone());
    }
    if let Some(ns) = &p.namespace {
        f.attrs.insert(attr::GROUP.into(), ns.clone());
    }
    if let Some(r) = &p.range {
        f.attrs.insert(attr::RANGE.into(), r.clone());
    }
    if let Some(d) = p.direct {
        f.attrs.insert(attr::DIRECT.into(), d.to_string());
    }
    if let Some(l) = &p.license {
        f.attrs
            .insert(crate::vocab::attr::LICENSE.into(), l.clone());
    }
    if let Some((alg, hex)) = &p.hash {
        f.attrs.insert(attr::HASH.into(), format!("{alg}:{hex}"));
    }
    if let Some(o) = &p.origin {
        f.attrs.insert(attr::ORIGIN.into(), o.clone());
    }
    if let Some(category) = category {
        f.attrs.insert(attr::AI.into(), "true".into());
        f.attrs.insert(attr::CATEGORY.into(), category.to_string());
    }
    for (name, version) in &p.deps {
        let (ns, n) = split_display(p.ecosystem, name);
        f.links.push(purl(p.ecosystem, ns, n, version.as_deref()));
    }
    f
}

/// Splits a display name back into (namespace, name).
fn split_display<'a>(ecosystem: &str, name: &'a str) -> (Option<&'a str>, &'a str) {
    match ecosystem {
        "npm" | "composer" | "golang" => match name.rsplit_once('/') {
            Some((ns, n)) => (Some(ns), n),
            None => (None, name),
        },
        "maven" => match name.split_once(':') {
            Some((ns, n)) => (Some(ns), n),
            None => (None, name),
        },
        _ => (None, name),
    }
}

/// Parses JSON, mapping errors to a [`ParseError`] at their line.
pub(crate) fn parse_json<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T, ParseError> {
    serde_json::from_str(text)
        .map_err(|e| ParseError::at(u32::try_from(e.line()).ok(), format!("malformed JSON: {e}")))
}

/// Parses TOML, mapping errors to a [`ParseError`] at their line.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| {
            u32::try_from(text[..s.start.min(text.len())].lines().count().max(1)).unwrap_or(1)
        });
        ParseError::at(line, format!("malformed TOML: {}", e.message()))
    })
}
