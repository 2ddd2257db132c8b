//! The report renderers on a report of arbitrary ids, paths, providers,
//! versions and warnings: the PR comment stays within GitHub's limit, ends in
//! its marker and holds no hidden character; the check-run payload and SARIF
//! stay within theirs; the terminal table shows no control character.
#![no_main]

use aibom::policy::Verdict;
use aibom::report::escape::is_hidden;
use aibom::report::json::{Changed, Entry, Location, Report};
use aibom::report::markdown::{self, Links, MARKER, MAX_COMMENT};
use aibom::report::{check_run, sarif};
use aibom::vocab::{Code, Kind, Warning};
use libfuzzer_sys::fuzz_target;

const KINDS: &[Kind] = &[
    Kind::Model, Kind::HubModel, Kind::FineTunedModel, Kind::WeightFile, Kind::Dataset,
    Kind::Service, Kind::Library, Kind::EnvVar,
];

fn entry(fields: &[&str], i: usize) -> Entry {
    let f = |k: usize| fields.get(k).copied().unwrap_or("").to_string();
    Entry {
        kind: KINDS[i % KINDS.len()],
        id: f(0),
        provider: Some(f(1)).filter(|p| !p.is_empty()),
        ai: i % 3 != 0,
        evidence: vec![Location { file: f(2), line: Some(u32::try_from(i).unwrap_or(1)) }],
        policy: Vec::new(),
        base_model: Some(f(3)).filter(|b| !b.is_empty()),
        datasets: vec![f(4)],
        ecosystem: Some(f(5)),
        version: Some(f(6)),
        test_only: i % 5 == 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Records separated by U+001E, fields by U+001F: ids, paths, … as a PR writes them.
    let records: Vec<Vec<&str>> = text.split('\u{1e}').map(|r| r.split('\u{1f}').collect()).collect();
    let entries: Vec<Entry> = records.iter().enumerate().map(|(i, r)| entry(r, i)).collect();
    let changed = records
        .iter()
        .map(|r| Changed {
            kind: Kind::Library,
            id: r.first().copied().unwrap_or("").into(),
            field: "version".into(),
            from: r.get(1).copied().unwrap_or("").into(),
            to: r.get(2).copied().unwrap_or("").into(),
            policy: Vec::new(),
        })
        .collect();
    let half = entries.len() / 2;
    let report = Report {
        base: "b".into(),
        head: "h".into(),
        verdict: Verdict::Warn,
        risk_tier: None,
        added: entries[..half].to_vec(),
        removed: entries[half..].to_vec(),
        changed,
        warnings: records
            .iter()
            .map(|r| Warning::new(Code::Other, "", r.join(" ")))
            .collect(),
    };
    let links = Links {
        head: Some("https://github.com/o/r/blob/h/".into()),
        base: Some("https://github.com/o/r/blob/b/".into()),
    };
    let md = markdown::render(&report, &links);
    assert!(md.chars().count() <= MAX_COMMENT);
    assert!(md.trim_end().ends_with(MARKER));
    // Our own emoji (`⚠️`, `ℹ️`) carry a variation selector; any other hidden
    // character would have come from the report's values.
    let ours = md.replace("\u{26a0}\u{fe0f}", "").replace("\u{2139}\u{fe0f}", "");
    let bad: Vec<char> = ours.chars().filter(|&c| c != '\n' && is_hidden(c)).collect();
    assert!(bad.is_empty(), "hidden characters in the comment: {bad:?}");
    let payload = check_run::render(&report, &links);
    for key in ["summary", "text"] {
        let s = payload["output"][key].as_str().unwrap_or("");
        assert!(s.chars().count() <= check_run::MAX_OUTPUT);
    }
    for a in payload["output"]["annotations"].as_array().into_iter().flatten() {
        let m = a["message"].as_str().unwrap_or("");
        assert!(m.chars().count() <= check_run::MAX_ANNOTATION_MESSAGE);
        assert!(!m.chars().any(|c| c != '\n' && is_hidden(c)));
    }
    let _ = sarif::render(&report);
});
