//! `aibom action`: the check inside a GitHub Actions job, for teams that do not
//! install the App. Base and head come from the `pull_request` / `merge_group`
//! event (or `--base/--head`); commits are read from the workspace's git
//! objects, fetched when the checkout is shallow, or downloaded through the REST
//! API. The report goes to the job summary, annotations to workflow commands,
//! outputs to `$GITHUB_OUTPUT`, and the sticky comment through the API (a
//! read-only fork token degrades to summary + annotations). Exit code 1 when the
//! policy fails.

pub mod workflow;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use crate::bom;
use crate::catalog::Catalog;
use crate::check::{check_sources, policy_in};
use crate::github::{ApiError, Author, GitHub, RetryPolicy};
use crate::policy::{self, Config, Level, Verdict};
use crate::report::check_run::{self, AnnotationLevel};
use crate::report::json::Report;
use crate::report::markdown::{self, Links};
use crate::report::sarif;
use crate::scan::BlobCache;
use crate::source::{GitSource, Source, TarLimits, TarSource};

/// When to post the sticky comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CommentMode {
    /// On every run.
    Always,
    /// When the change adds, removes or changes AI components — or a comment
    /// from an earlier run exists (it is kept current).
    OnChange,
    /// Never (summary and annotations only).
    Never,
}

/// What the action was asked to do (its inputs).
#[derive(Debug, Clone)]
pub struct ActionOptions {
    /// Policy file, read from the base commit.
    pub config_file: String,
    /// Comment mode.
    pub comment: CommentMode,
    /// Overrides the policy's `comments:` (summary, review, both, off).
    pub comments: Option<policy::cfg::CommentMode>,
    /// The login the token comments as (only its comments are edited).
    pub comment_author: String,
    /// Rules that fail the check, replacing the policy's `fail-on`.
    pub fail_on: Vec<String>,
    /// Overrides the policy's `warn-only`.
    pub warn_only: Option<bool>,
    /// Also write SARIF here.
    pub sarif: Option<PathBuf>,
    /// Where to write the BOMs: none, a directory, or base and head paths.
    pub bom: Vec<PathBuf>,
    /// The aibom version the workflow asked for (a mismatch is a warning).
    pub expect_version: Option<String>,
    /// Explicit base revision.
    pub base: Option<String>,
    /// Explicit head revision.
    pub head: Option<String>,
}

/// The runner's environment.
#[derive(Debug, Clone)]
struct Runner {
    event_name: String,
    event: Value,
    repository: String,
    api_url: String,
    server_url: String,
    workspace: PathBuf,
    token: Option<String>,
    summary: Option<PathBuf>,
    output: Option<PathBuf>,
    temp: PathBuf,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Runner {
    fn from_env() -> Result<Runner> {
        let event_name = var("GITHUB_EVENT_NAME").unwrap_or_default();
        let event = match var("GITHUB_EVENT_PATH") {
            Some(p) => {
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("GITHUB_EVENT_PATH: cannot read {p}"))?;
                serde_json::from_str(&text)
                    .with_context(|| format!("GITHUB_EVENT_PATH: {p} is not JSON"))?
            }
            None => Value::Null,
        };
        Ok(Runner {
            event_name,
            event,
            repository: var("GITHUB_REPOSITORY")
                .filter(|r| crate::github::is_repo_name(r))
                .ok_or_else(|| anyhow!("GITHUB_REPOSITORY is not set to owner/name"))?,
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into()),
            server_url: var("GITHUB_SERVER_URL").unwrap_or_else(|| "https://github.com".into()),
            workspace: var("GITHUB_WORKSPACE").unwrap_or_else(|| ".".into()).into(),
            token: var("GITHUB_TOKEN"),
            summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: var("GITHUB_OUTPUT").map(PathBuf::from),
            temp: var("RUNNER_TEMP")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir),
        })
    }
}

/// What to compare, and the PR to comment on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    base: String,
    head: String,
    pr: Option<u64>,
}

fn target(r: &Runner, opts: &ActionOptions) -> Result<Target> {
    let e = &r.event;
    let s = |p: &str| e.pointer(p).and_then(Value::as_str).map(str::to_string);
    let (base, head, pr) = match r.event_name.as_str() {
        "pull_request" | "pull_request_target" => (
            s("/pull_request/base/sha"),
            s("/pull_request/head/sha"),
            e.pointer("/pull_request/number").and_then(Value::as_u64),
        ),
        "merge_group" => (s("/merge_group/base_sha"), s("/merge_group/head_sha"), None),
        _ => (None, None, None),
    };
    let base = opts.base.clone().or(base);
    let head = opts.head.clone().or(head);
    match (base, head) {
        (Some(base), Some(head)) => Ok(Target { base, head, pr }),
        _ => bail!(
            "event `{}` names no base and head commits; run on pull_request or merge_group, or pass --base and --head",
            r.event_name
        ),
    }
}

/// A commit from the workspace's objects; a shallow checkout fetches it first
/// (git only, no repository code runs); failing that, the REST API tarball.
fn commit_source(
    r: &Runner,
    sha: &str,
    github: Option<&GitHub>,
    rt: &tokio::runtime::Runtime,
) -> Result<Box<dyn Source + Send>> {
    if let Ok(s) = GitSource::open(&r.workspace, sha) {
        return Ok(Box::new(s));
    }
    // Past here the revision goes to `git fetch` and a REST path: only a full
    // commit id does (never an option such as `--upload-pack=…`, never `../`).
    if !crate::github::is_commit_sha(sha) {
        bail!("`{sha}` is not in the workspace, and only a full commit id is fetched");
    }
    let fetched = Command::new("git")
        .arg("-C")
        .arg(&r.workspace)
        .args(["fetch", "--quiet", "--no-tags", "--depth=1", "origin", sha])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if fetched && let Ok(s) = GitSource::open(&r.workspace, sha) {
        return Ok(Box::new(s));
    }
    let github = github.ok_or_else(|| {
        anyhow!("commit {sha} is not in the workspace and no GITHUB_TOKEN is set to download it")
    })?;
    let gz = rt
        .block_on(github.tarball(0, &r.repository, sha))
        .with_context(|| format!("cannot download commit {sha}"))?;
    let src = TarSource::unpack(
        &gz[..],
        &r.repository,
        Some(sha.to_string()),
        true,
        TarLimits::default(),
    )?;
    Ok(Box::new(src))
}

fn policy_for(base: &dyn Source, opts: &ActionOptions) -> Result<Config> {
    let mut cfg = policy_in(base, &opts.config_file)?;
    if !opts.fail_on.is_empty() {
        cfg.fail_on = opts
            .fail_on
            .iter()
            .map(|written| {
                policy::Rule::parse(written)
                    .map(|rule| (rule, Level::Failure))
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "fail-on: unknown rule `{written}`; valid rules: {}",
                            policy::Rule::names()
                        )
                    })
            })
            .collect::<Result<_>>()?;
    }
    if let Some(w) = opts.warn_only {
        cfg.warn_only = w;
    }
    if let Some(m) = opts.comments {
        cfg.comments = m;
    }
    Ok(cfg)
}

fn has_ai_changes(r: &Report) -> bool {
    r.added.iter().chain(&r.removed).any(|e| e.ai) || !r.changed.is_empty()
}

/// Runs the action; exit code 1 when the policy fails.
pub fn run(opts: &ActionOptions, catalog: &Catalog) -> Result<ExitCode> {
    let runner = Runner::from_env()?;
    if let Some(v) = opts.expect_version.as_deref() {
        let v = v.trim_start_matches('v');
        if !v.is_empty() && v != "latest" && v != env!("CARGO_PKG_VERSION") {
            println!(
                "{}",
                workflow::annotation_free(
                    "warning",
                    &format!(
                        "aibom {} is running, but version {v} was asked for",
                        env!("CARGO_PKG_VERSION")
                    )
                )
            );
        }
    }
    let target = target(&runner, opts)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let github = match &runner.token {
        Some(t) => {
            // The client's services are spawned on the runtime it is built in.
            let _in_runtime = rt.enter();
            Some(GitHub::with_token(
                t,
                &runner.api_url,
                RetryPolicy::default(),
                Author::Login(opts.comment_author.clone()),
            )?)
        }
        None => None,
    };
    let base = commit_source(&runner, &target.base, github.as_ref(), &rt)
        .context("cannot read the base commit")?;
    let head = commit_source(&runner, &target.head, github.as_ref(), &rt)
        .context("cannot read the head commit")?;
    let cfg = policy_for(base.as_ref(), opts)?;
    let (base_subject, head_subject) = (base.subject(), head.subject());
    let outcome = check_sources(
        base.as_ref(),
        head.as_ref(),
        &cfg,
        catalog,
        &BlobCache::default(),
        false,
    )?;
    let report = outcome.report;

    // BOMs: always the head (an output), the base too when asked.
    let (base_bom, head_bom) = match opts.bom.as_slice() {
        [] => (None, runner.temp.join("aibom-head.cdx.json")),
        [dir] => (
            Some(dir.join("aibom-base.cdx.json")),
            dir.join("aibom-head.cdx.json"),
        ),
        [b, h, ..] => (Some(b.clone()), h.clone()),
    };
    write_bom(&head_bom, &outcome.head, &head_subject, catalog)?;
    if let Some(p) = &base_bom {
        write_bom(p, &outcome.base, &base_subject, catalog)?;
    }

    let web = format!(
        "{}/{}/blob/",
        runner.server_url.trim_end_matches('/'),
        runner.repository
    );
    let links = Links {
        head: Some(format!("{web}{}/", target.head)),
        base: Some(format!("{web}{}/", target.base)),
        check_run: None,
    };
    let text = markdown::render(&report, &links);
    if let Some(p) = &runner.summary {
        workflow::write_summary(p, &text)?;
    }
    for line in annotations(&report) {
        println!("{line}");
    }
    if let Some(p) = &opts.sarif {
        write_file(
            p,
            &(serde_json::to_string_pretty(&sarif::render(&report))? + "\n"),
        )?;
    }
    if cfg.comments.summary() {
        comment(&runner, opts, &target, github.as_ref(), &rt, &report, &text);
    }
    if cfg.comments.review()
        && let (Some(pr), Some(gh)) = (target.pr, github.as_ref())
    {
        review(
            &runner,
            &cfg,
            pr,
            &target.head,
            gh,
            &rt,
            &report,
            (base.as_ref(), head.as_ref(), &outcome.trees),
        );
    }

    let verdict = report.verdict.as_str().to_string();
    let added: Vec<&crate::report::json::Entry> = report.added.iter().filter(|e| e.ai).collect();
    if let Some(p) = &runner.output {
        workflow::write_outputs(
            p,
            &[
                ("verdict", verdict),
                ("added", serde_json::to_string(&added)?),
                ("report", text),
                ("bom-head", head_bom.display().to_string()),
            ],
        )?;
    }
    Ok(if report.verdict == Verdict::Fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_bom(
    path: &Path,
    inv: &crate::bom::Inventory,
    subject: &crate::source::Subject,
    catalog: &Catalog,
) -> Result<()> {
    write_file(path, &bom::to_json(&mut bom::build(inv, subject, catalog))?)
}

/// Writes a file the workflow asked for, creating its directory.
fn write_file(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

/// The check run's annotations as workflow commands.
fn annotations(report: &Report) -> Vec<String> {
    check_run::annotations(report)
        .iter()
        .map(|a| {
            let level = match a.annotation_level {
                AnnotationLevel::Failure => "error",
                AnnotationLevel::Warning => "warning",
                AnnotationLevel::Notice => "notice",
            };
            workflow::annotation(
                level,
                &a.path,
                Some(u64::from(a.start_line)),
                &a.title,
                &a.message,
            )
        })
        .collect()
}

/// Creates or edits the sticky comment; never changes the verdict. A 403 (the
/// read-only token of a fork PR) is a one-line notice.
fn comment(
    r: &Runner,
    opts: &ActionOptions,
    target: &Target,
    github: Option<&GitHub>,
    rt: &tokio::runtime::Runtime,
    report: &Report,
    text: &str,
) {
    let (Some(pr), Some(github)) = (target.pr, github) else {
        return;
    };
    if opts.comment == CommentMode::Never {
        return;
    }
    let changes = has_ai_changes(report);
    let result = rt.block_on(async {
        let found = github.find_comment(0, &r.repository, pr).await?;
        if opts.comment == CommentMode::OnChange && found.is_none() && !changes {
            return Ok(None);
        }
        github
            .put_comment(0, &r.repository, pr, found, text)
            .await
            .map(Some)
    });
    match result {
        Ok(Some(outcome)) => eprintln!("aibom: PR comment {outcome:?}"),
        Ok(None) => eprintln!("aibom: no AI changes; no comment posted"),
        Err(e) => refused(
            &e,
            "aibom cannot comment on this pull request (the token is read-only, as on pull requests from forks); the job summary and annotations carry the report",
            "aibom could not post its comment",
        ),
    }
}

/// Reviews the PR: comments on the lines that added AI components (see
/// `report::review`); never changes the verdict. A 403 (a fork's read-only
/// token) is a one-line notice.
#[allow(clippy::too_many_arguments)]
fn review(
    r: &Runner,
    cfg: &Config,
    pr: u64,
    head_sha: &str,
    github: &GitHub,
    rt: &tokio::runtime::Runtime,
    report: &Report,
    (base, head, trees): (&dyn Source, &dyn Source, &crate::diff::Trees),
) {
    let files = crate::report::review::evidence_files(report);
    let result = crate::diff::AddedLines::between(base, head, trees, files).and_then(|added| {
        rt.block_on(github.review_pull_request(
            0,
            &r.repository,
            pr,
            head_sha,
            report,
            &added,
            cfg.request_changes,
            !cfg.comments.summary(),
        ))
    });
    match result {
        Ok((plan, undeleted)) => {
            eprintln!(
                "aibom: review with {} new inline comment(s)",
                plan.comments.len()
            );
            for (id, e) in undeleted {
                eprintln!("aibom: outdated review comment {id} was not deleted: {e}");
            }
        }
        Err(e) => refused(
            &e,
            "aibom cannot review this pull request (the token is read-only, as on pull requests from forks); the annotations carry the same",
            "aibom could not post its review",
        ),
    }
}

/// Reports a comment or review GitHub did not take: a 403 (a fork's read-only
/// token) as the notice `forbidden`, anything else as a warning after `failed`.
fn refused(e: &anyhow::Error, forbidden: &str, failed: &str) {
    let line = if e
        .downcast_ref::<ApiError>()
        .is_some_and(|a| a.status == 403)
    {
        workflow::annotation_free("notice", forbidden)
    } else {
        workflow::annotation_free("warning", &format!("{failed}: {e:#}"))
    };
    println!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(event_name: &str, event: Value) -> Runner {
        Runner {
            event_name: event_name.into(),
            event,
            repository: "o/r".into(),
            api_url: String::new(),
            server_url: String::new(),
            workspace: ".".into(),
            token: None,
            summary: None,
            output: None,
            temp: ".".into(),
        }
    }

    fn opts() -> ActionOptions {
        ActionOptions {
            config_file: ".aibom.yml".into(),
            comment: CommentMode::OnChange,
            comments: None,
            comment_author: crate::github::ACTIONS_BOT.into(),
            fail_on: vec![],
            warn_only: None,
            sarif: None,
            bom: vec![],
            expect_version: None,
            base: None,
            head: None,
        }
    }

    #[test]
    fn merge_groups_have_no_pr_and_other_events_need_explicit_commits() {
        let mg = runner(
            "merge_group",
            serde_json::json!({"merge_group": {"base_sha": "b", "head_sha": "h"}}),
        );
        assert_eq!(
            target(&mg, &opts()).unwrap(),
            Target {
                base: "b".into(),
                head: "h".into(),
                pr: None
            }
        );
        let push = runner("push", serde_json::json!({}));
        assert!(
            target(&push, &opts())
                .unwrap_err()
                .to_string()
                .contains("pass --base and --head")
        );
        let explicit = ActionOptions {
            base: Some("x".into()),
            head: Some("y".into()),
            ..opts()
        };
        assert_eq!(target(&push, &explicit).unwrap().base, "x");
    }
}
