//! SBOM: packages from manifests and lockfiles, per ecosystem, with exact purl
//! sets; graph edges, scopes, hashes, AI tags; bad lockfiles; and a cross-check
//! against a second implementation (PyPI `cyclonedx-bom`).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{Scanned, fixture, scan_dir, write_tree};

fn sbom(name: &str) -> (Scanned, Value) {
    let s = scan_dir(&fixture(&format!("sbom/{name}")));
    let doc = serde_json::from_str(&s.bom).expect("json");
    (s, doc)
}

fn purls(doc: &Value) -> BTreeSet<String> {
    doc["components"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["type"] == "library")
        .map(|c| c["purl"].as_str().unwrap().to_string())
        .collect()
}

fn lib<'a>(doc: &'a Value, bom_ref: &str) -> &'a Value {
    doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["bom-ref"] == bom_ref)
        .unwrap_or_else(|| panic!("no {bom_ref}"))
}

fn prop<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    c["properties"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)?
        .get("value")?
        .as_str()
}

fn depends_on(doc: &Value, r: &str) -> Vec<String> {
    let d = doc["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["ref"] == r)
        .unwrap();
    d["dependsOn"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn npm_package_lock_v3_with_nested_versions_and_a_file_dependency() {
    let (_, doc) = sbom("npm");
    let expected = [
        "pkg:npm/%40anthropic-ai/sdk@0.30.1",
        "pkg:npm/%40types/node-fetch@2.6.13",
        "pkg:npm/%40types/node@18.19.130",
        "pkg:npm/abort-controller@3.0.0",
        "pkg:npm/agentkeepalive@4.6.0",
        "pkg:npm/async-function@1.0.0",
        "pkg:npm/async-generator-function@1.0.0",
        "pkg:npm/asynckit@0.4.0",
        "pkg:npm/call-bind-apply-helpers@1.0.2",
        "pkg:npm/combined-stream@1.0.8",
        "pkg:npm/debug@2.6.9",
        "pkg:npm/delayed-stream@1.0.0",
        "pkg:npm/dunder-proto@1.0.1",
        "pkg:npm/es-define-property@1.0.1",
        "pkg:npm/es-errors@1.3.0",
        "pkg:npm/es-object-atoms@1.1.2",
        "pkg:npm/es-set-tostringtag@2.1.0",
        "pkg:npm/event-target-shim@5.0.1",
        "pkg:npm/form-data-encoder@1.7.2",
        "pkg:npm/form-data@4.0.6",
        "pkg:npm/formdata-node@4.4.1",
        "pkg:npm/function-bind@1.1.2",
        "pkg:npm/generator-function@2.0.1",
        "pkg:npm/get-intrinsic@1.3.1",
        "pkg:npm/get-proto@1.0.1",
        "pkg:npm/gopd@1.2.0",
        "pkg:npm/has-symbols@1.1.0",
        "pkg:npm/has-tostringtag@1.0.2",
        "pkg:npm/hasown@2.0.4",
        "pkg:npm/humanize-ms@1.2.1",
        "pkg:npm/local-lib",
        "pkg:npm/math-intrinsics@1.1.0",
        "pkg:npm/mime-db@1.52.0",
        "pkg:npm/mime-types@2.1.35",
        "pkg:npm/ms@2.0.0",
        "pkg:npm/ms@2.1.3",
        "pkg:npm/node-domexception@1.0.0",
        "pkg:npm/node-fetch@2.7.0",
        "pkg:npm/openai@4.104.0",
        "pkg:npm/tr46@0.0.3",
        "pkg:npm/typescript@5.9.3",
        "pkg:npm/undici-types@5.26.5",
        "pkg:npm/web-streams-polyfill@4.0.0-beta.3",
        "pkg:npm/webidl-conversions@3.0.1",
        "pkg:npm/whatwg-url@5.0.0",
    ];
    assert_eq!(purls(&doc), set(&expected));
    // Two versions of one package: each its own component, refs by versioned purl.
    assert_eq!(
        prop(lib(&doc, "pkg:npm/ms@2.1.3"), "aibom:direct"),
        Some("true")
    );
    assert_eq!(
        prop(lib(&doc, "pkg:npm/ms@2.0.0"), "aibom:direct"),
        Some("false")
    );
    assert_eq!(
        depends_on(&doc, "pkg:npm/debug"),
        ["pkg:npm/ms@2.0.0"],
        "nested node_modules wins"
    );
    assert_eq!(
        depends_on(&doc, "pkg:npm/humanize-ms"),
        ["pkg:npm/ms@2.1.3"]
    );
    let ts = lib(&doc, "pkg:npm/typescript");
    assert_eq!(ts["scope"], "optional");
    assert_eq!(ts["hashes"][0]["alg"], "SHA-512");
    assert_eq!(ts["hashes"][0]["content"].as_str().unwrap().len(), 128);
    let sdk = lib(&doc, "pkg:npm/%40anthropic-ai/sdk");
    assert_eq!(
        (sdk["group"].as_str(), sdk["name"].as_str()),
        (Some("@anthropic-ai"), Some("sdk"))
    );
    assert_eq!(sdk["tags"], serde_json::json!(["ai", "llm-sdk"]));
    assert_eq!(prop(sdk, "aibom:direct"), Some("true"));
    let locs: Vec<&str> = sdk["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        locs,
        ["package-lock.json", "package.json"],
        "lockfile entry plus the manifest declaration"
    );
    assert_eq!(sdk["evidence"]["occurrences"][0]["line"], 24);
    assert_eq!(
        prop(lib(&doc, "pkg:npm/local-lib"), "aibom:origin"),
        Some("path")
    );
    assert!(prop(lib(&doc, "pkg:npm/mime-db"), "aibom:ai").is_none());
}

#[test]
fn yarn_classic_and_berry() {
    let (_, classic) = sbom("yarn-classic");
    assert_eq!(
        purls(&classic),
        set(&[
            "pkg:npm/%40langchain/core@0.3.15",
            "pkg:npm/ms@2.0.0",
            "pkg:npm/ms@2.1.3",
            "pkg:npm/my-fork@1.0.0"
        ])
    );
    assert_eq!(
        lib(&classic, "pkg:npm/ms@2.0.0")["hashes"][0]["alg"],
        "SHA-1"
    );
    assert_eq!(
        prop(lib(&classic, "pkg:npm/my-fork"), "aibom:origin"),
        Some("git")
    );
    // yarn.lock names a dependency by range only; the edge goes to the package.
    assert_eq!(depends_on(&classic, "pkg:npm/%40langchain/core").len(), 1);
    let (_, berry) = sbom("yarn-berry");
    assert_eq!(
        purls(&berry),
        set(&[
            "pkg:npm/%40ai-sdk/openai@1.0.5",
            "pkg:npm/%40ai-sdk/provider@1.0.1"
        ]),
        "the workspace itself is not a package"
    );
    assert_eq!(
        depends_on(&berry, "pkg:npm/%40ai-sdk/openai"),
        ["pkg:npm/%40ai-sdk/provider"]
    );
}

#[test]
fn cargo_lock_with_workspace_members_and_checksums() {
    let (_, doc) = sbom("cargo");
    let expected = [
        "pkg:cargo/helper",
        "pkg:cargo/itoa@1.0.19",
        "pkg:cargo/proc-macro2@1.0.107",
        "pkg:cargo/quote@1.0.47",
        "pkg:cargo/ryu@1.0.23",
        "pkg:cargo/serde@1.0.229",
        "pkg:cargo/serde_core@1.0.229",
        "pkg:cargo/serde_derive@1.0.229",
        "pkg:cargo/syn@3.0.10",
        "pkg:cargo/unicode-ident@1.0.27",
    ];
    assert_eq!(
        purls(&doc),
        set(&expected),
        "workspace members are the project, path deps are listed once"
    );
    let serde = lib(&doc, "pkg:cargo/serde");
    assert_eq!(prop(serde, "aibom:direct"), Some("true"));
    assert_eq!(serde["hashes"][0]["alg"], "SHA-256");
    assert_eq!(
        prop(lib(&doc, "pkg:cargo/syn"), "aibom:direct"),
        Some("false")
    );
    assert_eq!(
        lib(&doc, "pkg:cargo/ryu")["scope"],
        "optional",
        "a dev-dependency"
    );
    assert!(depends_on(&doc, "pkg:cargo/serde").contains(&"pkg:cargo/serde_derive".to_string()));
    assert_eq!(
        prop(lib(&doc, "pkg:cargo/helper"), "aibom:origin"),
        Some("path")
    );
}

#[test]
fn python_lockfiles_and_requirements() {
    let (_, uv) = sbom("python");
    let got = purls(&uv);
    assert_eq!(got.len(), 33);
    for p in [
        "pkg:pypi/anthropic@2.14.0",
        "pkg:pypi/requests@2.32.3",
        "pkg:pypi/pyyaml@6.0.4",
        "pkg:pypi/httpcore2@2.14.0",
        "pkg:pypi/httpcore2@2.16.2",
    ] {
        assert!(got.contains(p), "{p}");
    }
    assert!(
        !got.iter().any(|p| p.contains("acme-ml")),
        "the project itself is not a dependency"
    );
    let anthropic = lib(&uv, "pkg:pypi/anthropic");
    assert_eq!(anthropic["tags"], serde_json::json!(["ai", "llm-sdk"]));
    let locs: BTreeSet<&str> = anthropic["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        locs,
        ["pyproject.toml", "requirements.txt", "uv.lock"]
            .into_iter()
            .collect(),
        "one component, three occurrences"
    );
    assert_eq!(
        lib(&uv, "pkg:pypi/pytest")["scope"],
        "optional",
        "declared in a dev group"
    );

    let (_, poetry) = sbom("poetry");
    assert_eq!(
        purls(&poetry),
        set(&[
            "pkg:pypi/certifi@2024.8.30",
            "pkg:pypi/openai@1.51.0",
            "pkg:pypi/pytest@8.3.3",
            "pkg:pypi/sentence-transformers@3.1.1",
            "pkg:pypi/torch@2.4.1%2Bcpu"
        ])
    );
    assert_eq!(lib(&poetry, "pkg:pypi/pytest")["scope"], "optional");
    assert_eq!(
        prop(
            lib(&poetry, "pkg:pypi/sentence-transformers"),
            "aibom:direct"
        ),
        Some("true"),
        "matched across name normalisation"
    );
    assert_eq!(
        lib(&poetry, "pkg:pypi/torch")["tags"],
        serde_json::json!(["ai", "ml-framework"])
    );

    let (_, pipenv) = sbom("pipenv");
    assert_eq!(
        purls(&pipenv),
        set(&[
            "pkg:pypi/black@24.8.0",
            "pkg:pypi/internal-tools",
            "pkg:pypi/langchain-openai@0.2.2",
            "pkg:pypi/tiktoken@0.8.0"
        ])
    );
    assert_eq!(lib(&pipenv, "pkg:pypi/black")["scope"], "optional");
}

#[test]
fn requirements_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let req = "# comment\n--index-url https://pypi.org/simple\n-r base.txt\ntransformers[torch]==4.44.2 ; python_version >= \"3.9\" \\\n    --hash=sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\nnumpy>=1.26,<2\ntorch===2.3.0\n-e git+https://github.com/acme/peft.git@v1#egg=peft\nmylib @ https://example.com/mylib-1.0.tar.gz\nnot a requirement !!\n";
    write_tree(
        dir.path(),
        &[
            ("requirements.txt", req.as_bytes()),
            ("requirements/base.txt", b"requests==2.31.0\n"),
        ],
    );
    let s = scan_dir(dir.path());
    let doc: Value = serde_json::from_str(&s.bom).unwrap();
    assert_eq!(
        purls(&doc),
        set(&[
            "pkg:pypi/mylib",
            "pkg:pypi/numpy",
            "pkg:pypi/peft",
            "pkg:pypi/requests@2.31.0",
            "pkg:pypi/torch@2.3.0",
            "pkg:pypi/transformers@4.44.2"
        ])
    );
    let t = lib(&doc, "pkg:pypi/transformers");
    assert_eq!(
        t["hashes"][0]["content"],
        "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
    );
    assert_eq!(t["evidence"]["occurrences"][0]["line"], 4);
    assert_eq!(
        prop(lib(&doc, "pkg:pypi/numpy"), "aibom:version-range"),
        Some(">=1.26,<2")
    );
    assert_eq!(
        prop(lib(&doc, "pkg:pypi/peft"), "aibom:origin"),
        Some("git")
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.file == "requirements.txt" && w.line == Some(10)),
        "{:?}",
        s.warnings
    );
}

#[test]
fn go_ruby_php() {
    let (_, go) = sbom("go");
    assert_eq!(
        purls(&go),
        set(&[
            "pkg:golang/github.com/acme/internal@v0.0.0-00010101000000-000000000000",
            "pkg:golang/github.com/google/uuid@v1.6.0",
            "pkg:golang/github.com/sashabaranov/go-openai@v1.32.0",
            "pkg:golang/golang.org/x/text@v0.14.0",
        ]),
        "go.sum lines for a go.mod alone are not packages"
    );
    assert_eq!(
        prop(lib(&go, "pkg:golang/golang.org/x/text"), "aibom:direct"),
        Some("false"),
        "// indirect"
    );
    assert_eq!(
        prop(
            lib(&go, "pkg:golang/github.com/acme/internal"),
            "aibom:origin"
        ),
        Some("path"),
        "replaced by a local path"
    );
    assert_eq!(
        prop(
            lib(&go, "pkg:golang/github.com/sashabaranov/go-openai"),
            "aibom:category"
        ),
        Some("llm-sdk")
    );

    let (_, ruby) = sbom("ruby");
    assert_eq!(purls(&ruby).len(), 13);
    assert!(purls(&ruby).contains("pkg:gem/nokogiri@1.16.7-x86_64-linux"));
    assert_eq!(
        prop(lib(&ruby, "pkg:gem/llm-helpers"), "aibom:origin"),
        Some("git")
    );
    assert_eq!(
        prop(lib(&ruby, "pkg:gem/ruby-openai"), "aibom:direct"),
        Some("true")
    );
    assert_eq!(
        prop(lib(&ruby, "pkg:gem/faraday"), "aibom:direct"),
        Some("false")
    );
    assert!(depends_on(&ruby, "pkg:gem/ruby-openai").contains(&"pkg:gem/faraday".to_string()));
    // The Gemfile beside the lock declares what the lock pins: no second entry.
    assert_eq!(
        ruby["components"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["name"] == "ruby-openai")
            .count(),
        1
    );

    // A gem's own declarations with no lockfile (a library repository): a
    // `*.gemspec` and its `Gemfile`, ranges kept, development ones optional,
    // commented-out and computed names skipped.
    let (_, gemspec) = sbom("gemspec");
    assert_eq!(
        purls(&gemspec),
        set(&[
            "pkg:gem/zeitwerk",
            "pkg:gem/faraday",
            "pkg:gem/cohere-ruby",
            "pkg:gem/mistral-ai",
            "pkg:gem/anthropic",
            "pkg:gem/rspec",
            "pkg:gem/webmock",
            "pkg:gem/pg",
        ])
    );
    assert_eq!(lib(&gemspec, "pkg:gem/cohere-ruby")["scope"], "optional");
    assert_eq!(lib(&gemspec, "pkg:gem/rspec")["scope"], "optional");
    assert_ne!(lib(&gemspec, "pkg:gem/pg")["scope"], "optional");
    assert_ne!(lib(&gemspec, "pkg:gem/zeitwerk")["scope"], "optional");
    assert_eq!(
        prop(lib(&gemspec, "pkg:gem/faraday"), "aibom:version-range"),
        Some(">= 1.0, < 3")
    );
    // Ruby's AI SDKs are tagged like every other ecosystem's.
    for ai in [
        "pkg:gem/cohere-ruby",
        "pkg:gem/mistral-ai",
        "pkg:gem/anthropic",
    ] {
        assert_eq!(
            prop(lib(&gemspec, ai), "aibom:category"),
            Some("llm-sdk"),
            "{ai}"
        );
    }

    let (_, php) = sbom("php");
    assert_eq!(
        purls(&php),
        set(&[
            "pkg:composer/openai-php/client@v0.10.3",
            "pkg:composer/php-http/discovery@1.20.0",
            "pkg:composer/phpunit/phpunit@11.4.3",
            "pkg:composer/psr/http-client@1.0.3"
        ])
    );
    assert_eq!(
        lib(&php, "pkg:composer/psr/http-client")["licenses"][0]["license"]["id"],
        "MIT"
    );
    assert_eq!(
        lib(&php, "pkg:composer/phpunit/phpunit")["scope"],
        "optional"
    );
}

#[test]
fn bad_lockfiles_are_warnings_and_other_ecosystems_survive() {
    let dir = tempfile::tempdir().unwrap();
    let conflicted = "# yarn lockfile v1\n\nms@^2.1.3:\n<<<<<<< HEAD\n  version \"2.1.3\"\n=======\n  version \"2.1.2\"\n>>>>>>> feature\n\nleft-pad@^1.3.0:\n  version \"1.3.0\"\n";
    write_tree(
        dir.path(),
        &[
            (
                "web/package-lock.json",
                b"{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": \"1.0",
            ),
            (
                "old/package-lock.json",
                b"{\"lockfileVersion\": 9, \"weird\": true}",
            ),
            (
                "cli/Cargo.lock",
                b"[[package]]\nname = \"serde\"\nversion = 1.0\n",
            ),
            ("app/yarn.lock", conflicted.as_bytes()),
            (
                "svc/go.mod",
                b"module x\n\nrequire (\n\tgithub.com/a/b\n\tgithub.com/c/d v1.0.0\n)\n",
            ),
            ("py/requirements.txt", b"openai==1.40.0\n"),
            ("php/composer.lock", b"\x00\x01binary junk"),
        ],
    );
    let s = scan_dir(dir.path());
    let doc: Value = serde_json::from_str(&s.bom).unwrap();
    let got = purls(&doc);
    assert!(
        got.contains("pkg:pypi/openai@1.40.0")
            && got.contains("pkg:npm/left-pad@1.3.0")
            && got.contains("pkg:golang/github.com/c/d@v1.0.0"),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|p| p.contains("pkg:npm/a") || p.contains("serde")),
        "no partial garbage: {got:?}"
    );
    let w = |file: &str| s.warnings_for(file).join(" | ");
    assert!(
        w("web/package-lock.json").contains("malformed JSON"),
        "{}",
        w("web/package-lock.json")
    );
    assert!(
        s.warnings
            .iter()
            .any(|x| x.file == "web/package-lock.json" && x.line == Some(1))
    );
    assert!(w("old/package-lock.json").contains("unknown lockfileVersion 9"));
    assert!(w("cli/Cargo.lock").contains("malformed TOML"));
    assert!(
        s.warnings
            .iter()
            .any(|x| x.file == "cli/Cargo.lock" && x.line == Some(3)),
        "{:?}",
        s.warnings
    );
    assert!(s.warnings.iter().any(|x| x.file == "app/yarn.lock"
        && x.line == Some(4)
        && x.message.contains("merge conflict")));
    assert!(
        s.warnings
            .iter()
            .any(|x| x.file == "svc/go.mod" && x.line == Some(4))
    );
    assert!(w("php/composer.lock").contains("binary"));
}

/// The same requirements file through PyPI `cyclonedx-bom` (a second
/// implementation): the same purl set. Its Poetry reader lists only what the
/// declared dependencies reach and adds `repository_url` qualifiers for other
/// indexes; we list every locked package and keep identity purls unqualified.
#[test]
fn cross_check_with_cyclonedx_py() {
    let tool = std::process::Command::new("cyclonedx-py")
        .arg("--version")
        .output();
    if tool.is_err() || !tool.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("AIBOM_REQUIRE_CROSSCHECK").is_none(),
            "cyclonedx-py is required here (pip install cyclonedx-bom==7.5.0)"
        );
        eprintln!(
            "SKIPPED cross_check_with_cyclonedx_py: cyclonedx-py not installed (pip install cyclonedx-bom==7.5.0)"
        );
        return;
    }
    let run = |args: &[&str]| -> BTreeSet<String> {
        let out = tempfile::NamedTempFile::new().unwrap();
        let status = std::process::Command::new("cyclonedx-py")
            .args(args)
            .args(["--of", "JSON", "-o", out.path().to_str().unwrap()])
            .output()
            .expect("cyclonedx-py runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();
        doc["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c["purl"]
                    .as_str()
                    .unwrap()
                    .split('?')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let req = fixture("sbom/python/requirements.txt");
    let theirs = run(&["requirements", req.to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&req, dir.path().join("requirements.txt")).unwrap();
    let ours = purls(&serde_json::from_str(&scan_dir(dir.path()).bom).unwrap());
    assert_eq!(ours, theirs);

    let theirs = run(&["poetry", fixture("sbom/poetry").to_str().unwrap()]);
    let (_, doc) = sbom("poetry");
    let ours = purls(&doc);
    let extra: Vec<&String> = ours.difference(&theirs).collect();
    assert!(theirs.is_subset(&ours), "{theirs:?} ⊄ {ours:?}");
    assert_eq!(
        extra,
        ["pkg:pypi/certifi@2024.8.30"],
        "locked but unreachable from the declared dependencies"
    );
}

#[test]
fn pnpm_and_bun_lockfiles_from_the_same_manifest_agree() {
    let (_, pnpm) = sbom("pnpm");
    let (_, bun) = sbom("bun");
    assert_eq!(
        purls(&pnpm),
        purls(&bun),
        "two real tools, one package.json"
    );
    assert_eq!(purls(&pnpm).len(), 43);
    for doc in [&pnpm, &bun] {
        assert!(purls(doc).contains("pkg:npm/ms@2.0.0") && purls(doc).contains("pkg:npm/ms@2.1.3"));
        let sdk = lib(doc, "pkg:npm/%40anthropic-ai/sdk");
        assert_eq!(prop(sdk, "aibom:direct"), Some("true"));
        assert_eq!(sdk["hashes"][0]["alg"], "SHA-512");
        assert_eq!(
            prop(lib(doc, "pkg:npm/agentkeepalive"), "aibom:direct"),
            Some("false")
        );
    }
    assert_eq!(lib(&pnpm, "pkg:npm/typescript")["scope"], "optional");
    assert_eq!(
        depends_on(&pnpm, "pkg:npm/debug"),
        ["pkg:npm/ms@2.0.0"],
        "pnpm snapshots give exact versions"
    );
}

#[test]
fn maven_gradle_and_dotnet() {
    let (s, maven) = sbom("maven");
    assert_eq!(
        purls(&maven),
        set(&[
            "pkg:maven/com.acme/assistant-core@1.4.0",
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2",
            "pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0",
            "pkg:maven/org.example/mystery",
            "pkg:maven/org.junit.jupiter/junit-jupiter@5.11.0",
        ]),
        "properties, project.* and dependencyManagement interpolated"
    );
    assert_eq!(
        lib(&maven, "pkg:maven/org.junit.jupiter/junit-jupiter")["scope"],
        "optional"
    );
    assert_eq!(
        lib(&maven, "pkg:maven/dev.langchain4j/langchain4j-open-ai")["tags"],
        serde_json::json!(["ai", "llm-sdk"])
    );
    assert!(s.warnings.iter().any(|w| w.file == "pom.xml"
        && w.line == Some(41)
        && w.message.contains("version property not defined")));
    s.assert_at(
        "pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0",
        "pom.xml",
        21,
    );

    let (_, gradle) = sbom("gradle");
    assert_eq!(
        purls(&gradle),
        set(&[
            "pkg:maven/com.openai/openai-java@0.8.0",
            "pkg:maven/com.squareup.okhttp3/okhttp@4.12.0",
            "pkg:maven/com.squareup.okio/okio@3.6.0",
            "pkg:maven/org.junit.jupiter/junit-jupiter@5.11.0",
            "pkg:maven/org.springframework.ai/spring-ai-openai-spring-boot-starter@1.0.0-M2",
        ])
    );
    let openai = lib(&gradle, "pkg:maven/com.openai/openai-java");
    assert_eq!(
        prop(openai, "aibom:direct"),
        Some("true"),
        "declared in build.gradle.kts, locked in gradle.lockfile"
    );
    assert_eq!(
        openai["evidence"]["occurrences"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        lib(&gradle, "pkg:maven/org.junit.jupiter/junit-jupiter")["scope"],
        "optional"
    );

    let (_, dotnet) = sbom("dotnet");
    assert_eq!(
        purls(&dotnet),
        set(&[
            "pkg:nuget/Azure.AI.OpenAI@2.0.0",
            "pkg:nuget/Azure.Core@1.42.0",
            "pkg:nuget/Microsoft.SemanticKernel@1.21.1",
            "pkg:nuget/OpenAI@2.0.0",
            "pkg:nuget/StyleCop.Analyzers@1.1.118"
        ]),
        "project references are not packages; one entry per name and version across frameworks"
    );
    let az = lib(&dotnet, "pkg:nuget/Azure.AI.OpenAI");
    assert_eq!(az["hashes"][0]["alg"], "SHA-512");
    assert_eq!(prop(az, "aibom:direct"), Some("true"));
    assert_eq!(
        lib(&dotnet, "pkg:nuget/StyleCop.Analyzers")["scope"],
        "optional"
    );
}

#[test]
fn swift_dart_elixir_setup_cfg_and_conda() {
    let (_, swift) = sbom("swift");
    assert_eq!(
        purls(&swift),
        set(&[
            "pkg:swift/github.com/MacPaw/OpenAI@0.3.0",
            "pkg:swift/github.com/apple/swift-argument-parser@1.5.0"
        ])
    );
    let (_, dart) = sbom("dart");
    assert_eq!(
        purls(&dart),
        set(&[
            "pkg:pub/dart_openai@5.1.0",
            "pkg:pub/http@1.2.2",
            "pkg:pub/lints@4.0.0"
        ]),
        "the SDK is not a package"
    );
    assert_eq!(lib(&dart, "pkg:pub/lints")["scope"], "optional");
    assert_eq!(lib(&dart, "pkg:pub/http")["hashes"][0]["alg"], "SHA-256");
    let (_, elixir) = sbom("elixir");
    assert_eq!(
        purls(&elixir),
        set(&[
            "pkg:hex/finch@0.19.0",
            "pkg:hex/instructor",
            "pkg:hex/openai_ex@0.8.3"
        ])
    );
    assert_eq!(
        prop(lib(&elixir, "pkg:hex/instructor"), "aibom:origin"),
        Some("git")
    );
    let (_, cfg) = sbom("setupcfg");
    assert_eq!(
        purls(&cfg),
        set(&[
            "pkg:pypi/chromadb@0.5.5",
            "pkg:pypi/llama-index",
            "pkg:pypi/pytest"
        ])
    );
    assert_eq!(
        lib(&cfg, "pkg:pypi/chromadb")["tags"],
        serde_json::json!(["ai", "vector-store"])
    );
    let (_, conda) = sbom("conda");
    assert_eq!(
        purls(&conda),
        set(&[
            "pkg:pypi/peft",
            "pkg:pypi/transformers@4.44.2",
            "pkg:pypi/wandb"
        ]),
        "conda packages are not PyPI packages"
    );
}

#[test]
fn license_expressions_are_expressions() {
    let dir = tempfile::tempdir().unwrap();
    let lock = r#"{"lockfileVersion": 3, "packages": {"": {"dependencies": {"a": "1"}}, "node_modules/a": {"version": "1.0.0", "license": "(MIT OR Apache-2.0)"}, "node_modules/b": {"version": "2.0.0", "license": "SEE LICENSE IN LICENSE.md"}}}"#;
    write_tree(dir.path(), &[("package-lock.json", lock.as_bytes())]);
    let doc: Value = serde_json::from_str(&scan_dir(dir.path()).bom).unwrap();
    assert_eq!(
        lib(&doc, "pkg:npm/a")["licenses"],
        serde_json::json!([{"expression": "MIT OR Apache-2.0"}])
    );
    assert_eq!(
        lib(&doc, "pkg:npm/b")["licenses"],
        serde_json::json!([{"license": {"name": "SEE LICENSE IN LICENSE.md"}}])
    );
}
