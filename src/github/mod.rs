//! The GitHub REST client of the App: App JWT auth with one cached octocrab
//! client per installation (octocrab keeps its token fresh), and our own
//! retries (bors-style): 5xx, 429 and rate-limited 403 are retried with backoff
//! that honours `Retry-After` and `x-ratelimit-reset`; other errors are not.
//! Operations enforce GitHub's limits (50 annotations a request).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use http::{HeaderMap, Method, StatusCode};
use http_body_util::BodyExt;
use octocrab::Octocrab;
use octocrab::models::{AppId, InstallationId};
use serde_json::{Value, json};

mod check_update;
mod contents;
mod names;

pub use contents::{RemoteEntry, RemoteTree};
pub use names::{is_commit_sha, is_repo_name};

use crate::report::check_run::CheckRun;
use crate::report::markdown::MARKER;
use crate::report::review::{self, Posted, ReviewPlan};

/// How hard to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all (1 = no retry).
    pub attempts: u32,
    /// First backoff; doubles each attempt.
    pub base_delay: Duration,
    /// Longest wait honoured from `Retry-After` / `x-ratelimit-reset`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(120),
        }
    }
}

/// An API call that failed for good.
#[derive(Debug, Clone, thiserror::Error)]
#[error("GitHub {method} {path}: {status} {message}{}", .forbidden.map(|f| format!(" ({})", f.explain())).unwrap_or_default())]
pub struct ApiError {
    /// HTTP method.
    pub method: Method,
    /// Path.
    pub path: String,
    /// Last status (0: no response).
    pub status: u16,
    /// GitHub's message or the transport error.
    pub message: String,
    /// What a 403 was.
    pub forbidden: Option<Forbidden>,
}

/// A call refused before it was sent: the installation was deleted or
/// suspended, and its token is never used again (until it is unsuspended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("installation {0} was deleted or suspended: no more calls with its token")]
pub struct InstallationGone(pub u64);

/// The three things GitHub's 403 means, told apart (dependency-review-action
/// reported a rate limit as "not supported on this repository").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forbidden {
    /// A primary or secondary rate limit (`x-ratelimit-remaining: 0`,
    /// `retry-after`, or GitHub's message says so).
    RateLimited,
    /// The token may not do this: the App lacks a permission, or the token
    /// is read-only (a workflow's `GITHUB_TOKEN` on a pull request from a fork).
    NoPermission,
    /// Anything else GitHub refused.
    Other,
}

impl Forbidden {
    /// Tells a 403 apart from its headers and GitHub's message.
    pub fn of(headers: &HeaderMap, message: &str) -> Forbidden {
        let limited = headers.contains_key("retry-after") || quota_spent(headers);
        let m = message.to_ascii_lowercase();
        if limited || m.contains("rate limit") || m.contains("abuse") {
            Forbidden::RateLimited
        } else if m.contains("not accessible by integration")
            || m.contains("permission")
            || m.contains("must have")
        {
            Forbidden::NoPermission
        } else {
            Forbidden::Other
        }
    }

    /// One line for the check output and logs.
    pub fn explain(self) -> &'static str {
        match self {
            Forbidden::RateLimited => "rate limited: GitHub asked us to slow down; retried later",
            Forbidden::NoPermission => {
                "missing permission: the App needs checks: write, contents: read and pull_requests: write, and a workflow token on a fork's pull request is read-only"
            }
            Forbidden::Other => "forbidden",
        }
    }
}

/// Who our comments are written by: only those are ever edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// The GitHub App with this id (`performed_via_github_app.id`).
    App(u64),
    /// A user or bot login (`github-actions[bot]` for a workflow's token).
    Login(String),
}

impl Author {
    /// Whether a review or review comment from GitHub may be ours. They do
    /// not always say which App wrote them: an App's is then any bot's
    /// (`…[bot]`) — GitHub refuses to delete another author's comment, and a
    /// failed delete is only logged.
    pub fn may_have_written_review_comment(&self, comment: &Value) -> bool {
        match (self, comment.get("performed_via_github_app")) {
            (Author::App(_), Some(app)) if !app.is_null() => self.wrote(comment),
            (Author::App(_), _) => {
                comment.pointer("/user/type").and_then(Value::as_str) == Some("Bot")
                    && comment
                        .pointer("/user/login")
                        .and_then(Value::as_str)
                        .is_some_and(|l| l.ends_with("[bot]"))
            }
            (Author::Login(_), _) => self.wrote(comment),
        }
    }
}

/// The login of comments written with a workflow's `GITHUB_TOKEN`.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

impl Author {
    /// Whether an issue comment from GitHub was written by this author.
    pub fn wrote(&self, comment: &Value) -> bool {
        match self {
            Author::App(id) => {
                comment
                    .pointer("/performed_via_github_app/id")
                    .and_then(Value::as_u64)
                    == Some(*id)
            }
            Author::Login(login) => {
                comment.pointer("/user/login").and_then(Value::as_str) == Some(login.as_str())
            }
        }
    }
}

/// The App's client.
pub struct GitHub {
    auth: Auth,
    /// Whose comments are ours.
    author: Author,
    /// One client per installation, shared (octocrab caches the token inside
    /// the client; a clone would copy an empty cache and mint a new token).
    installations: Mutex<HashMap<u64, Arc<Octocrab>>>,
    /// Installations deleted or suspended: no client is made for them.
    gone: Mutex<HashSet<u64>>,
    retry: RetryPolicy,
    observer: Option<CallObserver>,
    /// Least time between two content-creating requests (POST, PATCH, DELETE)
    /// of one installation: GitHub's secondary rate limits (80 a minute, 500
    /// an hour) are kept by pacing, not by hitting them.
    write_spacing: Duration,
    /// When each installation's last content-creating request was sent.
    last_write: Mutex<HashMap<u64, tokio::time::Instant>>,
}

/// Default [`GitHub::write_spacing`] of the App: one second, as GitHub asks
/// of integrations that create content.
pub const WRITE_SPACING: Duration = Duration::from_secs(1);

/// How the client authenticates.
enum Auth {
    /// As a GitHub App: a JWT-signed App client that mints installation clients.
    App(Octocrab),
    /// With one token (an Action's `GITHUB_TOKEN`): every call uses it.
    Token(Arc<Octocrab>),
}

/// Told of every API call's method and answer status (0: no answer), e.g. for metrics.
pub type CallObserver = Arc<dyn Fn(&Method, u16) + Send + Sync>;

impl std::fmt::Debug for GitHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHub")
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// One webhook delivery as GitHub's delivery log lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookDelivery {
    /// The log entry's id (what a redelivery names).
    pub id: u64,
    /// The delivery's GUID (`X-GitHub-Delivery`), shared by its redeliveries.
    pub guid: String,
    /// Our answer's status (0: no answer, e.g. a timeout).
    pub status_code: u16,
    /// The event (`pull_request`, …).
    pub event: String,
}

/// What `upsert_comment` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentOutcome {
    /// A new comment.
    Created(u64),
    /// Our existing comment, edited.
    Updated(u64),
}

impl GitHub {
    /// A client for App `app_id` signing with `private_key_pem`, talking to `api_url`.
    pub fn new(
        app_id: u64,
        private_key_pem: &str,
        api_url: &str,
        retry: RetryPolicy,
    ) -> Result<Self> {
        let key = octocrab::jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem.as_bytes())
            .context("the App private key is not an RSA PEM key")?;
        let app = Octocrab::builder()
            .base_uri(api_url)
            .context("bad GitHub API URL")?
            .app(AppId(app_id), key)
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .build()
            .context("cannot build the GitHub client")?;
        Ok(GitHub {
            auth: Auth::App(app),
            author: Author::App(app_id),
            installations: Mutex::new(HashMap::new()),
            gone: Mutex::new(HashSet::new()),
            retry,
            observer: None,
            write_spacing: WRITE_SPACING,
            last_write: Mutex::new(HashMap::new()),
        })
    }

    /// Sets the least time between two content-creating requests of one
    /// installation ([`WRITE_SPACING`] by default for the App, none for a token).
    pub fn write_spacing(mut self, spacing: Duration) -> Self {
        self.write_spacing = spacing;
        self
    }

    /// Waits until installation `installation` may send its next
    /// content-creating request, and books that slot.
    async fn pace(&self, installation: u64) {
        if self.write_spacing.is_zero() {
            return;
        }
        let wait = {
            let Ok(mut last) = self.last_write.lock() else {
                return;
            };
            let now = tokio::time::Instant::now();
            let slot = last
                .get(&installation)
                .map_or(now, |t| (*t + self.write_spacing).max(now));
            last.insert(installation, slot);
            slot
        };
        tokio::time::sleep_until(wait).await;
    }

    /// Reports every API call (method, status) to `observer`.
    pub fn observe(mut self, observer: CallObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    fn observed(&self, method: &Method, status: u16) {
        if let Some(o) = &self.observer {
            o(method, status);
        }
    }

    /// A client using one token (an Action's `GITHUB_TOKEN`) against `api_url`;
    /// the installation argument of every call is ignored. Comments written
    /// with it are `author`'s (`github-actions[bot]` for a workflow token).
    pub fn with_token(
        token: &str,
        api_url: &str,
        retry: RetryPolicy,
        author: Author,
    ) -> Result<Self> {
        let client = Octocrab::builder()
            .base_uri(api_url)
            .context("bad GitHub API URL")?
            .personal_token(token.to_string())
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .build()
            .context("cannot build the GitHub client")?;
        Ok(GitHub {
            auth: Auth::Token(Arc::new(client)),
            author,
            installations: Mutex::new(HashMap::new()),
            gone: Mutex::new(HashSet::new()),
            retry,
            observer: None,
            write_spacing: Duration::ZERO,
            last_write: Mutex::new(HashMap::new()),
        })
    }

    /// The cached client of an installation (one per installation, not per event).
    fn client(&self, installation: u64) -> Result<Arc<Octocrab>> {
        let app = match &self.auth {
            Auth::Token(c) => return Ok(Arc::clone(c)),
            Auth::App(app) => app,
        };
        if self.is_gone(installation) {
            return Err(InstallationGone(installation).into());
        }
        let mut map = self
            .installations
            .lock()
            .map_err(|_| anyhow!("client cache poisoned"))?;
        if let Some(c) = map.get(&installation) {
            return Ok(Arc::clone(c));
        }
        let c = Arc::new(
            app.installation(InstallationId(installation))
                .context("cannot create an installation client")?,
        );
        map.insert(installation, Arc::clone(&c));
        Ok(c)
    }

    /// Forgets an installation's client (deleted or suspended): every later
    /// call for it fails with [`InstallationGone`] before anything is sent.
    pub fn forget(&self, installation: u64) {
        if let Ok(mut g) = self.gone.lock() {
            g.insert(installation);
        }
        if let Ok(mut m) = self.installations.lock() {
            m.remove(&installation);
        }
    }

    /// Lets calls for an unsuspended (or re-created) installation through again.
    pub fn restore(&self, installation: u64) {
        if let Ok(mut g) = self.gone.lock() {
            g.remove(&installation);
        }
    }

    /// Whether the installation was forgotten (a poisoned lock counts as gone:
    /// better no call than one with a revoked installation's token).
    fn is_gone(&self, installation: u64) -> bool {
        self.gone
            .lock()
            .map(|g| g.contains(&installation))
            .unwrap_or(true)
    }

    /// One API call with retries; returns the status and body of a 2xx/3xx answer.
    pub async fn call(
        &self,
        installation: u64,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(StatusCode, Vec<u8>)> {
        self.call_accepting(installation, method, path, body, None)
            .await
    }

    /// [`GitHub::call`] asking for media type `accept` (e.g. raw file contents).
    pub async fn call_accepting(
        &self,
        installation: u64,
        method: Method,
        path: &str,
        body: Option<&Value>,
        accept: Option<&str>,
    ) -> Result<(StatusCode, Vec<u8>)> {
        let client = self.client(installation)?;
        if method != Method::GET {
            self.pace(installation).await;
        }
        self.send(&client, method, path, body, accept).await
    }

    /// One call with the App's own key (JWT), for App-level endpoints
    /// (`/app/hook/deliveries`); a token-only client (the Action) has none.
    async fn call_as_app(&self, method: Method, path: &str) -> Result<(StatusCode, Vec<u8>)> {
        match &self.auth {
            Auth::App(app) => self.send(app, method, path, None, None).await,
            Auth::Token(_) => bail!("{path} needs the App's own key, not a token"),
        }
    }

    /// Sends one request with retries (see the module docs).
    async fn send(
        &self,
        client: &Octocrab,
        method: Method,
        path: &str,
        body: Option<&Value>,
        accept: Option<&str>,
    ) -> Result<(StatusCode, Vec<u8>)> {
        let mut accept_headers = HeaderMap::new();
        if let Some(a) = accept {
            accept_headers.insert(
                http::header::ACCEPT,
                http::HeaderValue::from_str(a).context("bad media type")?,
            );
        }
        let mut last = ApiError {
            method: method.clone(),
            path: path.to_string(),
            status: 0,
            message: String::new(),
            forbidden: None,
        };
        for attempt in 0..self.retry.attempts.max(1) {
            let sent = match method {
                Method::GET if accept.is_some() => {
                    client
                        ._get_with_headers(path, Some(accept_headers.clone()))
                        .await
                }
                Method::GET => client._get(path).await,
                Method::POST => client._post(path, body).await,
                Method::PATCH => client._patch(path, body).await,
                Method::DELETE => client._delete(path, body).await,
                _ => bail!("unsupported method {method}"),
            };
            let wait = match sent {
                Ok(resp) => {
                    let status = resp.status();
                    self.observed(&method, status.as_u16());
                    let headers = resp.headers().clone();
                    let bytes = resp
                        .into_body()
                        .collect()
                        .await
                        .map(|b| b.to_bytes().to_vec())
                        .unwrap_or_default();
                    if status.is_success() || status.is_redirection() {
                        return Ok((status, bytes));
                    }
                    last.status = status.as_u16();
                    last.message = serde_json::from_slice::<Value>(&bytes)
                        .ok()
                        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
                        .unwrap_or_default();
                    last.forbidden = (status == StatusCode::FORBIDDEN)
                        .then(|| Forbidden::of(&headers, &last.message));
                    match retry_after(status, &headers) {
                        Some(w) => w,
                        None => return Err(last.clone().into()),
                    }
                }
                Err(e) => {
                    self.observed(&method, 0);
                    last.status = 0;
                    last.forbidden = None;
                    last.message = e.to_string();
                    Duration::ZERO
                }
            };
            if attempt + 1 < self.retry.attempts {
                let backoff = self.retry.base_delay * 2u32.saturating_pow(attempt);
                tokio::time::sleep(wait.max(backoff).min(self.retry.max_delay)).await;
            }
        }
        Err(last.into())
    }

    async fn json(
        &self,
        installation: u64,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value> {
        let (_, bytes) = self.call(installation, method, path, body).await?;
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes)
            .with_context(|| format!("GitHub {path}: the answer is not JSON"))
    }

    /// Creates the check run `in_progress` on `head_sha`; returns its id.
    pub async fn create_check_run(
        &self,
        installation: u64,
        repo: &str,
        name: &str,
        head_sha: &str,
        external_id: &str,
    ) -> Result<u64> {
        let body = json!({"name": name, "head_sha": head_sha, "status": "in_progress", "external_id": external_id});
        let v = self
            .json(
                installation,
                Method::POST,
                &format!("/repos/{repo}/check-runs"),
                Some(&body),
            )
            .await?;
        v.get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| anyhow!("GitHub created a check run without an id"))
    }

    /// Concludes a check run with `run` (from `report::check_run`), sending
    /// annotations 50 a request (later requests append, and leave the
    /// conclusion alone).
    pub async fn complete_check_run(
        &self,
        installation: u64,
        repo: &str,
        id: u64,
        run: &CheckRun,
    ) -> Result<()> {
        let path = format!("/repos/{repo}/check-runs/{id}");
        for body in check_update::requests(run)? {
            self.json(installation, Method::PATCH, &path, Some(&body))
                .await?;
        }
        Ok(())
    }

    /// Downloads a commit's tarball (GitHub answers with a redirect, followed).
    pub async fn tarball(&self, installation: u64, repo: &str, sha: &str) -> Result<Vec<u8>> {
        Ok(self
            .call(
                installation,
                Method::GET,
                &format!("/repos/{repo}/tarball/{sha}"),
                None,
            )
            .await?
            .1)
    }

    /// Creates or edits the one sticky comment: ours is the comment written by
    /// this client's own author (the App, or the workflow's bot) whose body
    /// carries the marker; another bot's or a person's comment quoting the
    /// marker is never touched. Looks before creating, so a retried run never
    /// posts a duplicate.
    pub async fn upsert_comment(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
        body: &str,
    ) -> Result<CommentOutcome> {
        let found = self.find_comment(installation, repo, pr).await?;
        self.put_comment(installation, repo, pr, found, body).await
    }

    /// Our sticky comment on PR `pr`, if there is one: the first comment of
    /// our own author carrying the marker.
    pub async fn find_comment(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
    ) -> Result<Option<u64>> {
        let path = format!("/repos/{repo}/issues/{pr}/comments");
        let mut found = None;
        self.each_page(installation, &path, 50, |items| {
            found = items
                .iter()
                .find(|c| {
                    self.author.wrote(c)
                        && c.get("body")
                            .and_then(Value::as_str)
                            .is_some_and(|b| b.contains(MARKER))
                })
                .and_then(|c| c.get("id").and_then(Value::as_u64));
            found.is_none()
        })
        .await?;
        Ok(found)
    }

    /// Reads the list at `path` 100 items a page, at most `max_pages` pages,
    /// handing each page to `page` until it answers `false` (found) or the
    /// list ends.
    async fn each_page(
        &self,
        installation: u64,
        path: &str,
        max_pages: u32,
        mut page: impl FnMut(&[Value]) -> bool,
    ) -> Result<()> {
        for n in 1..=max_pages {
            let list = self
                .json(
                    installation,
                    Method::GET,
                    &format!("{path}?per_page=100&page={n}"),
                    None,
                )
                .await?;
            let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
            if !page(items) || items.len() < 100 {
                break;
            }
        }
        Ok(())
    }

    /// Edits comment `existing`, or creates one on PR `pr` when there is none.
    pub async fn put_comment(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
        existing: Option<u64>,
        body: &str,
    ) -> Result<CommentOutcome> {
        let payload = json!({"body": body});
        match existing {
            Some(id) => {
                self.json(
                    installation,
                    Method::PATCH,
                    &format!("/repos/{repo}/issues/comments/{id}"),
                    Some(&payload),
                )
                .await?;
                Ok(CommentOutcome::Updated(id))
            }
            None => {
                let v = self
                    .json(
                        installation,
                        Method::POST,
                        &format!("/repos/{repo}/issues/{pr}/comments"),
                        Some(&payload),
                    )
                    .await?;
                Ok(CommentOutcome::Created(
                    v.get("id").and_then(Value::as_u64).unwrap_or(0),
                ))
            }
        }
    }
}

impl GitHub {
    /// Our review comments on PR `pr` (written by our author, carrying a
    /// review fingerprint), oldest first.
    pub async fn review_comments(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
    ) -> Result<Vec<Posted>> {
        let mut out = Vec::new();
        let path = format!("/repos/{repo}/pulls/{pr}/comments");
        self.each_page(installation, &path, 30, |items| {
            for c in items
                .iter()
                .filter(|c| self.author.may_have_written_review_comment(c))
            {
                let (Some(id), Some(fp)) = (
                    c.get("id").and_then(Value::as_u64),
                    c.get("body")
                        .and_then(Value::as_str)
                        .and_then(review::fingerprint_of),
                ) else {
                    continue;
                };
                out.push(Posted {
                    id,
                    fingerprint: fp.to_string(),
                });
            }
            true
        })
        .await?;
        Ok(out)
    }

    /// The body fingerprints ([`review::body_fingerprint_of`]) of the reviews
    /// we may have written on PR `pr`.
    pub async fn review_body_fingerprints(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
    ) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let path = format!("/repos/{repo}/pulls/{pr}/reviews");
        self.each_page(installation, &path, 30, |items| {
            out.extend(
                items
                    .iter()
                    .filter(|r| self.author.may_have_written_review_comment(r))
                    .filter_map(|r| r.get("body").and_then(Value::as_str))
                    .filter_map(review::body_fingerprint_of)
                    .map(str::to_string),
            );
            true
        })
        .await?;
        Ok(out)
    }

    /// Creates a review on PR `pr` at `head_sha` from `plan` (inline comments
    /// on the `RIGHT` side, single lines). When GitHub refuses the comments'
    /// anchors (422: our diff and the pull request's disagree, e.g. the base
    /// branch moved), the review is sent again with every comment in its body.
    pub async fn create_review(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
        head_sha: &str,
        plan: &ReviewPlan,
    ) -> Result<()> {
        let Some(event) = plan.event else {
            return Ok(());
        };
        let path = format!("/repos/{repo}/pulls/{pr}/reviews");
        let comments: Vec<Value> = plan
            .comments
            .iter()
            .map(|c| json!({"path": c.path, "line": c.line, "side": "RIGHT", "body": c.body}))
            .collect();
        let body =
            json!({"commit_id": head_sha, "event": event, "body": plan.body, "comments": comments});
        match self
            .json(installation, Method::POST, &path, Some(&body))
            .await
        {
            Ok(_) => Ok(()),
            Err(e)
                if e.downcast_ref::<ApiError>()
                    .is_some_and(|a| a.status == 422)
                    && !comments.is_empty() =>
            {
                tracing::warn!(
                    "GitHub refused the review's line anchors ({e:#}); sending them in the body"
                );
                let text = plan.body_with_comments();
                let body = json!({"commit_id": head_sha, "event": event, "body": text});
                self.json(installation, Method::POST, &path, Some(&body))
                    .await
                    .map(|_| ())
            }
            Err(e) => Err(e),
        }
    }

    /// The App's most recent webhook deliveries (one page of 100, newest
    /// first): what GitHub sent, and whether we answered it.
    pub async fn hook_deliveries(&self) -> Result<Vec<HookDelivery>> {
        let (_, bytes) = self
            .call_as_app(Method::GET, "/app/hook/deliveries?per_page=100")
            .await?;
        let list: Vec<Value> = serde_json::from_slice(&bytes)
            .context("GitHub /app/hook/deliveries: the answer is not a JSON list")?;
        Ok(list
            .iter()
            .filter_map(|d| {
                Some(HookDelivery {
                    id: d.get("id")?.as_u64()?,
                    guid: d.get("guid")?.as_str()?.to_string(),
                    status_code: d
                        .get("status_code")
                        .and_then(Value::as_u64)
                        .and_then(|c| u16::try_from(c).ok())
                        .unwrap_or(0),
                    event: d.get("event")?.as_str()?.to_string(),
                })
            })
            .collect())
    }

    /// Asks GitHub to send delivery `id` again.
    pub async fn redeliver(&self, id: u64) -> Result<()> {
        self.call_as_app(Method::POST, &format!("/app/hook/deliveries/{id}/attempts"))
            .await
            .map(|_| ())
    }

    /// Reviews PR `pr` at `head_sha` with what `report` adds on the `added`
    /// lines (see [`review::plan`]): lists our earlier comments, creates the
    /// review, and deletes our comments whose component is gone. Returns the
    /// plan, and the comments that could not be deleted (with why).
    #[allow(clippy::too_many_arguments)]
    pub async fn review_pull_request(
        &self,
        installation: u64,
        repo: &str,
        pr: u64,
        head_sha: &str,
        report: &crate::report::json::Report,
        added: &crate::diff::AddedLines,
        request_changes: bool,
        body_only: bool,
    ) -> Result<(ReviewPlan, Vec<(u64, String)>)> {
        let posted = self.review_comments(installation, repo, pr).await?;
        // Only a body-only review can repeat itself: read earlier reviews then.
        let earlier = if body_only {
            self.review_body_fingerprints(installation, repo, pr)
                .await?
        } else {
            Vec::new()
        };
        let plan = review::plan(report, added, &posted, &earlier, request_changes, body_only);
        self.create_review(installation, repo, pr, head_sha, &plan)
            .await?;
        let mut undeleted = Vec::new();
        for id in &plan.stale {
            if let Err(e) = self.delete_review_comment(installation, repo, *id).await {
                undeleted.push((*id, format!("{e:#}")));
            }
        }
        Ok((plan, undeleted))
    }

    /// Deletes one of our review comments.
    pub async fn delete_review_comment(
        &self,
        installation: u64,
        repo: &str,
        id: u64,
    ) -> Result<()> {
        self.call(
            installation,
            Method::DELETE,
            &format!("/repos/{repo}/pulls/comments/{id}"),
            None,
        )
        .await
        .map(|_| ())
    }
}

/// Whether GitHub says the rate-limit quota is used up (`x-ratelimit-remaining: 0`).
fn quota_spent(headers: &HeaderMap) -> bool {
    headers
        .get("x-ratelimit-remaining")
        .and_then(|v| v.to_str().ok())
        == Some("0")
}

/// How long to wait before retrying, or `None` when the error is final.
fn retry_after(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
    let header_secs = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    if let Some(s) = header_secs("retry-after") {
        return Some(Duration::from_secs(s));
    }
    let limited = quota_spent(headers);
    if limited && let Some(reset) = header_secs("x-ratelimit-reset") {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return Some(Duration::from_secs(reset.saturating_sub(now)));
    }
    match status.as_u16() {
        500..=599 | 429 => Some(Duration::ZERO),
        403 if limited => Some(Duration::ZERO),
        _ => None,
    }
}
