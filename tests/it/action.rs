//! `aibom action` as a process in a simulated Actions runner: event payloads
//! from GitHub's real `pull_request` webhook rewritten to a test repository,
//! temp files for `GITHUB_STEP_SUMMARY` and `GITHUB_OUTPUT`, and the fake
//! GitHub shared with the App's tests (every request validated).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use http::Method;
use serde_json::Value;

use crate::app::{BASE, CLAUDE};
use crate::common::{assert_valid_bom, commit, git, shared};
use crate::fake_github::{FakeGitHub, Fault};

const REPO: &str = "acme/app";

struct Run {
    code: i32,
    stdout: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

/// Parses `name<<DELIM … DELIM` records.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let (name, delim) = line.split_once("<<").expect("multi-line output form");
        let mut value = Vec::new();
        for l in lines.by_ref() {
            if l == delim {
                break;
            }
            value.push(l);
        }
        out.insert(name.to_string(), value.join("\n"));
    }
    out
}

fn run_action(
    fake: &FakeGitHub,
    workspace: &Path,
    pr: u64,
    base: &str,
    head: &str,
    extra: &[(&str, &str)],
) -> Run {
    fake.model()
        .pulls
        .insert((REPO.into(), pr), (base.into(), head.into()));
    let tmp = tempfile::tempdir().unwrap();
    let mut event: Value = serde_json::from_str(
        &std::fs::read_to_string(
            shared().join("fixtures/github/webhooks/pull_request/opened.payload.json"),
        )
        .unwrap(),
    )
    .unwrap();
    event["number"] = pr.into();
    event["pull_request"]["number"] = pr.into();
    event["pull_request"]["base"]["sha"] = base.into();
    event["pull_request"]["head"]["sha"] = head.into();
    event["repository"]["full_name"] = REPO.into();
    let event_path = tmp.path().join("event.json");
    std::fs::write(&event_path, serde_json::to_vec(&event).unwrap()).unwrap();
    let (summary, output) = (tmp.path().join("summary.md"), tmp.path().join("output"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aibom"));
    cmd.arg("action");
    for (k, _) in std::env::vars() {
        if k.starts_with("GITHUB_") || k.starts_with("AIBOM_") || k == "RUNNER_TEMP" {
            cmd.env_remove(k);
        }
    }
    cmd.envs([
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_REPOSITORY", REPO),
        ("GITHUB_API_URL", fake.url.as_str()),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_TOKEN", crate::fake_github::WORKFLOW_TOKEN),
    ])
    .env("GITHUB_EVENT_PATH", &event_path)
    .env("GITHUB_WORKSPACE", workspace)
    .env("GITHUB_STEP_SUMMARY", &summary)
    .env("GITHUB_OUTPUT", &output)
    .env("RUNNER_TEMP", tmp.path())
    .envs(extra.iter().copied());
    let out = tokio::task::block_in_place(|| cmd.output().unwrap());
    let outputs = parse_outputs(&std::fs::read_to_string(&output).unwrap_or_default());
    if let Some(p) = outputs.get("bom-head") {
        // Every BOM the action writes is valid CycloneDX.
        let bom = std::fs::read_to_string(p).unwrap();
        assert_valid_bom(&bom);
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
    }
}

async fn setup() -> (FakeGitHub, tempfile::TempDir, String, String) {
    let fake = FakeGitHub::start().await;
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let base = commit(repo.path(), BASE);
    let head = commit(repo.path(), CLAUDE);
    fake.model()
        .repos
        .insert(REPO.into(), repo.path().to_path_buf());
    (fake, repo, base, head)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_request_gets_summary_outputs_annotations_and_one_sticky_comment() {
    let (fake, repo, base, head) = setup().await;
    let sarif = repo.path().join("out/aibom.sarif");
    let r = run_action(
        &fake,
        repo.path(),
        5,
        &base,
        &head,
        &[("AIBOM_SARIF", sarif.to_str().unwrap())],
    );
    assert_eq!(r.code, 1, "the policy fails: {}", r.stdout);
    assert_eq!(r.outputs["verdict"], "fail");
    let added: Vec<Value> = serde_json::from_str(&r.outputs["added"]).unwrap();
    assert!(
        added
            .iter()
            .any(|a| a["id"] == "claude-3-5-haiku-latest" && a["provider"] == "anthropic"),
        "{added:?}"
    );
    assert_eq!(
        r.outputs["report"], r.summary,
        "the report output is the job summary"
    );
    insta::assert_snapshot!("action_job_summary", r.summary);
    // The workflow commands GitHub turns into annotations on the diff.
    let commands: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("::")).collect();
    insta::assert_snapshot!("action_workflow_commands", commands.join("\n"));
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    {
        let m = fake.model();
        assert!(m.invalid.is_empty(), "{:?}", m.invalid);
        assert_eq!(m.comments.len(), 1);
        assert_eq!(
            m.comments[0].body,
            r.outputs["report"].trim_end_matches('\n').to_string() + "\n"
        );
        // And a review on the line that added the model, written by the workflow's bot.
        assert_eq!(m.reviews.len(), 1, "{}", r.stdout);
        let at: Vec<(&str, u64)> = m
            .review_comments
            .iter()
            .map(|c| (c.path.as_str(), c.line))
            .collect();
        assert_eq!(at, [("app/claude.py", 2)]);
        assert_eq!(
            m.review_comments[0].author,
            crate::fake_github::Writer::actions()
        );
    }
    // The author fixes it: the same comment is edited, the job passes.
    let fixed = commit(repo.path(), &[("app/claude.py", b"x = 1\n")]);
    let r = run_action(&fake, repo.path(), 5, &base, &fixed, &[]);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (0, "pass"),
        "{}",
        r.stdout
    );
    let m = fake.model();
    assert_eq!(m.comments.len(), 1, "edited, never duplicated");
    assert!(
        m.review_comments.is_empty(),
        "the outdated review comment is deleted"
    );
    assert!(
        m.comments[0].body.contains("No AI changes"),
        "{}",
        m.comments[0].body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fork_pr_with_a_read_only_token_still_gates_by_exit_code() {
    let (fake, repo, base, head) = setup().await;
    fake.model().faults.push_back(Fault {
        method: Method::POST,
        path_contains: "/comments".into(),
        status: 403,
        retry_after: None,
    });
    let r = run_action(&fake, repo.path(), 6, &base, &head, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("::notice::aibom cannot comment on this pull request"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("::error file=app/claude.py"));
    assert!(r.summary.contains("claude-3-5-haiku-latest"));
    assert!(fake.model().comments.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overrides_and_comment_modes() {
    let (fake, repo, base, head) = setup().await;
    let r = run_action(
        &fake,
        repo.path(),
        7,
        &base,
        &head,
        &[("AIBOM_WARN_ONLY", "true"), ("AIBOM_COMMENT", "never")],
    );
    assert_eq!((r.code, r.outputs["verdict"].as_str()), (0, "warn"));
    assert!(fake.model().comments.is_empty(), "comment: never");
    // No AI change and no earlier comment: on-change stays quiet.
    let r = run_action(&fake, repo.path(), 8, &base, &base, &[]);
    assert_eq!((r.code, r.outputs["verdict"].as_str()), (0, "pass"));
    assert!(
        fake.model().comments.is_empty(),
        "on-change: nothing to say"
    );
    let r = run_action(
        &fake,
        repo.path(),
        9,
        &base,
        &head,
        &[("AIBOM_FAIL_ON", "nonsense")],
    );
    assert_eq!(r.code, 2, "a bad input is an error, not a pass");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shallow_checkout_fetches_the_base_and_an_empty_one_downloads_both() {
    let (fake, repo, base, head) = setup().await;
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth=1", &url])
        .arg(shallow.path().join("ws"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = shallow.path().join("ws");
    assert!(
        Command::new("git")
            .args(["cat-file", "-e", &base])
            .current_dir(&ws)
            .status()
            .is_ok_and(|s| !s.success()),
        "the base is not in a depth-1 clone"
    );
    let r = run_action(&fake, &ws, 10, &base, &head, &[]);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "fail"),
        "{}",
        r.stdout
    );
    assert!(
        fake.model()
            .requests
            .iter()
            .all(|q| !q.contains("/tarball/")),
        "fetched with git, not downloaded"
    );
    // No git objects at all (no checkout step): both commits come through the REST API.
    let empty = tempfile::tempdir().unwrap();
    git(empty.path(), &["init", "-q"]);
    let r = run_action(&fake, empty.path(), 10, &base, &head, &[]);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "fail"),
        "{}",
        r.stdout
    );
    assert_eq!(
        fake.model()
            .requests
            .iter()
            .filter(|q| q.contains("/tarball/"))
            .count(),
        2
    );
    assert!(fake.model().invalid.is_empty());
}

fn action_yml() -> saphyr::Yaml<'static> {
    use saphyr::LoadableYamlNode;
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/action.yml"))
            .unwrap();
    saphyr::Yaml::load_from_str(Box::leak(text.into_boxed_str()))
        .unwrap()
        .remove(0)
}

fn keys(y: &saphyr::Yaml<'_>) -> Vec<String> {
    y.as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

/// Every input reaches `aibom action` (as an environment variable it reads) and
/// every output comes from the step and is written by it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn action_yml_passes_every_input_and_every_output_is_written() {
    let yml = action_yml();
    let help = Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(["action", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let steps = yml["runs"]["steps"].as_sequence().unwrap();
    let step = steps
        .iter()
        .find(|s| {
            s.as_mapping().is_some_and(|m| {
                m.iter()
                    .any(|(k, v)| k.as_str() == Some("id") && v.as_str() == Some("aibom"))
            })
        })
        .expect("a step with id aibom");
    assert_eq!(step["run"].as_str().map(str::trim), Some("aibom action"));
    let env = step["env"].as_mapping().unwrap();
    for input in keys(&yml["inputs"]) {
        let expr = format!("${{{{ inputs.{input} }}}}");
        let var = env
            .iter()
            .find(|(_, v)| v.as_str() == Some(expr.as_str()))
            .map(|(k, _)| k.as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("input `{input}` is not passed to aibom action"));
        assert!(
            var == "GITHUB_TOKEN" || help.contains(&format!("[env: {var}=")),
            "aibom action does not read {var} (input `{input}`)"
        );
    }
    let (fake, repo, base, head) = setup().await;
    let r = run_action(&fake, repo.path(), 11, &base, &head, &[]);
    for output in keys(&yml["outputs"]) {
        assert_eq!(
            yml["outputs"][output.as_str()]["value"].as_str(),
            Some(format!("${{{{ steps.aibom.outputs.{output} }}}}").as_str())
        );
        assert!(
            r.outputs.contains_key(&output),
            "output `{output}` is never written"
        );
    }
}

/// The install script: a verified release binary, a refused tampered one, and
/// the `cargo install --locked` fallback when there is no release.
#[test]
fn install_script_verifies_checksums_and_falls_back_to_cargo() {
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    let target = match std::env::consts::ARCH {
        "aarch64" => "aarch64-unknown-linux-gnu",
        _ => "x86_64-unknown-linux-gnu",
    };
    let asset_dir = releases.join("v0.1.0");
    std::fs::create_dir_all(&asset_dir).unwrap();
    let stage = tmp.path().join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("aibom"), "#!/bin/sh\necho aibom 0.1.0\n").unwrap();
    let asset = asset_dir.join(format!("aibom-0.1.0-{target}.tar.gz"));
    assert!(
        Command::new("tar")
            .arg("-czf")
            .arg(&asset)
            .arg("-C")
            .arg(&stage)
            .arg("aibom")
            .status()
            .unwrap()
            .success()
    );
    let sum = Command::new("sha256sum").arg(&asset).output().unwrap();
    let sum_path = asset_dir.join(format!("aibom-0.1.0-{target}.tar.gz.sha256"));
    std::fs::write(&sum_path, &sum.stdout).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("action/install.sh");
    let install = |dest: &Path, path_env: &str, fallback: &str| {
        let gh_path = tmp.path().join("github_path");
        let out = Command::new("bash")
            .arg(&script)
            .env("AIBOM_VERSION", "v0.1.0")
            .env(
                "AIBOM_RELEASE_URL",
                format!("file://{}", releases.display()),
            )
            .env("AIBOM_INSTALL_DIR", dest)
            .env("AIBOM_INSTALL_FALLBACK", fallback)
            .env("GITHUB_PATH", &gh_path)
            .env("PATH", path_env)
            .output()
            .unwrap();
        (out, std::fs::read_to_string(&gh_path).unwrap_or_default())
    };
    let path = std::env::var("PATH").unwrap();
    let (out, gh_path) = install(&tmp.path().join("ok"), &path, "never");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(tmp.path().join("ok/aibom").exists());
    assert!(gh_path.contains(&tmp.path().join("ok").display().to_string()));
    // Tampered: the checksum no longer matches; nothing is installed, no fallback.
    std::fs::write(&sum_path, format!("{}  x\n", "0".repeat(64))).unwrap();
    let (out, _) = install(&tmp.path().join("bad"), &path, "cargo");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("checksum mismatch"));
    assert!(!tmp.path().join("bad/aibom").exists());
    // No release: cargo install --locked from the action's own source.
    std::fs::remove_dir_all(&asset_dir).unwrap();
    let bin = tmp.path().join("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = tmp.path().join("cargo.log");
    std::fs::write(
        bin.join("cargo"),
        format!("#!/bin/sh\necho \"$@\" > {}\nmkdir -p \"$5/bin\"\nprintf '#!/bin/sh\\necho aibom 0.1.0\\n' > \"$5/bin/aibom\"\nchmod +x \"$5/bin/aibom\"\n", log.display()),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(bin.join("cargo"))
        .status()
        .unwrap();
    let (out, _) = install(
        &tmp.path().join("built/bin"),
        &format!("{}:{path}", bin.display()),
        "cargo",
    );
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(
        args.starts_with("install --locked --quiet --root"),
        "{args}"
    );
    assert!(args.trim_end().ends_with("action/.."), "{args}");
}
