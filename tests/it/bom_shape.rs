//! The document itself: determinism, serial numbers, shapes and the graph.

use serde_json::Value;

use crate::common::{assert_valid_bom, fixture, scan_dir, shared};

#[test]
fn same_input_gives_byte_identical_output() {
    let a = scan_dir(&fixture("python"));
    let b = scan_dir(&fixture("python"));
    assert_eq!(a.bom, b.bom);
    let c = scan_dir(&fixture("javascript"));
    assert_ne!(a.bom, c.bom);
    let doc: Value = serde_json::from_str(&a.bom).unwrap();
    let serial = doc["serialNumber"].as_str().unwrap();
    let other: Value = serde_json::from_str(&c.bom).unwrap();
    assert_ne!(
        serial,
        other["serialNumber"].as_str().unwrap(),
        "serial derives from content"
    );
    assert!(doc["metadata"].get("timestamp").is_none());
    assert_eq!(doc["specVersion"], "1.6");
}

#[test]
fn components_are_sorted_and_refs_are_identity_keys() {
    let s = scan_dir(&fixture("python"));
    let doc: Value = serde_json::from_str(&s.bom).unwrap();
    let refs: Vec<&str> = doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    let mut sorted = refs.clone();
    sorted.sort();
    assert_eq!(refs, sorted);
    for r in &refs {
        assert!(s.has(r), "bom-ref {r} is an identity key");
    }
    let model = doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["bom-ref"] == "model:openai/gpt-4o-mini")
        .unwrap();
    assert_eq!(model["type"], "machine-learning-model");
    assert_eq!(model["group"], "openai");
    assert_eq!(model["supplier"]["name"], "OpenAI");
    assert_eq!(
        model["evidence"]["occurrences"][0]["location"],
        "app/chat_openai.py"
    );
    // Named by the constant at line 4 (the value detector), called at line 7.
    assert_eq!(model["evidence"]["occurrences"][0]["line"], 4);
    assert_eq!(model["evidence"]["occurrences"][1]["line"], 7);
    let svc = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["bom-ref"] == "service:api.openai.com/v1/chat/completions")
        .unwrap();
    assert_eq!(
        svc["endpoints"][0],
        "https://api.openai.com/v1/chat/completions"
    );
    assert_eq!(svc["x-trust-boundary"], true);
    let app = doc["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["ref"] == "app:python")
        .unwrap();
    let roots: Vec<&str> = app["dependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(roots.contains(&"service:api.openai.com/v1/chat/completions"));
    assert!(
        !roots.contains(&"model:openai/gpt-3.5-turbo"),
        "reached through its service, not a root"
    );
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    // The recommended shape from the research validates; a forbidden field does not.
    let good = std::fs::read_to_string(
        shared().join("fixtures/cyclonedx/examples/recommended-aibom-shape.cdx.json"),
    )
    .unwrap();
    assert_valid_bom(&good);
    let mut bad: Value = serde_json::from_str(&good).unwrap();
    bad["services"][0]["evidence"] = serde_json::json!({"occurrences": []});
    let result = std::panic::catch_unwind(|| assert_valid_bom(&bad.to_string()));
    assert!(result.is_err(), "services[].evidence must be rejected");
}
