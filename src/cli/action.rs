//! `aibom action`: run inside a GitHub Actions job. Every option also reads an
//! environment variable, which is how `action/action.yml` passes its inputs
//! (never by pasting them into a shell script).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::action::{ActionOptions, CommentMode, run as run_action};

/// Arguments of `aibom action`.
#[derive(Debug, Args)]
pub struct ActionArgs {
    /// Policy file, read from the base commit.
    #[arg(long, env = "AIBOM_CONFIG_FILE", default_value = ".aibom.yml")]
    pub config_file: String,
    /// When to post the sticky PR comment.
    #[arg(long, env = "AIBOM_COMMENT", value_enum, default_value_t = CommentMode::OnChange)]
    pub comment: CommentMode,
    /// Where the PR hears about it: `summary`, `review`, `both` or `off`;
    /// empty keeps the policy's `comments:` (default `both`).
    #[arg(long, env = "AIBOM_COMMENTS", default_value = "")]
    pub comments: String,
    /// The login that `GITHUB_TOKEN` comments as: only its comments are edited.
    #[arg(long, env = "AIBOM_COMMENT_AUTHOR", default_value = crate::github::ACTIONS_BOT)]
    pub comment_author: String,
    /// Rules that fail the check (comma-separated), replacing the policy's `fail-on`.
    #[arg(long, env = "AIBOM_FAIL_ON", default_value = "")]
    pub fail_on: String,
    /// `true` reports failures as warnings; `false` forces gating; empty keeps the policy's.
    #[arg(long, env = "AIBOM_WARN_ONLY", default_value = "")]
    pub warn_only: String,
    /// Also write SARIF 2.1.0 here (for github/codeql-action/upload-sarif).
    #[arg(long, env = "AIBOM_SARIF")]
    pub sarif: Option<PathBuf>,
    /// Where to write the CycloneDX BOMs: a directory, or "BASE_PATH HEAD_PATH".
    #[arg(long, env = "AIBOM_BOM", default_value = "")]
    pub bom: String,
    /// The aibom version the workflow asked for (a mismatch is a warning).
    #[arg(long, env = "AIBOM_VERSION")]
    pub expect_version: Option<String>,
    /// Base revision (default: from the event).
    #[arg(long)]
    pub base: Option<String>,
    /// Head revision (default: from the event).
    #[arg(long)]
    pub head: Option<String>,
    /// Extra catalog file(s).
    #[arg(long = "catalog")]
    pub catalogs: Vec<PathBuf>,
}

fn list(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs `aibom action`.
pub fn run(args: &ActionArgs) -> Result<ExitCode> {
    let catalog = super::load_catalog(&args.catalogs)?;
    let warn_only = match args.warn_only.trim() {
        "" => None,
        "true" => Some(true),
        "false" => Some(false),
        other => anyhow::bail!("warn-only: expected true, false or empty, got `{other}`"),
    };
    let comments = match args.comments.trim() {
        "" => None,
        m => Some(crate::policy::cfg::CommentMode::parse(m).ok_or_else(|| {
            anyhow::anyhow!("comments: expected summary, review, both, off or empty, got `{m}`")
        })?),
    };
    let opts = ActionOptions {
        config_file: args.config_file.clone(),
        comments,
        comment: args.comment,
        comment_author: args.comment_author.clone(),
        fail_on: list(&args.fail_on),
        warn_only,
        sarif: args.sarif.clone().filter(|p| !p.as_os_str().is_empty()),
        bom: list(&args.bom).into_iter().map(PathBuf::from).collect(),
        expect_version: args.expect_version.clone(),
        base: args.base.clone(),
        head: args.head.clone(),
    };
    run_action(&opts, &catalog)
}
