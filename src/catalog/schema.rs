//! Serde shape of a catalog file (`catalog/catalog.toml`). Every section is
//! optional so that a user's extension file only needs what it adds.

use serde::Deserialize;

/// One parsed catalog file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// AI providers, keyed by their short id.
    #[serde(default, rename = "provider")]
    pub providers: Vec<Provider>,
    /// Generic endpoint knowledge.
    #[serde(default)]
    pub endpoints: Endpoints,
    /// SDK modules and client constructors.
    #[serde(default, rename = "sdk")]
    pub sdks: Vec<Sdk>,
    /// Provider factories whose first positional argument is a model id.
    #[serde(default, rename = "factory")]
    pub factories: Vec<Factory>,
    /// Methods that identify the provider on any receiver.
    #[serde(default, rename = "method")]
    pub methods: Vec<Method>,
    /// Names of arguments that carry a model id.
    #[serde(default)]
    pub models: Models,
    /// Model-id patterns that name the provider when a call site does not.
    #[serde(default, rename = "model_pattern")]
    pub model_patterns: Vec<ModelPattern>,
    /// Model-id families the value-based detector recognises in any string literal.
    #[serde(default, rename = "model_family")]
    pub model_families: Vec<ModelFamily>,
    /// Calls that pull a model or dataset from a hub.
    #[serde(default, rename = "hub_loader")]
    pub hub_loaders: Vec<HubLoader>,
    /// Clients made by naming the service they talk to (boto3 `client("bedrock-runtime")`).
    #[serde(default, rename = "service_client")]
    pub service_clients: Vec<ServiceClient>,
    /// Code-level knowledge that is not about one provider.
    #[serde(default)]
    pub code: Code,
    /// AI-related environment variables not tied to a provider.
    #[serde(default)]
    pub env: Env,
    /// Credential formats (reported redacted, never written).
    #[serde(default, rename = "secret")]
    pub secrets: Vec<SecretFormat>,
    /// Weight-file formats.
    #[serde(default, rename = "weight_format")]
    pub weight_formats: Vec<WeightFormat>,
    /// Generic redaction of evidence text.
    #[serde(default)]
    pub redact: Redact,
    /// AI/ML packages, by ecosystem.
    #[serde(default, rename = "ml_package")]
    pub ml_packages: Vec<MlPackage>,
    /// SDK constants that stand for model ids (`openai.GPT4o`).
    #[serde(default, rename = "model_constant")]
    pub model_constants: Vec<ModelConstant>,
    /// Configuration keys that name models and datasets.
    #[serde(default, rename = "config_key")]
    pub config_keys: Vec<ConfigKey>,
    /// Container images that serve models.
    #[serde(default, rename = "model_server")]
    pub model_servers: Vec<ModelServer>,
    /// Command-line tools that pull or serve models.
    #[serde(default, rename = "command")]
    pub commands: Vec<CommandRule>,
    /// Terraform resources that deploy or call models.
    #[serde(default, rename = "terraform")]
    pub terraform: Vec<TerraformRule>,
    /// GitHub Actions that call a model.
    #[serde(default, rename = "ai_action")]
    pub ai_actions: Vec<AiAction>,
}

/// Configuration keys (YAML, JSON, TOML, `.properties`) whose value names a model or dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigKey {
    /// Dotted key paths matched against the end of a value's path; `*` is any
    /// one key, `[]` a list item (`model_list.[].litellm_params.model`).
    pub keys: Vec<String>,
    /// What the value at these keys names.
    pub kind: ConfigValue,
    /// Provider of an API model (else from a routed prefix or the id's pattern).
    #[serde(default)]
    pub provider: Option<String>,
}

/// What a configuration key's value names. An unknown kind is a catalog error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigValue {
    /// An API model (provider from the rule, a routed prefix or the id's pattern).
    Model,
    /// A Hugging Face `org/name` model.
    HubModel,
    /// A Hugging Face `org/name` dataset.
    Dataset,
    /// The keys of the mapping at this path are datasets (`dataset_mixer`).
    DatasetKeys,
}

/// A container image that serves models, and where its model is named.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelServer {
    /// Provider id of the server (`ollama`, `vllm`).
    pub provider: String,
    /// Image names without registry tag (`vllm/vllm-openai`); a prefix match.
    pub images: Vec<String>,
    /// Flags whose value is the served model (`--model`).
    #[serde(default)]
    pub model_flags: Vec<String>,
    /// Environment variables whose value is the served model (`MODEL_ID`).
    #[serde(default)]
    pub model_env: Vec<String>,
    /// Hub the served model comes from.
    pub hub: String,
}

/// A command-line tool that pulls or serves a model (`ollama pull llama3`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandRule {
    /// Program name (as the first word of a command, or any word: `python -m x`).
    pub program: String,
    /// Subcommands after which the next word is the id (empty: use `flags`).
    #[serde(default)]
    pub subcommands: Vec<String>,
    /// Flags whose value is the id.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Hub of the id.
    pub hub: String,
    /// A flag (with its value) that makes the id a dataset (`--repo-type dataset`).
    #[serde(default)]
    pub dataset_flag: Option<String>,
}

/// Terraform resources that deploy a model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerraformRule {
    /// Resource / data source types; a trailing `*` is a prefix.
    pub resources: Vec<String>,
    /// Provider id of the models.
    pub provider: String,
    /// Attributes naming the model (`model.name` for a nested block).
    pub model: Vec<String>,
    /// Attribute naming the model version.
    #[serde(default)]
    pub version: Option<String>,
}

/// A GitHub Action that calls a model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiAction {
    /// `owner/repo` (or `owner/repo/path`) as written before `@`.
    pub uses: Vec<String>,
    /// Provider id.
    pub provider: String,
    /// Inputs (`with:`) naming the model.
    #[serde(default)]
    pub model_inputs: Vec<String>,
    /// Inputs holding the tool's command-line arguments (`claude_args`).
    #[serde(default)]
    pub args_inputs: Vec<String>,
    /// Flags of those arguments whose value is a model (`--model`).
    #[serde(default)]
    pub model_flags: Vec<String>,
}

/// Model-id constants an SDK defines, by the type or package that holds them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConstant {
    /// Provider id.
    pub provider: String,
    /// The package / type names the constants are reached through (`openai`, `ChatModel`).
    pub scopes: Vec<String>,
    /// Constant name → model id.
    pub names: std::collections::BTreeMap<String, String>,
}

/// AI/ML packages of one ecosystem and category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MlPackage {
    /// Category (`llm-sdk`, `ml-framework`, `agent-framework`, `vector-store`, …).
    pub category: String,
    /// purl type.
    pub ecosystem: String,
    /// Names; a trailing `*` matches any suffix.
    pub names: Vec<String>,
}

/// Context rules: values a surrounding word marks as secret, whatever their format.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redact {
    /// The rules, applied in order after the credential formats.
    #[serde(default)]
    pub rule: Vec<RedactRule>,
}

/// One context rule (`Authorization: Bearer …`, `api_key = "…"`, `://user:pass@`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactRule {
    /// What the rule is for (named in catalog errors).
    pub name: String,
    /// Regex whose `(?P<value>…)` group is replaced by `‹redacted›`.
    pub regex: String,
    /// Words (case-insensitive) one of which every match contains: text
    /// holding none of them is not searched.
    pub triggers: Vec<String>,
    /// Only values mixing letters and digits are secrets (for rules whose
    /// context is loose, such as unquoted `name: value` pairs).
    #[serde(default)]
    pub opaque: bool,
    /// Values that are never secrets here (`git` in `ssh://git@host`).
    #[serde(default)]
    pub keep: Vec<String>,
}

/// An AI provider.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Short lower-case id (`openai`, `aws-bedrock`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Provider home page.
    #[serde(default)]
    pub url: Option<String>,
    /// The SDK's default base URL.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Host globs (`*` matches one or more DNS labels), optionally with `:port`.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Environment variable names, or prefixes ending in `_`.
    #[serde(default)]
    pub env: Vec<String>,
    /// Regex with one group that extracts a model id from a URL path.
    #[serde(default)]
    pub path_model: Option<String>,
    /// Runs on the local machine (no trust boundary crossed).
    #[serde(default)]
    pub local: bool,
    /// Where the API lives on a host that also serves the provider's web site
    /// (`/api` on `openrouter.ai`): a URL of the host outside these paths
    /// (`/settings/keys`, `/sign-up`) is a page for people, not an endpoint.
    #[serde(default)]
    pub api_paths: Vec<String>,
    /// A resource prefix the provider's API takes before a model id
    /// (`models/` of Gemini's `models/gemini-2.0-flash`): the same model.
    #[serde(default)]
    pub model_prefix: Option<String>,
    /// Command-line programs of the provider a project runs as a process
    /// (`ollama` of `subprocess.run(["ollama", "pull", model])`): a file that
    /// runs one is tied to the provider as an import of its SDK would tie it.
    #[serde(default)]
    pub commands: Vec<String>,
}

/// Generic endpoint knowledge.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Paths of the OpenAI-compatible API, served by many hosts.
    #[serde(default)]
    pub compatible_paths: Vec<String>,
}

/// An SDK: import names and client constructors of one provider.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sdk {
    /// Provider id.
    pub provider: String,
    /// Python modules / npm packages (prefix match on dotted or slashed paths).
    #[serde(default)]
    pub modules: Vec<String>,
    /// Client constructor names.
    #[serde(default)]
    pub clients: Vec<String>,
    /// The client's first positional argument is a model id.
    #[serde(default)]
    pub positional_model: bool,
    /// Model ids are `<provider><sep><model>` (a router such as LiteLLM).
    #[serde(default)]
    pub router: Option<String>,
    /// The clients only count in a file that imports one of `modules` (their
    /// names are too common to stand alone: `ChatClient`).
    #[serde(default)]
    pub scoped: bool,
    /// Methods of the SDK's clients whose positional argument N is a model id
    /// (`GetChatClient = 0`, Go `GenerateContent = 1` after the context).
    #[serde(default)]
    pub model_methods: std::collections::BTreeMap<String, usize>,
}

/// A provider factory (`openai("gpt-4o")` from `@ai-sdk/openai`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factory {
    /// Provider id.
    pub provider: String,
    /// Modules the factory is imported from.
    pub modules: Vec<String>,
    /// Exported names.
    pub names: Vec<String>,
    /// Keyword arguments naming the provider for a routed id.
    #[serde(default)]
    pub provider_kwarg: Vec<String>,
    /// Keyword arguments of this factory that carry the model id, besides
    /// the catalog's `[models] args` (agno's `Cerebras(id="gpt-oss-120b")`).
    #[serde(default)]
    pub model_args: Vec<String>,
}

/// A method that identifies the provider whatever its receiver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// Provider id.
    pub provider: String,
    /// Method names.
    pub names: Vec<String>,
    /// Keyword arguments that carry the model id.
    pub model_args: Vec<String>,
    /// Position of the model id when it is passed positionally.
    #[serde(default)]
    pub position: Option<usize>,
}

/// Names of arguments whose string value is a model id.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Models {
    /// Keyword / property names.
    #[serde(default)]
    pub args: Vec<String>,
    /// Router provider names (`bedrock` in `bedrock/…`) mapped to provider ids.
    #[serde(default)]
    pub router_aliases: std::collections::BTreeMap<String, String>,
    /// Providers that pass a request on to the model's own vendor
    /// (OpenRouter, Vercel's AI Gateway): a family's id in their registry
    /// list stays the family's model. Any other provider's list serves the
    /// ids it holds (Claude under Vertex AI is Google's to serve).
    #[serde(default)]
    pub routers: Vec<String>,
    /// Providers whose SDK is every compatible host's client (the OpenAI
    /// SDK): an id of another vendor's own family called through it is that
    /// vendor's, an id no family knows a compatible host's.
    #[serde(default)]
    pub compatible_sdks: Vec<String>,
    /// Builder / option methods whose single argument is a model id
    /// (`.modelName("gpt-4o")`, `openai.WithModel("…")`).
    #[serde(default)]
    pub setters: Vec<String>,
    /// Variant suffixes routers append to a model's id (`:free` in
    /// OpenRouter's `z-ai/glm-5.2:free`): the id before one is matched
    /// against the model-id families, the whole id is the model.
    #[serde(default)]
    pub variants: Vec<String>,
}

/// A model-id pattern.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPattern {
    /// Provider id.
    pub provider: String,
    /// Regular expression over the model id.
    pub regex: String,
}

/// A family of model ids (`claude-*`): a string literal of this shape, in a
/// file bound to AI, is a model of `provider` wherever the code keeps it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFamily {
    /// Provider the family implies.
    pub provider: String,
    /// Regular expression the whole id must match (anchor it).
    pub regex: String,
    /// Providers one of whose SDKs the file must import (short, generic ids
    /// such as `llama3` or `mistral` need that stronger tie); the provider
    /// is then the one imported. Empty: any AI tie will do.
    #[serde(default)]
    pub tie: Vec<String>,
    /// Substrings one of which every id of the family holds (`claude-`): a
    /// file holding one is worth parsing.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A keyword argument compared with a literal value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KwargEquals {
    /// Keyword name.
    pub kwarg: String,
    /// Expected value (`true` matches Python `True` and JS `true`).
    pub equals: String,
}

/// A generic client factory told which service to talk to by name
/// (`boto3.client("bedrock-runtime")`, `session.client(service_name=…)`): a
/// named AI service is that service's endpoint, called from here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceClient {
    /// Call-path suffixes (`client`).
    pub callee: Vec<String>,
    /// Import prefixes, one of which the file must import.
    pub requires: Vec<String>,
    /// Position of the service-name argument.
    #[serde(default)]
    pub name_arg: Option<usize>,
    /// Keyword names of the service-name argument.
    #[serde(default)]
    pub name_kwargs: Vec<String>,
    /// Service name → the endpoint it calls (`*` for a region).
    pub services: std::collections::BTreeMap<String, String>,
}

/// A call that pulls a model or dataset from a hub.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubLoader {
    /// Call-path suffixes (`from_pretrained`, `hub.load`).
    pub callee: Vec<String>,
    /// Import prefixes, one of which the file must import (empty: no gate).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Hub id (`huggingface`, `torch-hub`, `timm`, `ollama`).
    pub hub: String,
    /// `model` or `dataset`.
    pub produces: String,
    /// Position of the id argument.
    #[serde(default)]
    pub id_arg: Option<usize>,
    /// Keyword names of the id argument.
    #[serde(default)]
    pub id_kwargs: Vec<String>,
    /// Position of a second id part (torch.hub's entry point).
    #[serde(default)]
    pub second_arg: Option<usize>,
    /// Keyword names of the second id part.
    #[serde(default)]
    pub second_kwargs: Vec<String>,
    /// Produces a dataset instead when this keyword has this value.
    #[serde(default)]
    pub dataset_when: Option<KwargEquals>,
    /// Only a finding when this keyword has this value.
    #[serde(default)]
    pub only_when: Option<KwargEquals>,
    /// Ids that are builders, not hub entries.
    #[serde(default)]
    pub not_ids: Vec<String>,
    /// Namespace to assume for an id without one (`all-MiniLM-L6-v2`).
    #[serde(default)]
    pub default_namespace: Option<String>,
}

/// Code-level knowledge.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// Calls whose string arguments are messages, never usage.
    #[serde(default)]
    pub message_calls: Vec<String>,
    /// Calls that read an environment variable (first argument: its name).
    #[serde(default)]
    pub env_getters: Vec<String>,
    /// Calls that return their argument unchanged (`aws.String("…")`).
    #[serde(default)]
    pub value_wrappers: Vec<String>,
    /// Maps indexed by variable name (`ENV["X"]`, `$_ENV['X']`).
    #[serde(default)]
    pub env_maps: Vec<String>,
    /// Name endings of exception types: constructing one builds a message.
    #[serde(default)]
    pub message_suffixes: Vec<String>,
    /// Calls that test a string against a pattern (`HasPrefix`, `startsWith`):
    /// their literals are prefixes a capability check looks for, not usage.
    #[serde(default)]
    pub pattern_calls: Vec<String>,
    /// Calls that pick a tokenizer by model name (`tiktoken.encoding_for_model("gpt-4")`):
    /// the id says how text is counted, not which model the code calls.
    #[serde(default)]
    pub tokenizer_calls: Vec<String>,
    /// Objects indexed by configuration key (`builder.Configuration["A:B"]`, `config["A:B"]`).
    #[serde(default)]
    pub config_objects: Vec<String>,
    /// Attributes / annotations that mark test code (`cfg(test)`, `Test`, `Fact`).
    #[serde(default)]
    pub test_markers: Vec<String>,
    /// Import paths of AI frameworks not tied to one provider (`ai`, `langchain`):
    /// importing one binds a file to AI, like importing a provider SDK.
    #[serde(default)]
    pub ai_modules: Vec<String>,
    /// Keys whose string values are shown to people, not sent
    /// (`label`, `displayName`): a model id there is a label, never usage.
    #[serde(default)]
    pub label_keys: Vec<String>,
    /// Keys whose string value is a default model's id (`defaultModelId`,
    /// `DEFAULT_MODEL`): in a file bound to AI, an id there is a model even
    /// when no model-id family knows it yet.
    #[serde(default)]
    pub default_model_keys: Vec<String>,
    /// Keys whose string value is the project's own handle for a model
    /// (plandex's `ModelTag: "qwen/qwen3-8b-local"`, `"tag": "devstral-local"`):
    /// in an entry that names its model under a model key of its own
    /// (`ModelName`, `model_name`), an id-shaped value there is not a model.
    #[serde(default)]
    pub handle_keys: Vec<String>,
    /// Words that, inside a file's name (`OpenAIChatModel.php`), bind it to
    /// AI as an import would: a project's own model enum beside no SDK.
    #[serde(default)]
    pub ai_file_words: Vec<String>,
    /// Calls that run a program (`subprocess.run`, `exec.Command`,
    /// `execSync`): their first argument names it, alone or first in a list
    /// or a command line.
    #[serde(default)]
    pub process_calls: Vec<String>,
}

/// AI-related environment variables not tied to a provider.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Env {
    /// Exact names.
    #[serde(default)]
    pub names: Vec<String>,
    /// Name fragments that mark a variable as a credential.
    #[serde(default)]
    pub sensitive_markers: Vec<String>,
    /// Framework prefixes removed before matching (`VITE_`).
    #[serde(default)]
    pub framework_prefixes: Vec<String>,
    /// Words (between `_`) a name matched by a provider prefix such as
    /// `OLLAMA_` must hold to be about the service (`KEY`, `MODEL`, `HOST`):
    /// `OLLAMA_APP_DB_PATH` is not AI configuration.
    #[serde(default)]
    pub prefix_words: Vec<String>,
}

/// A credential format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretFormat {
    /// Provider id.
    pub provider: String,
    /// The public prefix kept in the fingerprint.
    pub prefix: String,
    /// Regular expression matching the whole credential.
    pub regex: String,
}

/// A weight-file format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightFormat {
    /// Format name as reported.
    pub name: String,
    /// File extensions (lower case, no dot).
    #[serde(default)]
    pub extensions: Vec<String>,
    /// Magic bytes, hex.
    #[serde(default)]
    pub magic: Option<String>,
    /// Offset of the magic bytes.
    #[serde(default)]
    pub offset: usize,
    /// Only recognised under one of `extensions`.
    #[serde(default)]
    pub needs_extension: bool,
    /// Built-in header parser.
    #[serde(default)]
    pub parser: Option<String>,
}
