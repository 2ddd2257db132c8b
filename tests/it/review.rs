//! Review comments on the added lines, end to end through the App against the
//! fake GitHub (which refuses a review with one off-diff comment, as GitHub
//! does): one comment per added line naming its components, the rest in the
//! review body, a cap, no repeats on a new push, outdated comments deleted,
//! `comments:` in `.aibom.yml`, and the fallback when GitHub's diff and ours
//! disagree.

use aibom::report::check_run::Conclusion;
use aibom::server::worker::Processed;

use crate::app::{App, BASE, CLAUDE};
use crate::common::git;

/// `lib/choices.py` lists a model in a directory with no AI yet: not a component.
const REGISTRY: &[(&str, &[u8])] = &[("lib/choices.py", b"CHOICES = [\"gpt-4.1-mini\"]\n")];
/// A client beside it makes the listed model a component whose line the change never touched.
const CLIENT: &[(&str, &[u8])] = &[(
    "lib/client.py",
    b"import os\nimport openai\nclient = openai.OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])\n",
)];

async fn run(app: &App) {
    assert!(matches!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(_)
    ));
}

#[tokio::test]
async fn a_review_comments_on_the_lines_that_added_ai_and_lists_the_rest() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    app.commit(REGISTRY);
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    app.commit(CLIENT);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 5, &base, &head).await;
    run(&app).await;
    {
        let m = app.fake.model();
        assert!(m.invalid.is_empty(), "{:?}", m.invalid);
        assert_eq!(m.reviews.len(), 1);
        let review = &m.reviews[0];
        assert_eq!(
            (review.event.as_str(), review.commit_id.as_str()),
            ("COMMENT", head.as_str())
        );
        // The listed model's line is unchanged: named in the body, not inline.
        insta::assert_snapshot!("review_body_off_diff", review.body);
        // One comment for the line adding the Anthropic call (model and
        // endpoint), one for the line reading the key.
        let at: Vec<(&str, u64)> = m
            .review_comments
            .iter()
            .map(|c| (c.path.as_str(), c.line))
            .collect();
        assert_eq!(at, [("app/claude.py", 2), ("lib/client.py", 3)]);
        insta::assert_snapshot!("review_inline_env_var", m.review_comments[1].body);
        insta::assert_snapshot!("review_inline_new_provider", m.review_comments[0].body);
        // The sticky comment is still written (the default is both).
        assert_eq!(m.comments.len(), 1);
    }
    // The same change pushed again (a rebase, an unrelated file): nothing repeated.
    let again = app.commit(&[("README.md", b"docs\n")]);
    app.deliver_pr("d2", "synchronize", 5, &base, &again).await;
    run(&app).await;
    {
        let m = app.fake.model();
        assert_eq!(m.reviews.len(), 1, "no second review for the same comments");
        assert_eq!(m.review_comments.len(), 2);
    }
    // The Anthropic call removed: its comment is outdated and deleted.
    let removed = app.commit(&[("app/claude.py", b"x = 1\n")]);
    app.deliver_pr("d3", "synchronize", 5, &base, &removed)
        .await;
    run(&app).await;
    let m = app.fake.model();
    let left: Vec<&str> = m.review_comments.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        left,
        ["lib/client.py"],
        "only the Anthropic comment is outdated"
    );
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
}

#[tokio::test]
async fn a_default_switched_to_a_denied_model_gets_a_comment_on_its_line() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    app.commit(&[
        (".aibom.yml", b"deny:\n  models: [\"o3-*\"]\n"),
        (
            "app/models.py",
            b"import openai\nKNOWN = [\"gpt-4o\", \"o3-mini\"]\n",
        ),
        (
            "app/defaults.py",
            b"import openai\n\nDEFAULT_MODEL = \"gpt-4o\"\n",
        ),
    ]);
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(&[(
        "app/defaults.py",
        b"import openai\n\nDEFAULT_MODEL = \"o3-mini\"\n",
    )]);
    app.deliver_pr("d1", "opened", 7, &base, &head).await;
    run(&app).await;
    let m = app.fake.model();
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
    assert_eq!(m.reviews.len(), 1);
    assert_eq!(m.reviews[0].event, "COMMENT");
    let at: Vec<(&str, u64)> = m
        .review_comments
        .iter()
        .map(|c| (c.path.as_str(), c.line))
        .collect();
    assert_eq!(at, [("app/defaults.py", 3)]);
    insta::assert_snapshot!("review_inline_switch", m.review_comments[0].body);
    let run = m.check_runs.last().unwrap();
    assert_eq!(run.conclusion.as_deref(), Some("failure"));
}

#[tokio::test]
async fn a_review_holds_at_most_thirty_comments() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let mut text = String::from("import openai\nc = openai.OpenAI()\n");
    for i in 0..40 {
        text.push_str(&format!(
            "c.chat.completions.create(model=\"gpt-4o-2024-{:02}-{:02}\")\n",
            1 + i / 28,
            1 + i % 28
        ));
    }
    let head = app.commit(&[("app/many.py", text.as_bytes())]);
    app.deliver_pr("d1", "opened", 6, &base, &head).await;
    run(&app).await;
    let m = app.fake.model();
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
    assert_eq!(m.reviews.len(), 1);
    assert_eq!(m.review_comments.len(), 30);
    insta::assert_snapshot!("review_body_capped", m.reviews[0].body);
}

#[tokio::test]
async fn the_policy_file_chooses_summary_review_both_or_off() {
    for (mode, summary, review) in [
        ("summary", true, false),
        ("review", false, true),
        ("both", true, true),
        ("off", false, false),
    ] {
        let db = crate::db::sqlite();
        let policy =
            format!("fail-on:\n  new-provider: failure\ncomments: {mode}\nrequest-changes: true\n");
        let app = App::new(&db.url, &[(".aibom.yml", policy.as_bytes()), BASE[0]]).await;
        let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
        let head = app.commit(CLAUDE);
        app.deliver_pr("d1", "opened", 7, &base, &head).await;
        assert_eq!(
            app.worker.run_once().await.unwrap(),
            Processed::Concluded(Conclusion::Failure),
            "{mode}: the check run is the gate whatever is commented"
        );
        let m = app.fake.model();
        assert_eq!(!m.comments.is_empty(), summary, "{mode}: summary");
        assert_eq!(!m.reviews.is_empty(), review, "{mode}: review");
        if review {
            assert_eq!(m.reviews[0].event, "REQUEST_CHANGES", "{mode}");
        }
    }
}

/// With `comments: review` and nothing on a changed line (a weight file has
/// no line), the review body is the only word: said once, not on every push,
/// and again only when the list changes.
#[tokio::test]
async fn a_body_only_review_is_not_repeated_on_a_new_push() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, &[(".aibom.yml", b"comments: review\n"), BASE[0]]).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let weights = crate::weights::safetensors();
    let head = app.commit(&[("models/adapter.safetensors", &weights)]);
    app.deliver_pr("d1", "opened", 8, &base, &head).await;
    run(&app).await;
    {
        let m = app.fake.model();
        assert_eq!(m.reviews.len(), 1);
        assert!(m.review_comments.is_empty() && m.comments.is_empty());
        insta::assert_snapshot!("review_body_only", m.reviews[0].body);
    }
    let again = app.commit(&[("README.md", b"docs\n")]);
    app.deliver_pr("d2", "synchronize", 8, &base, &again).await;
    run(&app).await;
    assert_eq!(
        app.fake.model().reviews.len(),
        1,
        "the same list is not said twice"
    );
    let more = app.commit(&[("models/second.safetensors", &weights)]);
    app.deliver_pr("d3", "synchronize", 8, &base, &more).await;
    run(&app).await;
    let m = app.fake.model();
    assert_eq!(m.reviews.len(), 2, "a changed list is said again");
    assert!(m.reviews[1].body.contains("`models/second.safetensors`"));
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
}

#[tokio::test]
async fn anchors_github_refuses_are_sent_in_the_review_body() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 8, &base, &head).await;
    // GitHub's diff for this pull request starts from a later base (the base
    // branch moved), where the Anthropic line is no change at all.
    app.fake
        .model()
        .pulls
        .insert(("acme/app".into(), 8), (head.clone(), head.clone()));
    run(&app).await;
    let m = app.fake.model();
    assert_eq!(m.reviews.len(), 1, "sent again without anchors");
    assert!(m.review_comments.is_empty());
    insta::assert_snapshot!("review_body_refused_anchors", m.reviews[0].body);
}

/// A merge-queue commit (`merge_group.checks_requested`) as GitHub documents
/// the payload (no real delivery of it is among the shared fixtures).
fn merge_group_body(base: &str, head: &str) -> Vec<u8> {
    std::fs::read_to_string(crate::common::fixture(
        "github/merge_group.checks_requested.json",
    ))
    .unwrap()
    .replace("BASE_SHA", base)
    .replace("HEAD_SHA", head)
    .into_bytes()
}

#[tokio::test]
async fn merge_queue_commits_get_concluded_check_runs_and_no_comments() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let first = app.commit(CLAUDE);
    let second = app.commit(&[("README.md", b"docs\n")]);
    // Two groups queued at once: each head is gated on its own (neither supersedes the other).
    for (i, (b, h)) in [(&base, &first), (&first, &second)].into_iter().enumerate() {
        let body = merge_group_body(b, h);
        let req = Request::post("/webhook")
            .header("x-github-event", "merge_group")
            .header("x-github-delivery", format!("mg{i}"))
            .header(
                "x-hub-signature-256",
                aibom::server::signature::sign("s", &body),
            )
            .body(Body::from(body))
            .unwrap();
        let status = aibom::server::routes::router(app.state.clone())
            .oneshot(req)
            .await
            .unwrap()
            .status();
        assert_eq!(status, axum::http::StatusCode::ACCEPTED);
    }
    let mut concluded = Vec::new();
    for _ in 0..2 {
        concluded.push(app.worker.run_once().await.unwrap());
    }
    assert_eq!(app.worker.run_once().await.unwrap(), Processed::Idle);
    assert_eq!(
        concluded,
        [
            Processed::Concluded(Conclusion::Failure),
            Processed::Concluded(Conclusion::Success)
        ]
    );
    let m = app.fake.model();
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
    let runs: Vec<(&str, Option<&str>)> = m
        .check_runs
        .iter()
        .map(|r| (r.head_sha.as_str(), r.conclusion.as_deref()))
        .collect();
    assert_eq!(
        runs,
        [
            (first.as_str(), Some("failure")),
            (second.as_str(), Some("success"))
        ]
    );
    assert!(
        m.comments.is_empty() && m.reviews.is_empty(),
        "no pull request to comment on"
    );
}
