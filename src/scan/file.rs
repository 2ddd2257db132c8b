//! Scanning one file: read the head, recognise pointers and weights by content,
//! read text only where a detector wants it, and dispatch to that detector.

use std::io::{self, Read};

use crate::catalog::{Catalog, PrefilterHit};
use crate::scan::code::{self, Lang, MAX_PARSE_BYTES, MAX_PARSE_LINE};
use crate::scan::config::{self, ConfigKind};
use crate::scan::cx::FileCx;
use crate::scan::detector::TextKind;
use crate::scan::text::{Decoded, decode};
use crate::scan::{dotenv, packages, weights};
use crate::source::{BlobReader, Entry, EntryKind};
use crate::vocab::{Code, Evidence, Finding, Kind, Results, Warning, attr};

/// Bytes read first from every file (for magic bytes and pointer files).
const HEAD: usize = 64 * 1024;

/// Most distinct AI components (models, endpoints, env vars, …; not packages)
/// reported from one file. Real files hold a handful; a generated or hostile one can name a
/// distinct model on every line, and 8 MiB of those is 170,000 findings and
/// gigabytes of BOM. Past the cap the earliest are kept and a warning says so.
pub const MAX_FINDINGS_PER_FILE: usize = 1_000;

/// Extensions never worth sniffing (media, archives, fonts, compiled objects).
const NEVER_SNIFF: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "ico", "bmp", "tiff", "ttf", "otf", "woff", "woff2",
    "eot", "mp3", "mp4", "wav", "ogg", "avi", "mov", "webm", "flac", "pdf", "gz", "tgz", "bz2",
    "xz", "zst", "7z", "jar", "war", "class", "o", "a", "so", "dylib", "dll", "exe", "pyc", "wasm",
];

/// What one file contributed: findings in detector order, and problems reading
/// or parsing it.
pub type FileResult = Results;

/// Limits for reading files.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest text file read for detection; larger ones are skipped with a warning.
    pub max_text_bytes: u64,
    /// Largest manifest or lockfile read (lockfiles of big monorepos are large).
    pub max_lockfile_bytes: u64,
    /// Most findings one scan keeps (see [`crate::scan::MAX_FINDINGS_PER_SCAN`]).
    pub max_findings: usize,
    /// Most packages one manifest or lockfile reports (see
    /// [`packages::MAX_PACKAGES_PER_FILE`]).
    pub max_packages_per_file: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_bytes: 8 * 1024 * 1024,
            max_lockfile_bytes: 128 * 1024 * 1024,
            max_findings: crate::scan::MAX_FINDINGS_PER_SCAN,
            max_packages_per_file: packages::MAX_PACKAGES_PER_FILE,
        }
    }
}

fn text_kind(path: &str, name: &str, ext: &str) -> Option<TextKind> {
    // Manifests first: `build.gradle.kts` is Kotlin, but it is read as a manifest.
    if packages::parser_for(path).is_some() {
        return Some(TextKind::Packages);
    }
    if let Some(l) = Lang::from_extension(ext) {
        return Some(TextKind::Code(l));
    }
    if is_policy_file(name, ext) {
        return None; // its allow lists name models by glob: policy, not usage
    }
    if is_recording(path) {
        return None; // recorded HTTP exchanges (VCR cassettes): replayed, never sent
    }
    if is_site_data(path, ext) {
        return None; // a documentation site's data (leaderboards, tables): pages, not usage
    }
    match name {
        "adapter_config.json" => Some(TextKind::AdapterConfig),
        "config.json" => Some(TextKind::HfConfig),
        _ if name.eq_ignore_ascii_case("readme.md") => Some(TextKind::Readme),
        _ if dotenv::is_dotenv(name) => Some(TextKind::DotEnv),
        _ if ext == "ipynb" => Some(TextKind::Notebook),
        _ => config::kind(name, ext).map(TextKind::Config),
    }
}

/// A recorded HTTP exchange a test replays (`spec/fixtures/vcr_cassettes/…`,
/// `__recordings__/`): its URLs carry batch and file ids that change on every
/// re-recording, and it calls nothing.
fn is_recording(path: &str) -> bool {
    path.split('/')
        .rev()
        .skip(1)
        .any(|d| d.ends_with("cassettes") || d == "__recordings__" || d == "recordings")
}

/// A data file of a documentation site (`aider/website/_data/leaderboard.yml`,
/// `docs/models.json`): what the site's pages show — benchmark results, model
/// tables, examples — and nothing the code runs. Code and manifests there are
/// still read (they are recognised before this test).
fn is_site_data(path: &str, ext: &str) -> bool {
    matches!(ext, "yml" | "yaml" | "json" | "jsonc" | "toml" | "csv")
        && path.split('/').rev().skip(1).any(|d| {
            matches!(
                d,
                "_data" | "website" | "docs" | "doc" | "documentation" | "_posts"
            )
        })
}

/// An aibom policy file (`.aibom.yml`, `docs/aibom.example.yml`).
fn is_policy_file(name: &str, ext: &str) -> bool {
    matches!(ext, "yml" | "yaml")
        && (name.starts_with(".aibom.") || name.starts_with("aibom.") || name.contains(".aibom."))
}

/// Scans one entry of the tree.
pub fn scan_entry(
    catalog: &Catalog,
    limits: Limits,
    entry: &Entry,
    reader: &mut dyn BlobReader,
) -> FileResult {
    let mut out = FileResult::default();
    let path = entry.path.as_str();
    if let EntryKind::Symlink { target } = &entry.kind {
        let msg = format!("symlink to `{}`; not followed", catalog.redact(target));
        out.warnings.push(Warning::new(Code::Symlink, path, msg));
        return out;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = text_kind(path, name, &ext);
    if kind.is_none() && NEVER_SNIFF.contains(&ext.as_str()) {
        return out;
    }
    if let Err(e) = scan_content(catalog, limits, entry, reader, kind, &ext, &mut out) {
        out.warnings.push(Warning::new(
            Code::Unreadable,
            path,
            format!("not scanned: {e}"),
        ));
    }
    if is_test_path(path) {
        for f in &mut out.findings {
            f.attrs.insert(attr::TEST_ONLY.into(), "true".into());
        }
    }
    drop_non_components(&mut out.findings);
    out
}

/// Removes what no detector may report as a component, whichever made it,
/// and the links to it: a test's loopback server (`http://127.0.0.1/v1/messages`)
/// is no AI service; an empty id, one with whitespace or a trailing escape,
/// and a glob (`claude-*`) are never a model id.
fn drop_non_components(findings: &mut Vec<Finding>) {
    let dropped: std::collections::HashSet<String> = findings
        .iter()
        .filter(|f| is_test_loopback(f) || is_not_an_id(f))
        .map(Finding::key)
        .collect();
    if dropped.is_empty() {
        return;
    }
    findings.retain(|f| !dropped.contains(&f.key()));
    for f in findings.iter_mut() {
        f.links.retain(|l| !dropped.contains(l));
    }
}

/// A model "id" that cannot be one: see [`code::shape::is_component_id`],
/// or a glob (`claude-*`), as policy and docs write them.
fn is_not_an_id(f: &Finding) -> bool {
    matches!(f.kind, Kind::Model | Kind::HubModel)
        && (!code::shape::is_component_id(&f.id) || f.id.contains(['*', '?']))
}

/// A local, catalog-unknown endpoint seen only in tests: a fake server.
fn is_test_loopback(f: &Finding) -> bool {
    f.kind == Kind::Service
        && f.provider.as_deref() == Some(crate::scan::endpoint::COMPATIBLE)
        && f.attrs.get(attr::LOCAL).is_some_and(|v| v == "true")
        && f.attrs.get(attr::TEST_ONLY).is_some_and(|v| v == "true")
}

fn scan_content(
    catalog: &Catalog,
    limits: Limits,
    entry: &Entry,
    reader: &mut dyn BlobReader,
    kind: Option<TextKind>,
    ext: &str,
    out: &mut FileResult,
) -> io::Result<()> {
    let path = entry.path.as_str();
    let mut stream = reader.open(entry)?;
    let mut head = Vec::with_capacity(HEAD.min(usize::try_from(entry.size).unwrap_or(HEAD)));
    (&mut stream).take(HEAD as u64).read_to_end(&mut head)?;

    if weights::is_pointer_like(&head)
        && weights::parse_pointer(&head).is_none()
        && catalog.is_weight_extension(ext)
    {
        out.warnings.push(Warning::new(
            Code::InvalidLfsPointer,
            path,
            "a Git LFS pointer without a valid `oid sha256:` and `size`; not reported",
        ));
        return Ok(());
    }
    if let Some(ptr) = weights::parse_pointer(&head) {
        if let Some(fmt) = weights::format_for_extension(catalog, ext) {
            let f = Finding::new(Kind::WeightFile, path, None, Evidence::file(path))
                .with_attr(attr::FORMAT, fmt.name.clone())
                .with_attr(attr::SHA256, ptr.sha256)
                .with_attr(attr::SIZE, ptr.size.to_string())
                .with_attr(attr::LFS, "true");
            out.findings.push(f);
        }
        return Ok(());
    }
    // A file named for a format that has a header parser (`.safetensors`,
    // `.gguf`) is a weight file even when its content is not that format (it
    // may be corrupt, or something else in disguise): reported, with a warning.
    let claimed = || {
        weights::format_for_extension(catalog, ext).filter(|f| {
            kind.is_none() && matches!(f.parser.as_deref(), Some("safetensors" | "gguf"))
        })
    };
    if let Some(fmt) = weights::sniff(catalog, ext, &head).or_else(claimed) {
        let info = weights::inspect(fmt, &head, &mut stream)?;
        if let Some(err) = &info.header_error {
            out.warnings.push(Warning::new(
                Code::ParseError,
                path,
                format!("{} header could not be fully read: {err}", info.format),
            ));
        }
        let mut f = Finding::new(Kind::WeightFile, path, None, Evidence::file(path))
            .with_attr(attr::FORMAT, info.format)
            .with_attr(attr::SHA256, info.sha256)
            .with_attr(attr::SIZE, info.size.to_string());
        f.attrs.extend(info.attrs);
        out.findings.push(f);
        return Ok(());
    }
    let Some(kind) = kind else { return Ok(()) };
    let limit = match kind {
        TextKind::Packages => limits.max_lockfile_bytes,
        _ => limits.max_text_bytes,
    };
    if entry.size > limit {
        let msg = format!(
            "not scanned: {} bytes is over the {limit} byte limit for this kind of file",
            entry.size
        );
        out.warnings.push(Warning::new(Code::TooLarge, path, msg));
        return Ok(());
    }
    let mut bytes = head;
    (&mut stream)
        .take((limit + 1).saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        let msg = format!("not scanned: grew over the {limit} byte limit while reading");
        out.warnings.push(Warning::new(Code::TooLarge, path, msg));
        return Ok(());
    }
    // One keyword pass, and only where a detector depends on it: the code
    // pre-filter for code and dotenv files; the configuration one (whose words
    // include the credential prefixes) for configuration and notebooks.
    let hit = match kind {
        TextKind::Code(_) | TextKind::DotEnv => catalog.prefilter(&bytes),
        _ => PrefilterHit::default(),
    };
    let needs_text = match kind {
        TextKind::Code(_) | TextKind::DotEnv => hit.parse || hit.secret,
        // Terraform files are few, and a module's `variables.tf` or `.tfvars`
        // may define a model name without any keyword the pre-filter knows.
        TextKind::Config(ConfigKind::Terraform | ConfigKind::TerraformVars | ConfigKind::Bicep) => {
            true
        }
        TextKind::Config(_) | TextKind::Notebook => catalog.config_prefilter(&bytes),
        TextKind::Readme => bytes.starts_with(b"---"),
        TextKind::AdapterConfig | TextKind::HfConfig | TextKind::Packages => true,
    };
    if !needs_text {
        return Ok(());
    }
    let text = match decode(&bytes) {
        Decoded::Text(t) => t,
        Decoded::Lossy(t) => {
            out.warnings.push(Warning::new(
                Code::InvalidUtf8,
                path,
                "invalid UTF-8; decoded with replacement characters",
            ));
            std::borrow::Cow::Owned(t)
        }
        Decoded::Binary => {
            if kind.warns_when_binary() {
                out.warnings.push(Warning::new(
                    Code::Binary,
                    path,
                    "not scanned: binary content in a text file",
                ));
            }
            return Ok(());
        }
    };
    let cx = FileCx::new(catalog, path, &text, limits);
    // Code is parsed only when the pre-filter saw an AI word in it, and never
    // when it is generated; its credentials are looked for either way.
    let parse = match kind {
        TextKind::Code(_) if hit.parse => match generated(&text) {
            Some((code, why)) => {
                cx.warn(out, code, why);
                false
            }
            None => true,
        },
        TextKind::Code(_) => false,
        _ => true,
    };
    if parse {
        kind.detect(&cx, out);
    }
    if kind.secrets_pass() {
        secrets(&cx, out);
    }
    cap_findings(path, out);
    // One context per line, however many findings share it (a minified file
    // is one line holding all of them).
    let mut contexts: std::collections::HashMap<u32, Option<String>> = Default::default();
    for f in &mut out.findings {
        if f.evidence.context.is_none()
            && let Some(l) = f.evidence.line
        {
            f.evidence.context = contexts
                .entry(l)
                .or_insert_with(|| cx.lines().context(catalog, l))
                .clone();
        }
    }
    Ok(())
}

/// Why a source file is not parsed (too large, or minified), if it is not.
/// Its credentials are still looked for.
fn generated(text: &str) -> Option<(Code, String)> {
    if text.len() > MAX_PARSE_BYTES {
        return Some((
            Code::TooLarge,
            format!(
                "not parsed: {} bytes of code is over the {MAX_PARSE_BYTES} byte parse limit (generated code?); credentials were still looked for",
                text.len()
            ),
        ));
    }
    let longest = text.split('\n').map(str::len).max().unwrap_or(0);
    (longest > MAX_PARSE_LINE).then(|| {
        (Code::Minified, format!(
            "not parsed: a line of {longest} bytes (minified or generated code; the limit is {MAX_PARSE_LINE}); credentials were still looked for"
        ))
    })
}

/// Keeps the AI findings of the first [`MAX_FINDINGS_PER_FILE`] distinct
/// components by position, and every package (a lockfile lists as many as the
/// project has).
fn cap_findings(path: &str, out: &mut FileResult) {
    // Distinct components never outnumber findings: most files stop here.
    if out.findings.len() <= MAX_FINDINGS_PER_FILE {
        return;
    }
    let ai = |f: &Finding| f.kind != Kind::Library;
    let distinct = out
        .findings
        .iter()
        .filter(|f| ai(f))
        .map(|f| (f.kind, f.id.as_str()))
        .collect::<std::collections::HashSet<_>>()
        .len();
    if distinct <= MAX_FINDINGS_PER_FILE {
        return;
    }
    out.findings
        .sort_by_key(|f| (f.evidence.line, f.evidence.column));
    let mut kept = std::collections::HashSet::new();
    let mut first_dropped: Option<(Kind, String, Option<u32>)> = None;
    out.findings.retain(|f| {
        if !ai(f) {
            return true;
        }
        let id = (f.kind, f.id.clone());
        if kept.contains(&id) {
            return true;
        }
        if kept.len() == MAX_FINDINGS_PER_FILE {
            if first_dropped.is_none() {
                first_dropped = Some((f.kind, f.id.clone(), f.evidence.line));
            }
            return false;
        }
        kept.insert(id);
        true
    });
    let first = first_dropped.map_or(String::new(), |(kind, id, line)| {
        let at = line.map_or(String::new(), |l| format!(" at line {l}"));
        format!("; the first left out is {} `{id}`{at}", kind.as_str())
    });
    out.warnings.push(Warning::new(Code::Capped,
        path,
        format!(
            "{distinct} distinct AI components named; the first {MAX_FINDINGS_PER_FILE} by position are reported and {} are not{first}",
            distinct - MAX_FINDINGS_PER_FILE
        ),
    ));
}

/// Hard-coded credentials: a warning with a redacted fingerprint, never the value.
fn secrets(cx: &FileCx, out: &mut FileResult) {
    for s in cx.catalog.find_secrets(cx.text) {
        let msg = format!(
            "hard-coded {} credential ({}); the value is not recorded — move it to a secret store",
            s.provider, s.fingerprint
        );
        out.warnings.push(Warning::at(
            Code::Credential,
            cx.path,
            cx.lines().line_of(s.start),
            msg,
        ));
    }
}

/// Whether a path is test code (findings there are marked test-only).
pub fn is_test_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let name = parts.next_back().unwrap_or(path);
    let dir_hit = path.split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "test" | "tests" | "__tests__" | "__mocks__" | "spec" | "testdata" | "fixtures" | "e2e"
        )
    });
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    dir_hit
        || name.starts_with("test_")
        || name == "conftest.py"
        || name.ends_with("_test.py")
        || name.ends_with("_test.go")
        || name.ends_with("_spec.rb")
        || name.ends_with("_test.rb")
        // `chat.test-d.ts`: a vitest / tsd type test; `Proxy.vitest.ts`: a vitest suite.
        || [".test.", ".spec.", ".test-d.", ".vitest."].iter().any(|m| name.contains(m))
        // JVM / .NET / PHP conventions: `ChatServiceTest.java`, `ChatTests.cs`, `ChatSpec.kt`.
        || (stem.len() > 4
            && ["Test", "Tests", "Spec", "IT"].iter().any(|s| {
                stem.ends_with(s)
                    && stem[..stem.len() - s.len()]
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            }))
}
