//! A local fake GitHub for the App's tests (shared by the Action's later): an
//! in-memory model of check runs and comments, repositories backed by real git
//! repositories (trees, contents, tarballs), fault injection, and every request
//! body validated against GitHub's own OpenAPI subset.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::common::shared;

/// A check run as the fake holds it.
#[derive(Debug, Clone)]
pub struct CheckRun {
    pub id: u64,
    pub repo: String,
    pub head_sha: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub output: Value,
    pub annotations: Vec<Value>,
}

/// An issue comment.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub repo: String,
    pub issue: u64,
    pub body: String,
    pub author: Writer,
}

/// A pull request review as the fake holds it.
#[derive(Debug, Clone)]
pub struct Review {
    pub id: u64,
    pub repo: String,
    pub pr: u64,
    pub author: Writer,
    pub commit_id: String,
    pub event: String,
    pub body: String,
}

/// An inline review comment.
#[derive(Debug, Clone)]
pub struct ReviewComment {
    pub id: u64,
    pub repo: String,
    pub pr: u64,
    pub path: String,
    pub line: u64,
    pub body: String,
    pub author: Writer,
}

/// Who wrote a comment (GitHub lets only the author edit it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Writer {
    pub login: String,
    /// The App it was written through (`performed_via_github_app`).
    pub app: Option<(u64, String)>,
}

impl Writer {
    /// Our App (id 42, the test key's), as an installation token writes.
    pub fn our_app() -> Self {
        Writer {
            login: "aibom[bot]".into(),
            app: Some((42, "aibom".into())),
        }
    }
    /// A workflow's `GITHUB_TOKEN`.
    pub fn actions() -> Self {
        Writer {
            login: "github-actions[bot]".into(),
            app: Some((15368, "github-actions".into())),
        }
    }
    /// Another App's bot.
    pub fn other_bot() -> Self {
        Writer {
            login: "other-scanner[bot]".into(),
            app: Some((777, "other-scanner".into())),
        }
    }
    /// A person.
    pub fn human() -> Self {
        Writer {
            login: "octocat".into(),
            app: None,
        }
    }
}

/// The token the fake gives a workflow (`GITHUB_TOKEN` in the Action's tests).
pub const WORKFLOW_TOKEN: &str = "ghs_workflow_token";

/// Who a request's token writes as.
fn requester(authorization: &str) -> Option<Writer> {
    if authorization.contains(WORKFLOW_TOKEN) {
        Some(Writer::actions())
    } else if authorization.contains("ghs_test_token") {
        Some(Writer::our_app())
    } else {
        None
    }
}

/// An injected failure: the next request whose method and path match gets it.
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: Method,
    pub path_contains: String,
    pub status: u16,
    pub retry_after: Option<u64>,
}

/// What the fake knows and saw.
#[derive(Debug, Default)]
pub struct Model {
    pub tokens: u32,
    pub check_runs: Vec<CheckRun>,
    pub comments: Vec<Comment>,
    /// Pull requests (`(repo, number)` → (base sha, head sha)): reviews are
    /// checked against the diff between them, as GitHub checks them.
    pub pulls: HashMap<(String, u64), (String, String)>,
    pub reviews: Vec<Review>,
    /// The App's delivery log (`GET /app/hook/deliveries`), newest first.
    pub hook_deliveries: Vec<Value>,
    /// Delivery-log ids the App asked to redeliver.
    pub redelivered: Vec<u64>,
    pub review_comments: Vec<ReviewComment>,
    pub tarballs: HashMap<(String, String), Vec<u8>>,
    /// Repositories (`owner/name` → a local git repository) whose commits the
    /// fake serves as trees, contents and tarballs.
    pub repos: HashMap<String, std::path::PathBuf>,
    /// Answer tree listings as truncated (as GitHub does past 100,000 entries).
    pub truncate_trees: bool,
    pub faults: VecDeque<Fault>,
    /// Requests whose body the OpenAPI schema rejected (must stay empty).
    pub invalid: Vec<String>,
    pub requests: Vec<String>,
    /// Every request body received, as text (what the App told GitHub).
    pub bodies: Vec<String>,
    /// Reads of repository content (trees, contents, tarballs) are held this
    /// long (to catch a job in flight).
    pub read_delay_ms: u64,
}

/// A running fake.
pub struct FakeGitHub {
    pub url: String,
    pub model: Arc<Mutex<Model>>,
}

struct Validators(Vec<(Method, Vec<String>, jsonschema::Validator)>);

fn validators() -> Validators {
    let api: Value = serde_json::from_str(
        &std::fs::read_to_string(
            shared().join("fixtures/github/openapi/api.github.com.subset.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    for (path, ops) in api["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else {
                continue;
            };
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let v = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(schema)
                .unwrap();
            out.push((m, path.split('/').map(str::to_string).collect(), v));
        }
    }
    Validators(out)
}

fn matches(template: &[String], path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() == template.len()
        && template
            .iter()
            .zip(&parts)
            .all(|(t, p)| t.starts_with('{') || t == p)
}

impl FakeGitHub {
    pub async fn start() -> FakeGitHub {
        let model = Arc::new(Mutex::new(Model::default()));
        let validators = Arc::new(validators());
        let (m, v) = (model.clone(), validators.clone());
        let app = Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let (m, v) = (m.clone(), v.clone());
                async move {
                    let delay = m.lock().unwrap().read_delay_ms;
                    let reads = ["/tarball/", "/git/trees/", "/contents/"];
                    if delay > 0 && reads.iter().any(|r| uri.path().contains(r)) {
                        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
                    }
                    handle(&m, &v, method, uri, headers, body)
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeGitHub { url, model }
    }

    pub fn model(&self) -> std::sync::MutexGuard<'_, Model> {
        self.model.lock().unwrap()
    }
}

fn handle(
    model: &Mutex<Model>,
    validators: &Validators,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let mut m = model.lock().unwrap();
    m.requests.push(format!("{method} {}", uri));
    if !body.is_empty() {
        m.bodies.push(String::from_utf8_lossy(&body).into_owned());
    }
    if let Some(i) = m
        .faults
        .iter()
        .position(|f| f.method == method && path.contains(&f.path_contains))
    {
        let f = m.faults.remove(i).unwrap();
        let mut resp = (
            StatusCode::from_u16(f.status).unwrap(),
            axum::Json(json!({"message": "injected fault"})),
        )
            .into_response();
        if let Some(s) = f.retry_after {
            resp.headers_mut()
                .insert("retry-after", s.to_string().parse().unwrap());
        }
        return resp;
    }
    let json_body: Option<Value> = if body.is_empty() {
        None
    } else {
        serde_json::from_slice(&body).ok()
    };
    if let Some(b) = &json_body {
        for (vm, template, v) in &validators.0 {
            if *vm == method && matches(template, &path) {
                let errors: Vec<String> = v
                    .iter_errors(b)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                if !errors.is_empty() {
                    m.invalid
                        .push(format!("{method} {path}: {}", errors.join("; ")));
                    return (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        axum::Json(json!({"message": "Validation Failed", "errors": errors})),
                    )
                        .into_response();
                }
            }
        }
    }
    let authed = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), seg.as_slice()) {
        ("POST", ["app", "installations", _, "access_tokens"]) => {
            if !authed.starts_with("Bearer ") {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            m.tokens += 1;
            let token = json!({
                "token": "ghs_test_token",
                "expires_at": "2099-01-01T00:00:00Z",
                "permissions": {"checks": "write", "contents": "read", "metadata": "read", "pull_requests": "write"},
                "repository_selection": "all"
            });
            (StatusCode::CREATED, axum::Json(token)).into_response()
        }
        // App-level endpoints take the App's JWT, never an installation token.
        ("GET", ["app", "hook", "deliveries"])
        | ("POST", ["app", "hook", "deliveries", _, "attempts"])
            if !authed.starts_with("Bearer ") || requester(authed).is_some() =>
        {
            StatusCode::UNAUTHORIZED.into_response()
        }
        ("GET", ["app", "hook", "deliveries"]) => (
            StatusCode::OK,
            axum::Json(Value::Array(m.hook_deliveries.clone())),
        )
            .into_response(),
        ("POST", ["app", "hook", "deliveries", id, "attempts"]) => {
            let Some(id) = id.parse::<u64>().ok().filter(|id| {
                m.hook_deliveries
                    .iter()
                    .any(|d| d["id"].as_u64() == Some(*id))
            }) else {
                return not_found();
            };
            m.redelivered.push(id);
            (StatusCode::ACCEPTED, axum::Json(json!({}))).into_response()
        }
        _ if requester(authed).is_none() => StatusCode::UNAUTHORIZED.into_response(),
        ("POST", ["repos", o, r, "check-runs"]) => {
            let b = json_body.unwrap_or_default();
            let id = m.check_runs.len() as u64 + 1;
            m.check_runs.push(CheckRun {
                id,
                repo: format!("{o}/{r}"),
                head_sha: b["head_sha"].as_str().unwrap_or_default().into(),
                status: b["status"].as_str().unwrap_or("queued").into(),
                conclusion: None,
                output: Value::Null,
                annotations: Vec::new(),
            });
            (
                StatusCode::CREATED,
                axum::Json(json!({"id": id, "head_sha": b["head_sha"], "status": b["status"]})),
            )
                .into_response()
        }
        ("PATCH", ["repos", _, _, "check-runs", id]) => {
            let b = json_body.unwrap_or_default();
            let Some(run) = id
                .parse::<u64>()
                .ok()
                .and_then(|id| m.check_runs.iter_mut().find(|c| c.id == id))
            else {
                return StatusCode::NOT_FOUND.into_response();
            };
            if let Some(c) = b.get("conclusion").and_then(Value::as_str) {
                run.conclusion = Some(c.into());
                run.status = "completed".into();
            }
            if let Some(s) = b.get("status").and_then(Value::as_str) {
                run.status = s.into();
            }
            if let Some(out) = b.get("output") {
                run.annotations.extend(
                    out.get("annotations")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default(),
                );
                run.output = out.clone();
            }
            (StatusCode::OK, axum::Json(json!({"id": run.id}))).into_response()
        }
        ("GET", ["repos", o, r, "tarball", sha]) => {
            let location = format!("/_codeload/{o}/{r}/{sha}");
            (StatusCode::FOUND, [("location", location)]).into_response()
        }
        ("GET", ["_codeload", o, r, sha]) => {
            let repo = format!("{o}/{r}");
            if let Some(bytes) = m.tarballs.get(&(repo.clone(), sha.to_string())) {
                return (StatusCode::OK, bytes.clone()).into_response();
            }
            let prefix = format!("--prefix={o}-{r}-{}/", &sha[..sha.len().min(7)]);
            match m
                .repos
                .get(&repo)
                .and_then(|dir| git_out(dir, &["archive", "--format=tar.gz", &prefix, sha]))
            {
                Some(bytes) => (StatusCode::OK, bytes).into_response(),
                None => not_found(),
            }
        }
        ("GET", ["repos", o, r, "git", "trees", sha]) => {
            let Some(dir) = m.repos.get(&format!("{o}/{r}")) else {
                return not_found();
            };
            let Some(out) = git_out(dir, &["ls-tree", "-r", "-l", "-z", "--full-tree", sha]) else {
                return not_found();
            };
            let tree: Vec<Value> = out
                .split(|b| *b == 0)
                .filter(|rec| !rec.is_empty())
                .filter_map(|rec| {
                    let rec = String::from_utf8_lossy(rec);
                    let (meta, path) = rec.split_once('\t')?;
                    let f: Vec<&str> = meta.split_whitespace().collect();
                    let mut item = json!({"path": path, "mode": f[0], "type": f[1], "sha": f[2]});
                    if let Ok(size) = f[3].parse::<u64>() {
                        item["size"] = size.into();
                    }
                    Some(item)
                })
                .collect();
            let body = json!({"sha": sha, "url": "", "tree": tree, "truncated": m.truncate_trees});
            (StatusCode::OK, axum::Json(body)).into_response()
        }
        ("GET", ["repos", o, r, "contents", rest @ ..]) => {
            let Some(dir) = m.repos.get(&format!("{o}/{r}")) else {
                return not_found();
            };
            let path = rest
                .iter()
                .map(|s| percent_decode(s))
                .collect::<Vec<_>>()
                .join("/");
            let rev = uri
                .query()
                .unwrap_or("")
                .split('&')
                .find_map(|kv| kv.strip_prefix("ref="))
                .unwrap_or("HEAD")
                .to_string();
            let spec = format!("{rev}:{path}");
            let Some(bytes) = git_out(dir, &["cat-file", "blob", &spec]) else {
                return not_found();
            };
            let mode = git_out(dir, &["ls-tree", &rev, "--", &path])
                .map(|o| {
                    String::from_utf8_lossy(&o)
                        .split(' ')
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .unwrap_or_default();
            let raw = headers
                .get("accept")
                .and_then(|a| a.to_str().ok())
                .is_some_and(|a| a.contains("raw"));
            if mode == "120000" {
                if raw {
                    // GitHub would follow the link; a client must never ask for that.
                    m.invalid.push(format!("raw read of symlink {path}"));
                }
                let target = String::from_utf8_lossy(&bytes).into_owned();
                return (
                    StatusCode::OK,
                    axum::Json(json!({"type": "symlink", "path": path, "target": target})),
                )
                    .into_response();
            }
            if raw {
                (StatusCode::OK, bytes).into_response()
            } else {
                (
                    StatusCode::OK,
                    axum::Json(json!({"type": "file", "path": path, "size": bytes.len()})),
                )
                    .into_response()
            }
        }
        ("GET", ["repos", o, r, "issues", n, "comments"]) => {
            let repo = format!("{o}/{r}");
            let n: u64 = n.parse().unwrap_or(0);
            let list: Vec<Value> = m
                .comments
                .iter()
                .filter(|c| c.repo == repo && c.issue == n)
                .map(|c| {
                    let kind = if c.author.app.is_some() { "Bot" } else { "User" };
                    let app = c
                        .author
                        .app
                        .as_ref()
                        .map(|(id, slug)| json!({"id": id, "slug": slug, "name": slug}));
                    json!({"id": c.id, "body": c.body, "user": {"login": c.author.login, "type": kind}, "performed_via_github_app": app})
                })
                .collect();
            (StatusCode::OK, axum::Json(Value::Array(list))).into_response()
        }
        ("POST", ["repos", o, r, "issues", n, "comments"]) => {
            let id = 1000 + m.comments.len() as u64;
            let body = json_body
                .and_then(|b| b["body"].as_str().map(str::to_string))
                .unwrap_or_default();
            if body.chars().count() > 65_536 {
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    axum::Json(
                        json!({"message": "Body is too long (maximum is 65536 characters)"}),
                    ),
                )
                    .into_response();
            }
            m.comments.push(Comment {
                id,
                repo: format!("{o}/{r}"),
                issue: n.parse().unwrap_or(0),
                body,
                author: requester(authed).unwrap_or_else(Writer::our_app),
            });
            (StatusCode::CREATED, axum::Json(json!({"id": id}))).into_response()
        }
        ("PATCH", ["repos", _, _, "issues", "comments", id]) => {
            let body = json_body
                .and_then(|b| b["body"].as_str().map(str::to_string))
                .unwrap_or_default();
            match id
                .parse::<u64>()
                .ok()
                .and_then(|id| m.comments.iter_mut().find(|c| c.id == id))
            {
                // Only a comment's author may edit it.
                Some(c) if Some(&c.author) != requester(authed).as_ref() => (
                    StatusCode::FORBIDDEN,
                    axum::Json(json!({"message": "Resource not accessible by integration"})),
                )
                    .into_response(),
                Some(c) => {
                    c.body = body;
                    (StatusCode::OK, axum::Json(json!({"id": c.id}))).into_response()
                }
                None => StatusCode::NOT_FOUND.into_response(),
            }
        }
        ("POST", ["repos", o, r, "pulls", n, "reviews"]) => {
            let repo = format!("{o}/{r}");
            let n: u64 = n.parse().unwrap_or(0);
            let b = json_body.unwrap_or_default();
            if let Err(e) = review_shape(&b) {
                m.invalid.push(format!("POST {path}: {e}"));
                return unprocessable(&e);
            }
            let Some((base, head)) = m.pulls.get(&(repo.clone(), n)).cloned() else {
                return not_found();
            };
            if b["commit_id"] != head.as_str() {
                return unprocessable("commit_id is not the pull request's head");
            }
            let comments = b["comments"].as_array().cloned().unwrap_or_default();
            if !comments.is_empty() {
                let Some(hunks) = m.repos.get(&repo).map(|d| diff_lines(d, &base, &head)) else {
                    return not_found();
                };
                // All or nothing, and the error names no entry (as GitHub does).
                let off = comments.iter().any(|c| {
                    let path = c["path"].as_str().unwrap_or("");
                    let line = c["line"].as_u64().unwrap_or(0);
                    !hunks.get(path).is_some_and(|l| l.contains(&line))
                });
                if off {
                    return unprocessable(
                        "Pull request review thread line must be part of the diff",
                    );
                }
            }
            let body = b["body"].as_str().unwrap_or("").to_string();
            if body.chars().count() > 65_536 {
                return unprocessable("Body is too long (maximum is 65536 characters)");
            }
            let id = 5000 + m.reviews.len() as u64;
            let author = requester(authed).unwrap_or_else(Writer::our_app);
            m.reviews.push(Review {
                id,
                repo: repo.clone(),
                pr: n,
                author: author.clone(),
                commit_id: head,
                event: b["event"].as_str().unwrap_or("COMMENT").to_string(),
                body,
            });
            for c in comments {
                let cid = 9000 + m.review_comments.len() as u64 + m.reviews.len() as u64 * 1000;
                m.review_comments.push(ReviewComment {
                    id: cid,
                    repo: repo.clone(),
                    pr: n,
                    path: c["path"].as_str().unwrap_or("").to_string(),
                    line: c["line"].as_u64().unwrap_or(0),
                    body: c["body"].as_str().unwrap_or("").to_string(),
                    author: author.clone(),
                });
            }
            (
                StatusCode::OK,
                axum::Json(json!({"id": id, "state": "COMMENTED"})),
            )
                .into_response()
        }
        ("GET", ["repos", o, r, "pulls", n, "reviews"]) => {
            let repo = format!("{o}/{r}");
            let n: u64 = n.parse().unwrap_or(0);
            let list: Vec<Value> = m
                .reviews
                .iter()
                .filter(|v| v.repo == repo && v.pr == n)
                .map(|v| {
                    let kind = if v.author.app.is_some() { "Bot" } else { "User" };
                    json!({"id": v.id, "body": v.body, "commit_id": v.commit_id, "state": "COMMENTED", "user": {"login": v.author.login, "type": kind}})
                })
                .collect();
            (StatusCode::OK, axum::Json(Value::Array(list))).into_response()
        }
        ("GET", ["repos", o, r, "pulls", n, "comments"]) => {
            let repo = format!("{o}/{r}");
            let n: u64 = n.parse().unwrap_or(0);
            // Review comments carry no `performed_via_github_app`.
            let list: Vec<Value> = m
                .review_comments
                .iter()
                .filter(|c| c.repo == repo && c.pr == n)
                .map(|c| {
                    let kind = if c.author.app.is_some() { "Bot" } else { "User" };
                    json!({"id": c.id, "path": c.path, "line": c.line, "body": c.body, "user": {"login": c.author.login, "type": kind}})
                })
                .collect();
            (StatusCode::OK, axum::Json(Value::Array(list))).into_response()
        }
        ("DELETE", ["repos", _, _, "pulls", "comments", id]) => {
            let Some(i) = id
                .parse::<u64>()
                .ok()
                .and_then(|id| m.review_comments.iter().position(|c| c.id == id))
            else {
                return not_found();
            };
            if Some(&m.review_comments[i].author) != requester(authed).as_ref() {
                return (
                    StatusCode::FORBIDDEN,
                    axum::Json(json!({"message": "Resource not accessible by integration"})),
                )
                    .into_response();
            }
            m.review_comments.remove(i);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "Not Found"})),
        )
            .into_response(),
    }
}

fn unprocessable(message: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({"message": "Unprocessable Entity", "errors": [message]})),
    )
        .into_response()
}

/// The request shape of `POST /repos/{owner}/{repo}/pulls/{n}/reviews` as
/// GitHub documents it (the OpenAPI subset here lacks this operation):
/// `commit_id`, `event` of three, `body`, and `comments` anchored by `path`,
/// `line` and `side` (never the deprecated `position`; `start_line` only below `line`).
fn review_shape(b: &Value) -> Result<(), String> {
    let obj = b.as_object().ok_or("the body is not an object")?;
    for k in obj.keys() {
        if !["commit_id", "body", "event", "comments"].contains(&k.as_str()) {
            return Err(format!("unknown field {k}"));
        }
    }
    if !b["commit_id"].is_string() {
        return Err("commit_id must be a string".into());
    }
    match b["event"].as_str() {
        Some("COMMENT" | "REQUEST_CHANGES" | "APPROVE") => {}
        _ => return Err("event must be COMMENT, REQUEST_CHANGES or APPROVE".into()),
    }
    if matches!(b["event"].as_str(), Some("COMMENT" | "REQUEST_CHANGES"))
        && b["body"].as_str().is_none_or(str::is_empty)
    {
        return Err("a COMMENT or REQUEST_CHANGES review needs a body".into());
    }
    for c in b["comments"].as_array().into_iter().flatten() {
        let c = c.as_object().ok_or("a comment is not an object")?;
        for k in c.keys() {
            if !["path", "line", "side", "body", "start_line", "start_side"].contains(&k.as_str()) {
                return Err(format!("comment field {k} is not allowed"));
            }
        }
        if !c.get("path").is_some_and(Value::is_string)
            || !c.get("body").is_some_and(Value::is_string)
            || c.get("line").and_then(Value::as_u64).is_none_or(|l| l < 1)
        {
            return Err("a comment needs path, body and a line >= 1".into());
        }
        if !matches!(
            c.get("side").and_then(Value::as_str),
            Some("RIGHT" | "LEFT") | None
        ) {
            return Err("side must be LEFT or RIGHT".into());
        }
        if let Some(start) = c.get("start_line").and_then(Value::as_u64)
            && start >= c["line"].as_u64().unwrap_or(0)
        {
            return Err("start line must precede the end line".into());
        }
    }
    Ok(())
}

/// Head lines inside the hunks of `git diff base..head` (three lines of
/// context, as the pull request shows): where GitHub accepts a `RIGHT` comment.
fn diff_lines(dir: &std::path::Path, base: &str, head: &str) -> HashMap<String, Vec<u64>> {
    let out = git_out(dir, &["diff", "--no-color", "--no-renames", base, head]).unwrap_or_default();
    let mut map: HashMap<String, Vec<u64>> = HashMap::new();
    let mut file = String::new();
    for line in String::from_utf8_lossy(&out).lines() {
        if let Some(p) = line.strip_prefix("+++ ") {
            file = p.strip_prefix("b/").unwrap_or(p).to_string();
        } else if let Some(h) = line.strip_prefix("@@ ") {
            // @@ -a,b +c,d @@
            let new = h.split(' ').nth(1).unwrap_or("+0").trim_start_matches('+');
            let (start, count) = new.split_once(',').unwrap_or((new, "1"));
            let (start, count): (u64, u64) =
                (start.parse().unwrap_or(0), count.parse().unwrap_or(0));
            map.entry(file.clone())
                .or_default()
                .extend(start..start + count);
        }
    }
    map
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"message": "Not Found"})),
    )
        .into_response()
}

/// Runs git in a served repository; `None` when it fails (an unknown commit).
fn git_out(dir: &std::path::Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
