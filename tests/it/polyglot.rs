//! Detection beyond Python and JS: Go, Java, Kotlin, C#, Rust, Ruby and PHP on
//! `tests/fixtures/polyglot/<lang>`. Every planted call is found by kind,
//! provider, id and file:line; every decoy (comments, messages, UI strings,
//! look-alike types without the SDK) is not; test files are marked test-only.

use aibom::scan::Kind;

use crate::common::{Scanned, fixture, scan_dir};

fn scan(lang: &str) -> Scanned {
    scan_dir(&fixture(&format!("polyglot/{lang}")))
}

/// Asserts the models found are exactly `expected` (key, file, line).
fn assert_models(s: &Scanned, expected: &[(&str, &str, u32)]) {
    for (key, file, line) in expected {
        s.assert_at(key, file, *line);
        assert_eq!(s.item(key).kind, Kind::Model, "{key}");
    }
    let mut found: Vec<String> = s
        .inv
        .items
        .values()
        .filter(|i| i.kind == Kind::Model)
        .map(|i| i.key.clone())
        .collect();
    found.sort();
    let mut want: Vec<String> = expected.iter().map(|(k, _, _)| k.to_string()).collect();
    want.sort();
    assert_eq!(found, want, "models found vs planted");
}

/// Asserts nothing at all was found in `file` (a decoy file).
fn assert_nothing_in(s: &Scanned, file: &str) {
    let hits: Vec<&str> = s
        .inv
        .items
        .values()
        .filter(|i| i.evidence.iter().any(|e| e.file == file))
        .map(|i| i.key.as_str())
        .collect();
    assert!(hits.is_empty(), "decoy {file} produced {hits:?}");
}

fn test_only(s: &Scanned, key: &str) -> bool {
    s.item(key).test_only
}

#[test]
fn go_sdks_constants_and_raw_http() {
    let s = scan("go");
    assert_models(
        &s,
        &[
            ("model:openai/gpt-4o", "chat.go", 18), // go-openai constant openai.GPT4o
            ("model:anthropic/claude-3-7-sonnet-latest", "chat.go", 25), // anthropic-sdk-go constant
            ("model:google/gemini-2.0-flash", "chat.go", 32), // genai: positional after ctx
            ("model:ollama/llama3.1", "chat.go", 34),         // langchaingo option
            ("model:openai/gpt-3.5-turbo", "chat.go", 42),    // net/http with a JSON body
            (
                "model:aws-bedrock/anthropic.claude-3-haiku-20240307-v1:0",
                "bedrock.go",
                11,
            ), // aws.String(...) in a struct literal
            ("model:openai/gpt-4o-mock", "chat_test.go", 10),
        ],
    );
    s.assert_at("service:api.openai.com/v1/chat/completions", "chat.go", 42);
    s.assert_at("config:env/OPENAI_API_KEY", "chat.go", 17);
    assert!(test_only(&s, "model:openai/gpt-4o-mock"));
    assert!(!test_only(&s, "model:openai/gpt-4o"));
    // Comment, fmt.Println, fmt.Errorf and an unused map are not usage.
    assert!(!s.has("model:openai/gpt-4-turbo"));
    assert!(!s.has("model:openai/gpt-4"));
    assert!(!s.has("model:openai/gpt-4o-mini"));
    assert!(!s.has("service:api.anthropic.com/v1/messages"));
    assert_nothing_in(&s, "plain.go");
}

#[test]
fn java_langchain4j_openai_java_and_azure() {
    let s = scan("java");
    let main = "src/main/java/app/Assistant.java";
    assert_models(
        &s,
        &[
            ("model:openai/gpt-4o-mini", main, 19), // OpenAiChatModelName.GPT_4_O_MINI
            ("model:ollama/llama3.2", main, 23),    // OllamaChatModel.builder().modelName
            ("model:openai/gpt-4.1", main, 27),     // openai-java ChatModel.GPT_4_1
            ("model:azure-openai/prod-gpt4o-deployment", main, 31),
            (
                "model:openai/gpt-4o-test-double",
                "src/test/java/app/AssistantTest.java",
                7,
            ),
        ],
    );
    assert!(test_only(&s, "model:openai/gpt-4o-test-double"));
    s.assert_at("config:env/OPENAI_API_KEY", main, 18);
    // println, an exception message (and the URL in it), an unused constant.
    assert!(!s.has("model:openai/gpt-4o"));
    assert!(!s.has("model:openai/o1"));
    assert!(!s.has("service:api.openai.com/v1/chat/completions"));
    assert!(!s.has("model:anthropic/claude-3-5-sonnet-20241022"));
    assert_nothing_in(&s, "src/main/java/app/Plain.java");
}

#[test]
fn kotlin_builders_and_sdk_enums() {
    let s = scan("kotlin");
    assert_models(
        &s,
        &[
            ("model:anthropic/claude-3-5-haiku-latest", "src/Chat.kt", 11),
            ("model:anthropic/claude-sonnet-4-0", "src/Chat.kt", 14), // Model.CLAUDE_SONNET_4_0
        ],
    );
    s.assert_at("config:env/ANTHROPIC_API_KEY", "src/Chat.kt", 10);
    assert!(!s.has("model:anthropic/claude-3-opus"));
    assert_nothing_in(&s, "src/Plain.kt");
}

#[test]
fn csharp_openai_dotnet_azure_and_semantic_kernel() {
    let s = scan("csharp");
    assert_models(
        &s,
        &[
            ("model:azure-openai/gpt-4o-prod", "Program.cs", 12), // GetChatClient on an Azure client
            ("model:openai/gpt-4o-mini", "Program.cs", 14),       // new ChatClient(model: …)
            ("model:openai/gpt-4.1", "Program.cs", 17), // AddOpenAIChatCompletion(modelId:)
            ("model:azure-openai/sk-deployment", "Program.cs", 18),
        ],
    );
    s.assert_at("config:env/AZURE_OPENAI_API_KEY", "Program.cs", 10);
    assert!(!s.has("model:openai/gpt-4o"));
    assert!(!s.has("model:openai/o3"));
    // `ChatClient` without `using OpenAI.Chat` is another library's type.
    assert_nothing_in(&s, "Plain.cs");
}

#[test]
fn rust_async_openai_reqwest_json_and_model_tables() {
    let s = scan("rust");
    assert_models(
        &s,
        &[
            ("model:openai/gpt-4o-mini", "main.rs", 10), // builder .model(…)
            ("model:anthropic/claude-3-5-haiku-latest", "main.rs", 20), // reqwest .json(&json!({…}))
            ("model:openai/gpt-4o", "main.rs", 5),                      // model table
            ("model:anthropic/claude-3-5-sonnet-latest", "main.rs", 5),
        ],
    );
    s.assert_at("service:api.anthropic.com/v1/messages", "main.rs", 18);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "main.rs", 15);
    assert!(!s.has("model:openai/gpt-4.1"));
    assert!(!s.has("model:openai/o3-mini"));
}

#[test]
fn ruby_openai_and_langchainrb() {
    let s = scan("ruby");
    assert_models(
        &s,
        &[
            ("model:openai/gpt-4o", "chat.rb", 6), // chat(parameters: {model: …})
            ("model:anthropic/claude-3-5-sonnet-20241022", "chat.rb", 8), // default_options
        ],
    );
    s.assert_at("config:env/OPENAI_API_KEY", "chat.rb", 5);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "chat.rb", 8);
    assert!(!s.has("model:openai/gpt-4.1"));
    assert!(!s.has("model:openai/o1"));
    assert_nothing_in(&s, "plain.rb");
}

#[test]
fn php_openai_client() {
    let s = scan("php");
    assert_models(&s, &[("model:openai/gpt-4o-mini", "chat.php", 7)]);
    s.assert_at("config:env/OPENAI_API_KEY", "chat.php", 6);
    assert!(!s.has("model:openai/gpt-4.1"));
    assert!(!s.has("model:openai/gpt-4-turbo"));
    assert_nothing_in(&s, "plain.php");
}
