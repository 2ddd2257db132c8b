//! A corpus of planted credentials, in the formats and places real
//! repositories leak them (code, configuration, scripts, Dockerfiles,
//! notebooks, lockfiles, URLs, headers), each on a line that also names
//! something aibom reports, so the credential would reach an output if
//! redaction missed it. Every value is asserted absent from every output
//! format of `aibom scan` and `aibom check`, and from the logs.
//!
//! The values are assembled at run time from a seeded generator: none is a
//! real credential, and the source holds none verbatim.

use std::process::Command;

use crate::common::{git, write_tree};

/// A deterministic pseudo-random string over `alphabet`.
fn random(seed: u64, len: usize, alphabet: &[u8]) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize] as char
        })
        .collect()
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX: &[u8] = b"0123456789abcdef";
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The planted values and the files holding them.
pub struct Corpus {
    /// Every credential planted.
    pub secrets: Vec<String>,
    /// The files (path, content) of a repository holding them.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Corpus {
    /// Files as the `write_tree` helpers take them.
    pub fn tree(&self) -> Vec<(&str, &[u8])> {
        self.files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect()
    }

    /// The planted values found in `text`, each with where it appears.
    pub fn leaks(&self, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for s in &self.secrets {
            // The whole value, or any 12 characters of it past its public prefix.
            let tail = &s[s.len().saturating_sub(12)..];
            let mid = &s[s.len() / 2 - 6..s.len() / 2 + 6];
            for needle in [s.as_str(), tail, mid] {
                if let Some(i) = text.find(needle) {
                    let around: String = text[..i]
                        .chars()
                        .rev()
                        .take(60)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .chain(text[i..].chars().take(needle.len() + 20))
                        .collect();
                    found.push(format!("{s} in: …{around}…"));
                    break;
                }
            }
        }
        found
    }
}

/// The corpus.
pub fn corpus() -> Corpus {
    let mut secrets = Vec::new();
    let mut plant = |s: String| {
        secrets.push(s.clone());
        s
    };
    let openai = plant(format!("sk-proj-{}", random(1, 48, ALNUM)));
    let openai2 = plant(format!("sk-{}", random(2, 48, ALNUM)));
    let anthropic = plant(format!("sk-ant-api03-{}", random(3, 60, ALNUM)));
    let bearer = plant(random(4, 40, ALNUM));
    let bearer2 = plant(random(5, 32, ALNUM));
    let url_password = plant(random(6, 20, ALNUM));
    let ghp = plant(format!("gh{}_{}", "p", random(7, 36, ALNUM)));
    let pat = plant(format!("github_{}_{}", "pat", random(8, 70, ALNUM)));
    let git_token = plant(random(9, 40, HEX));
    let npm_git_token = plant(random(10, 40, HEX));
    let pip_password = plant(random(11, 24, ALNUM));
    let aws_id = plant(format!("AKIA{}", random(12, 16, UPPER_DIGITS)));
    let aws_secret = plant(random(13, 40, B64));
    let slack = plant(format!(
        "xox{}-{}-{}",
        "b",
        random(14, 12, b"0123456789"),
        random(15, 24, ALNUM)
    ));
    let jwt = plant(format!(
        "eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}",
        random(16, 40, ALNUM),
        random(17, 43, ALNUM)
    ));
    let pem_body = plant(random(18, 64, B64));
    let azure = plant(random(19, 32, HEX));
    let azure2 = plant(random(20, 32, HEX));
    let google = plant(format!("AIza{}", random(21, 35, ALNUM)));
    let query_key = plant(random(22, 32, ALNUM));
    let yaml_key = plant(random(23, 40, ALNUM));
    let props_key = plant(random(24, 40, ALNUM));
    let hf = plant(format!("hf_{}", random(25, 34, ALNUM)));
    let tf_key = plant(random(26, 40, ALNUM));
    let x_api_key = plant(random(27, 40, ALNUM));
    let go_bearer = plant(random(28, 40, ALNUM));
    let nb_key = plant(format!("sk-proj-{}", random(29, 48, ALNUM)));
    let azure_storage = plant(random(30, 86, B64));
    let curl_user = plant(random(31, 20, ALNUM));

    let files: Vec<(String, String)> = vec![
        // A key passed where a model id is expected.
        (
            "app/model_is_key.py".into(),
            format!(
                "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model=\"{openai}\", messages=[])\n"
            ),
        ),
        // A key beside a model on one evidence line, and a GitHub token there too.
        (
            "app/one_line.py".into(),
            format!(
                "import anthropic\nc = anthropic.Anthropic(api_key=\"{anthropic}\"); gh = \"{ghp}\"; c.messages.create(model=\"claude-3-5-haiku-latest\", max_tokens=5)\n"
            ),
        ),
        // user:password@ in an endpoint URL.
        (
            "app/proxy.py".into(),
            format!(
                "from openai import OpenAI\nclient = OpenAI(base_url=\"https://svc:{url_password}@api.openai.com/v1\")\nclient.chat.completions.create(model=\"gpt-4o\")\n"
            ),
        ),
        // AWS keys and an Azure OpenAI key in assignments beside a model.
        (
            "app/cloud.py".into(),
            format!(
                "import boto3\nfrom openai import AzureOpenAI\naws_access_key_id = \"{aws_id}\"; aws_secret_access_key = \"{aws_secret}\"\nc = AzureOpenAI(api_key=\"{azure}\", azure_endpoint=\"https://acme.openai.azure.com\")\nc.chat.completions.create(model=\"gpt-4o-mini\")\n"
            ),
        ),
        // Slack and a JWT on a JS line that calls a model.
        (
            "web/chat.js".into(),
            format!(
                "import OpenAI from \"openai\";\nconst openai = new OpenAI();\nconst slack = \"{slack}\", jwt = \"{jwt}\"; await openai.chat.completions.create({{ model: \"gpt-4.1\" }});\n"
            ),
        ),
        // A Go request with a bearer header.
        (
            "svc/client.go".into(),
            format!(
                "package svc\n\nimport \"net/http\"\n\nfunc call() {{\n\treq, _ := http.NewRequest(\"POST\", \"https://api.openai.com/v1/chat/completions\", nil)\n\treq.Header.Set(\"Authorization\", \"Bearer {go_bearer}\")\n}}\n"
            ),
        ),
        // curl with headers in a shell script and in a Dockerfile RUN line.
        (
            "scripts/ask.sh".into(),
            format!(
                "#!/bin/sh\ncurl -s https://api.openai.com/v1/chat/completions -H \"Authorization: Bearer {bearer}\" -d '{{\"model\": \"gpt-4o\"}}'\ncurl https://api.anthropic.com/v1/messages -H \"x-api-key: {x_api_key}\" -d '{{\"model\": \"claude-3-opus-20240229\"}}'\ncurl -u admin:{curl_user} https://api.openai.com/v1/models\ncurl https://acme.openai.azure.com/openai/deployments/gpt4/chat/completions -H \"api-key: {azure2}\"\n"
            ),
        ),
        (
            "Dockerfile".into(),
            format!(
                "FROM python:3.12\nRUN curl -H 'Authorization: Bearer {bearer2}' https://api.openai.com/v1/chat/completions -d '{{\"model\":\"gpt-4o-mini\"}}'\n"
            ),
        ),
        // Tokens in VCS URLs of package manifests.
        (
            "requirements.txt".into(),
            format!(
                "openai==1.51.0\nmylib @ git+https://{git_token}@github.com/acme/mylib.git@v1.2\n-e git+https://deploy:{pip_password}@gitlab.com/acme/tools.git#egg=tools\n"
            ),
        ),
        (
            "web/package.json".into(),
            format!(
                "{{\n  \"name\": \"web\",\n  \"dependencies\": {{\n    \"openai\": \"^4.0.0\",\n    \"private-lib\": \"git+https://{npm_git_token}:x-oauth-basic@github.com/acme/private-lib.git\"\n  }}\n}}\n"
            ),
        ),
        // Configuration: YAML, properties, .env, Terraform, a workflow.
        (
            "config/app.yaml".into(),
            format!(
                "llm:\n  provider: openai\n  model: gpt-4o\n  api_key: {yaml_key}\n  base_url: https://api.openai.com/v1\n"
            ),
        ),
        (
            "src/main/resources/application.properties".into(),
            format!(
                "spring.ai.openai.api-key={props_key}\nspring.ai.openai.chat.options.model=gpt-4o\n"
            ),
        ),
        (
            ".env".into(),
            format!(
                "OPENAI_API_KEY={openai2}\nHF_TOKEN={hf}\nSUPABASE_KEY={jwt}\nGEMINI_URL=https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro:generateContent?key={google}\n"
            ),
        ),
        (
            "infra/main.tf".into(),
            format!(
                "resource \"azurerm_cognitive_deployment\" \"chat\" {{\n  name = \"chat\"\n  api_key = \"{tf_key}\"\n  model {{\n    format  = \"OpenAI\"\n    name    = \"gpt-4o\"\n    version = \"2024-05-13\"\n  }}\n}}\n"
            ),
        ),
        (
            ".github/workflows/ai.yml".into(),
            format!(
                "on: pull_request\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl https://api.openai.com/v1/chat/completions?api_key={query_key} -H \"Authorization: token {pat}\"\n"
            ),
        ),
        // A service-account key file and an Azure storage connection string.
        (
            "deploy/sa.json".into(),
            format!(
                "{{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{pem_body}\\n-----END PRIVATE KEY-----\\n\",\n  \"endpoint\": \"https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro:generateContent\"\n}}\n"
            ),
        ),
        (
            "deploy/storage.yaml".into(),
            format!(
                "connection: DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={azure_storage};EndpointSuffix=core.windows.net\nendpoint: https://acme.openai.azure.com/openai/deployments/chat/completions\n"
            ),
        ),
    ];
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(p, c)| (p, c.into_bytes()))
        .collect();
    // A notebook: a key in a code cell and in a `!curl` header.
    let notebook = serde_json::json!({
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
             "source": [
                 "from openai import OpenAI\n",
                 format!("client = OpenAI(api_key=\"{nb_key}\")\n"),
                 "client.chat.completions.create(model=\"gpt-4o\")\n",
             ]},
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
             "source": [format!("!curl https://api.openai.com/v1/chat/completions -H \"Authorization: Bearer {nb_key}\" -d '{{\"model\": \"o3-mini\"}}'\n")]},
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5
    });
    files.push((
        "notebooks/explore.ipynb".into(),
        serde_json::to_vec_pretty(&notebook).unwrap(),
    ));
    Corpus { secrets, files }
}

fn aibom(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(args)
        .env("RUST_LOG", "trace")
        .output()
        .expect("aibom runs")
}

/// Every output of `aibom scan` (BOM and table, directory and commit) and of
/// `aibom check` (every format), stdout and stderr at trace level, holds none
/// of the planted values — and the components on their lines are still found.
#[test]
fn no_planted_credential_reaches_any_output_or_log() {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "base"]);
    git(dir.path(), &["tag", "base"]);
    write_tree(dir.path(), &c.tree());
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "head"]);
    let repo = dir.path().to_str().unwrap();
    let mut outputs: Vec<(String, std::process::Output)> = vec![
        ("scan".into(), aibom(&["scan", repo])),
        ("scan --rev".into(), aibom(&["scan", repo, "--rev", "HEAD"])),
        (
            "scan table".into(),
            aibom(&["scan", repo, "--format", "table"]),
        ),
    ];
    for format in ["markdown", "json", "sarif", "github-check"] {
        outputs.push((
            format!("check {format}"),
            aibom(&[
                "check", "--repo", repo, "--base", "base", "--head", "HEAD", "--format", format,
            ]),
        ));
    }
    let mut leaks = Vec::new();
    for (what, out) in &outputs {
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            for l in c.leaks(&String::from_utf8_lossy(bytes)) {
                leaks.push(format!("{what} {stream}: {l}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );

    // Redaction cut the credentials, not the findings beside them.
    let bom = String::from_utf8_lossy(&outputs[0].1.stdout).into_owned();
    for expected in [
        "model:anthropic/claude-3-5-haiku-latest",
        "model:openai/gpt-4.1",
        "model:openai/gpt-4o-mini",
        "pkg:pypi/openai@1.51.0",
        "config:env/OPENAI_API_KEY",
    ] {
        assert!(bom.contains(expected), "{expected} missing from the BOM");
    }
    // A key used as a model id is no model; the scan says so without the value.
    assert!(!bom.contains("model:openai/sk-"), "a key became a model");
    let json = String::from_utf8_lossy(&outputs[4].1.stdout).into_owned();
    assert!(
        json.contains("is used where a model id is expected"),
        "no warning for the key passed as a model"
    );
}

/// Each non-AI credential format raises a fingerprinted warning, as the AI
/// providers' keys do.
#[test]
fn credential_warnings_cover_common_formats() {
    let c = corpus();
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &c.tree());
    let s = crate::common::scan_dir(dir.path());
    let warnings: Vec<String> = s.warnings.iter().map(ToString::to_string).collect();
    for (file, provider) in [
        ("app/cloud.py", "aws"),
        ("app/one_line.py", "github"),
        ("web/chat.js", "slack"),
        ("web/chat.js", "jwt"),
        ("deploy/sa.json", "private-key"),
        ("deploy/storage.yaml", "azure-storage"),
        (".github/workflows/ai.yml", "github"),
        ("notebooks/explore.ipynb", "openai"),
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(file)
                    && w.contains(&format!("hard-coded {provider} credential"))),
            "no {provider} warning for {file}: {warnings:#?}"
        );
    }
}

/// Decoys: references to where a secret lives, and ordinary values beside
/// credential-looking words, are kept as written; the real shapes are cut.
#[test]
fn redaction_keeps_references_and_ordinary_values() {
    let r = crate::common::catalog().redactor();
    for kept in [
        "api_key=os.environ[\"OPENAI_API_KEY\"]",
        "api_key = \"${OPENAI_API_KEY}\"",
        "-H \"Authorization: Bearer $OPENAI_API_KEY\"",
        "headers={\"Authorization\": f\"Bearer {api_key}\"}",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "git+ssh://git@github.com/acme/lib.git",
        "tokenizer: bert-base-uncased",
        "max_tokens: 1024",
        "https://api.openai.com/v1/chat/completions?model=gpt-4o",
        "pkg:npm/%40scope/name@1.2.3",
        "text-embedding-3-small",
        "OPENAI_API_KEY=<your key here>",
        "key = \"model\"",
    ] {
        assert_eq!(r.redact(kept), kept, "changed: {kept}");
    }
    let secret = random(99, 40, ALNUM);
    for (written, expect) in [
        (
            format!("Authorization: Bearer {secret}"),
            "Authorization: Bearer ‹redacted›".to_string(),
        ),
        (
            format!("https://u:{secret}@host/x"),
            "https://‹redacted›@host/x".into(),
        ),
        (
            format!("https://{secret}@github.com/a/b.git"),
            "https://‹redacted›@github.com/a/b.git".into(),
        ),
        (
            format!("x-api-key: {secret}"),
            "x-api-key: ‹redacted›".into(),
        ),
        (format!("api_key: {secret}"), "api_key: ‹redacted›".into()),
        (
            format!("url?key={secret}&alt=json"),
            "url?key=‹redacted›&alt=json".into(),
        ),
    ] {
        assert_eq!(r.redact(&written), expect);
    }
}
