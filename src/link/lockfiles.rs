//! Manifests and lockfiles together: a manifest's declared dependency that a
//! lockfile (in the same directory or an ancestor) pins becomes one more
//! occurrence of the locked package, marks that version direct, and makes it
//! optional when every declaration is a development one; a manifest with no
//! lockfile keeps its declared ranges. Packages match on their versionless purl.

use std::collections::{BTreeMap, BTreeSet};

use crate::vocab::attr;
use crate::vocab::{Finding, Kind};

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// (lockfile directory, versionless purl).
type LockedKey = (String, String);

/// Rewrites manifest findings that a lockfile pins (see module docs).
pub fn reconcile(findings: &mut [Finding]) {
    // version → the lockfile itself says it is a direct (top-level) dependency
    let mut locked: BTreeMap<LockedKey, BTreeMap<String, bool>> = BTreeMap::new();
    let mut lock_dirs: BTreeSet<(String, String)> = BTreeSet::new(); // (ecosystem, dir)
    for f in findings.iter().filter(|f| is_lib(f, "lockfile")) {
        let (Some(eco), Some(base), Some(v)) = (
            &f.provider,
            f.attrs.get(attr::PURL_BASE),
            f.attrs.get(attr::VERSION),
        ) else {
            continue;
        };
        let dir = dir_of(&f.evidence.file).to_string();
        lock_dirs.insert((eco.clone(), dir.clone()));
        let top = f.attrs.get(attr::DIRECT).is_some_and(|d| d == "true");
        *locked
            .entry((dir, base.clone()))
            .or_default()
            .entry(v.clone())
            .or_default() |= top;
    }
    if locked.is_empty() {
        return;
    }
    // (lock dir, versionless purl, version) → declared as development only?
    let mut declared: BTreeMap<(String, String, String), bool> = BTreeMap::new();
    for f in findings.iter_mut().filter(|f| is_lib(f, "manifest")) {
        let (Some(eco), Some(base)) = (f.provider.clone(), f.attrs.get(attr::PURL_BASE).cloned())
        else {
            continue;
        };
        let mut dir = dir_of(&f.evidence.file).to_string();
        let lock_dir = loop {
            if lock_dirs.contains(&(eco.clone(), dir.clone())) {
                break Some(dir);
            }
            if dir.is_empty() {
                break None;
            }
            dir = dir_of(&dir).to_string();
        };
        let Some(lock_dir) = lock_dir else { continue };
        // Several locked versions: the one the lockfile installs at the top level.
        let Some(version) = locked
            .get(&(lock_dir.clone(), base.clone()))
            .and_then(|vs| {
                vs.iter()
                    .find(|(_, top)| **top)
                    .or_else(|| vs.iter().next_back())
                    .map(|(v, _)| v.clone())
            })
        else {
            continue;
        };
        let encoded = crate::vocab::purl(&eco, None, "x", Some(&version));
        let encoded = encoded.rsplit_once('@').map(|(_, v)| v).unwrap_or_default();
        f.attrs
            .insert(attr::PURL.into(), format!("{base}@{encoded}"));
        f.attrs.insert(attr::VERSION.into(), version.clone());
        f.attrs.insert(attr::SOURCE.into(), "lockfile".into());
        let dev = f.attrs.get(attr::SCOPE).is_some_and(|s| s == "optional");
        let entry = declared.entry((lock_dir, base, version)).or_insert(true);
        *entry &= dev;
    }
    for f in findings.iter_mut().filter(|f| is_lib(f, "lockfile")) {
        let (Some(base), Some(version)) =
            (f.attrs.get(attr::PURL_BASE), f.attrs.get(attr::VERSION))
        else {
            continue;
        };
        let key = (
            dir_of(&f.evidence.file).to_string(),
            base.clone(),
            version.clone(),
        );
        if let Some(dev_only) = declared.get(&key).copied() {
            f.attrs.insert(attr::DIRECT.into(), "true".into());
            if dev_only {
                f.attrs.insert(attr::SCOPE.into(), "optional".into());
            }
        }
    }
}

/// `go.sum` hashes the modules of `go.mod`'s build list (Go ≥ 1.17 lists every
/// module the build needs, indirect ones included) and keeps lines for
/// versions the build no longer uses: a `go.sum` entry is a package only when
/// the `go.mod` beside it requires that version. A `go.sum` with no `go.mod`
/// beside it is kept whole.
pub fn go_build_list(findings: &mut Vec<Finding>) {
    let is_go = |f: &Finding, name: &str| {
        f.kind == Kind::Library
            && f.provider.as_deref() == Some("golang")
            && f.evidence.file.rsplit('/').next() == Some(name)
    };
    let listed: BTreeSet<(String, String)> = findings
        .iter()
        .filter(|f| is_go(f, "go.mod"))
        .filter_map(|f| {
            let purl = f.attrs.get(attr::PURL)?;
            Some((dir_of(&f.evidence.file).to_string(), purl.clone()))
        })
        .collect();
    let mod_dirs: BTreeSet<&str> = listed.iter().map(|(d, _)| d.as_str()).collect();
    findings.retain(|f| {
        if !is_go(f, "go.sum") {
            return true;
        }
        let dir = dir_of(&f.evidence.file);
        !mod_dirs.contains(dir)
            || f.attrs
                .get(attr::PURL)
                .is_some_and(|p| listed.contains(&(dir.to_string(), p.clone())))
    });
}

/// .NET central package management: a `PackageReference` without a version
/// takes the version of the `PackageVersion` in the nearest
/// `Directory.Packages.props` (its directory or an ancestor's), so the two
/// are one package at the central version, seen in both files.
pub fn nuget_central(findings: &mut [Finding]) {
    let is_props =
        |f: &Finding| f.evidence.file.rsplit('/').next() == Some("Directory.Packages.props");
    let central: BTreeMap<(String, String), (String, String)> = findings
        .iter()
        .filter(|f| {
            f.kind == Kind::Library && f.provider.as_deref() == Some("nuget") && is_props(f)
        })
        .filter_map(|f| {
            let key = (
                dir_of(&f.evidence.file).to_string(),
                f.attrs.get(attr::PURL_BASE)?.clone(),
            );
            Some((
                key,
                (
                    f.attrs.get(attr::VERSION)?.clone(),
                    f.attrs.get(attr::PURL)?.clone(),
                ),
            ))
        })
        .collect();
    if central.is_empty() {
        return;
    }
    for f in findings.iter_mut().filter(|f| {
        f.kind == Kind::Library
            && f.provider.as_deref() == Some("nuget")
            && !f.attrs.contains_key(attr::VERSION)
            && !f.attrs.contains_key(attr::RANGE)
    }) {
        let Some(base) = f.attrs.get(attr::PURL_BASE).cloned() else {
            continue;
        };
        let mut dir = dir_of(&f.evidence.file).to_string();
        let found = loop {
            if let Some(v) = central.get(&(dir.clone(), base.clone())) {
                break Some(v.clone());
            }
            if dir.is_empty() {
                break None;
            }
            dir = dir_of(&dir).to_string();
        };
        if let Some((version, purl)) = found {
            f.attrs.insert(attr::VERSION.into(), version);
            f.attrs.insert(attr::PURL.into(), purl);
        }
    }
}

fn is_lib(f: &Finding, source: &str) -> bool {
    f.kind == Kind::Library && f.attrs.get(attr::SOURCE).is_some_and(|s| s == source)
}
