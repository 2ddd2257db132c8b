//! Hostile and broken input: the scan finishes, reports what it could, and
//! names every skipped file with a reason. Nothing outside the tree is read.

use std::os::unix::fs::symlink;

use aibom::vocab::Code;

use crate::common::{catalog, scan_dir, write_tree};

#[test]
fn bad_files_are_warnings_and_the_rest_is_still_found() {
    let outside = tempfile::tempdir().unwrap();
    write_tree(
        outside.path(),
        &[(
            "secret_app.py",
            b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-outside\")\n",
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut invalid_utf8 =
        b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n# caf\xe9\n"
            .to_vec();
    invalid_utf8.extend_from_slice(b"\xff\xfe\n");
    let deep_expr = format!(
        "import openai\nx = {}1{}\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o-deep\")\n",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    write_tree(
        root,
        &[
            ("ok.py", b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o-mini\")\n"),
            ("latin1.py", &invalid_utf8),
            ("junk.py", b"import openai\0\0\0\x01\x02binary junk openai.OpenAI"),
            ("broken.py", b"import openai\ndef f(:\n  openai.OpenAI().chat.completions.create(model=\"gpt-4.1-nano\")\n"),
            ("deep.py", deep_expr.as_bytes()),
            ("empty.py", b""),
            ("bom.js", b"\xEF\xBB\xBFimport OpenAI from 'openai';\nnew OpenAI().chat.completions.create({model: 'o3-mini'});\n"),
        ],
    );
    // A 2 GB source file (sparse: costs no disk) is skipped by size, not read.
    let huge = std::fs::File::create(root.join("huge.py")).unwrap();
    huge.set_len(2 * 1024 * 1024 * 1024).unwrap();
    // Symlinks: a loop, one to a file outside the tree, one to a directory outside it.
    symlink("loop_b", root.join("loop_a")).unwrap();
    symlink("loop_a", root.join("loop_b")).unwrap();
    symlink(outside.path().join("secret_app.py"), root.join("escape.py")).unwrap();
    symlink(outside.path(), root.join("escape_dir")).unwrap();
    // 300 nested directories with a finding at the bottom.
    let mut deep = root.to_path_buf();
    for _ in 0..300 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        deep.join("deep_model.py"),
        b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-deep\")\n",
    )
    .unwrap();

    let s = scan_dir(root);
    for key in [
        "model:openai/gpt-4o-mini",
        "model:openai/gpt-4o",
        "model:openai/gpt-4.1-nano",
        "model:openai/o3-mini",
        "model:openai/gpt-4o-deep",
    ] {
        assert!(s.has(key), "{key} still found; have {:#?}", s.keys());
    }
    assert!(
        s.keys().iter().all(|k| !k.contains("claude-outside")),
        "nothing outside the tree is read"
    );
    let has = |file: &str, needle: &str| s.warnings_for(file).iter().any(|w| w.contains(needle));
    assert!(has("latin1.py", "invalid UTF-8"), "{:#?}", s.warnings);
    assert!(has("junk.py", "binary content"));
    assert!(has("broken.py", "syntax errors"));
    assert!(has("huge.py", "over the"), "{:#?}", s.warnings);
    for link in ["loop_a", "loop_b", "escape.py", "escape_dir"] {
        assert!(has(link, "not followed"), "{link}: {:#?}", s.warnings);
    }
    assert!(
        s.warnings
            .iter()
            .any(|w| w.message.contains("nested deeper than 256")),
        "{:#?}",
        s.warnings.iter().map(|w| &w.message).collect::<Vec<_>>()
    );
    assert!(
        !s.has("model:openai/gpt-deep"),
        "below the depth limit is reported, not scanned"
    );
    assert!(s.warnings_for("empty.py").is_empty());
    // Each reason has its stable code, in the scan and in the BOM.
    for (file, code) in [
        ("latin1.py", Code::InvalidUtf8),
        ("junk.py", Code::Binary),
        ("broken.py", Code::ParseError),
        ("huge.py", Code::TooLarge),
        ("loop_a", Code::Symlink),
        ("escape.py", Code::Symlink),
    ] {
        assert!(
            s.codes_for(file).contains(&code),
            "{file}: {:?}",
            s.codes_for(file)
        );
        let property = format!("\"name\": \"aibom:scan:warning:{code}\"");
        assert!(s.bom.contains(&property), "{property} in the BOM");
    }
    assert!(s.warnings.iter().any(|w| w.code == Code::TooDeep));
    assert!(
        !s.bom.contains("\"aibom:scan:warning\""),
        "no code-less property"
    );
    // Read back (as `aibom diff` does), the codes survive.
    let read = aibom::diff::inventory_from_bom(&s.bom, catalog().redactor()).unwrap();
    let mut codes: Vec<Code> = read.warnings.iter().map(|w| w.code).collect();
    let mut scanned: Vec<Code> = s.warnings.iter().map(|w| w.code).collect();
    codes.sort();
    scanned.sort();
    assert_eq!(codes, scanned);
}

/// A BOM written before warnings had codes still reads: its notes are `other`.
#[test]
fn a_code_less_warning_from_an_older_bom_reads_as_other() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("junk.py", b"import openai\n\x00\x01\x02\xff")],
    );
    let s = scan_dir(dir.path());
    let old = s
        .bom
        .replace("aibom:scan:warning:binary", "aibom:scan:warning");
    assert_ne!(old, s.bom, "the BOM had a binary note");
    let read = aibom::diff::inventory_from_bom(&old, catalog().redactor()).unwrap();
    assert_eq!(
        read.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
        vec![Code::Other]
    );
    let unknown = s.bom.replace(
        "aibom:scan:warning:binary",
        "aibom:scan:warning:from-the-future",
    );
    let read = aibom::diff::inventory_from_bom(&unknown, catalog().redactor()).unwrap();
    assert_eq!(read.warnings[0].code, Code::Other);
}

#[test]
fn unreadable_path_is_an_error() {
    assert!(aibom::source::DirSource::new(std::path::Path::new("/nonexistent/aibom")).is_err());
    let f = tempfile::NamedTempFile::new().unwrap();
    let err = aibom::source::DirSource::new(f.path()).unwrap_err();
    assert!(err.to_string().contains("not a directory"));
}

/// A call nested or chained twenty thousand deep: each extractor stops at its
/// expression bound instead of overflowing the stack (which would abort the
/// whole process, server included), and the rest of the file is still read.
#[test]
fn deeply_nested_and_chained_calls_do_not_overflow_the_stack() {
    const N: usize = 20_000;
    // A line break every 500 levels: one line this long would be read as
    // minified code and not parsed at all.
    let lines = |unit: &str| {
        (0..N)
            .map(|i| {
                if i % 500 == 499 {
                    format!("{unit}\n")
                } else {
                    unit.to_string()
                }
            })
            .collect::<String>()
    };
    let nested = |open: &str| format!("{}1{}", lines(open), lines(")"));
    let chain = format!("(a{})", lines(".b()"));
    let files = [
        (
            "nested.py",
            format!(
                "import openai\nx = {}\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
                nested("f(")
            ),
        ),
        (
            "chain.py",
            format!(
                "import openai\nx = {chain}\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o-mini\")\n"
            ),
        ),
        (
            "nested.js",
            format!(
                "import OpenAI from 'openai';\nconst x = {};\nnew OpenAI().chat.completions.create({{model: 'o3-mini'}});\n",
                nested("f(")
            ),
        ),
        (
            "chain.ts",
            format!(
                "import OpenAI from 'openai';\nconst x = {chain};\nnew OpenAI().chat.completions.create({{model: 'o4-mini'}});\n"
            ),
        ),
        (
            "Nested.java",
            format!(
                "import com.openai.client.OpenAIClient;\nclass A {{ Object x = {}; Object y = {chain}; }}\n",
                nested("f(")
            ),
        ),
        (
            "nested.go",
            format!(
                "package main\n\nimport \"github.com/sashabaranov/go-openai\"\n\nvar x = {}\nvar y = {chain}\n",
                nested("f(")
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let s = scan_dir(dir.path());
    for key in [
        "model:openai/gpt-4o",
        "model:openai/gpt-4o-mini",
        "model:openai/o3-mini",
        "model:openai/o4-mini",
    ] {
        assert!(
            s.has(key),
            "{key} after the deep expression; have {:#?}",
            s.keys()
        );
    }
}

/// A file naming a distinct model on every line (generated or hostile) is cut
/// at the per-file cap with a warning, so it cannot blow the BOM up to
/// gigabytes; packages are never cut, and other files are untouched.
#[test]
fn findings_per_file_are_capped_with_a_warning() {
    let cap = aibom::scan::file::MAX_FINDINGS_PER_FILE;
    let mut flood = String::from("import openai\nc = openai.OpenAI()\n");
    for i in 0..cap + 500 {
        flood.push_str(&format!(
            "c.chat.completions.create(model=\"gpt-flood-{i}\")\n"
        ));
    }
    let requirements: String = (0..cap + 500).map(|i| format!("pkg-{i}==1.0\n")).collect();
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("flood.py", flood.as_bytes()),
            ("requirements.txt", requirements.as_bytes()),
            (
                "app.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    let keys = s.keys();
    let from_flood: Vec<&aibom::bom::inventory::Item> = s
        .inv
        .items
        .values()
        .filter(|i| i.kind != aibom::vocab::Kind::Library)
        .filter(|i| i.evidence.iter().any(|e| e.file == "flood.py"))
        .collect();
    assert_eq!(
        from_flood.len(),
        cap,
        "the first {cap} components of the flood"
    );
    assert!(s.has("model:openai/gpt-flood-0"));
    assert!(
        !s.has(&format!("model:openai/gpt-flood-{cap}")),
        "the earliest are kept"
    );
    // The first model left out, and the line the warning must name.
    let first_missing = (0..cap + 500)
        .find(|i| !s.has(&format!("model:openai/gpt-flood-{i}")))
        .expect("some are left out");
    let warning = s.warnings_for("flood.py");
    assert!(
        warning.iter().any(
            |w| w.contains(&format!("the first {cap} by position are reported"))
                && w.contains(&format!(
                    "the first left out is model `gpt-flood-{first_missing}` at line {}",
                    first_missing + 3
                ))
        ),
        "{warning:#?}"
    );
    let packages = keys.iter().filter(|k| k.contains("pkg-")).count();
    assert_eq!(packages, cap + 500, "packages are not capped");
    assert!(s.has("model:openai/gpt-4o"));
}

/// What a directory walk cannot read is named, never silently dropped: a
/// file name that is not UTF-8 (still scanned), a FIFO, a malformed LFS
/// pointer, a `.safetensors` file whose content is not safetensors (still a
/// weight file), and files git tracks under an ignored path.
#[test]
fn unreadable_names_special_files_and_ignored_tracked_files_are_noted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    crate::common::git(root, &["init", "-q"]);
    write_tree(
        root,
        &[
            (
                "vendor/ai.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"o3-mini\")\n",
            ),
            (
                "models/bad-ptr.safetensors",
                b"version https://git-lfs.github.com/spec/v1\noid sha256:nothex\nsize x\n",
            ),
            ("models/zero.safetensors", &[0u8; 64]),
            ("models/huge-header.safetensors", &{
                let mut b = 1_000_000_000_000_000u64.to_le_bytes().to_vec();
                b.extend_from_slice(b"{\"a\":1}");
                b
            }),
        ],
    );
    crate::common::git(root, &["add", "-A"]);
    crate::common::git(root, &["commit", "-q", "-m", "c"]);
    std::fs::write(root.join(".gitignore"), "vendor/\n").unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
    std::fs::write(
        root.join(name),
        b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
    )
    .unwrap();
    let fifo = std::ffi::CString::new(root.join("pipe").as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);

    let s = scan_dir(root);
    s.assert_at("model:openai/gpt-4o", "caf\\xE9.py", 2);
    for f in ["models/zero.safetensors", "models/huge-header.safetensors"] {
        assert!(s.has(&format!("file:{f}")), "{f} is still a weight file");
    }
    // Each hostile file's note, in words: invalid UTF-8 name, FIFO, bad LFS
    // pointer, unreadable headers, the .gitignore'd tracked file.
    insta::assert_snapshot!("hostile_tree_warnings", s.warning_lines());
    assert!(
        !s.has("model:openai/o3-mini"),
        "the ignored path is not walked"
    );
}
