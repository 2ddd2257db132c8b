//! Detection beyond Python and JS: Go, Java, Kotlin, C#, Rust, Ruby and PHP on
//! `tests/fixtures/polyglot/<lang>`. Every planted call is found by kind,
//! provider, id and file:line; every decoy (comments, messages, UI strings,
//! look-alike types without the SDK) is not; test files are marked test-only.

use crate::common::{Scanned, fixture, scan_dir};

fn scan(lang: &str) -> Scanned {
    scan_dir(&fixture(&format!("polyglot/{lang}")))
}

fn test_only(s: &Scanned, key: &str) -> bool {
    s.item(key).test_only
}

#[test]
fn go_sdks_constants_and_raw_http() {
    let s = scan("go");
    s.assert_models(&[
        ("model:openai/gpt-4o", "chat.go", 18), // go-openai constant openai.GPT4o
        ("model:anthropic/claude-3-7-sonnet-latest", "chat.go", 25), // anthropic-sdk-go constant
        ("model:google/gemini-2.0-flash", "chat.go", 32), // genai: positional after ctx
        ("model:ollama/llama3.1", "chat.go", 34), // langchaingo option
        ("model:openai/gpt-3.5-turbo", "chat.go", 42), // net/http with a JSON body
        (
            "model:aws-bedrock/anthropic.claude-3-haiku-20240307-v1:0",
            "bedrock.go",
            11,
        ), // aws.String(...) in a struct literal
        ("model:openai/gpt-4o-mock", "chat_test.go", 10),
        ("model:google/gemini-1.5-pro", "chat.go", 52), // generative-ai-go GenerativeModel
        ("model:openai/gpt-4.1", "official.go", 11),    // openai-go ChatModelGPT4_1
        // A request object built apart from the call, in a file bound to AI:
        // the value detector finds it wherever the code keeps it.
        ("model:openai/gpt-4o-mini", "chat.go", 40),
    ]);
    s.assert_at("service:api.openai.com/v1/chat/completions", "chat.go", 42);
    s.assert_at("config:env/OPENAI_API_KEY", "chat.go", 17);
    assert!(test_only(&s, "model:openai/gpt-4o-mock"));
    assert!(!test_only(&s, "model:openai/gpt-4o"));
    // A comment, fmt.Println and fmt.Errorf are not usage.
    assert!(!s.has("model:openai/gpt-4-turbo"));
    assert!(!s.has("model:openai/gpt-4"));
    assert!(!s.has("model:anthropic/claude-3-opus"));
    assert!(!s.has("service:api.anthropic.com/v1/messages"));
    s.assert_nothing_in("plain/plain.go");
}

#[test]
fn java_langchain4j_openai_java_and_azure() {
    let s = scan("java");
    let main = "src/main/java/app/Assistant.java";
    s.assert_models(&[
        ("model:openai/gpt-4o-mini", main, 19), // OpenAiChatModelName.GPT_4_O_MINI
        ("model:ollama/llama3.2", main, 23),    // OllamaChatModel.builder().modelName
        ("model:openai/gpt-4.1", main, 27),     // openai-java ChatModel.GPT_4_1
        (
            "model:aws-bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
            "src/main/java/app/Bedrock.java",
            9,
        ), // ConverseRequest.builder().modelId(…)
        ("model:azure-openai/prod-gpt4o-deployment", main, 31),
        // A setter after twenty other calls still reaches its builder's SDK.
        (
            "model:openai/gpt-4.1-mini",
            "src/main/java/app/LongBuilder.java",
            29,
        ),
        (
            "model:openai/gpt-4o-test-double",
            "src/test/java/app/AssistantTest.java",
            7,
        ),
        // A constant of a file bound to AI names a model wherever it is used.
        ("model:anthropic/claude-3-5-sonnet-20241022", main, 14),
    ]);
    assert!(test_only(&s, "model:openai/gpt-4o-test-double"));
    s.assert_at("config:env/OPENAI_API_KEY", main, 18);
    // println, an exception message (and the URL in it).
    assert!(!s.has("model:openai/gpt-4o"));
    assert!(!s.has("model:openai/o1"));
    assert!(!s.has("service:api.openai.com/v1/chat/completions"));
    s.assert_nothing_in("src/main/java/other/Plain.java");
}

#[test]
fn kotlin_builders_and_sdk_enums() {
    let s = scan("kotlin");
    s.assert_models(&[
        ("model:anthropic/claude-3-5-haiku-latest", "src/Chat.kt", 11),
        ("model:anthropic/claude-sonnet-4-0", "src/Chat.kt", 14), // Model.CLAUDE_SONNET_4_0
    ]);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "src/Chat.kt", 10);
    assert!(!s.has("model:anthropic/claude-3-opus"));
    s.assert_nothing_in("src/Plain.kt");
}

#[test]
fn csharp_openai_dotnet_azure_and_semantic_kernel() {
    let s = scan("csharp");
    s.assert_models(&[
        ("model:azure-openai/gpt-4o-prod", "Program.cs", 12), // GetChatClient on an Azure client
        ("model:openai/gpt-4o-mini", "Program.cs", 14),       // new ChatClient(model: …)
        ("model:openai/gpt-4.1", "Program.cs", 17),           // AddOpenAIChatCompletion(modelId:)
        ("model:azure-openai/sk-deployment", "Program.cs", 18),
        ("model:openai/gpt-4o-smoke", "Program.cs", 28), // in an xUnit [Fact]
        ("model:azure-openai/gpt-4o-implicit", "Program.cs", 33), // `AzureOpenAIClient c = new(…)`
        // `GetChatClient(config["AzureOpenAI:DeploymentName"])`, resolved from appsettings.json.
        ("model:azure-openai/gpt-4o-from-config", "Program.cs", 42),
        // A key no configuration file sets keeps its key as a placeholder.
        (
            "model:azure-openai/${AzureOpenAI:ReasoningDeployment}",
            "Program.cs",
            43,
        ),
    ]);
    let from_config = s.item("model:azure-openai/gpt-4o-from-config");
    s.assert_at(&from_config.key, "appsettings.json", 4);
    assert_eq!(
        from_config.attrs.get("config-key").map(String::as_str),
        Some("AzureOpenAI:DeploymentName")
    );
    // A finding inside a [Fact] method is test-only; the rest of the file is not.
    assert!(test_only(&s, "model:openai/gpt-4o-smoke"));
    assert!(!test_only(&s, "model:openai/gpt-4o-mini"));
    s.assert_at("config:env/AZURE_OPENAI_API_KEY", "Program.cs", 10);
    assert!(!s.has("model:openai/gpt-4o"));
    assert!(!s.has("model:openai/o3"));
    // `ChatClient` without `using OpenAI.Chat` is another library's type.
    s.assert_nothing_in("Plain/Plain.cs");
}

#[test]
fn rust_async_openai_reqwest_json_and_model_tables() {
    let s = scan("rust");
    s.assert_models(&[
        ("model:openai/gpt-4o-mini", "main.rs", 10), // builder .model(…)
        ("model:anthropic/claude-3-5-haiku-latest", "main.rs", 20), // reqwest .json(&json!({…}))
        ("model:openai/gpt-4o", "main.rs", 5),       // model table
        ("model:anthropic/claude-3-5-sonnet-latest", "main.rs", 5),
        ("model:openai/gpt-4o-mock", "main.rs", 34), // inside #[cfg(test)] mod tests
    ]);
    assert!(test_only(&s, "model:openai/gpt-4o-mock"));
    assert!(!test_only(&s, "model:openai/gpt-4o-mini"));
    s.assert_at("service:api.anthropic.com/v1/messages", "main.rs", 18);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "main.rs", 15);
    assert!(!s.has("model:openai/gpt-4.1"));
    assert!(!s.has("model:openai/o3-mini"));
}

#[test]
fn ruby_openai_and_langchainrb() {
    let s = scan("ruby");
    s.assert_models(&[
        ("model:openai/gpt-4o", "chat.rb", 6), // chat(parameters: {model: …})
        ("model:anthropic/claude-3-5-sonnet-20241022", "chat.rb", 8), // default_options
        ("model:anthropic/claude-3-5-haiku-latest", "chat.rb", 14), // anthropic gem
    ]);
    s.assert_at("config:env/OPENAI_API_KEY", "chat.rb", 5);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "chat.rb", 8);
    assert!(!s.has("model:openai/gpt-4.1"));
    assert!(!s.has("model:openai/o1"));
    s.assert_nothing_in("plain/plain.rb");
}

#[test]
fn php_openai_client() {
    let s = scan("php");
    s.assert_models(&[("model:openai/gpt-4o-mini", "chat.php", 7)]);
    s.assert_at("config:env/OPENAI_API_KEY", "chat.php", 6);
    assert!(!s.has("model:openai/gpt-4.1"));
    assert!(!s.has("model:openai/gpt-4-turbo"));
    s.assert_nothing_in("plain/plain.php");
}

#[test]
fn broken_syntax_and_binary_junk_in_every_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = [
        (
            "broken.go",
            "package main\nimport openai \"github.com/sashabaranov/go-openai\"\nfunc f() {\n\t_ = openai.ChatCompletionRequest{Model: \"gpt-4o-broken-go\"}\n}\nfunc g( {{{\n",
        ),
        (
            "Broken.java",
            "import dev.langchain4j.model.openai.OpenAiChatModel;\nclass A { void f() { OpenAiChatModel.builder().modelName(\"gpt-4o-broken-java\"); } void g( { }\n",
        ),
        (
            "broken.rb",
            "require \"openai\"\nc = OpenAI::Client.new\nc.chat(parameters: { model: \"gpt-4o-broken-rb\" })\ndef oops(\n",
        ),
        (
            "junk.cs",
            "using OpenAI.Chat;\0\0\0\u{1}\u{2} new ChatClient(\"x\")",
        ),
    ];
    for (name, text) in broken {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let s = scan_dir(dir.path());
    for (file, key) in [
        ("broken.go", "model:openai/gpt-4o-broken-go"),
        ("Broken.java", "model:openai/gpt-4o-broken-java"),
        ("broken.rb", "model:openai/gpt-4o-broken-rb"),
    ] {
        assert!(
            s.has(key),
            "{key} lost to a syntax error elsewhere in {file}"
        );
        assert!(
            s.warnings_for(file)
                .iter()
                .any(|w| w.contains("syntax errors")),
            "{file}: {:?}",
            s.warnings_for(file)
        );
    }
    assert!(
        s.warnings_for("junk.cs")
            .iter()
            .any(|w| w.contains("binary content")),
        "{:?}",
        s.warnings
    );
}
