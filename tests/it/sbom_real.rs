//! SBOM defects seen on real lockfiles: .NET central package management,
//! AI tags of the common SDKs of every ecosystem, pnpm v5 peer suffixes,
//! go.sum beyond the build list, PEP 503 names, and policy files' globs.

use crate::common::{Scanned, commit, git, scan_dir, write_tree};

fn scan_tree(files: &[(&str, &[u8])]) -> Scanned {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), files);
    scan_dir(dir.path())
}

fn libs(s: &Scanned) -> Vec<String> {
    s.inv
        .items
        .values()
        .filter(|i| i.kind == aibom::vocab::Kind::Library)
        .map(|i| i.key.clone())
        .collect()
}

#[test]
fn a_centrally_versioned_package_is_one_package_seen_in_both_files() {
    let s = scan_tree(&[
        (
            "Directory.Packages.props",
            br#"<Project><ItemGroup>
  <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
  <PackageVersion Include="Microsoft.SemanticKernel" Version="1.30.0" />
</ItemGroup></Project>"#,
        ),
        (
            "src/App/App.csproj",
            br#"<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>
  <PackageReference Include="Newtonsoft.Json" />
  <PackageReference Include="Microsoft.SemanticKernel" />
</ItemGroup></Project>"#,
        ),
    ]);
    assert_eq!(
        libs(&s),
        vec![
            "pkg:nuget/Microsoft.SemanticKernel@1.30.0",
            "pkg:nuget/Newtonsoft.Json@13.0.3"
        ]
    );
    let files: Vec<&str> = s
        .item("pkg:nuget/Newtonsoft.Json@13.0.3")
        .evidence
        .iter()
        .map(|e| e.file.as_str())
        .collect();
    assert_eq!(
        files,
        vec!["Directory.Packages.props", "src/App/App.csproj"]
    );
}

#[test]
fn the_common_ai_sdks_of_every_ecosystem_are_tagged() {
    let s = scan_tree(&[
        (
            "dotnet/App.csproj",
            br#"<Project><ItemGroup>
  <PackageReference Include="Microsoft.SemanticKernel.Connectors.OpenAI" Version="1.30.0" />
  <PackageReference Include="microsoft.extensions.ai.openai" Version="9.0.0" />
  <PackageReference Include="Serilog" Version="4.0.0" />
  <PackageReference Include="CommunityToolkit.VectorData.Qdrant" Version="1.0.0" />
  <PackageReference Include="Qdrant.Client" Version="1.15.0" />
</ItemGroup></Project>"#,
        ),
        (
            "go/go.mod",
            b"module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/openai/openai-go/v2 v2.1.0\n\tgithub.com/spf13/cobra v1.8.0\n)\n",
        ),
        (
            "web/package.json",
            br#"{"dependencies": {"@ai-sdk/openai": "1.0.0", "@modelcontextprotocol/server-filesystem": "1.0.0", "left-pad": "1.3.0"}}"#,
        ),
        (
            "py/requirements.txt",
            b"langchain-openai==0.2.0\nxai-sdk==1.0.0\nstrands-agents==1.45.0\nmem0ai==2.0.11\nagno==1.2.0\nstrands==0.1.0\nrequests==2.32.0\n",
        ),
        (
            "jvm/pom.xml",
            br#"<project><dependencies>
  <dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-open-ai</artifactId><version>1.0.0</version></dependency>
  <dependency><groupId>ai.koog</groupId><artifactId>koog-agents</artifactId><version>0.3.0</version></dependency>
  <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.0</version></dependency>
</dependencies></project>"#,
        ),
    ]);
    let ai = |key: &str| s.item(key).attrs.get("ai").is_some_and(|v| v == "true");
    for key in [
        "pkg:nuget/Microsoft.SemanticKernel.Connectors.OpenAI@1.30.0",
        "pkg:nuget/microsoft.extensions.ai.openai@9.0.0",
        // Vector stores, as in every other ecosystem (semantic-kernel 61a6b0c5fa
        // moved its connectors to CommunityToolkit.VectorData.*).
        "pkg:nuget/CommunityToolkit.VectorData.Qdrant@1.0.0",
        "pkg:nuget/Qdrant.Client@1.15.0",
        "pkg:golang/github.com/openai/openai-go/v2@v2.1.0",
        "pkg:npm/%40ai-sdk/openai", // a range: no lockfile
        "pkg:npm/%40modelcontextprotocol/server-filesystem",
        "pkg:pypi/langchain-openai@0.2.0",
        "pkg:pypi/xai-sdk@1.0.0",
        // Agent frameworks of mem0's and crewAI's real manifests.
        "pkg:pypi/strands-agents@1.45.0",
        "pkg:pypi/mem0ai@2.0.11",
        "pkg:pypi/agno@1.2.0",
        "pkg:maven/dev.langchain4j/langchain4j-open-ai@1.0.0",
        "pkg:maven/ai.koog/koog-agents@0.3.0",
    ] {
        assert!(ai(key), "{key} is an AI package");
    }
    for key in [
        "pkg:nuget/Serilog@4.0.0",
        "pkg:golang/github.com/spf13/cobra@v1.8.0",
        "pkg:npm/left-pad",
        "pkg:pypi/requests@2.32.0",
        // A different PyPI project (string helpers), not strands-agents.
        "pkg:pypi/strands@0.1.0",
        "pkg:maven/org.slf4j/slf4j-api@2.0.0",
    ] {
        assert!(!ai(key), "{key} is not");
    }
}

#[test]
fn pnpm_v5_keys_with_peer_suffixes_keep_their_names() {
    let s = scan_tree(&[(
        "pnpm-lock.yaml",
        b"lockfileVersion: 5.4\n\nspecifiers:\n  react-dom: ^18.2.0\n\ndependencies:\n  react-dom: 18.2.0_react@18.2.0\n\npackages:\n\n  /@testing-library/react/14.0.0_biqbaboplfbrettd7655fr4n2y:\n    resolution: {integrity: sha512-AAAA}\n    dev: true\n\n  /react-dom/18.2.0_react@18.2.0:\n    resolution: {integrity: sha512-BBBB}\n    dev: false\n\n  /react/18.2.0:\n    resolution: {integrity: sha512-CCCC}\n    dev: false\n",
    )]);
    assert_eq!(
        libs(&s),
        vec![
            "pkg:npm/%40testing-library/react@14.0.0",
            "pkg:npm/react-dom@18.2.0",
            "pkg:npm/react@18.2.0",
        ]
    );
}

#[test]
fn go_sum_names_no_module_outside_the_build_list() {
    let s = scan_tree(&[
        (
            "go.mod",
            b"module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/a v1.0.0\n\tgithub.com/b/b v2.0.0 // indirect\n)\n",
        ),
        (
            "go.sum",
            b"github.com/a/a v0.9.0 h1:old=\ngithub.com/a/a v0.9.0/go.mod h1:old=\ngithub.com/a/a v1.0.0 h1:new=\ngithub.com/a/a v1.0.0/go.mod h1:new=\ngithub.com/b/b v2.0.0 h1:b=\ngithub.com/c/c v1.0.0 h1:c=\n",
        ),
    ]);
    assert_eq!(
        libs(&s),
        vec![
            "pkg:golang/github.com/a/a@v1.0.0",
            "pkg:golang/github.com/b/b@v2.0.0"
        ]
    );
}

#[test]
fn pypi_spellings_of_one_name_are_one_package() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let base = commit(
        repo,
        &[("requirements.txt", b"Sentence_Transformers==2.2.2\n")],
    );
    let head = commit(
        repo,
        &[("requirements.txt", b"sentence-transformers==2.2.2\n")],
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(["check", "--repo", repo.to_str().unwrap(), "--base", &base])
        .args(["--head", &head, "--format", "json"])
        .output()
        .expect("aibom runs");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for list in ["added", "removed", "changed"] {
        assert!(
            r[list].as_array().is_none_or(|a| a.is_empty()),
            "{list}: {r:#}"
        );
    }
    let s = scan_dir(repo);
    assert_eq!(libs(&s), vec!["pkg:pypi/sentence-transformers@2.2.2"]);
    assert!(s.has("pkg:pypi/sentence-transformers@2.2.2"));
    assert_eq!(
        s.item("pkg:pypi/sentence-transformers@2.2.2").id,
        "sentence-transformers"
    );
}

#[test]
fn a_policy_files_globs_are_not_models() {
    let s = scan_tree(&[
        (
            "docs/aibom.example.yml",
            b"allow:\n  models:\n    - \"claude-*\"\n    - gpt-4o\n",
        ),
        (".aibom.yml", b"allow:\n  models: [\"gpt-4o\"]\n"),
        (
            "config/app.yaml",
            b"llm:\n  provider: anthropic\n  model: \"claude-*\"\n",
        ),
    ]);
    assert!(
        !s.inv
            .items
            .values()
            .any(|i| i.kind == aibom::vocab::Kind::Model),
        "{:?}",
        s.keys()
    );
}
