//! The value-based detector on `tests/fixtures/values`: model ids kept where
//! real code keeps them (request objects built apart from the call, enums,
//! constant tables, alias maps, `switch` arms, registration loops, settings
//! defaults, `.env` values, gateway slugs, a registry bound by its directory),
//! in nine languages, each with a decoy beside it that must stay absent
//! (messages, docstrings, labels, a directory with no AI, loopback test
//! servers, empty ids). Then `aibom check` on changes of these shapes.

use crate::common::{Scanned, commit, fixture, git, scan_dir};

fn scan() -> Scanned {
    scan_dir(&fixture("values"))
}

#[test]
fn models_are_found_wherever_the_code_keeps_them() {
    let s = scan();
    s.assert_models(&[
        // TypeScript: an `as const` alias object, a request body sent by fetch,
        // a gateway slug, and a registry whose directory imports the AI SDK.
        ("model:openai/gpt-4o-mini", "web/chat.ts", 2),
        ("model:anthropic/claude-sonnet-4-5", "web/chat.ts", 2),
        ("model:openai/gpt-4.1-nano", "web/chat.ts", 3),
        ("model:xai/grok-3-mini", "web/chat.ts", 8),
        ("model:google/gemini-2.5-flash-lite", "web/models.ts", 2),
        ("model:anthropic/claude-haiku-4.5", "web/models.ts", 4),
        // A host's list of open weights, and a gateway's list of many vendors'.
        (
            "model:siliconflow/Qwen/Qwen2.5-7B-Instruct",
            "gateways/lists.ts",
            6,
        ),
        (
            "model:siliconflow/deepseek-ai/DeepSeek-V3",
            "gateways/lists.ts",
            7,
        ),
        (
            "model:siliconflow/THUDM/glm-4-9b-chat",
            "gateways/lists.ts",
            8,
        ),
        ("model:google/gemini-2.0-flash", "gateways/lists.ts", 16),
        (
            "model:deepseek/deepseek-v4-flash-vision-exp",
            "gateways/lists.ts",
            18,
        ),
        // DashScope's dated and long-context ids (NextChat's `alibabaModes`).
        ("model:alibaba-dashscope/qwen-turbo", "web/server.ts", 14),
        ("model:alibaba-dashscope/qwen-max-0428", "web/server.ts", 14),
        (
            "model:alibaba-dashscope/qwen-max-longcontext",
            "web/server.ts",
            14,
        ),
        ("model:openai/gpt-5.2", "web/models.ts", 5),
        // Python: an alias map, a params dict passed as `**params`, a loop.
        ("model:anthropic/claude-3-5-haiku-latest", "py/llm.py", 3),
        ("model:anthropic/claude-opus-4-1", "py/llm.py", 3),
        ("model:openai/gpt-4o", "py/llm.py", 9),
        // Tags pulled by the Ollama program the file runs.
        ("model:ollama/llama3.1", "local/setup.py", 6),
        ("model:ollama/phi3", "local/setup.py", 6),
        ("model:mistral/mistral-nemo", "local/setup.py", 6),
        // A provider's own package, bound and tied by its folder's name.
        ("model:groq/llama3-8b-8192", "groq/model.go", 7),
        ("model:groq/mixtral-8x7b-32768", "groq/model.go", 8),
        // A model table one folder below the code that calls the SDKs.
        ("model:anthropic/claude-opus-4-8", "py/models/data.py", 6),
        ("model:xai/grok-4.6", "py/models/data.py", 9),
        // Go: a struct literal and `switch` arms (a bare `o3` through the SDK).
        ("model:openai/gpt-4.1-mini", "go/req.go", 13),
        ("model:openai/o4-mini", "go/req.go", 19),
        ("model:openai/o3", "go/req.go", 21),
        // Kotlin enum entries and a `to` map; Rust constant tuples.
        ("model:anthropic/claude-haiku-4-5", "kt/Models.kt", 3),
        ("model:deepseek/deepseek-chat", "rs/models.rs", 2),
        ("model:deepseek/deepseek-reasoner", "rs/models.rs", 2),
        // Ruby: the project's own wrapper.
        ("model:openai/o3-mini", "rb/chat.rb", 4),
        // LangChain4j / Quarkus properties.
        (
            "model:anthropic/claude-3-5-sonnet-20241022",
            "spring/application.properties",
            3,
        ),
        ("model:ollama/llama3.2", "spring/application.properties", 4),
        // A viper default beside the code that calls the SDK.
        (
            "model:anthropic/claude-3-7-sonnet-latest",
            "go/config.go",
            7,
        ),
        // A PHP enum in a folder with no SDK, bound by its file's name.
        (
            "model:openai/gpt-5-mini",
            "php/Enums/OpenAIChatModel.php",
            9,
        ),
        // An alias map's values.
        ("model:anthropic/claude-opus-4-20250514", "go/alias.go", 13),
        ("model:anthropic/claude-3-opus-20240229", "go/alias.go", 14),
        (
            "model:anthropic/claude-3-7-sonnet-20250219",
            "go/alias.go",
            23,
        ),
        ("model:anthropic/claude-3-haiku-20240307", "go/alias.go", 23),
        // A table of providers: each entry serves its list's ids.
        (
            "model:cloudflare-workers-ai/mistral-7b-instruct-v0.2-lora",
            "registry/providers_data.go",
            27,
        ),
        (
            "model:alibaba-dashscope/qwen1.5-14b-chat-awq",
            "registry/providers_data.go",
            23,
        ),
        (
            "model:chutes/deepseek-ai/DeepSeek-V3.1-Terminus",
            "registry/providers_data.go",
            38,
        ),
        (
            "model:chutes/moonshotai/Kimi-K2-Instruct-75k",
            "registry/providers_data.go",
            46,
        ),
        ("model:openai/gpt-5-pro", "registry/providers_data.go", 42),
        (
            "model:openrouter/sonoma-sky-alpha",
            "registry/providers_data.go",
            57,
        ),
        (
            "model:anthropic/claude-sonnet-4.5",
            "registry/providers_data.go",
            61,
        ),
        (
            "model:openrouter/qwen/qwen3-coder:free",
            "registry/providers_data.go",
            65,
        ),
        // An OpenAI-compatible client pointed at Cerebras.
        ("model:cerebras/gpt-oss-120b", "compat/fast.py", 6),
        (
            "model:groq/llama-3.3-70b-versatile",
            "compat/langchain.ts",
            4,
        ),
        (
            "model:cerebras/llama-4-scout-17b-16e-instruct",
            "compat/ChatModels.java",
            9,
        ),
        // Bicep: a parameter default, and a deployment object.
        ("model:azure-openai/gpt-4o-mini", "infra/main.bicep", 5),
        (
            "model:azure-openai/text-embedding-3-small",
            "infra/main.bicep",
            11,
        ),
        ("model:azure-openai/gpt-4.1-nano", "infra/main.bicep", 32),
        // A test file's invented id: found, and test-only.
        ("model:openai/gpt-4o-fake-test", "tests/test_chat.py", 2),
        (
            "model:anthropic/claude-3-5-haiku-20241022",
            "registry/llm_test.go",
            12,
        ),
        // Newer providers' families: a price table and a list.
        ("model:minimax/MiniMax-M2", "caps/pricing.py", 10),
        // Rerank and embedding ids (kotaemon 4015bb0f7c, 5132288386).
        ("model:cohere/rerank-v4.0-fast", "caps/rerank.py", 4),
        ("model:voyage/voyage-3-large", "caps/rerank.py", 6),
        ("model:voyage/rerank-2.5-lite", "caps/rerank.py", 7),
        // A settings table of defaults far from any SDK: `"FAST_LLM":
        // "openai:gpt-4o-mini"` (see `a_table_of_llm_defaults_…`).
        (
            "model:openai/text-embedding-3-small",
            "defaults/default.py",
            7,
        ),
        (
            "model:moonshot/kimi-k2-turbo-preview",
            "caps/pricing.py",
            10,
        ),
        ("model:moonshot/kimi-k2-thinking", "caps/pricing.py", 11),
        ("model:zhipu/glm-4.5-air", "caps/pricing.py", 10),
        ("model:alibaba-dashscope/qwen-plus", "caps/pricing.py", 10),
        ("model:openai/gpt-4o-2024-11-20", "caps/pricing.py", 22),
        ("model:openai/gpt-4o-2024-08-06", "caps/pricing.py", 22),
        // A tokenizer's context-size table; Groq through a functional option.
        ("model:openai/gpt-4o-2024-05-13", "tokens/tokens.go", 8),
        ("model:openai/gpt-4-32k-0613", "tokens/tokens.go", 9),
        (
            "model:groq/moonshotai/kimi-k2-instruct",
            "compat/go/groq.go",
            9,
        ),
    ]);
    // The same ids elsewhere are more evidence of the same components.
    s.assert_at("model:anthropic/claude-sonnet-4-5", "java/Pick.java", 5);
    s.assert_at("model:anthropic/claude-sonnet-4-5", "kt/Models.kt", 3);
    s.assert_at(
        "model:anthropic/claude-3-5-haiku-latest",
        "java/Pick.java",
        5,
    );
    s.assert_at("model:openai/gpt-4o", "cs/Defaults.cs", 2);
    s.assert_nothing_in("plainphp/Sizes.php");
    s.assert_at(
        "model:openai/gpt-4o-mini",
        "spring/application.properties",
        2,
    );
    // A Go SDK constant outside any call (`var m = openai.GPT4oMini`).
    s.assert_at("model:openai/gpt-4o-mini", "go/req.go", 8);
    // …and not another package's constant of the same name.
    assert!(
        s.lines_in("model:openai/gpt-4o", "go/req.go").is_empty(),
        "themes.GPT4o is no SDK constant"
    );
    s.assert_at("model:openai/gpt-4o", "rb/chat.rb", 2); // ENV.fetch default
    s.assert_at("model:openai/gpt-4o", ".env.example", 1); // OPENAI_MODEL=
    assert!(s.item("model:openai/gpt-4o-fake-test").test_only);
    assert!(!s.item("model:openai/gpt-4o-mini").test_only);
}

#[test]
fn prose_labels_and_unbound_code_are_not_models() {
    let s = scan();
    // Messages, docstrings and comments; `label:` / `displayName:` values;
    // an upper-case display name.
    for key in [
        "model:anthropic/claude-3-opus",
        "model:anthropic/claude-2",
        "model:openai/gpt-4.1",
        "model:openai/GPT-4o",
        "model:openai/gpt-5",
    ] {
        assert!(!s.has(key), "{key} is prose or a label");
    }
    // A directory with no AI at all: a car's `model="gpt-4o"`, a menu.
    s.assert_nothing_in("cars/car.py");
    // ... nor below it, nor in a top-level folder beside the root's `.env`.
    s.assert_nothing_in("cars/parts/spec.py");
    s.assert_nothing_in("cars/model.go");
    // Ollama's tags where no Ollama program is run are nobody's, and a list
    // beside another vendor's id lends them none.
    for key in ["model:mistral/llama3.1", "model:mistral/phi3"] {
        assert!(!s.has(key), "{key}");
    }
    assert!(
        s.lines_in("model:ollama/llama3.1", "local/other.py")
            .is_empty()
    );
    s.assert_nothing_in("ui/menu.ts");
    // `new Ollama({ model: "" })` names no model; its endpoint stays.
    assert!(!s.keys().iter().any(|k| k == "model:ollama/"));
    s.assert_at("service:localhost:11434", "web/providers.ts", 4);
    // A loopback server in a test is no AI service.
    assert!(!s.has("service:127.0.0.1:8080/v1/messages"));
    // A provider prefix alone is not AI configuration.
    assert!(!s.has("config:env/OLLAMA_APP_DB_PATH"));
}

#[test]
fn bicep_deployments_name_their_models() {
    let s = scan();
    s.assert_at("model:azure-openai/gpt-4o-mini", "infra/main.bicep", 5); // param default
    s.assert_at(
        "model:azure-openai/text-embedding-3-small",
        "infra/main.bicep",
        11,
    );
    s.assert_at("model:azure-openai/gpt-4.1-nano", "infra/main.bicep", 32); // deployment object
    // `@allowed` choices, `@description` prose and comments are not deployments.
    for key in [
        "model:azure-openai/gpt-35-turbo",
        "model:azure-openai/gpt-4o",
        "model:azure-openai/text-embedding-ada-002",
        "model:azure-openai/text-embedding-3-large",
        "model:azure-openai/gpt-4-turbo",
    ] {
        assert!(!s.has(key), "{key}");
    }
}

#[test]
fn a_compatible_client_sends_its_models_to_the_host_it_points_at() {
    let s = scan();
    s.assert_at("model:cerebras/gpt-oss-120b", "compat/fast.py", 6);
    s.assert_at("service:api.cerebras.ai/v1", "compat/fast.py", 6);
    assert!(!s.has("model:openai/gpt-oss-120b"));
    s.assert_at("model:openai/gpt-4.1-mini", "compat/fast.py", 10);
    // A provider known by its host and variables (Nebius, a miss of the held-out run).
    s.assert_at(
        "service:api.tokenfactory.nebius.com/v1",
        "compat/fast.py",
        12,
    );
    s.assert_at("config:env/NEBIUS_API_KEY", "compat/fast.py", 12);
    // A builder's `.baseUrl(…)` does the same.
    s.assert_at(
        "model:cerebras/llama-4-scout-17b-16e-instruct",
        "compat/ChatModels.java",
        9,
    );
    s.assert_at("model:openai/gpt-4o", "compat/ChatModels.java", 15);
    // LangChain.js: the host as the constructor's second object (Perplexica's
    // Groq models) or inside `configuration` (its AI/ML API provider).
    s.assert_at(
        "model:groq/llama-3.3-70b-versatile",
        "compat/langchain.ts",
        4,
    );
    s.assert_at("service:api.groq.com/openai/v1", "compat/langchain.ts", 4);
    assert!(!s.has("model:openai-compatible/llama-3.3-70b-versatile"));
    s.assert_at("service:api.aimlapi.com", "compat/langchain.ts", 11);
    s.assert_at("model:openai/gpt-4o-mini", "compat/langchain.ts", 14);
    // The variables a settings form says each provider reads.
    s.assert_at("config:env/LM_STUDIO_BASE_URL", "compat/langchain.ts", 18);
    s.assert_at("config:env/AIML_API_KEY", "compat/langchain.ts", 19);
    assert!(!s.has("config:env/SEARXNG_API_URL"));
    assert!(
        s.lines_in("service:api.openai.com/v1", "compat/ChatModels.java")
            .iter()
            .all(|l| *l == Some(15)),
        "the pointed client sends nothing to OpenAI"
    );
}

/// NextChat's lists: one named for SiliconFlow serves its open weights
/// there, whatever other host the file names; a gateway's list of many
/// vendors' ids lends no vendor to an id no family knows.
#[test]
fn a_list_named_for_a_host_is_served_there_and_a_gateway_list_lends_no_vendor() {
    let s = scan();
    s.assert_at("model:deepseek/deepseek-chat", "gateways/lists.ts", 14);
    s.assert_at("model:openai/gpt-4o", "gateways/lists.ts", 15);
    for key in [
        "model:deepseek/deepseek-ai/DeepSeek-V3",
        "model:together/Qwen/Qwen2.5-7B-Instruct",
    ] {
        assert!(!s.has(key), "{key}: the list says SiliconFlow serves it");
    }
    assert!(
        !s.keys().iter().any(|k| k.ends_with("/llama-4-maverick")),
        "no vendor of a gateway's list is llama-4-maverick's"
    );
}

#[test]
fn a_model_chosen_at_run_time_keeps_its_endpoint() {
    let s = scan();
    // `client.messages.create(model=req.model)`: the data still goes to Anthropic.
    s.assert_at("service:api.anthropic.com/v1", "py/llm.py", 12);
}

#[test]
fn capability_checks_look_for_prefixes_not_models() {
    let s = scan();
    // `strings.Contains(m, "claude-3-7")`, `HasPrefix`, `startsWith`,
    // `includes`, `startswith`, `endswith` (langchaingo's reasoning checks).
    for key in [
        "model:anthropic/claude-3-7",
        "model:anthropic/claude-opus-5",
        "model:openai/o1-pro",
        "model:openai/gpt-5-codex",
        "model:openai/o3-pro",
        "model:openai/gpt-5-nano",
        // Python's `"claude-opus-4.7" not in name` (aider's temperature check).
        "model:anthropic/claude-opus-4.7",
        "model:openai/o4-mini-deep-research",
        // `part.replace("gemini_2_5", "gemini-2.5")`, `replaceAll`: an id
        // rebuilt from a name (browser-use 12dcdab044); the pieces are fragments.
        "model:google/gemini-2.5",
        "model:xai/grok-3-fast",
    ] {
        assert!(!s.has(key), "{key} is a prefix a check looks for");
    }
    // A name ending in its separator (`"gpt-"`) is a prefix, in a list
    // named for families or for models alike (gptme's prompt templates).
    for key in [
        "model:openai/gpt-",
        "model:anthropic/claude-",
        "model:mistral/mistral.",
    ] {
        assert!(!s.has(key), "{key} is a prefix");
    }
    // Ids a name is tested against (`name in ("gpt-4o-2024-11-20", …)`) are named.
    s.assert_at("model:openai/gpt-4o-2024-11-20", "caps/pricing.py", 22);
    // Equality and the values chosen stay models.
    s.assert_at("model:anthropic/claude-sonnet-4-5", "caps/reasoning.go", 17);
    s.assert_at("model:openai/gpt-4.1-mini", "caps/reasoning.ts", 9);
    s.assert_at("model:openai/gpt-4.1-nano", "caps/reasoning.ts", 9);
}

/// gpt-researcher's `config/variables/default.py`: no SDK in the file or its
/// directory, yet each LLM key's value is a model, written with its provider
/// or held by a key naming an LLM. A provider prefix on no model id, and a
/// car's `model="gpt-4o"` elsewhere, stay silent.
#[test]
fn a_table_of_llm_defaults_far_from_any_sdk_names_its_models() {
    let s = scan();
    for (key, line) in [
        ("model:openai/text-embedding-3-small", 7),
        ("model:openai/gpt-4o-mini", 8),
        ("model:anthropic/claude-sonnet-4-5", 9),
        ("model:openai/o4-mini", 10),
    ] {
        s.assert_at(key, "defaults/default.py", line);
    }
    s.assert_no_key_containing(&["cache"]);
    s.assert_nothing_in("cars/car.py");
    s.assert_nothing_in("defaults/base.py");
}

/// A provider table's base URLs on hosts the catalog does not know (cline
/// added seven providers at once this way and none was reported), in a file
/// whose directory holds the OpenAI client that reads them. A code host's
/// API far from any model setting, a URL built at run time and a car
/// dealer's API beside a car model stay silent.
#[test]
fn base_urls_beside_a_model_setting_are_compatible_services() {
    let s = scan();
    let f = "gateways/providers.generated.ts";
    let arcee = "service:api.arcee.ai/api/v1";
    s.assert_at(arcee, f, 15);
    assert_eq!(s.item(arcee).provider.as_deref(), Some("openai-compatible"));
    s.assert_at("service:api.deepseek.com/v1", f, 23);
    s.assert_at("service:router.requesty.example/v1", f, 31);
    s.assert_no_key_containing(&["github.com", "garage.example", "service:*"]);
    s.assert_nothing_in("cars/garage.ts");
}

/// An enum of model ids far from any SDK (camel's `class ModelType(…, Enum)`
/// in `types/enums.py`: 290 ids, none read, so `add new claude models` was
/// silent). Its name binds its members; a platform enum and an enum of
/// roles stay silent.
#[test]
fn an_enum_named_for_models_holds_models() {
    let s = scan();
    s.assert_at("model:openai/gpt-4o-mini", "enums/types.py", 12);
    s.assert_at("model:anthropic/claude-opus-4-1", "enums/types.py", 13);
    let in_enums: Vec<String> = s
        .keys()
        .into_iter()
        .filter(|k| {
            s.item(k)
                .evidence
                .iter()
                .any(|e| e.file == "enums/types.py")
        })
        .collect();
    assert_eq!(
        in_enums,
        [
            "model:anthropic/claude-opus-4-1",
            "model:openai/gpt-4o-mini"
        ]
    );
}

#[test]
fn newer_providers_model_ids_are_families_too() {
    let s = scan();
    s.assert_at("model:minimax/MiniMax-M2", "caps/pricing.py", 10);
    // Cohere's SDK reads its base URL from CO_API_URL (kotaemon ffe766f24d).
    s.assert_at("config:env/CO_API_URL", "caps/rerank.py", 18);
    // The lower-cased lookup list names the same model: one spelling.
    s.assert_at("model:minimax/MiniMax-M2", "caps/pricing.py", 11);
    assert!(!s.has("model:minimax/minimax-m2"));
    s.assert_at(
        "model:moonshot/kimi-k2-turbo-preview",
        "caps/pricing.py",
        10,
    );
    s.assert_at("model:moonshot/kimi-k2-thinking", "caps/pricing.py", 11);
    s.assert_at("model:zhipu/glm-4.5-air", "caps/pricing.py", 10);
    s.assert_at("model:alibaba-dashscope/qwen-plus", "caps/pricing.py", 10);
    for decoy in ["glm", "kimi", "MiniMax", "qwen-team"] {
        s.assert_no_id(decoy);
    }
    // A tokenizer of hosted models binds its file (a context-size table).
    s.assert_at("model:openai/gpt-4o-2024-05-13", "tokens/tokens.go", 8);
    // A tokenizer picked by a model's name calls no model.
    for decoy in ["gpt-3.5-turbo-0613", "gpt-3.5-turbo-16k-0613"] {
        s.assert_no_id(decoy);
    }
}

/// An alias map's keys are the names a user types; its values are the
/// models sent (mcphost a234672 reported `claude-opus-latest`, an id no
/// provider serves). A call's argument beside a keyed value stays a model.
#[test]
fn an_alias_maps_keys_are_names_not_models() {
    let s = scan();
    s.assert_at("model:anthropic/claude-opus-4-20250514", "go/alias.go", 13);
    s.assert_at("model:anthropic/claude-3-opus-20240229", "go/alias.go", 14);
    for alias in [
        "model:anthropic/claude-opus-newest",
        "model:anthropic/claude-3-opus-latest",
    ] {
        assert!(!s.has(alias), "{alias} is a name the project made");
    }
    s.assert_at(
        "model:anthropic/claude-3-7-sonnet-20250219",
        "go/alias.go",
        23,
    );
    s.assert_at("model:anthropic/claude-3-haiku-20240307", "go/alias.go", 23);
}

/// A table of providers (mcphost's models.dev data): each provider's entry
/// names it by its `ID` beside its `Models`, and serves the ids of its list
/// no family knows — not the vendor a slug's prefix spells (`deepseek-ai`),
/// not the majority of a list of many vendors' ids (Qwen's DashScope for
/// Cloudflare's Mistral); family ids keep their family's provider.
#[test]
fn a_table_of_providers_serves_each_entrys_models() {
    let s = scan();
    let f = "registry/providers_data.go";
    s.assert_at(
        "model:cloudflare-workers-ai/mistral-7b-instruct-v0.2-lora",
        f,
        27,
    );
    s.assert_at("model:chutes/deepseek-ai/DeepSeek-V3.1-Terminus", f, 38);
    s.assert_at("model:chutes/moonshotai/Kimi-K2-Instruct-75k", f, 46);
    // OpenRouter's own slug and a router variant (`:free`) are OpenRouter's.
    s.assert_at("model:openrouter/sonoma-sky-alpha", f, 57);
    s.assert_at("model:openrouter/qwen/qwen3-coder:free", f, 65);
    s.assert_at("model:openai/gpt-5-pro", f, 42);
    s.assert_at("model:anthropic/claude-sonnet-4.5", f, 61);
    for wrong in [
        "model:alibaba-dashscope/mistral-7b-instruct-v0.2-lora",
        "model:deepseek-ai/DeepSeek-V3.1-Terminus",
        "model:alibaba-dashscope/qwen3-coder:free",
        "model:openrouter/openrouter/sonoma-sky-alpha",
    ] {
        assert!(!s.has(wrong), "{wrong}");
    }
}

#[test]
fn a_test_binds_only_itself_not_its_package() {
    let s = scan();
    // The package's constant table has no AI code beside it but a test.
    s.assert_nothing_in("registry/models_list.go");
    assert!(
        s.item("model:anthropic/claude-3-5-haiku-20241022")
            .test_only
    );
}

#[test]
fn a_functional_option_points_the_client_at_its_host() {
    let s = scan();
    // `openai.New(openai.WithModel(…), openai.WithBaseURL("https://api.groq.com/openai/v1"))`.
    s.assert_at(
        "model:groq/moonshotai/kimi-k2-instruct",
        "compat/go/groq.go",
        9,
    );
    assert!(!s.has("model:openai/moonshotai/kimi-k2-instruct"));
    // The sibling client with no base URL stays OpenAI's.
    s.assert_at("model:openai/gpt-4o-mini", "compat/go/groq.go", 13);
}

/// `aibom check` between two commits, as the JSON report.
fn check(repo: &std::path::Path, base: &str, head: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(["check", "--repo", repo.to_str().unwrap(), "--base", base])
        .args(["--head", head, "--format", "json"])
        .output()
        .expect("aibom runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    })
}

fn ids(report: &serde_json::Value, list: &str) -> Vec<String> {
    let mut v: Vec<String> = report[list]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] != "library")
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap_or(""),
                e["id"].as_str().unwrap_or("")
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_change_of_each_shape_is_exactly_what_the_diff_says() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let registry = |entries: &str| {
        format!(
            "import {{ gateway }} from \"@ai-sdk/gateway\";\nexport const MODELS = [{entries}];\n"
        )
    };
    let settings = |model: &str| {
        format!("import anthropic\nDEFAULT_MODEL = \"{model}\"\nclient = anthropic.Anthropic()\n")
    };
    let base = commit(
        repo,
        &[
            (
                "web/models.ts",
                registry("\"openai/gpt-4o\", \"xai/grok-3\"").as_bytes(),
            ),
            (
                "app/settings.py",
                settings("claude-3-5-haiku-latest").as_bytes(),
            ),
            (
                "app/call.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o-mini\")\n",
            ),
            ("README.md", b"We use gpt-4o.\n"),
        ],
    );
    // A registry entry added and one removed, a settings default changed, a
    // call made configurable, and noise that adds nothing (docs, a move).
    let head = commit(
        repo,
        &[
            ("web/models.ts", registry("\"openai/gpt-4o\", \"anthropic/claude-sonnet-4-5\"").as_bytes()),
            ("app/settings.py", settings("claude-sonnet-4-5").as_bytes()),
            ("app/call.py", b"import openai\nimport os\nopenai.OpenAI().chat.completions.create(model=os.environ.get(\"CHAT\"))\n"),
            ("README.md", b"We use gpt-4o and claude-opus-4-1 (docs only).\n"),
        ],
    );
    let r = check(repo, &base, &head);
    assert_eq!(ids(&r, "added"), vec!["model:claude-sonnet-4-5"], "{r:#}");
    assert_eq!(
        ids(&r, "removed"),
        vec![
            "model:claude-3-5-haiku-latest",
            "model:gpt-4o-mini",
            "model:grok-3",
        ],
        "{r:#}"
    );
    // The endpoint stays: only the model became dynamic.
    assert!(
        !ids(&r, "removed").iter().any(|k| k.starts_with("service:")),
        "{r:#}"
    );

    // Moving the registry adds and removes nothing.
    git(repo, &["mv", "web/models.ts", "web/registry.ts"]);
    git(repo, &["commit", "-q", "-m", "move"]);
    let moved = git(repo, &["rev-parse", "HEAD"]);
    let r = check(repo, &head, moved.trim());
    assert!(
        ids(&r, "added").is_empty() && ids(&r, "removed").is_empty(),
        "{r:#}"
    );
}

#[test]
fn configuration_registries_recordings_and_parameter_defaults() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            // aider-style model settings: a list of entries named by id, a key
            // repeated (loaders keep the last; the rest of the file still counts).
            (
                "resources/model-settings.yml",
                b"- name: gpt-5.5\n  weak_model_name: gpt-5-mini\n  edit_format: diff\n  edit_format: udiff\n- name: bedrock/anthropic.claude-opus-4-7-v1\n  reminder: sys\n- name: my-local-thing\n",
            ),
            // mods-style registry: models keyed by id under `models`; a short
            // id tied by the provider its parent key names; a decoy key.
            (
                "config_template.yml",
                b"apis:\n  openai:\n    models:\n      gpt-5-mini:\n        aliases: [\"5mini\"]\n      o3:\n        aliases: []\n  ollama:\n    models:\n      llama3.2:\n        max-input-chars: 650000\n  other:\n    models:\n      fast-thing:\n        aliases: []\n",
            ),
            // aichat-style registry: a variant entry names the model it calls
            // by `real_name`; the variant's own name is no model id.
            (
                "models.yaml",
                b"- provider: claude\n  models:\n    - name: claude-opus-4-6\n      max_input_tokens: 200000\n    - name: claude-opus-4-6:thinking\n      real_name: claude-opus-4-6\n",
            ),
            // A VCR cassette: recorded exchanges, replayed, never sent.
            (
                "spec/fixtures/vcr_cassettes/chat.yml",
                b"http_interactions:\n- request:\n    uri: https://api.openai.com/v1/batches/batch_6a85c08a\n    body: '{\"model\": \"gpt-4o\"}'\n",
            ),
            // azd / Bicep parameters: `${VAR=default}` names VAR.
            (
                "infra/main.parameters.json",
                br#"{"parameters": {"chatGptModelVersion": {"value": "${AZURE_OPENAI_CHATGPT_MODEL_VERSION=2024-07-18}"}}}"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("model:openai/gpt-5.5", "resources/model-settings.yml", 1);
    s.assert_at("model:openai/gpt-5-mini", "resources/model-settings.yml", 2);
    s.assert_at(
        "model:aws-bedrock/anthropic.claude-opus-4-7-v1",
        "resources/model-settings.yml",
        5,
    );
    s.assert_nothing_in("spec/fixtures/vcr_cassettes/chat.yml");
    s.assert_at("model:anthropic/claude-opus-4-6", "models.yaml", 3);
    s.assert_at("model:anthropic/claude-opus-4-6", "models.yaml", 6);
    assert!(
        !s.keys().iter().any(|k| k.contains(":thinking")),
        "{:?}",
        s.keys()
    );
    s.assert_at("model:openai/gpt-5-mini", "config_template.yml", 4);
    s.assert_at("model:openai/o3", "config_template.yml", 6);
    s.assert_at("model:ollama/llama3.2", "config_template.yml", 10);
    assert!(!s.keys().iter().any(|k| k.contains("fast-thing")));
    s.assert_at(
        "config:env/AZURE_OPENAI_CHATGPT_MODEL_VERSION",
        "infra/main.parameters.json",
        1,
    );
    assert!(
        !s.keys().iter().any(|k| k.contains('=')),
        "a default is not part of a name: {:?}",
        s.keys()
    );
}

#[test]
fn variables_read_through_configuration_layers() {
    let s = scan();
    s.assert_at("config:env/ANTHROPIC_API_KEY", "layers/Program.cs", 2); // Configuration["…"]
    s.assert_at("config:env/OPENAI_API_KEY", "layers/Program.cs", 3); // GetValue<string>("…")
    s.assert_at("config:env/OPENAI_API_KEY", "layers/App.java", 2); // @Value("${…}")
    s.assert_at("config:env/OPENAI_API_KEY", "layers/a.ts", 1); // const { … } = process.env
    s.assert_at("config:env/VITE_ANTHROPIC_API_KEY", "layers/a.ts", 2);
    s.assert_at("model:openai/gpt-4o", "layers/App.java", 3); // @Value("${app.model:gpt-4o}")
    s.assert_at("config:env/CEREBRAS_API_KEY", "layers/App.java", 4); // a catalog name
    // pydantic settings fields: by name, by `validation_alias`, after `env_prefix`.
    s.assert_at("config:env/OPENAI_API_KEY", "py/settings.py", 8);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "py/settings.py", 9);
    s.assert_at("config:env/COHERE_API_KEY", "py/settings.py", 16);
    // Each vendor's key by the name a project gives it (NextChat's server
    // config), known to the catalog; a cloud's storage keys beside them are not.
    for (name, line) in [
        ("ALIBABA_URL", 3),
        ("ALIBABA_API_KEY", 4),
        ("CHATGLM_API_KEY", 5),
        ("STABILITY_API_KEY", 6),
        ("AZURE_API_KEY", 7),
    ] {
        s.assert_at(&format!("config:env/{name}"), "web/server.ts", line);
    }
    assert!(!s.has("config:env/ALIBABA_CLOUD_ACCESS_KEY_ID"));
    assert!(!s.has("config:env/CLOUDFLARE_KV_API_KEY"));
    // A plain model's field is not read from the environment.
    assert!(!s.has("config:env/GROQ_API_KEY"));
    // A message naming variables, and a variable that is not AI's.
    assert!(!s.has("config:env/MISTRAL_API_KEY"));
    assert!(!s.has("config:env/DATABASE_URL"));
    assert!(
        s.lines_in("config:env/OPENAI_MODEL", "layers/a.ts")
            .is_empty()
    );
}

/// aichat-shaped registry entries of newer families and OpenRouter vendor
/// slugs (`x-ai/…`, `z-ai/…`, `qwen/…`), each with a decoy of the same look.
#[test]
fn newer_families_and_vendor_slugs_in_a_registry() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "models.yaml",
                b"- provider: zhipuai\n  models:\n    - name: glm-5\n    - name: glm\n\
- provider: qianwen\n  models:\n    - name: qwen3.5-397b-a17b\n    - name: qwen3-coder-next\n    - name: qwq-plus-latest\n    - name: deepseek-v3.1\n\
- provider: openrouter\n  models:\n    - name: x-ai/grok-4-fast\n    - name: z-ai/glm-4.6\n    - name: moonshotai/kimi-k2\n    - name: qwen/qwen3-max-thinking\n\
- provider: hunyuan\n  models:\n    - name: hunyuan-turbos-latest\n    - name: hunyuan\n\
- provider: ernie\n  models:\n    - name: ernie-4.5-turbo-128k\n    - name: ernie-x1.1-preview\n    - name: ernie-3.0-base-zh\n    - name: ernie-tiny\n\
- provider: cloudflare\n  models:\n    - name: '@cf/qwen/qwen3-30b-a3b-fp8'\n    - name: '@cf'\n\
- provider: somelab\n  models:\n    - name: qwen3-max\n    - name: qwen-team\n",
            ),
            (
                "config_template.yml",
                b"apis:\n  copilot:\n    base-url: https://api.githubcopilot.com\n    models:\n      gpt-4o-2024-05-13:\n        aliases: [\"4o\"]\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    for (key, line) in [
        ("model:zhipu/glm-5", 3),
        ("model:alibaba-dashscope/qwen3.5-397b-a17b", 7),
        ("model:alibaba-dashscope/qwen3-coder-next", 8),
        ("model:alibaba-dashscope/qwq-plus-latest", 9),
        // A family's id in DashScope's (aichat's `qianwen`) list is served by DashScope.
        ("model:alibaba-dashscope/deepseek-v3.1", 10),
        ("model:xai/grok-4-fast", 13),
        ("model:zhipu/glm-4.6", 14),
        ("model:moonshot/kimi-k2", 15),
        ("model:alibaba-dashscope/qwen3-max-thinking", 16),
        ("model:tencent-hunyuan/hunyuan-turbos-latest", 19),
        ("model:baidu-qianfan/ernie-4.5-turbo-128k", 23),
        ("model:baidu-qianfan/ernie-x1.1-preview", 24),
        ("model:cloudflare-workers-ai/@cf/qwen/qwen3-30b-a3b-fp8", 29),
    ] {
        s.assert_at(key, "models.yaml", line);
    }
    for decoy in [
        "/glm\"",
        "qwen-team",
        "not-a-model",
        "/hunyuan\"",
        "ernie-3.0",
        "ernie-tiny",
        "/@cf\"",
    ] {
        let quoted: Vec<String> = s.keys().iter().map(|k| format!("{k}\"")).collect();
        assert!(
            !quoted.iter().any(|k| k.contains(decoy)),
            "{decoy}: {:?}",
            s.keys()
        );
    }
    let copilot = s.item("service:api.githubcopilot.com");
    assert_eq!(copilot.provider.as_deref(), Some("github-copilot"));
}

/// catwalk/aichat-shaped provider registries: a `models` list of a provider
/// the catalog knows (by its API host, or by name beside a family id) lists
/// that provider's models whatever their shape; the decoys beside them — a
/// gateway of unknown host, a protocol `type`, an ORM's `models`, display
/// names — stay absent.
#[test]
fn provider_registries_list_their_models_whatever_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "configs/fireworks.json",
                br#"{
  "name": "Fireworks",
  "id": "fireworks",
  "type": "openai-compat",
  "api_key": "$FIREWORKS_API_KEY",
  "api_endpoint": "https://api.fireworks.ai/inference/v1",
  "models": [
    {"id": "accounts/fireworks/models/qwen3p8-max", "name": "Qwen3.8 Max"},
    {"id": "accounts/fireworks/models/glm-5p1", "name": "GLM 5.1"}
  ]
}"#,
            ),
            (
                "configs/gemini.json",
                br#"{
  "name": "Google Gemini",
  "id": "gemini",
  "type": "google",
  "api_endpoint": "$GEMINI_API_ENDPOINT",
  "models": [
    {"id": "gemini-3.7-flash", "name": "Gemini 3.7 Flash"},
    {"id": "nano-banana-2", "name": "Nano Banana 2"}
  ]
}"#,
            ),
            (
                "configs/pioneer.json",
                br#"{
  "name": "Pioneer",
  "id": "pioneer",
  "type": "openai",
  "api_endpoint": "https://api.pioneer.ai/v1",
  "models": [
    {"id": "gpt-5.5", "name": "GPT 5.5"},
    {"id": "pioneer-uncensored", "name": "Pioneer Uncensored"},
    {"id": "Qwen/Qwen3-8B", "name": "Qwen3 8B"}
  ]
}"#,
            ),
            (
                "test/fixtures/mock.json",
                br#"{"id": "mock", "api_endpoint": "http://127.0.0.1:8080/v1",
  "models": [{"id": "gpt-4o"}, {"id": "mock-model-1"}]}"#,
            ),
            (
                "configs/sample.json",
                br#"{"id": "acme", "base_url": "https://api.example.com/v1",
  "models": [{"id": "gpt-4o"}, {"id": "acme-large-2"}]}"#,
            ),
            (
                "configs/vercel.json",
                br#"{"id": "vercel", "type": "vercel", "api_endpoint": "https://ai-gateway.vercel.sh/v1",
  "models": [{"id": "meta/llama-4-scout", "name": "Llama 4 Scout"},
    {"id": "openai/o3-fast"}, {"id": "mistralai/mistral-nemo"}, {"id": "z-ai/glm-5.2:free"},
    {"id": "anthropic/claude-fable-5"}]}"#,
            ),
            (
                "schema/orm.json",
                br#"{"id": "openai", "models": [{"name": "User"}, {"name": "Post"}, {"name": "Display Name"}]}"#,
            ),
            (
                "models.yaml",
                b"- provider: openrouter\n  models:\n    - name: ai21/jamba-mini-1.7\n    - name: anthropic/claude-3.7-sonnet:thinking\n    - name: claude-opus-4-6:thinking\n      real_name: claude-opus-4-6\n    - name: nvidia/nemotron-3.5-lightning\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at(
        "model:fireworks/accounts/fireworks/models/qwen3p8-max",
        "configs/fireworks.json",
        8,
    );
    s.assert_at(
        "model:fireworks/accounts/fireworks/models/glm-5p1",
        "configs/fireworks.json",
        9,
    );
    s.assert_at("model:google/gemini-3.7-flash", "configs/gemini.json", 7);
    s.assert_at("model:google/nano-banana-2", "configs/gemini.json", 8);
    // Pioneer is no provider the catalog knows, and `type` is its protocol:
    // named by its `id` beside its public API URL, it serves every model of
    // its list, a family's plain id too (the data goes to Pioneer, not to
    // OpenAI); the family rule's reading of the same literal is replaced.
    s.assert_at("model:pioneer/gpt-5.5", "configs/pioneer.json", 7);
    assert!(
        !s.has("model:openai/gpt-5.5")
            || s.lines_in("model:openai/gpt-5.5", "configs/pioneer.json")
                .is_empty()
    );
    s.assert_at(
        "model:pioneer/pioneer-uncensored",
        "configs/pioneer.json",
        8,
    );
    s.assert_at("model:pioneer/Qwen/Qwen3-8B", "configs/pioneer.json", 9);
    // A loopback mock and an example host are no gateway: their own ids are
    // not models (the family id still is).
    for decoy in ["mock-model-1", "acme-large-2", "model:mock/", "model:acme/"] {
        assert!(
            !s.keys().iter().any(|k| k.contains(decoy)),
            "{decoy}: {:?}",
            s.keys()
        );
    }
    s.assert_at("model:openai/gpt-4o", "configs/sample.json", 2);
    // `-fast` tiers, Mistral NeMo and a router's `:free` variant.
    s.assert_at("model:openai/o3-fast", "configs/vercel.json", 3);
    s.assert_at("model:mistral/mistral-nemo", "configs/vercel.json", 3);
    s.assert_at("model:zhipu/glm-5.2:free", "configs/vercel.json", 3);
    // A routed slug no family knows is its prefix's model, not the gateway's.
    s.assert_at("model:anthropic/claude-fable-5", "configs/vercel.json", 4);
    // A gateway the catalog knows by its host: every entry is its model.
    s.assert_at(
        "model:vercel-ai-gateway/meta/llama-4-scout",
        "configs/vercel.json",
        2,
    );
    let gateway = s.item("service:ai-gateway.vercel.sh/v1");
    assert_eq!(gateway.provider.as_deref(), Some("vercel-ai-gateway"));
    s.assert_nothing_in("schema/orm.json");
    s.assert_at("model:openrouter/ai21/jamba-mini-1.7", "models.yaml", 3);
    // A hosted open-weight id, tied to the gateway that lists it.
    s.assert_at(
        "model:openrouter/nvidia/nemotron-3.5-lightning",
        "models.yaml",
        7,
    );
    // A routed slug names its own provider, once; a variant is its real name.
    assert!(
        !s.keys()
            .iter()
            .any(|k| k.starts_with("model:openrouter/anthropic/")),
        "{:?}",
        s.keys()
    );
    s.assert_at("model:anthropic/claude-opus-4-6", "models.yaml", 6);
    assert!(!s.keys().iter().any(|k| k.ends_with("4-6:thinking")));
}

/// mods-shaped registries: an API's `models` mapping keyed by id under its
/// `base-url`. Every key is a model of the host's provider, ids no family
/// knows included (Groq's `deepseek-r1-distill-llama-70b`); an unknown host's
/// keys, an alias map's names and a mapping of settings stay absent.
#[test]
fn a_models_mapping_keyed_by_id_lists_its_hosts_models() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[(
            "config_template.yml",
            b"default-model: gpt-4o
apis:
  groq:
    base-url: https://api.groq.com/openai/v1
    api-key-env: GROQ_API_KEY
    models:
      llama-3.3-70b-versatile:
        aliases: [\"llama3.3\"]
        max-input-chars: 392000
      qwen-2.5-coder-32b:
        aliases: [\"qwen-coder\"]
      deepseek-r1-distill-llama-70b:
        aliases: [\"r1-llama\"]
  acme:
    base-url: https://llm.acme.example/v1
    models:
      acme-large:
        aliases: [\"acme\"]
  openai:
    base-url: https://api.openai.com/v1
    models:
      fast: gpt-4o-mini
      smart: o3
  settings:
    base-url: https://api.groq.com/openai/v1
    models:
      retries: 3
      timeout:
        seconds: 30
",
        )],
    );
    let s = scan_dir(dir.path());
    s.assert_at(
        "model:groq/llama-3.3-70b-versatile",
        "config_template.yml",
        7,
    );
    s.assert_at("model:groq/qwen-2.5-coder-32b", "config_template.yml", 10);
    s.assert_at(
        "model:groq/deepseek-r1-distill-llama-70b",
        "config_template.yml",
        12,
    );
    // An alias map's keys are the project's names, never models.
    for decoy in [
        "acme-large",
        "model:openai/fast",
        "model:openai/smart",
        "timeout",
        "retries",
    ] {
        assert!(
            !s.keys().iter().any(|k| k.contains(decoy)),
            "{decoy}: {:?}",
            s.keys()
        );
    }
}

/// Code that lists a provider's models (vercel/ai's `…ModelId` unions, enums,
/// arrays, Go slices, Python loops, descriptor arrays): in a list holding one
/// family id, every member is a model, the newest ids no family knows yet
/// included. The decoys beside each — a list of providers, statuses, paths or
/// files, a descriptor's other fields, a list with no family id, a display
/// name — stay absent.
#[test]
fn every_member_of_a_model_list_is_a_model() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "web/deepseek-chat-options.ts",
                br#"import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
export type DeepSeekChatModelId =
  | 'deepseek-chat'
  | 'deepseek-reasoner'
  | 'deepseek-r2-distill-exp'
  | (string & {});
export type ModelProvider = 'openai2' | 'deepseek-r2-distill-decoy';
export type ModelStatus = 'ga2' | 'deepseek-chat';
const modelPaths = ['deepseek-reasoner', 'store-v2'];
"#,
            ),
            (
                "web/gateway-model-ids.ts",
                br#"import { gateway } from '@ai-sdk/gateway';
export type GatewayModelId =
  | 'openai/gpt-4o'
  | 'fish-audio/s2-pro'
  | 'tencent/hy-mt2-lite'
  | 'xai/grok-4'
  | 'models/v2.json';
"#,
            ),
            (
                "web/enum.ts",
                br#"import OpenAI from 'openai';
export enum VideoModel {
  Sora = 'sora-2',
  SoraPro = 'sora-2-pro',
  Image = 'gpt-image-1',
}
export const MODELS = [
  { id: 'gpt-4o', provider: 'openai', region: 'us-east-2' },
  { id: 'gpt-realtime-mini', name: 'Realtime Mini 2' },
];
export const REGIONS = ['gpt-4o', 'eu-west-3'];
"#,
            ),
            (
                "py/register.py",
                br#"import anthropic

SUPPORTED_MODELS = ["claude-sonnet-4-5", "claude-next-7"]
MODEL_FILES = ["claude-3-haiku", "adapter-v2"]

for model_id in ("claude-opus-4-1", "claude-orca-9"):
    register(model_id)
"#,
            ),
            (
                "go/models.go",
                br#"package models

import "github.com/openai/openai-go"

var chatModels = []string{"gpt-4o", "sora-2-hd"}
var modelSizes = []string{"gpt-4o", "size-4k"}
var unlisted = []string{"lyria-2", "veo3-exp"}

func Client() openai.Client { return openai.NewClient() }
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_models(&[
        // Family ids, found as ever.
        (
            "model:deepseek/deepseek-chat",
            "web/deepseek-chat-options.ts",
            3,
        ),
        (
            "model:deepseek/deepseek-reasoner",
            "web/deepseek-chat-options.ts",
            4,
        ),
        ("model:openai/gpt-4o", "web/gateway-model-ids.ts", 3),
        ("model:xai/grok-4", "web/gateway-model-ids.ts", 6),
        ("model:openai/gpt-image-1", "web/enum.ts", 5),
        ("model:anthropic/claude-sonnet-4-5", "py/register.py", 3),
        ("model:anthropic/claude-3-haiku", "py/register.py", 4),
        ("model:anthropic/claude-opus-4-1", "py/register.py", 6),
        // Members no family knows, each a model of its list.
        (
            "model:deepseek/deepseek-r2-distill-exp",
            "web/deepseek-chat-options.ts",
            5,
        ),
        ("model:fish-audio/s2-pro", "web/gateway-model-ids.ts", 4),
        (
            "model:tencent-hunyuan/hy-mt2-lite",
            "web/gateway-model-ids.ts",
            5,
        ),
        ("model:openai/sora-2", "web/enum.ts", 3),
        ("model:openai/sora-2-pro", "web/enum.ts", 4),
        ("model:openai/gpt-realtime-mini", "web/enum.ts", 9),
        ("model:anthropic/claude-next-7", "py/register.py", 3),
        ("model:anthropic/claude-orca-9", "py/register.py", 6),
        ("model:openai/sora-2-hd", "go/models.go", 5),
    ]);
    for absent in [
        "deepseek-r2-distill-decoy",
        "openai2",
        "ga2",
        "store-v2",
        "v2.json",
        "us-east-2",
        "Realtime Mini 2",
        "eu-west-3",
        "adapter-v2",
        "size-4k",
        "lyria-2",
        "veo3-exp",
    ] {
        assert!(
            !s.keys().iter().any(|k| k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

/// A list gaining a member and losing one is exactly that in `aibom check`.
#[test]
fn a_model_list_gaining_and_losing_members_is_that_diff() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let ids_file = |members: &str| {
        format!(
            "import {{ createOpenAICompatible }} from '@ai-sdk/openai-compatible';\nexport type DeepSeekChatModelId =\n{members}  | (string & {{}});\n"
        )
    };
    let base = commit(
        repo,
        &[(
            "src/deepseek-chat-options.ts",
            ids_file("  | 'deepseek-chat'\n  | 'deepseek-r2-distill-exp'\n").as_bytes(),
        )],
    );
    let head = commit(
        repo,
        &[(
            "src/deepseek-chat-options.ts",
            ids_file("  | 'deepseek-chat'\n  | 'deepseek-r3-preview-exp'\n").as_bytes(),
        )],
    );
    let r = check(repo, &base, &head);
    assert_eq!(
        ids(&r, "added"),
        vec!["model:deepseek-r3-preview-exp"],
        "{r:#}"
    );
    assert_eq!(
        ids(&r, "removed"),
        vec!["model:deepseek-r2-distill-exp"],
        "{r:#}"
    );
}

/// Perplexity's Sonar models as langchaingo's Perplexity tool names them (Go
/// constants beside the Perplexity host); a bare `sonar` elsewhere is
/// SonarQube's (a CI step, a Maven plugin key in an AI-bound file) and stays
/// absent.
#[test]
fn perplexity_sonar_models_and_sonarqube_decoys() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "tools/perplexity/perplexity.go",
                br#"package perplexity

import "github.com/tmc/langchaingo/llms/openai"

type Model string

const (
	ModelSonar             Model = "sonar"
	ModelSonarReasoning    Model = "sonar-reasoning"
	ModelSonarDeepResearch Model = "sonar-deep-research"
)

func New() (*openai.LLM, error) {
	return openai.New(openai.WithBaseURL("https://api.perplexity.ai"))
}
"#,
            ),
            (
                "ci/quality.py",
                br#"import openai
STEPS = {"lint": "ruff", "scan": "sonar"}
client = openai.OpenAI()
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    let go = "tools/perplexity/perplexity.go";
    s.assert_models(&[
        ("model:perplexity/sonar", go, 8),
        ("model:perplexity/sonar-reasoning", go, 9),
        ("model:perplexity/sonar-deep-research", go, 10),
    ]);
    assert_eq!(s.lines_in("model:perplexity/sonar", "ci/quality.py"), []);
}

/// Gemini's resource name (`models/gemini-1.5-pro`) is the model it names:
/// one component with both occurrences, and the SDK's endpoint depends on it
/// by that identity.
#[test]
fn a_providers_resource_prefix_names_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[(
            "app/gemini.py",
            b"import google.generativeai as genai\nm = genai.GenerativeModel(\"models/gemini-1.5-pro\")\nFALLBACK = \"gemini-1.5-pro\"\n",
        )],
    );
    let s = scan_dir(dir.path());
    s.assert_models(&[("model:google/gemini-1.5-pro", "app/gemini.py", 2)]);
    s.assert_at("model:google/gemini-1.5-pro", "app/gemini.py", 3);
    let bom: serde_json::Value = serde_json::from_str(&s.bom).unwrap();
    let deps = bom["dependencies"].as_array().unwrap();
    let service = deps
        .iter()
        .find(|d| d["ref"] == "service:generativelanguage.googleapis.com/v1beta")
        .unwrap();
    assert_eq!(
        service["dependsOn"],
        serde_json::json!(["model:google/gemini-1.5-pro"])
    );
}

/// A model list written one id per line of a multi-line string and split at
/// run time (aider's `ANTHROPIC_MODELS = """…"""` then `.splitlines()`; a JS
/// template literal; lines joined by `\n` escapes): every line is a model, the
/// ids no family knows included. The decoys — a multi-line SQL string, a help
/// text naming ids among words, a lines string of regions — stay absent.
#[test]
fn a_multi_line_string_of_ids_is_a_model_list() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "py/models.py",
                br#"import litellm

OPENAI_MODELS = """
gpt-4o
  gpt-5.5-pro
"""

ANTHROPIC_MODELS = """
claude-opus-4-5
claude-opus-4-5-20251101
claude-next-9
"""
ANTHROPIC_MODELS = [ln.strip() for ln in ANTHROPIC_MODELS.splitlines() if ln.strip()]

QUERY = """
SELECT model
FROM runs
"""
HELP = """
Use gpt-4o-mini-decoy for speed
or claude-3-haiku-decoy when asked
"""
REGIONS = """
eu-west-3
us-east-2
"""
FAST_MODELS = "gpt-4.1-nano\ngpt-4.1-mini"
"#,
            ),
            (
                "web/models.js",
                b"import OpenAI from \"openai\";\nexport const CHAT_MODELS = `\ngpt-4.1\ngpt-next-7\n`;\nexport const chatModels = CHAT_MODELS.trim().split(\"\\n\");\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    let py = "py/models.py";
    s.assert_models(&[
        ("model:openai/gpt-4o", py, 4),
        ("model:openai/gpt-5.5-pro", py, 5),
        ("model:anthropic/claude-opus-4-5", py, 9),
        ("model:anthropic/claude-opus-4-5-20251101", py, 10),
        ("model:anthropic/claude-next-9", py, 11),
        ("model:openai/gpt-4.1-nano", py, 27),
        ("model:openai/gpt-4.1-mini", py, 27),
        ("model:openai/gpt-4.1", "web/models.js", 3),
        ("model:openai/gpt-next-7", "web/models.js", 4),
    ]);
    assert_eq!(
        s.item("model:openai/gpt-5.5-pro").evidence[0].column,
        Some(3),
        "an indented line's column"
    );
    for absent in [
        "SELECT",
        "gpt-4o-mini-decoy",
        "claude-3-haiku-decoy",
        "eu-west-3",
    ] {
        assert!(!s.keys().iter().any(|k| k.contains(absent)), "{absent}");
    }
}

/// A router's route to a vendor's model, as LiteLLM and aider write it
/// (`openrouter/openai/gpt-5.5`), in code and in a settings file: the router
/// serves the vendor's slug, one identity in both. An unknown first segment
/// (`acme/openai/gpt-5.5`) names no router and stays absent.
#[test]
fn a_routers_route_to_a_vendor_slug_is_the_routers_model() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "app/chat.py",
                b"import litellm\n\nlitellm.completion(model=\"openrouter/anthropic/claude-opus-4.7\", messages=[])\nFALLBACK = \"acme/openai/gpt-5.5\"\n",
            ),
            (
                "app/resources/model-settings.yml",
                b"- name: openrouter/anthropic/claude-opus-4.7\n  edit_format: diff\n- name: openrouter/openai/gpt-5.5\n  weak_model_name: openrouter/openai/gpt-5-nano\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    let key = "model:openrouter/anthropic/claude-opus-4.7";
    s.assert_at(key, "app/chat.py", 3);
    s.assert_at(key, "app/resources/model-settings.yml", 1);
    s.assert_at(
        "model:openrouter/openai/gpt-5.5",
        "app/resources/model-settings.yml",
        3,
    );
    assert!(
        !s.keys().iter().any(|k| k.contains("acme")),
        "{:?}",
        s.keys()
    );
}

/// A documentation site's data files (aider's `website/_data/*leaderboard.yml`
/// of benchmark results, a docs model table) are pages, not usage: nothing is
/// reported from them. The same YAML as the project's own settings, and code
/// in the site's folder, are still read.
#[test]
fn a_documentation_sites_data_is_not_usage() {
    let dir = tempfile::tempdir().unwrap();
    let board = b"- dirname: 2025-08-06--gpt-oss\n  model: openrouter/openai/gpt-oss-120b\n  command: aider --model openrouter/openai/gpt-oss-120b\n- dirname: 2025-02-25--sonnet\n  model: claude-3-5-sonnet-20241022\n";
    crate::common::write_tree(
        dir.path(),
        &[
            ("aider/website/_data/polyglot_leaderboard.yml", board),
            ("docs/models.json", br#"{"models": [{"model": "gpt-4o"}]}"#),
            ("config/models.yml", board),
            (
                "website/scripts/blame.py",
                b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-sonnet-4-5\", max_tokens=9, messages=[])\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_nothing_in("aider/website/_data/polyglot_leaderboard.yml");
    s.assert_nothing_in("docs/models.json");
    s.assert_at(
        "model:anthropic/claude-3-5-sonnet-20241022",
        "config/models.yml",
        5,
    );
    s.assert_at(
        "model:anthropic/claude-sonnet-4-5",
        "website/scripts/blame.py",
        2,
    );
}

/// aider's PR #5173 in small: lines added to a multi-line list of ids are
/// exactly those models added in `aibom check`, a leaderboard edit beside
/// them adds nothing.
#[test]
fn lines_added_to_a_multi_line_model_list_are_that_diff() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let models = |lines: &str| {
        format!(
            "import litellm\n\nANTHROPIC_MODELS = \"\"\"\nclaude-2\n{lines}claude-opus-4-6\n\"\"\"\n"
        )
    };
    let board = |m: &str| format!("- dirname: run\n  model: {m}\n");
    let base = commit(
        repo,
        &[
            ("aider/models.py", models("").as_bytes()),
            ("aider/website/_data/board.yml", board("gpt-4o").as_bytes()),
        ],
    );
    let head = commit(
        repo,
        &[
            (
                "aider/models.py",
                models("claude-opus-4-5\nclaude-opus-4-5-20251101\n").as_bytes(),
            ),
            ("aider/website/_data/board.yml", board("gpt-5.5").as_bytes()),
        ],
    );
    let r = check(repo, &base, &head);
    assert_eq!(
        ids(&r, "added"),
        vec!["model:claude-opus-4-5", "model:claude-opus-4-5-20251101"],
        "{r:#}"
    );
    assert!(ids(&r, "removed").is_empty(), "{r:#}");
}

/// cline's generated provider table: one file names many hosts of open
/// weights, each entry with its own default. A vendor's slug of its own
/// model there (`google/gemini-3.7-flash`) is the vendor's model, not the
/// first host's; a file tied to one host (a Together client) keeps its
/// hosted open-weight ids that host's.
#[test]
fn a_vendor_slug_among_many_hosts_is_the_vendors_model() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "llms/providers.generated.ts",
                br#"export const PROVIDERS = [
  { id: "fireworks", defaultModelId: "google/gemini-3.7-flash", baseUrl: "https://api.fireworks.ai/inference/v1" },
  { id: "together", defaultModelId: "meta-llama/Llama-4-Scout", baseUrl: "https://api.together.xyz/v1" },
];
"#,
            ),
            (
                "py/together_chat.py",
                b"from together import Together\nTogether().chat.completions.create(model=\"google/gemma-3-27b-it\", messages=[])\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at(
        "model:google/gemini-3.7-flash",
        "llms/providers.generated.ts",
        2,
    );
    s.assert_at(
        "model:together/google/gemma-3-27b-it",
        "py/together_chat.py",
        2,
    );
    assert!(
        !s.keys()
            .iter()
            .any(|k| k.starts_with("model:fireworks/google")),
        "{:?}",
        s.keys()
    );
}

/// smolagents' web search tool calling Exa (and Tavily, as agents do): an AI
/// search API is a service data goes to, its key an AI setting. A search
/// engine the catalog does not know of as AI (`api.duckduckgo.com`) stays
/// absent.
#[test]
fn ai_search_apis_are_services() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[(
            "tools/search.py",
            br#"import os
import requests


def search_exa(query):
    api_key = os.getenv("EXA_API_KEY")
    return requests.post("https://api.exa.ai/search", json={"query": query}, headers={"x-api-key": api_key})


def search_tavily(query):
    return requests.post("https://api.tavily.com/search", json={"query": query, "api_key": os.environ["TAVILY_API_KEY"]})


def search_ddg(query):
    return requests.get("https://api.duckduckgo.com/", params={"q": query})
"#,
        )],
    );
    let s = scan_dir(dir.path());
    s.assert_at("config:env/EXA_API_KEY", "tools/search.py", 6);
    s.assert_at("config:env/TAVILY_API_KEY", "tools/search.py", 11);
    assert_eq!(
        s.item("config:env/EXA_API_KEY").provider.as_deref(),
        Some("exa")
    );
    let services: Vec<String> = s
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("service:"))
        .collect();
    assert_eq!(
        services,
        vec!["service:api.exa.ai/search", "service:api.tavily.com/search"]
    );
}

/// cline's generated provider table names each provider's default model by a
/// `defaultModelId` key, most of them ids no family knows (`sakana-namazu`,
/// `xai.grok-4.6`): in an AI-bound file a default-model key's id is a model,
/// its provider the one the file is tied to, or the vendor its slug names,
/// or `openai-compatible` when the file names several. Decoys: a word with no
/// digit or hyphen (`default`), a placeholder, and the same key in a file
/// bound to no AI.
#[test]
fn a_default_model_keys_id_is_a_model_even_unknown() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "llms/providers.generated.ts",
                br#"export const PROVIDERS = [
  { id: "sakana", defaultModelId: "sakana-namazu", baseUrl: "https://api.sakana.ai/v1" },
  { id: "oci", defaultModelId: "xai.grok-4.6", baseUrl: "https://inference.generativeai.oci.example/v1" },
  { id: "openrouter", defaultModelId: "moonshotai/orbit-2-preview", baseUrl: "https://openrouter.ai/api/v1" },
  { id: "groq", defaultModelId: "default", baseUrl: "https://api.groq.com/openai/v1" },
  { id: "custom", defaultModelId: "${MODEL_ID}" },
];
"#,
            ),
            (
                "py/settings.py",
                b"from anthropic import Anthropic\n\nDEFAULT_MODEL = \"claude-orca-9b\"\nclient = Anthropic()\n",
            ),
            (
                "vision/defaults.py",
                b"DEFAULT_MODEL = \"resnet-50\"\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    let ts = "llms/providers.generated.ts";
    s.assert_at("model:openai-compatible/sakana-namazu", ts, 2);
    s.assert_at("model:openai-compatible/xai.grok-4.6", ts, 3);
    s.assert_at("model:moonshot/orbit-2-preview", ts, 4);
    s.assert_at("model:anthropic/claude-orca-9b", "py/settings.py", 3);
    s.assert_nothing_in("vision/defaults.py");
    for absent in ["/default", "MODEL_ID"] {
        assert!(
            !s.keys()
                .iter()
                .any(|k| k.ends_with(absent) || k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

/// agno's model classes name their provider and take the model as `id=`
/// (`Cerebras(id="llama-3.3-70b")`, which no family ties to Cerebras): each is
/// that provider's model. A class of the same name from another package
/// (`Claude(id=…)` of a game's roster) is not.
#[test]
fn agno_model_classes_name_their_provider() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "agents/fast.py",
                b"from agno.agent import Agent\nfrom agno.models.cerebras import Cerebras\nfrom agno.models.anthropic import Claude\n\nfast = Agent(model=Cerebras(id=\"llama-3.3-70b\"))\nslow = Agent(model=Claude(id=\"claude-sonnet-4-5\"))\n",
            ),
            (
                "game/roster.py",
                b"from game.people import Claude\n\nhero = Claude(id=\"claude-orca-7\")\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("model:cerebras/llama-3.3-70b", "agents/fast.py", 5);
    s.assert_at("model:anthropic/claude-sonnet-4-5", "agents/fast.py", 6);
    s.assert_nothing_in("game/roster.py");
}

/// Open Interpreter's llamafile menu downloads weights by URL from Hugging
/// Face repositories: each `…/resolve/<rev>/<file>` URL is that repository as
/// a hub model (a dataset under `/datasets/`), its revision recorded and a
/// commit pinning it. Decoys: a `/blob/` page, a picture kept in a dataset
/// repository, the documentation site.
#[test]
fn hugging_face_download_urls_are_hub_models() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[(
            "setup/local.py",
            br#"MODELS = [
    {"name": "Llama-3.1-8B", "url": "https://huggingface.co/Mozilla/Meta-Llama-3.1-8B-Instruct-llamafile/resolve/main/Meta-Llama-3.1-8B-Instruct.Q4_K_M.llamafile?download=true"},
    {"name": "Phi-3", "url": "https://huggingface.co/Mozilla/Phi-3-mini-4k-instruct-llamafile/resolve/0123456789abcdef0123456789abcdef01234567/Phi-3-mini.llamafile"},
]
EVAL = "https://huggingface.co/datasets/openai/gsm8k/resolve/main/main/test-00000-of-00001.parquet"
PAGE = "https://huggingface.co/Mozilla/llava-v1.5-7b-llamafile/blob/main/README.md"
AVATAR = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/smolagents/mascot.png"
DOCS = "https://huggingface.co/docs/hub/models-downloading"
"#,
        )],
    );
    let s = scan_dir(dir.path());
    let py = "setup/local.py";
    let llama = "model:huggingface/Mozilla/Meta-Llama-3.1-8B-Instruct-llamafile";
    s.assert_at(llama, py, 2);
    assert_eq!(
        s.item(llama).attrs.get("pinned").map(String::as_str),
        Some("false")
    );
    let phi = "model:huggingface/Mozilla/Phi-3-mini-4k-instruct-llamafile";
    s.assert_at(phi, py, 3);
    assert_eq!(
        s.item(phi).attrs.get("pinned").map(String::as_str),
        Some("true")
    );
    s.assert_at("dataset:huggingface/openai/gsm8k", py, 5);
    for absent in ["llava", "documentation-images", "docs/hub"] {
        assert!(
            !s.keys().iter().any(|k| k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

/// cline's provider table again: each entry's open-weight default is served by
/// that entry's `baseUrl` (Chutes' `Qwen/Qwen3.8-27B-TEE`), not by the first
/// host of the family the file names; an entry on a host the catalog does not
/// know is `openai-compatible`, and so is a default no family knows there.
#[test]
fn a_provider_tables_entry_is_served_by_its_own_url() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[(
            "llms/providers.generated.ts",
            br#"export const PROVIDERS = [
  {
    id: "chutes",
    defaultModelId: "Qwen/Qwen3.8-27B-TEE",
    defaults: { baseUrl: "https://llm.chutes.ai/v1" },
  },
  {
    id: "runinfra",
    defaultModelId: "Qwen/Qwen3.8-27B",
    defaults: { baseUrl: "https://api.runinfra.ai/v1" },
  },
  {
    id: "cerebras",
    defaultModelId: "zai-glm-4.7",
    defaults: { baseUrl: "https://api.cerebras.ai/v1" },
  },
  {
    id: "fireworks",
    defaultModelId: "accounts/fireworks/models/kimi-k2",
    defaults: { baseUrl: "https://api.fireworks.ai/inference/v1" },
  },
  {
    id: "together",
    defaultModelId: "meta-llama/Llama-4-Scout",
    defaults: { baseUrl: "https://api.together.xyz/v1" },
  },
];
"#,
        )],
    );
    let s = scan_dir(dir.path());
    let ts = "llms/providers.generated.ts";
    s.assert_at("model:chutes/Qwen/Qwen3.8-27B-TEE", ts, 4);
    s.assert_at("model:openai-compatible/Qwen/Qwen3.8-27B", ts, 9);
    s.assert_at("model:cerebras/zai-glm-4.7", ts, 14);
    s.assert_at("model:together/meta-llama/Llama-4-Scout", ts, 24);
    assert!(
        !s.keys()
            .iter()
            .any(|k| k.starts_with("model:fireworks/Qwen")),
        "{:?}",
        s.keys()
    );
}

/// Bedrock's Claude 4.6 and later ids carry no `-v1:0` (browser-use's MCP
/// server, crewAI's and catwalk's Bedrock tables): with or without a
/// cross-region prefix they are Bedrock models. A dotted name that is not a
/// Bedrock id (`anthropic.claude`, a module path) stays absent.
#[test]
fn bedrock_ids_without_a_version_suffix_are_bedrock_models() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[(
            "mcp/server.py",
            b"from anthropic import AnthropicBedrock\n\nMODEL = \"us.anthropic.claude-sonnet-4-6\"\nFALLBACK = \"anthropic.claude-opus-4-7\"\nOLD = \"anthropic.claude-3-5-sonnet-20240620-v1:0\"\nLOGGER = \"anthropic.claude\"\n",
        )],
    );
    let s = scan_dir(dir.path());
    let py = "mcp/server.py";
    s.assert_models(&[
        ("model:aws-bedrock/us.anthropic.claude-sonnet-4-6", py, 3),
        ("model:aws-bedrock/anthropic.claude-opus-4-7", py, 4),
        (
            "model:aws-bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
            py,
            5,
        ),
    ]);
}

/// Registries that name each member's provider in its own prefix, as
/// instructor's and pydantic-ai's `KnownModelName = TypeAliasType(…,
/// Literal[…])` do (`cohere/command`, `cerebras/llama3.1-8b`,
/// `fireworks/accounts/fireworks/models/…`, `groq:gemma2-9b-it`); alias tables
/// that map what a user types to the id sent (Open Interpreter's
/// `if model in ["claude-3.5", …]: model = "claude-3-5-sonnet-20240620"`);
/// and a price table that lists a service's own model beside Claude's
/// (browser-use's `bu-2-0`), which is not Anthropic's.
#[test]
fn prefixed_registries_alias_tables_and_foreign_members() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "py/models.py",
                br#"from typing import Literal
from typing_extensions import TypeAliasType
import instructor

KnownModelName = TypeAliasType(
    "KnownModelName",
    Literal[
        "anthropic/claude-3-5-haiku-latest",
        "cohere/command",
        "cohere/c4ai-aya-expanse-32b",
        "cerebras/llama3.1-8b",
        "fireworks/accounts/fireworks/models/qwen3-30b-a3b",
        "writer/palmyra-x5",
        "groq:gemma2-9b-it",
        "test",
    ],
)
ModelPath = TypeAliasType("ModelPath", Literal["fireworks/weights-2", "cohere/store-3"])
Region = TypeAliasType("Region", Literal["cohere/eu-west-3"])
"#,
            ),
            (
                "py/llm.py",
                br#"import litellm

def pick(model):
    if model in ["claude-3.5", "claude-3-5", "claude-3.5-sonnet"]:
        model = "claude-3-5-sonnet-20240620"
    elif model == "gpt4":
        model = "gpt-4o"
    if model in ["gpt-4o-mini", "claude-3-5-haiku-latest"]:
        max_tokens = 4096
    return litellm.completion(model=model, max_tokens=max_tokens)
"#,
            ),
            (
                "prices/custom_pricing.py",
                br#"from typing import Any

CUSTOM_MODEL_PRICING: dict[str, dict[str, Any]] = {
    "bu-2-0": {"input_cost_per_token": 0.6},
    "bu-2-0-mini-preview": {"input_cost_per_token": 0.15},
    "claude-sonnet-4-6": {"input_cost_per_token": 3.0},
    "claude-opus-4-5": {"input_cost_per_token": 5.0},
}
"#,
            ),
            (
                "prices/client.py",
                br#"import anthropic

def ask(model, prompt):
    msgs = [{"role": "user", "content": prompt}]
    return anthropic.Anthropic().messages.create(model=model, max_tokens=64, messages=msgs)
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_models(&[
        ("model:anthropic/claude-3-5-haiku-latest", "py/models.py", 8),
        ("model:cohere/command", "py/models.py", 9),
        ("model:cohere/c4ai-aya-expanse-32b", "py/models.py", 10),
        ("model:cerebras/llama3.1-8b", "py/models.py", 11),
        (
            "model:fireworks/accounts/fireworks/models/qwen3-30b-a3b",
            "py/models.py",
            12,
        ),
        ("model:writer/palmyra-x5", "py/models.py", 13),
        ("model:groq/gemma2-9b-it", "py/models.py", 14),
        // The ids the alias tables send, and the ids a test that sets
        // something else compares with (they are ids the code handles).
        ("model:anthropic/claude-3-5-sonnet-20240620", "py/llm.py", 5),
        ("model:openai/gpt-4o", "py/llm.py", 7),
        ("model:openai/gpt-4o-mini", "py/llm.py", 8),
        // claude-3-5-haiku-latest: also at py/models.py:8.
        (
            "model:anthropic/claude-sonnet-4-6",
            "prices/custom_pricing.py",
            6,
        ),
        (
            "model:anthropic/claude-opus-4-5",
            "prices/custom_pricing.py",
            7,
        ),
    ]);
    s.assert_at("model:anthropic/claude-3-5-haiku-latest", "py/llm.py", 8);
    for absent in [
        "claude-3.5",
        "gpt4",
        "bu-2-0",
        "weights-2",
        "store-3",
        "eu-west-3",
        ":test",
        "/test",
    ] {
        assert!(
            !s.keys().iter().any(|k| k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
    // The alias key itself, not the ids it is a prefix of.
    assert!(
        !s.keys().iter().any(|k| k.ends_with("claude-3-5")),
        "{:?}",
        s.keys()
    );
}

#[test]
fn a_providers_own_list_unknown_routers_and_project_aliases() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "packages/groq/package.json",
                br#"{"name": "@acme/groq", "dependencies": {"@ai-sdk/provider": "2.0.0"}}"#,
            ),
            (
                "packages/groq/src/groq-provider.ts",
                br#"import { loadApiKey } from '@ai-sdk/provider-utils';
const baseURL = 'https://api.groq.com/openai/v1';
export const apiKey = () => loadApiKey({ environmentVariableName: 'GROQ_API_KEY' });
"#,
            ),
            // A provider's own options file: the hosted vendors' ids and the
            // bare ids of other stems are all the provider's.
            (
                "packages/groq/src/groq-chat-options.ts",
                br#"export type GroqChatModelId =
  | 'gemma2-9b-it'
  | 'llama-3.1-8b-instant'
  | 'openai/gpt-oss-120b'
  | 'qwen-qwq-32b'
  | (string & {});
"#,
            ),
            (
                "py/known.py",
                br#"from typing import Literal
from typing_extensions import TypeAliasType
import anthropic

KnownModelName = TypeAliasType(
    "KnownModelName",
    Literal[
        "anthropic:claude-haiku-4-5",
        "gateway/anthropic:claude-haiku-4-5",
        "gateway/google-cloud:gemini-2.5-flash",
        "crusoe:Qwen/Qwen3-235B-A22B-Instruct-2507",
        "ollama:latest",
    ],
)
"#,
            ),
            // The project's own aliases behind a provider prefix are not ids.
            (
                "src/registry.ts",
                br#"import { createProviderRegistry } from 'ai';
import { anthropic } from '@ai-sdk/anthropic';

export type Ids = 'anthropic:opus' | 'anthropic:haiku' | 'openai:dalle' | 'openai:gpt-5';
export const registry = createProviderRegistry({ anthropic });
"#,
            ),
            (
                "src/registry.test-d.ts",
                br#"import { anthropic } from '@ai-sdk/anthropic';
type Expected = 'anthropic:claude-sonnet-4-5' | 'openai:gpt-4o-high-reasoning';
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at(
        "model:groq/gemma2-9b-it",
        "packages/groq/src/groq-chat-options.ts",
        2,
    );
    s.assert_at(
        "model:groq/llama-3.1-8b-instant",
        "packages/groq/src/groq-chat-options.ts",
        3,
    );
    s.assert_at(
        "model:groq/qwen-qwq-32b",
        "packages/groq/src/groq-chat-options.ts",
        5,
    );
    s.assert_at("model:anthropic/claude-haiku-4-5", "py/known.py", 8);
    s.assert_at("model:anthropic/claude-haiku-4-5", "py/known.py", 9);
    s.assert_at("model:google/gemini-2.5-flash", "py/known.py", 10);
    s.assert_at(
        "model:crusoe/Qwen/Qwen3-235B-A22B-Instruct-2507",
        "py/known.py",
        11,
    );
    s.assert_at("model:openai/gpt-5", "src/registry.ts", 4);
    assert!(s.item("model:anthropic/claude-sonnet-4-5").test_only);
    for absent in [
        "openai/gemma2",
        "google/gemma2",
        "gateway",
        "google-cloud",
        "/latest",
        "ollama:",
        "/opus",
        "/haiku",
        "/dalle",
    ] {
        assert!(
            !s.keys().iter().any(|k| k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

#[test]
fn a_local_servers_sized_tag_behind_a_router_prefix_is_its_model() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "app/models.py",
                br#"import litellm

MODELS = [
    {"tag": "devstral-local", "model_name": "ollama_chat/devstral:24b"},
    {"tag": "minilm", "model_name": "ollama/all-minilm:22m"},
]
IMAGE = "ollama/ollama:0.5.7"
LATEST = "ollama_chat/mymodel:latest"

def ask(m, prompt):
    return litellm.completion(model=m, messages=[{"role": "user", "content": prompt}])
"#,
            ),
            (
                "app/models.go",
                br#"package app

import "github.com/sashabaranov/go-openai"

var _ = openai.GPT4o

type Entry struct{ ModelName string }

var Local = []Entry{
	{ModelName: "ollama_chat/r1-1776:70b"},
	{ModelName: "ollama_chat/ollama:7b"},
}
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("model:ollama/devstral:24b", "app/models.py", 4);
    s.assert_at("model:ollama/all-minilm:22m", "app/models.py", 5);
    s.assert_at("model:ollama/r1-1776:70b", "app/models.go", 10);
    for absent in ["0.5.7", "mymodel", "ollama/ollama"] {
        assert!(
            !s.keys().iter().any(|k| k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

#[test]
fn an_entrys_own_model_and_provider_fields_say_what_it_serves() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            // plandex's shape: the project's tag, and per provider the name
            // it is served under, with the provider as a constant.
            (
                "shared/models.go",
                br#"package shared

import "github.com/sashabaranov/go-openai"

var _ = openai.GPT4o

var Available = []BaseModel{
	{
		ModelTag:    "qwen/qwen3-8b-local",
		Description: "Qwen 3-8B (Local)",
		Providers: []UsesProvider{
			{Provider: ModelProviderOllama, ModelName: "ollama_chat/qwen3:8b"},
		},
	},
	{
		ModelTag: "qwen/qwen3-32b",
		Providers: []UsesProvider{
			{Provider: ModelProviderOpenRouter, ModelName: "qwen/qwen3-32b"},
			{Provider: ModelProviderAzureOpenAI, ModelName: "gpt-4.1"},
			{Provider: ModelProviderCustom, ModelName: "gpt-4.1-mini"},
		},
	},
	{
		ModelTag: "deepseek/r1-cloud",
		Providers: []UsesProvider{
			{Provider: ModelProviderOpenRouter, ModelName: "deepseek/deepseek-chat-v3-0324"},
			{Provider: ModelProviderPerplexity, ModelName: "r1-1776-online"},
		},
	},
}
"#,
            ),
            (
                "app/models.py",
                br#"import litellm

MODELS = [
    {"tag": "devstral-local", "model_name": "ollama_chat/devstral:24b"},
    {"tag": "gpt-4o-mini"},
]

def ask(m, prompt):
    return litellm.completion(model=m, messages=[{"role": "user", "content": prompt}])
"#,
            ),
            (
                "web/onboarding.ts",
                br#"import OpenAI from 'openai'; import { Ollama } from 'ollama';

export const presets = [
  { provider: 'openrouter', model: 'meta-llama/llama-4-maverick' },
  { provider: 'openai', model: 'gpt-4o', embeddingModel: 'text-embedding-3-small' },
  { provider: 'custom', model: 'gpt-5-mini' },
  { provider: 'groq', model: 'llama-3.3-70b-versatile' },
];
export const providers = { mistral: { title: 'Mistral', provider: 'mistral' } };
export const client = new OpenAI();
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("model:ollama/qwen3:8b", "shared/models.go", 12);
    s.assert_at("model:openrouter/qwen/qwen3-32b", "shared/models.go", 18);
    s.assert_at("model:azure-openai/gpt-4.1", "shared/models.go", 19);
    s.assert_at("model:openai/gpt-4.1-mini", "shared/models.go", 20);
    s.assert_at(
        "model:openrouter/deepseek/deepseek-chat-v3-0324",
        "shared/models.go",
        26,
    );
    s.assert_at("model:perplexity/r1-1776-online", "shared/models.go", 27);
    s.assert_at("model:ollama/devstral:24b", "app/models.py", 4);
    // A tag with no model field beside it is the model.
    s.assert_at("model:openai/gpt-4o-mini", "app/models.py", 5);
    s.assert_at(
        "model:openrouter/meta-llama/llama-4-maverick",
        "web/onboarding.ts",
        4,
    );
    s.assert_at("model:openai/gpt-4o", "web/onboarding.ts", 5);
    s.assert_at(
        "model:openai/text-embedding-3-small",
        "web/onboarding.ts",
        5,
    );
    s.assert_at("model:openai/gpt-5-mini", "web/onboarding.ts", 6);
    s.assert_at("model:groq/llama-3.3-70b-versatile", "web/onboarding.ts", 7);
    for absent in [
        "qwen3-8b-local",
        "devstral-local",
        "r1-cloud",
        "alibaba-dashscope/qwen3-32b",
        "custom/",
        "/mistral",
    ] {
        assert!(
            !s.keys().iter().any(|k| k.contains(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

#[test]
fn pattern_lists_enum_arguments_and_entries_that_name_their_provider() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            // Lists of prefixes and fragments a model's name is tested
            // against are not models; a model list beside them is.
            (
                "core/toolSupport.ts",
                br#"import OpenAI from "openai";
const supportedPrefixes = ["openai/gpt-", "google/gemma-4", "anthropic/claude"];
const toolSupportingPatterns = ["claude-4", "o4", "gpt-5"];
export const ok = (m: string) => supportedPrefixes.some((p) => m.startsWith(p));
export const CHAT_MODELS = ["gpt-4.1-nano", "claude-haiku-4-5"];
"#,
            ),
            (
                "plugins/ollama.go",
                br#"package ollama

import "github.com/ollama/ollama/api"

var _ api.Client

func NeedsRawMode(modelName string) bool {
	ollamaPrefixes := []string{
		"llama3",
		"mistral",
	}
	_ = ollamaPrefixes
	return false
}

var DefaultModel = "llama3.2"
"#,
            ),
            (
                "py/llm.py",
                br#"import litellm

VISION_PREFIXES = ("gpt-4o", "claude-sonnet-4")
MODELS = ("gpt-4.1-mini",)
"#,
            ),
            // An enum registry: the first argument is the id, the others are
            // not (`"gpt-4"` is the model's type); a provider the path names
            // in two words owns the ids no family knows.
            (
                "langchain4j-github-models/src/main/java/dev/x/GitHubModelsChatModelName.java",
                br#"package dev.x;

public enum GitHubModelsChatModelName {

    GPT_4_O("gpt-4o", "gpt-4"),
    PHI_3_5_MINI_INSTRUCT("Phi-3.5-mini-instruct", "phi"),
    AI21_JAMBA_1_5_LARGE("ai21-jamba-1.5-large", "ai21");

    private final String modelName;
    private final String modelType;

    GitHubModelsChatModelName(String modelName, String modelType) {
        this.modelName = modelName;
        this.modelType = modelType;
    }
}
"#,
            ),
            (
                "langchain4j-github-models/src/main/java/dev/x/Helper.java",
                br#"package dev.x;
import com.azure.ai.inference.ChatCompletionsClient;
class Helper {
    static final String ENDPOINT = "https://models.inference.ai.azure.com";
}
"#,
            ),
            (
                "kt/Models.kt",
                br#"package app
import ai.koog.prompt.executor.clients.anthropic.AnthropicModels
enum class ChatModel(val id: String, val family: String) { SONNET("claude-sonnet-4-5", "claude-3-opus"), HAIKU("claude-haiku-4-5", "claude-3-haiku") }
"#,
            ),
            // An entry naming its provider is AI configuration by itself,
            // in a file that imports no SDK; a bare id in such a file is not.
            (
                "cli/onboarding.ts",
                br#"import { parseDocument } from "yaml";

export const models = (apiKey: string) => [
  { name: "Claude Sonnet 4.6", provider: "anthropic", model: "claude-sonnet-4-6", apiKey },
  { name: "Gemini 3 Pro", provider: "gemini", model: "gemini-3-pro-preview", apiKey },
];
"#,
            ),
            (
                "docs-site/versions.ts",
                br#"import { parseDocument } from "yaml";
export const EXAMPLE = { version: "1", model: "gpt-4.1-nano-2025-04-14" };
"#,
            ),
            // A vitest suite is test code.
            (
                "core/stubs/Proxy.vitest.ts",
                br#"import OpenAI from "openai";
const m = "gpt-4o-2024-11-20";
"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("model:openai/gpt-4.1-nano", "core/toolSupport.ts", 5);
    s.assert_at("model:anthropic/claude-haiku-4-5", "core/toolSupport.ts", 5);
    s.assert_at("model:ollama/llama3.2", "plugins/ollama.go", 16);
    s.assert_at("model:openai/gpt-4.1-mini", "py/llm.py", 4);
    let java = "langchain4j-github-models/src/main/java/dev/x/GitHubModelsChatModelName.java";
    s.assert_at("model:openai/gpt-4o", java, 5);
    // Seen in the enum, not in the Python prefixes.
    assert!(
        s.item("model:openai/gpt-4o")
            .evidence
            .iter()
            .all(|e| e.file != "py/llm.py")
    );
    s.assert_at("model:github-models/Phi-3.5-mini-instruct", java, 6);
    s.assert_at("model:github-models/ai21-jamba-1.5-large", java, 7);
    s.assert_at("model:anthropic/claude-sonnet-4-5", "kt/Models.kt", 3);
    s.assert_at("model:anthropic/claude-sonnet-4-6", "cli/onboarding.ts", 4);
    s.assert_at("model:google/gemini-3-pro-preview", "cli/onboarding.ts", 5);
    assert!(s.item("model:openai/gpt-4o-2024-11-20").test_only);
    for absent in [
        "openai/gpt-",
        "gemma-4",
        "anthropic/claude-4",
        "openai/o4",
        "openai/gpt-5",
        "ollama/llama3",
        "ollama/mistral",
        "anthropic/claude-sonnet-4",
        "openai/gpt-4",
        "claude-3-opus",
        "claude-3-haiku",
        "gpt-4.1-nano-2025-04-14",
    ] {
        assert!(
            !s.keys().iter().any(|k| k.ends_with(absent)),
            "{absent}: {:?}",
            s.keys()
        );
    }
}

/// A provider registry's list serves the ids it holds, a family's plain id
/// too: Claude under Vertex AI is Google's (one provider, not a second
/// Anthropic model), a family id under a gateway the catalog does not know
/// is that gateway's (crush's Charm Hyper), and so is the entry's default
/// naming one of them. Decoys: a router (OpenRouter)
/// passes requests on to the vendor, so its plain family id stays the
/// family's; a provider's own id stays its own; and in a catalogue minified
/// onto one line, two providers listing one id each keep theirs.
#[test]
fn a_registry_list_serves_family_ids_unless_it_is_a_router() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_tree(
        dir.path(),
        &[
            (
                "models.yaml",
                b"- provider: vertexai\n  models:\n    - name: claude-opus-4-1@20250805\n    - name: gemini-2.5-pro\n\
- provider: openrouter\n  models:\n    - name: gpt-5.2-chat\n\
- provider: claude\n  models:\n    - name: claude-sonnet-4-5-20250929\n",
            ),
            (
                "internal/hyper/provider.json",
                br#"{
  "name": "Charm Hyper",
  "id": "hyper",
  "api_endpoint": "https://hyper.charm.land/api/v1/fantasy",
  "default_large_model_id": "glm-5",
  "models": [
    {"id": "deepseek-v4-pro-0813", "name": "DeepSeek V4 Pro 0813"},
    {"id": "glm-5", "name": "GLM 5"}
  ]
}"#,
            ),
            (
                "internal/models/embedded.json",
                br#"{"anthropic":{"id":"anthropic","models":{"claude-haiku-4-5":{"id":"claude-haiku-4-5"}}},"aihubmix":{"id":"aihubmix","api":"https://aihubmix.com/v1","models":{"claude-haiku-4-5":{"id":"claude-haiku-4-5"}}}}"#,
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("model:google/claude-opus-4-1@20250805", "models.yaml", 3);
    assert!(
        !s.has("model:anthropic/claude-opus-4-1@20250805"),
        "{:?}",
        s.keys()
    );
    s.assert_at("model:google/gemini-2.5-pro", "models.yaml", 4);
    s.assert_at("model:openai/gpt-5.2-chat", "models.yaml", 7);
    assert!(!s.has("model:openrouter/gpt-5.2-chat"), "{:?}", s.keys());
    s.assert_at(
        "model:anthropic/claude-sonnet-4-5-20250929",
        "models.yaml",
        10,
    );
    s.assert_at(
        "model:hyper/deepseek-v4-pro-0813",
        "internal/hyper/provider.json",
        7,
    );
    s.assert_at("model:hyper/glm-5", "internal/hyper/provider.json", 8);
    // The entry's default names one of its own models: Hyper's too.
    s.assert_at("model:hyper/glm-5", "internal/hyper/provider.json", 5);
    assert!(
        !s.has("model:deepseek/deepseek-v4-pro-0813"),
        "{:?}",
        s.keys()
    );
    assert!(!s.has("model:zhipu/glm-5"), "{:?}", s.keys());
    s.assert_at(
        "model:anthropic/claude-haiku-4-5",
        "internal/models/embedded.json",
        1,
    );
    s.assert_at(
        "model:aihubmix/claude-haiku-4-5",
        "internal/models/embedded.json",
        1,
    );
}
