//! The App's GitHub client against the local fake: limits, stickiness,
//! retries and token reuse; every request body valid per GitHub's OpenAPI.

use std::time::Duration;

use aibom::github::{CommentOutcome, GitHub, RetryPolicy};
use aibom::report::check_run::{Annotation, AnnotationLevel, CheckRun, Conclusion};
use http::Method;

use crate::fake_github::{Comment, FakeGitHub, Fault, Writer};

const KEY: &str = include_str!("../fixtures/test-app-key.pem");

fn client(fake: &FakeGitHub) -> GitHub {
    let retry = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
    };
    GitHub::new(42, KEY, &fake.url, retry)
        .unwrap()
        .write_spacing(Duration::ZERO)
}

/// Content-creating requests of one installation are paced (GitHub's
/// secondary limits: 80 a minute); reads are not.
#[tokio::test]
async fn writes_of_one_installation_are_paced_reads_are_not() {
    let fake = FakeGitHub::start().await;
    let gh = client(&fake).write_spacing(Duration::from_millis(300));
    let started = std::time::Instant::now();
    for _ in 0..3 {
        gh.find_comment(1, "acme/app", 9).await.unwrap();
    }
    let reads = started.elapsed();
    assert!(
        reads < Duration::from_millis(300),
        "reads waited: {reads:?}"
    );
    let started = std::time::Instant::now();
    for i in 0..3 {
        gh.put_comment(1, "acme/app", 9, None, &format!("c{i}"))
            .await
            .unwrap();
    }
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "three writes were not spaced: {:?}",
        started.elapsed()
    );
    assert_eq!(fake.model().comments.len(), 3);
}

/// A 403 says which of its meanings it is, in the error the check output and
/// logs show.
#[tokio::test]
async fn every_403_is_told_apart() {
    let fake = FakeGitHub::start().await;
    let gh = client(&fake);
    fake.model().comments.push(Comment {
        id: 1,
        repo: "acme/app".into(),
        issue: 9,
        body: "theirs".into(),
        author: Writer::other_bot(),
    });
    let e = gh
        .put_comment(1, "acme/app", 9, Some(1), "ours")
        .await
        .unwrap_err();
    let api = e
        .downcast_ref::<aibom::github::ApiError>()
        .expect("an API error");
    assert_eq!(api.forbidden, Some(aibom::github::Forbidden::NoPermission));
    assert!(e.to_string().contains("missing permission"), "{e}");
    let limited = http::HeaderMap::new();
    assert_eq!(
        aibom::github::Forbidden::of(&limited, "You have exceeded a secondary rate limit."),
        aibom::github::Forbidden::RateLimited
    );
    let mut h = http::HeaderMap::new();
    h.insert("x-ratelimit-remaining", "0".parse().unwrap());
    assert_eq!(
        aibom::github::Forbidden::of(&h, "API rate limit exceeded"),
        aibom::github::Forbidden::RateLimited
    );
    assert_eq!(
        aibom::github::Forbidden::of(&limited, "Repository access blocked"),
        aibom::github::Forbidden::Other
    );
}

#[tokio::test]
async fn check_runs_are_created_then_concluded_with_annotations_in_batches_of_50() {
    let fake = FakeGitHub::start().await;
    let gh = client(&fake);
    let id = gh
        .create_check_run(1, "acme/app", "aibom", &"a".repeat(40), "job-1")
        .await
        .unwrap();
    assert_eq!(fake.model().check_runs[0].status, "in_progress");
    let mut payload = CheckRun::without_report(Conclusion::Failure, "t", "s");
    payload.output.text = Some("x".into());
    payload.output.annotations = (0..120)
        .map(|i| Annotation {
            annotation_level: AnnotationLevel::Notice,
            end_line: i + 1,
            message: format!("m{i}"),
            path: "a.py".into(),
            start_line: i + 1,
            title: "t".into(),
        })
        .collect();
    gh.complete_check_run(1, "acme/app", id, &payload)
        .await
        .unwrap();
    let m = fake.model();
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
    let run = &m.check_runs[0];
    assert_eq!(
        (run.repo.as_str(), run.head_sha.as_str()),
        ("acme/app", "a".repeat(40).as_str())
    );
    assert_eq!(
        (
            run.status.as_str(),
            run.conclusion.as_deref(),
            run.annotations.len()
        ),
        ("completed", Some("failure"), 120)
    );
    assert_eq!(
        m.requests.iter().filter(|r| r.starts_with("PATCH")).count(),
        3,
        "50 + 50 + 20"
    );
    assert_eq!(m.tokens, 1, "one installation token, reused");
}

#[tokio::test]
async fn one_sticky_comment_created_then_edited_and_never_a_humans() {
    let fake = FakeGitHub::start().await;
    fake.model().comments.push(Comment {
        id: 7,
        repo: "acme/app".into(),
        issue: 5,
        body: "quoting <!-- aibom:v1 --> by hand".into(),
        author: Writer::human(),
    });
    // Another App's bot quoting the marker is not ours either (GitHub would
    // answer 403 to an edit).
    fake.model().comments.push(Comment {
        id: 8,
        repo: "acme/app".into(),
        issue: 5,
        body: "a scanner that quotes <!-- aibom:v1 -->".into(),
        author: Writer::other_bot(),
    });
    let gh = client(&fake);
    let first = gh
        .upsert_comment(1, "acme/app", 5, "report one\n<!-- aibom:v1 -->\n")
        .await
        .unwrap();
    let CommentOutcome::Created(id) = first else {
        panic!("{first:?}")
    };
    assert_eq!(
        gh.upsert_comment(1, "acme/app", 5, "report two\n<!-- aibom:v1 -->\n")
            .await
            .unwrap(),
        CommentOutcome::Updated(id)
    );
    let m = fake.model();
    assert_eq!(m.comments.len(), 3);
    assert_eq!(
        m.comments.iter().find(|c| c.id == id).unwrap().body,
        "report two\n<!-- aibom:v1 -->\n"
    );
    assert_eq!(
        m.comments.iter().find(|c| c.id == 7).unwrap().body,
        "quoting <!-- aibom:v1 --> by hand"
    );
    assert_eq!(
        m.comments.iter().find(|c| c.id == 8).unwrap().body,
        "a scanner that quotes <!-- aibom:v1 -->"
    );
    assert_eq!(
        m.comments.iter().find(|c| c.id == id).unwrap().author,
        Writer::our_app()
    );
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
}

#[tokio::test]
async fn server_errors_and_rate_limits_are_retried_client_errors_are_not() {
    let fake = FakeGitHub::start().await;
    fake.model().faults.extend([
        Fault {
            method: Method::POST,
            path_contains: "check-runs".into(),
            status: 502,
            retry_after: None,
        },
        Fault {
            method: Method::POST,
            path_contains: "check-runs".into(),
            status: 429,
            retry_after: Some(0),
        },
    ]);
    let gh = client(&fake);
    let id = gh
        .create_check_run(1, "acme/app", "aibom", &"b".repeat(40), "job-2")
        .await
        .unwrap();
    assert_eq!(id, 1);
    assert_eq!(
        fake.model().check_runs.len(),
        1,
        "two failures, one check run"
    );
    let err = gh
        .complete_check_run(
            1,
            "acme/app",
            99,
            &CheckRun::without_report(Conclusion::Success, "t", "s"),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("404"), "{err}");
    assert_eq!(
        fake.model()
            .requests
            .iter()
            .filter(|r| r.contains("check-runs/99"))
            .count(),
        1,
        "a 404 is final"
    );
    fake.model().faults.extend((0..5).map(|_| Fault {
        method: Method::POST,
        path_contains: "comments".into(),
        status: 503,
        retry_after: None,
    }));
    let err = gh.upsert_comment(1, "acme/app", 1, "x").await.unwrap_err();
    assert!(
        err.to_string().contains("503"),
        "gives up after its attempts: {err}"
    );
}

#[tokio::test]
async fn tarballs_follow_githubs_redirect() {
    let fake = FakeGitHub::start().await;
    fake.model().tarballs.insert(
        ("acme/app".into(), "c".repeat(40)),
        b"tarball bytes".to_vec(),
    );
    let gh = client(&fake);
    assert_eq!(
        gh.tarball(1, "acme/app", &"c".repeat(40)).await.unwrap(),
        b"tarball bytes"
    );
    assert!(gh.tarball(1, "acme/app", &"d".repeat(40)).await.is_err());
}
