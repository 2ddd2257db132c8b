//! Snapshots from `.tar.gz` (GitHub's tarball endpoint): exact git blob ids,
//! and hostile archives that cannot write outside their directory or grow
//! without bound.

use aibom::scan::{self, BlobCache, ScanOptions};
use aibom::source::{GitSource, Source, TarLimits, TarSource};

use crate::common::{catalog, git, write_tree};

fn gz(entries: &[(&str, &[u8], tar::EntryType, Option<&str>)]) -> Vec<u8> {
    let enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut b = tar::Builder::new(enc);
    for (path, data, kind, link) in entries {
        let mut h = tar::Header::new_gnu();
        // Raw name bytes: tar's own setters refuse `..` and absolute paths, hostile archives do not.
        let name = &mut h.as_gnu_mut().expect("gnu header").name;
        name[..path.len()].copy_from_slice(path.as_bytes());
        h.set_entry_type(*kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        if let Some(l) = link {
            h.set_link_name(l).unwrap();
        }
        h.set_cksum();
        b.append(&h, *data).unwrap();
    }
    b.into_inner().unwrap().finish().unwrap()
}

#[test]
fn a_git_archive_gives_gits_own_blob_ids_so_the_cache_is_shared() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    write_tree(
        dir.path(),
        &[
            (
                "app/chat.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
            ),
            ("README.md", b"# x\n"),
            ("requirements.txt", b"openai==1.40.0\n"),
        ],
    );
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "c"]);
    let tgz = std::process::Command::new("git")
        .args([
            "archive",
            "--format=tar.gz",
            "--prefix=acme-repo-0123abc/",
            "HEAD",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap()
        .stdout;
    let tar = TarSource::unpack(&tgz[..], "repo", None, true, TarLimits::default()).unwrap();
    let git_src = GitSource::open(dir.path(), "HEAD").unwrap();
    let (t, g) = (tar.list().unwrap(), git_src.list().unwrap());
    let ids = |l: &aibom::source::Listing| {
        l.entries
            .iter()
            .map(|e| (e.path.clone(), e.blob.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&t), ids(&g), "same paths, same blob ids");
    let cache = BlobCache::default();
    let from_git =
        scan::scan_cached(&git_src, catalog(), &ScanOptions::default(), Some(&cache)).unwrap();
    let from_tar =
        scan::scan_cached(&tar, catalog(), &ScanOptions::default(), Some(&cache)).unwrap();
    assert_eq!(
        cache.stats(),
        (3, 3),
        "the tarball scan reads nothing the git scan read"
    );
    assert_eq!(from_git.findings(), from_tar.findings());
    assert!(from_tar.findings().iter().any(|f| f.id == "gpt-4o"));
}

#[test]
fn hostile_entries_are_refused_and_reported() {
    let outside = tempfile::tempdir().unwrap();
    let abs = format!("{}/abs.py", outside.path().display());
    let data = gz(&[
        (
            "r-1/ok.py",
            b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
            tar::EntryType::Regular,
            None,
        ),
        ("r-1/../../escape.py", b"x", tar::EntryType::Regular, None),
        (&abs, b"x", tar::EntryType::Regular, None),
        (
            "r-1/link.py",
            b"",
            tar::EntryType::Symlink,
            Some("/etc/passwd"),
        ),
        ("r-1/hard.py", b"", tar::EntryType::Link, Some("r-1/ok.py")),
        ("r-1/ok.py", b"second copy", tar::EntryType::Regular, None),
        ("r-1/dev", b"", tar::EntryType::Fifo, None),
    ]);
    let src = TarSource::unpack(&data[..], "r", None, true, TarLimits::default()).unwrap();
    let listing = src.list().unwrap();
    let paths: Vec<&str> = listing.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["hard.py", "link.py", "ok.py"]);
    let warned = |needle: &str| listing.warnings.iter().any(|w| w.message.contains(needle));
    assert!(
        warned("leaves the archive") && warned("absolute path") && warned("not a regular file"),
        "{:?}",
        listing.warnings
    );
    assert!(
        listing.warnings.iter().any(|w| w.file == "ok.py"),
        "a duplicate never overwrites"
    );
    assert!(!outside.path().join("abs.py").exists());
    let out = scan::scan(&src, catalog(), &ScanOptions::default()).unwrap();
    assert!(
        out.findings().iter().any(|f| f.id == "gpt-4o"),
        "the first ok.py is the one scanned"
    );
    assert!(
        out.warnings()
            .iter()
            .any(|w| w.file == "link.py" && w.message.contains("not followed"))
    );
}

#[test]
fn archives_are_bounded() {
    let many: Vec<(String, Vec<u8>)> = (0..20)
        .map(|i| (format!("r/f{i}.txt"), vec![b'a'; 100]))
        .collect();
    let entries: Vec<(&str, &[u8], tar::EntryType, Option<&str>)> = many
        .iter()
        .map(|(p, d)| (p.as_str(), d.as_slice(), tar::EntryType::Regular, None))
        .collect();
    let data = gz(&entries);
    let err = TarSource::unpack(
        &data[..],
        "r",
        None,
        true,
        TarLimits {
            max_entries: 10,
            max_total_bytes: u64::MAX,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("more than 10 entries"), "{err}");
    let err = TarSource::unpack(
        &data[..],
        "r",
        None,
        true,
        TarLimits {
            max_entries: 1000,
            max_total_bytes: 1000,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("more than 1000 bytes"), "{err}");
    let err = TarSource::unpack(
        &b"not gzip at all"[..],
        "r",
        None,
        true,
        TarLimits::default(),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("tar"), "{err:#}");
    let mut truncated = data.clone();
    truncated.truncate(data.len() / 2);
    assert!(TarSource::unpack(&truncated[..], "r", None, true, TarLimits::default()).is_err());
}
