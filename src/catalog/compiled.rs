//! The catalog compiled into matchers: host globs, regexes and the pre-filter.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use aho_corasick::AhoCorasick;
use anyhow::{Context, Result, anyhow};
use regex::Regex;
use sha2::{Digest, Sha256};

use super::BUILTIN_CATALOG;
use super::redact::{Redactor, SecretMatch};
use super::schema::{
    CatalogFile, Factory, HubLoader, Method, ModelFamily, Provider, Sdk, ServiceClient,
    WeightFormat,
};

/// The catalog, compiled. Build it once and share it (`&Catalog` is `Sync`).
#[derive(Debug)]
pub struct Catalog {
    /// Identifies this catalog and scanner version (cached results are only reused under the same one).
    fingerprint: String,
    file: CatalogFile,
    providers: HashMap<String, usize>,
    hosts: Vec<(HostGlob, usize)>,
    path_models: Vec<(usize, Regex)>,
    model_patterns: Vec<(String, Regex)>,
    model_families: Vec<Regex>,
    redactor: Redactor,
    weight_magic: Vec<Option<Vec<u8>>>,
    prefilter: AhoCorasick,
    config_prefilter: AhoCorasick,
    /// (ecosystem, normalised name) → category; and (ecosystem, prefix, category).
    ml_exact: HashMap<String, HashMap<String, String>>,
    ml_prefixes: Vec<(String, String, String)>,
    /// For each pre-filter pattern: true when it only signals a credential.
    prefilter_secret_only: Vec<bool>,
}

/// What the catalog knows about an environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVarInfo {
    /// Provider the variable belongs to, if any.
    pub provider: Option<String>,
    /// The variable holds a credential (its name says KEY, TOKEN, …).
    pub sensitive: bool,
}

/// What a pre-filter pass found in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrefilterHit {
    /// A keyword that makes the file worth parsing.
    pub parse: bool,
    /// A credential prefix.
    pub secret: bool,
}

impl Catalog {
    /// The built-in catalog.
    pub fn builtin() -> Result<Self> {
        Self::from_sources(&[("built-in catalog", BUILTIN_CATALOG)])
    }

    /// The built-in catalog extended with user files (entries are appended).
    pub fn with_extensions(extra: &[(String, String)]) -> Result<Self> {
        let mut sources: Vec<(&str, &str)> = vec![("built-in catalog", BUILTIN_CATALOG)];
        sources.extend(extra.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        Self::from_sources(&sources)
    }

    fn from_sources(sources: &[(&str, &str)]) -> Result<Self> {
        let mut file = CatalogFile::default();
        for part in super::cfg::parse_all(sources)? {
            merge(&mut file, part);
        }
        let mut digest = Sha256::new();
        digest.update(env!("CARGO_PKG_VERSION").as_bytes());
        for (_, text) in sources {
            digest.update([0]);
            digest.update(text.as_bytes());
        }
        let hash = digest.finalize();
        // Version, then the build's sources (see build.rs), then the catalog.
        let fingerprint = format!(
            "{}+{}+{}",
            env!("CARGO_PKG_VERSION"),
            env!("AIBOM_SOURCE_HASH"),
            hash[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Self::compile(file, fingerprint)
    }

    /// Identifies the scanner build (version and a hash of its sources and
    /// lockfile) and catalog contents: a result cached under one fingerprint is
    /// never reused under another, so an upgraded App re-scans what it cached.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn compile(file: CatalogFile, fingerprint: String) -> Result<Self> {
        // Names and regexes were checked, with positions, by `cfg::parse_all`.
        let providers: HashMap<String, usize> = file
            .providers
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut hosts = Vec::new();
        let mut path_models = Vec::new();
        for (i, p) in file.providers.iter().enumerate() {
            for h in &p.hosts {
                hosts.push((HostGlob::new(h), i));
            }
            if let Some(re) = &p.path_model {
                let re = Regex::new(re)
                    .with_context(|| format!("catalog: provider {} path_model", p.id))?;
                path_models.push((i, re));
            }
        }
        let mut model_patterns = Vec::new();
        for m in &file.model_patterns {
            let re = Regex::new(&m.regex)
                .with_context(|| format!("catalog: model_pattern {}", m.regex))?;
            model_patterns.push((m.provider.clone(), re));
        }
        let mut model_families = Vec::new();
        for m in &file.model_families {
            let re = Regex::new(&m.regex)
                .with_context(|| format!("catalog: model_family {}", m.regex))?;
            model_families.push(re);
        }
        let redactor = Redactor::new(&file.secrets, &file.redact.rule)?;
        let mut weight_magic = Vec::new();
        for w in &file.weight_formats {
            weight_magic.push(match &w.magic {
                Some(hex) => Some(
                    decode_hex(hex)
                        .with_context(|| format!("catalog: weight_format {} magic", w.name))?,
                ),
                None => None,
            });
        }
        let mut ml_exact = HashMap::new();
        let mut ml_prefixes = Vec::new();
        for m in &file.ml_packages {
            for n in &m.names {
                match n.strip_suffix('*') {
                    Some(prefix) => ml_prefixes.push((
                        m.ecosystem.clone(),
                        ml_name(&m.ecosystem, prefix),
                        m.category.clone(),
                    )),
                    None => {
                        let per_ecosystem: &mut HashMap<String, String> =
                            ml_exact.entry(m.ecosystem.clone()).or_default();
                        per_ecosystem
                            .entry(ml_name(&m.ecosystem, n))
                            .or_insert_with(|| m.category.clone());
                    }
                }
            }
        }
        let (keywords, secret_only) = prefilter_keywords(&file);
        let prefilter = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&keywords)
            .context("catalog: building the pre-filter")?;
        let config_prefilter = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(config_keywords(&file))
            .context("catalog: building the configuration pre-filter")?;
        let catalog = Catalog {
            config_prefilter,
            fingerprint,
            file,
            providers,
            hosts,
            path_models,
            model_patterns,
            model_families,
            redactor,
            weight_magic,
            prefilter,
            prefilter_secret_only: secret_only,
            ml_exact,
            ml_prefixes,
        };
        // A service client's endpoint must be a provider's host, or its
        // finding would name no provider.
        for c in &catalog.file.service_clients {
            for (name, url) in &c.services {
                let host = url
                    .split_once("://")
                    .map_or(url.as_str(), |(_, r)| r)
                    .split('/')
                    .next()
                    .unwrap_or_default();
                anyhow::ensure!(
                    catalog.provider_for_host(host).is_some(),
                    "catalog: service_client {name}: {url} is no provider's host"
                );
            }
        }
        Ok(catalog)
    }

    /// A provider by id.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.get(id).map(|&i| &self.file.providers[i])
    }

    /// The provider serving `host` (`host` or `host:port`, lower case).
    pub fn provider_for_host(&self, host_port: &str) -> Option<&Provider> {
        let host = host_port.split(':').next().unwrap_or(host_port);
        self.hosts
            .iter()
            .find(|(g, _)| g.matches(host_port, host))
            .map(|(_, i)| &self.file.providers[*i])
    }

    /// A model id carried in a URL path of a provider's API.
    pub fn model_in_path(&self, provider: &str, path: &str) -> Option<String> {
        let idx = *self.providers.get(provider)?;
        self.path_models
            .iter()
            .filter(|(i, _)| *i == idx)
            .find_map(|(_, re)| {
                re.captures(path)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_string())
            })
    }

    /// Whether a URL path is one of the OpenAI-compatible API paths.
    pub fn is_compatible_path(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        self.file
            .endpoints
            .compatible_paths
            .iter()
            .any(|p| path.ends_with(p.as_str()))
    }

    /// The provider a model id's name points to, if any pattern says so.
    pub fn provider_for_model(&self, model: &str) -> Option<&str> {
        self.model_patterns
            .iter()
            .find(|(_, re)| re.is_match(model))
            .map(|(p, _)| p.as_str())
    }

    /// The first model-id family `id` belongs to, whole.
    pub fn model_family(&self, id: &str) -> Option<&ModelFamily> {
        self.model_families
            .iter()
            .position(|re| re.is_match(id))
            .map(|i| &self.file.model_families[i])
    }

    /// Whether an import path is an AI framework's (or inside one).
    pub fn is_ai_module(&self, module: &str) -> bool {
        self.file
            .code
            .ai_modules
            .iter()
            .any(|m| module_matches(module, m))
    }

    /// Whether a file's name, or its folder's, holds one of the AI words
    /// (`OpenAIChatModel.php`, `anthropic_models.py`, CodeGPT's
    /// `groq/model.go`), case-insensitively.
    pub fn names_ai_in_file_name(&self, path: &str) -> bool {
        let name = file_and_folder(path).to_ascii_lowercase();
        self.file
            .code
            .ai_file_words
            .iter()
            .any(|w| name.contains(w.as_str()))
    }

    /// Whether a dotted call path runs a program (`subprocess.run`).
    pub fn is_process_call(&self, path: &str) -> bool {
        self.file.code.process_calls.iter().any(|c| c == path)
    }

    /// The provider whose command-line program `command` is (`ollama`).
    pub fn provider_for_command(&self, command: &str) -> Option<&str> {
        self.file
            .providers
            .iter()
            .find(|p| p.commands.iter().any(|c| c == command))
            .map(|p| p.id.as_str())
    }

    /// The provider a file's name or its folder's names (`groq/model.go`,
    /// `providers/groq.ts`): the file is that provider's package.
    pub fn provider_named_by_file(&self, path: &str) -> Option<&str> {
        self.provider_named_by_path(file_and_folder(path), "")
    }

    /// Whether a key's value is a default model's id (`defaultModelId`).
    pub fn is_default_model_key(&self, key: &str) -> bool {
        self.file.code.default_model_keys.iter().any(|k| k == key)
    }

    /// Whether a key's value is the project's own handle for a model
    /// (`ModelTag`), when its entry names the model under a model key.
    pub fn is_handle_key(&self, key: &str) -> bool {
        self.file.code.handle_keys.iter().any(|k| k == key)
    }

    /// Whether a key's values are labels shown to people (`displayName`).
    pub fn is_label_key(&self, key: &str) -> bool {
        self.file.code.label_keys.iter().any(|k| k == key)
    }

    /// Whether the rest of a prefixed variable name (`API_KEY` of
    /// `OLLAMA_API_KEY`) is about the service: one of its words is a prefix word.
    fn is_about_service(&self, rest: &str) -> bool {
        let words = &self.file.env.prefix_words;
        words.is_empty() || rest.split('_').any(|w| words.iter().any(|p| p == w))
    }

    /// The SDK an import path belongs to (longest matching module wins).
    pub fn sdk_for_module(&self, module: &str) -> Option<&Sdk> {
        let mut best: Option<(&Sdk, usize)> = None;
        for sdk in &self.file.sdks {
            for m in &sdk.modules {
                if module_matches(module, m) && best.is_none_or(|(_, len)| m.len() > len) {
                    best = Some((sdk, m.len()));
                }
            }
        }
        best.map(|(s, _)| s)
    }

    /// The SDK whose client constructor has this name (not counting scoped SDKs,
    /// whose client names only count where the file imports the SDK).
    pub fn sdk_for_client(&self, name: &str) -> Option<&Sdk> {
        self.file
            .sdks
            .iter()
            .find(|s| !s.scoped && s.clients.iter().any(|c| c == name))
    }

    /// The SDK entry of a provider id.
    pub fn sdk_for_provider(&self, provider: &str) -> Option<&Sdk> {
        self.file.sdks.iter().find(|s| s.provider == provider)
    }

    /// The factory exported under `name` from `module`.
    pub fn factory(&self, module: &str, name: &str) -> Option<&Factory> {
        self.file.factories.iter().find(|f| {
            f.names.iter().any(|n| n == name) && f.modules.iter().any(|m| module_matches(module, m))
        })
    }

    /// A method that identifies its provider whatever the receiver.
    pub fn method(&self, name: &str) -> Option<&Method> {
        self.file
            .methods
            .iter()
            .find(|m| m.names.iter().any(|n| n == name))
    }

    /// Whether a keyword / property name carries a model id.
    pub fn is_model_arg(&self, name: &str) -> bool {
        self.file.models.args.iter().any(|a| a == name)
    }

    /// The provider a name stands for, as a router alias or a provider id,
    /// case and `_`/`-` aside (`AzureOpenAI` → `azure-openai`, `OPENROUTER`).
    pub fn provider_by_loose_name(&self, name: &str) -> Option<&str> {
        let loose = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, '_' | '-'))
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let want = loose(name);
        if want.is_empty() {
            return None;
        }
        self.file
            .models
            .router_aliases
            .iter()
            .find(|(alias, _)| loose(alias) == want)
            .map(|(_, p)| p.as_str())
            .or_else(|| {
                self.file
                    .providers
                    .iter()
                    .find(|p| loose(&p.id) == want)
                    .map(|p| p.id.as_str())
            })
    }

    /// Whether `provider` passes requests on to each model's own vendor (a
    /// router): the family ids it lists stay their families'.
    pub fn is_router(&self, provider: &str) -> bool {
        self.file.models.routers.iter().any(|r| r == provider)
    }

    /// Whether a provider's SDK is every compatible host's client (see
    /// `models.compatible_sdks`).
    pub fn is_compatible_sdk(&self, provider: &str) -> bool {
        self.file
            .models
            .compatible_sdks
            .iter()
            .any(|p| p == provider)
    }

    /// The provider id a router's provider name stands for (`bedrock` → `aws-bedrock`).
    pub fn router_alias(&self, name: &str) -> Option<&str> {
        self.file
            .models
            .router_aliases
            .get(name)
            .map(String::as_str)
    }

    /// The provider a path names in its words, the file's name first
    /// (`packages/groq/src/groq-chat-options.ts` is Groq's,
    /// `reranker/aws_bedrock.py` Bedrock's by the alias `bedrock`); `prefer`
    /// when the path names it among others.
    pub fn provider_named_by_path<'p>(&'p self, path: &str, prefer: &'p str) -> Option<&'p str> {
        let lower = path.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .rsplit(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let lookup = |w: &str| {
            self.providers
                .get_key_value(w)
                .map(|(id, _)| id.as_str())
                .or_else(|| self.router_alias(w))
        };
        // A two-word id is named by its words side by side
        // (`langchain4j-github-models/` is GitHub Models').
        let named: Vec<&str> = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let pair = words.get(i + 1).map(|before| format!("{before}-{w}"));
                pair.and_then(|p| {
                    self.providers
                        .get_key_value(p.as_str())
                        .map(|(id, _)| id.as_str())
                })
                .or_else(|| lookup(w))
            })
            .collect();
        if named.contains(&prefer) {
            return Some(prefer);
        }
        named.first().copied()
    }

    /// The id a router's variant suffix is appended to (`glm-5.2` of
    /// `glm-5.2:free`), when `id` ends in one of the catalog's variants.
    pub fn without_variant<'i>(&self, id: &'i str) -> Option<&'i str> {
        let (base, variant) = id.rsplit_once(':')?;
        self.file
            .models
            .variants
            .iter()
            .any(|v| v == variant)
            .then_some(base)
    }

    /// The model-argument names.
    pub fn model_args(&self) -> &[String] {
        &self.file.models.args
    }

    /// Hub loaders.
    pub fn hub_loaders(&self) -> &[HubLoader] {
        &self.file.hub_loaders
    }

    /// Clients made by naming their service.
    pub fn service_clients(&self) -> &[ServiceClient] {
        &self.file.service_clients
    }

    /// Whether strings passed to a call with this last path segment are messages.
    pub fn is_message_call(&self, name: &str) -> bool {
        self.file.code.message_calls.iter().any(|m| m == name)
            || self
                .file
                .code
                .message_suffixes
                .iter()
                .any(|s| name.len() > s.len() && name.ends_with(s.as_str()))
    }

    /// Whether a method tests a string against a pattern (`strings.HasPrefix`,
    /// `startsWith`, `include?`): its literals are prefixes, not ids in use.
    pub fn is_pattern_call(&self, name: &str) -> bool {
        self.file.code.pattern_calls.iter().any(|m| m == name)
    }

    /// Whether a method picks a tokenizer by model name (`encoding_for_model`):
    /// its literals say how text is counted, not which model is called.
    pub fn is_tokenizer_call(&self, name: &str) -> bool {
        self.file.code.tokenizer_calls.iter().any(|m| m == name)
    }

    /// Whether a dotted call path returns its argument unchanged (`aws.String`).
    pub fn is_value_wrapper(&self, path: &str) -> bool {
        self.file.code.value_wrappers.iter().any(|w| w == path)
    }

    /// Whether a name is an object indexed by configuration key (`Configuration`).
    pub fn is_config_object(&self, name: &str) -> bool {
        self.file.code.config_objects.iter().any(|o| o == name)
    }

    /// Whether an attribute / annotation marks test code.
    pub fn is_test_marker(&self, name: &str) -> bool {
        self.file.code.test_markers.iter().any(|m| m == name)
    }

    /// Whether a name is a map of environment variables (`ENV`).
    pub fn is_env_map(&self, name: &str) -> bool {
        self.file.code.env_maps.iter().any(|m| m == name)
    }

    /// The model id an SDK constant stands for (`["openai", "GPT4o"]` → `gpt-4o`),
    /// with its provider.
    pub fn model_constant(&self, path: &[String]) -> Option<(&str, &str)> {
        let (name, scope) = path.split_last()?;
        let scope = scope.last()?;
        self.file
            .model_constants
            .iter()
            .filter(|c| c.scopes.iter().any(|s| s == scope))
            .find_map(|c| {
                c.names
                    .get(name.as_str())
                    .map(|id| (c.provider.as_str(), id.as_str()))
            })
    }

    /// Whether any SDK constant table has this name (`GPT4oMini`): a cheap
    /// test before a member path is formed.
    pub fn is_model_constant_name(&self, name: &str) -> bool {
        self.file
            .model_constants
            .iter()
            .any(|c| c.names.contains_key(name))
    }

    /// Configuration-key rules.
    pub fn config_keys(&self) -> &[super::ConfigKey] {
        &self.file.config_keys
    }

    /// Model-serving container images.
    pub fn model_servers(&self) -> &[super::schema::ModelServer] {
        &self.file.model_servers
    }

    /// Command-line tools that pull or serve models.
    pub fn commands(&self) -> &[super::schema::CommandRule] {
        &self.file.commands
    }

    /// Terraform rules.
    pub fn terraform(&self) -> &[super::schema::TerraformRule] {
        &self.file.terraform
    }

    /// AI GitHub Actions.
    pub fn ai_actions(&self) -> &[super::schema::AiAction] {
        &self.file.ai_actions
    }

    /// Whether a method name is a model setter (`modelName`, `WithModel`).
    pub fn is_model_setter(&self, name: &str) -> bool {
        self.file.models.setters.iter().any(|s| s == name)
    }

    /// Every SDK whose client constructor has this name (scoped ones included).
    pub fn sdks_for_client<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a Sdk> + 'n
    where
        'a: 'n,
    {
        self.file
            .sdks
            .iter()
            .filter(move |s| s.clients.iter().any(|c| c == name))
    }

    /// Whether a dotted call path reads an environment variable.
    pub fn is_env_getter(&self, path: &str) -> bool {
        self.file.code.env_getters.iter().any(|g| g == path)
    }

    /// What the catalog knows about an environment variable name, if it is AI-related.
    pub fn env_var(&self, name: &str) -> Option<EnvVarInfo> {
        let name = self
            .file
            .env
            .framework_prefixes
            .iter()
            .find_map(|p| name.strip_prefix(p.as_str()))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(name);
        let sensitive = self
            .file
            .env
            .sensitive_markers
            .iter()
            .any(|m| name.contains(m.as_str()));
        for p in &self.file.providers {
            let hit = p.env.iter().any(|e| {
                if e.ends_with('_') {
                    name.len() > e.len()
                        && name.starts_with(e.as_str())
                        && self.is_about_service(&name[e.len()..])
                } else {
                    name == e
                }
            });
            if hit {
                return Some(EnvVarInfo {
                    provider: Some(p.id.clone()),
                    sensitive,
                });
            }
        }
        if self.file.env.names.iter().any(|n| n == name) {
            return Some(EnvVarInfo {
                provider: None,
                sensitive,
            });
        }
        None
    }

    /// Every credential of a known format in `text`, with redacted fingerprints, in order.
    pub fn find_secrets(&self, text: &str) -> Vec<SecretMatch> {
        self.redactor.find_secrets(text)
    }

    /// `text` with every credential replaced by its fingerprint, and values a
    /// context marks as secret replaced by `‹redacted›` (see [`Redactor`]).
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redactor.redact(text)
    }

    /// The redaction pass every string leaving the scanner goes through.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// One pass of the keyword pre-filter over a file's bytes.
    pub fn prefilter(&self, bytes: &[u8]) -> PrefilterHit {
        let mut hit = PrefilterHit::default();
        for m in self.prefilter.find_iter(bytes) {
            if self.prefilter_secret_only[m.pattern().as_usize()] {
                hit.secret = true;
            } else {
                hit.parse = true;
            }
            if hit.parse && hit.secret {
                break;
            }
        }
        hit
    }

    /// Whether a configuration file, Dockerfile or script is worth reading.
    pub fn config_prefilter(&self, bytes: &[u8]) -> bool {
        self.config_prefilter.is_match(bytes)
    }

    /// The keywords the pre-filter searches for (for benchmarks: `rg -c` uses the same set).
    pub fn prefilter_keywords(&self) -> Vec<String> {
        prefilter_keywords(&self.file).0
    }

    /// The AI/ML category of a package (`display_name` as the ecosystem writes it).
    pub fn ml_package(&self, ecosystem: &str, display_name: &str) -> Option<&str> {
        let normalised = ml_name(ecosystem, display_name);
        let name = normalised.as_str();
        if let Some(c) = self.ml_exact.get(ecosystem).and_then(|m| m.get(name)) {
            return Some(c);
        }
        self.ml_prefixes
            .iter()
            .find(|(e, p, _)| e == ecosystem && name.starts_with(p.as_str()))
            .map(|(_, _, c)| c.as_str())
    }

    /// Weight formats with their decoded magic bytes.
    pub fn weight_formats(&self) -> impl Iterator<Item = (&WeightFormat, Option<&[u8]>)> {
        self.file
            .weight_formats
            .iter()
            .zip(self.weight_magic.iter().map(|m| m.as_deref()))
    }

    /// Whether any weight format claims this extension (lower case, no dot).
    pub fn is_weight_extension(&self, ext: &str) -> bool {
        self.file
            .weight_formats
            .iter()
            .any(|w| w.extensions.iter().any(|e| e == ext))
    }
}

/// A package name as compared with catalog entries (PyPI names normalised).
/// PyPI names are PEP 503-normalised, NuGet ids compared without case, and a
/// Go module's major-version suffix (`/v2`) dropped.
fn ml_name(ecosystem: &str, name: &str) -> String {
    match ecosystem {
        "pypi" => crate::vocab::normalise_pypi(name),
        "nuget" => name.to_ascii_lowercase(),
        "golang" => match name.rsplit_once("/v") {
            Some((module, major))
                if !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()) =>
            {
                module.to_string()
            }
            _ => name.to_string(),
        },
        _ => name.to_string(),
    }
}

/// Whether an import path `module` is `pattern` or inside it.
fn module_matches(module: &str, pattern: &str) -> bool {
    module == pattern
        || (module.len() > pattern.len()
            && module.starts_with(pattern)
            && matches!(module.as_bytes()[pattern.len()], b'.' | b'/'))
}

fn merge(into: &mut CatalogFile, part: CatalogFile) {
    into.providers.extend(part.providers);
    into.endpoints
        .compatible_paths
        .extend(part.endpoints.compatible_paths);
    into.sdks.extend(part.sdks);
    into.factories.extend(part.factories);
    into.methods.extend(part.methods);
    into.models.args.extend(part.models.args);
    into.models.variants.extend(part.models.variants);
    into.models
        .router_aliases
        .extend(part.models.router_aliases);
    into.models.routers.extend(part.models.routers);
    into.models
        .compatible_sdks
        .extend(part.models.compatible_sdks);
    into.model_patterns.extend(part.model_patterns);
    into.model_families.extend(part.model_families);
    into.code.ai_modules.extend(part.code.ai_modules);
    into.code.label_keys.extend(part.code.label_keys);
    into.code
        .default_model_keys
        .extend(part.code.default_model_keys);
    into.code.ai_file_words.extend(part.code.ai_file_words);
    into.code.process_calls.extend(part.code.process_calls);
    into.code.handle_keys.extend(part.code.handle_keys);
    into.env.prefix_words.extend(part.env.prefix_words);
    into.hub_loaders.extend(part.hub_loaders);
    into.service_clients.extend(part.service_clients);
    into.code.message_calls.extend(part.code.message_calls);
    into.code.env_getters.extend(part.code.env_getters);
    into.code.env_maps.extend(part.code.env_maps);
    into.code.value_wrappers.extend(part.code.value_wrappers);
    into.code.test_markers.extend(part.code.test_markers);
    into.code.config_objects.extend(part.code.config_objects);
    into.code
        .message_suffixes
        .extend(part.code.message_suffixes);
    into.code.pattern_calls.extend(part.code.pattern_calls);
    into.code.tokenizer_calls.extend(part.code.tokenizer_calls);
    into.models.setters.extend(part.models.setters);
    into.model_constants.extend(part.model_constants);
    into.config_keys.extend(part.config_keys);
    into.model_servers.extend(part.model_servers);
    into.commands.extend(part.commands);
    into.terraform.extend(part.terraform);
    into.ai_actions.extend(part.ai_actions);
    into.env.names.extend(part.env.names);
    into.env
        .sensitive_markers
        .extend(part.env.sensitive_markers);
    into.env
        .framework_prefixes
        .extend(part.env.framework_prefixes);
    into.secrets.extend(part.secrets);
    into.weight_formats.extend(part.weight_formats);
    into.ml_packages.extend(part.ml_packages);
    into.redact.rule.extend(part.redact.rule);
}

fn decode_hex(hex: &str) -> Result<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return Err(anyhow!("odd number of hex digits"));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| anyhow!("{e}")))
        .collect()
}

/// Keywords that make a file worth a closer look, and whether each only signals a credential.
///
/// Each keyword is a literal that must appear in a file using the thing it stands for:
/// a Python package's top-level name (every import spells it), an npm package's full
/// name, a client class, a gated hub loader's required module, a host. Generic trailing
/// segments (`sdk`, `aws`, `load`) are never keywords: they match ordinary code.
fn prefilter_keywords(file: &CatalogFile) -> (Vec<String>, Vec<bool>) {
    let mut parse: BTreeSet<String> = BTreeSet::new();
    let mut add = |s: &str| {
        if s.len() >= 4 {
            parse.insert(s.to_string());
        }
    };
    let module_keyword = |m: &str| -> String {
        let segments = m.split('.').count();
        if m.starts_with('@') || m.contains('/') || segments > 3 || m.starts_with("com.") {
            // npm and Go: the full path is in every import; so is a Java / C#
            // namespace (`dev.langchain4j.model.openai`), whose first segment is generic.
            m.to_string()
        } else {
            m.split('.').next().unwrap_or(m).to_string() // python: the top-level package
        }
    };
    for p in &file.providers {
        for h in &p.hosts {
            for part in h.split('*') {
                add(part.trim_matches('.').trim_matches('-'));
            }
        }
        for e in &p.env {
            add(e);
        }
    }
    for s in &file.sdks {
        for m in &s.modules {
            add(&module_keyword(m));
        }
        for c in &s.clients {
            add(c);
        }
    }
    for f in &file.factories {
        f.modules.iter().for_each(|m| add(&module_keyword(m)));
    }
    for m in &file.methods {
        m.names.iter().for_each(|n| add(n));
    }
    for h in &file.hub_loaders {
        if h.requires.is_empty() {
            h.callee.iter().for_each(|c| add(c));
        } else {
            h.requires.iter().for_each(|r| add(&module_keyword(r)));
        }
    }
    for c in &file.service_clients {
        c.services.keys().for_each(|n| add(n));
    }
    for p in &file.endpoints.compatible_paths {
        add(p);
    }
    for n in &file.env.names {
        add(n);
    }
    for f in &file.model_families {
        f.keywords.iter().for_each(|k| add(k));
    }

    let mut keywords: Vec<String> = parse.into_iter().collect();
    let mut secret_only = vec![false; keywords.len()];
    for s in &file.secrets {
        if !keywords.contains(&s.prefix) {
            keywords.push(s.prefix.clone());
            secret_only.push(true);
        }
    }
    (keywords, secret_only)
}

/// Keywords that make a configuration file, Dockerfile or script worth reading:
/// the code keywords plus the last key of each config rule, server images,
/// tools, Terraform resources and actions. (Kept apart from the code pre-filter:
/// `model` alone would send most source files to the parser.)
fn config_keywords(file: &CatalogFile) -> Vec<String> {
    let mut words: BTreeSet<String> = prefilter_keywords(file).0.into_iter().collect();
    let mut add = |s: &str| {
        if s.len() >= 2 {
            words.insert(s.to_string());
        }
    };
    for k in &file.config_keys {
        for key in &k.keys {
            // Every key of the path is spelled in the file; the longest is the rarest.
            let longest = key.split('.').max_by_key(|s| s.len()).unwrap_or(key);
            add(longest);
        }
    }
    for s in &file.model_servers {
        s.images.iter().for_each(|i| add(i));
    }
    for c in &file.commands {
        add(&c.program);
    }
    for t in &file.terraform {
        t.resources
            .iter()
            .for_each(|r| add(r.trim_end_matches('*')));
    }
    for a in &file.ai_actions {
        a.uses.iter().for_each(|u| add(u));
    }
    words.into_iter().collect()
}

/// A host pattern: `api.openai.com`, `*.openai.azure.com`, `bedrock-runtime.*.amazonaws.com`,
/// optionally with `:port` (then the port must match too).
#[derive(Debug)]
struct HostGlob {
    prefix: String,
    suffix: Option<String>,
    with_port: bool,
}

impl HostGlob {
    fn new(pattern: &str) -> Self {
        let pattern = pattern.to_ascii_lowercase();
        let with_port = pattern.contains(':');
        match pattern.split_once('*') {
            Some((pre, suf)) => HostGlob {
                prefix: pre.to_string(),
                suffix: Some(suf.to_string()),
                with_port,
            },
            None => HostGlob {
                prefix: pattern,
                suffix: None,
                with_port,
            },
        }
    }

    fn matches(&self, host_port: &str, host: &str) -> bool {
        let subject = if self.with_port { host_port } else { host };
        match &self.suffix {
            None => subject == self.prefix,
            Some(suf) => {
                subject.len() > self.prefix.len() + suf.len()
                    && subject.starts_with(self.prefix.as_str())
                    && subject.ends_with(suf.as_str())
            }
        }
    }
}

/// A path's last two segments: the file's name and its folder's.
fn file_and_folder(path: &str) -> &str {
    match path.rfind('/').and_then(|i| path[..i].rfind('/')) {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_compiles_and_knows_hosts() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(c.provider_for_host("api.openai.com").unwrap().id, "openai");
        assert_eq!(
            c.provider_for_host("myres.openai.azure.com").unwrap().id,
            "azure-openai"
        );
        assert_eq!(
            c.provider_for_host("bedrock-runtime.us-east-1.amazonaws.com")
                .unwrap()
                .id,
            "aws-bedrock"
        );
        assert_eq!(c.provider_for_host("localhost:11434").unwrap().id, "ollama");
        assert!(c.provider_for_host("localhost:8080").is_none());
        assert!(c.provider_for_host("openai.azure.com").is_none());
        assert!(c.provider_for_host("example.com").is_none());
    }

    #[test]
    fn maven_ai_packages_and_two_word_provider_paths() {
        let c = Catalog::builtin().unwrap();
        let ml = |n: &str| c.ml_package("maven", n);
        assert_eq!(ml("com.azure:azure-ai-inference"), Some("llm-sdk"));
        assert_eq!(ml("ai.djl.pytorch:pytorch-engine"), Some("ml-framework"));
        assert_eq!(ml("ai.djl:api"), Some("ml-framework"));
        assert_eq!(ml("com.azure:azure-core"), None);
        assert_eq!(ml("com.azure:azure-ai-textanalytics"), None);
        assert_eq!(
            c.provider_named_by_path(
                "langchain4j-github-models/src/GitHubModelsChatModelName.java",
                "openai"
            ),
            Some("github-models")
        );
        assert_eq!(
            c.provider_named_by_path("src/models/github/Client.java", "openai"),
            None
        );
    }

    #[test]
    fn model_patterns_and_env_vars() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(
            c.provider_for_model("claude-3-5-sonnet-latest"),
            Some("anthropic")
        );
        assert_eq!(c.provider_for_model("gpt-4o"), Some("openai"));
        assert_eq!(c.provider_for_model("o3-mini"), Some("openai"));
        assert_eq!(
            c.provider_for_model("anthropic.claude-3-haiku-20240307-v1:0"),
            Some("aws-bedrock")
        );
        assert_eq!(c.provider_for_model("llama3"), None);
        let v = c.env_var("AZURE_OPENAI_API_KEY").unwrap();
        assert_eq!(v.provider.as_deref(), Some("azure-openai"));
        assert!(v.sensitive);
        assert!(!c.env_var("OPENAI_BASE_URL").unwrap().sensitive);
        assert!(c.env_var("OPENAI_").is_none());
        assert!(c.env_var("DATABASE_URL").is_none());
        // An SDK's own switch is named exactly; the prefix alone would not say
        // it is about the service (mem0 d772f9a96 read it for google-genai).
        let vertex = c.env_var("GOOGLE_GENAI_USE_VERTEXAI").unwrap();
        assert_eq!(vertex.provider.as_deref(), Some("google"));
        assert!(c.env_var("GOOGLE_GENAI_DEBUG_DIR").is_none());
    }

    #[test]
    fn fingerprint_names_version_build_and_catalog() {
        let builtin = Catalog::builtin().unwrap();
        let parts: Vec<&str> = builtin.fingerprint().split('+').collect();
        assert_eq!(parts.len(), 3, "{}", builtin.fingerprint());
        assert_eq!(parts[0], env!("CARGO_PKG_VERSION"));
        // The hash of this build's sources, from build.rs.
        assert_eq!(parts[1].len(), 16);
        assert!(parts[1].bytes().all(|b| b.is_ascii_hexdigit()));
        let extended = Catalog::with_extensions(&[(
            "team.toml".into(),
            "[[provider]]\nid = \"acme\"\nname = \"Acme\"\nhosts = [\"llm.acme.internal\"]\n"
                .into(),
        )])
        .unwrap();
        let other: Vec<&str> = extended.fingerprint().split('+').collect();
        assert_eq!(other[..2], parts[..2], "same build");
        assert_ne!(other[2], parts[2], "another catalog");
    }

    #[test]
    fn secrets_are_fingerprinted_and_redacted() {
        let c = Catalog::builtin().unwrap();
        let key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789wxyz";
        let text = format!("key = \"{key}\"");
        let found = c.find_secrets(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].provider, "anthropic");
        assert_eq!(found[0].fingerprint, "sk-ant-…wxyz");
        let red = c.redact(&text);
        assert!(!red.contains(key));
        assert_eq!(red, "key = \"sk-ant-…wxyz\"");
        let custom = "client = Client(api_key=\"acme-0123456789\", model=\"m\")";
        assert_eq!(
            c.redact(custom),
            "client = Client(api_key=\"‹redacted›\", model=\"m\")"
        );
        assert_eq!(c.redact("token: 'abcdef123456'"), "token: '‹redacted›'");
        assert_eq!(
            c.redact("key = os.environ[\"OPENAI_API_KEY\"]"),
            "key = os.environ[\"OPENAI_API_KEY\"]"
        );
    }

    #[test]
    fn prefilter_passes_ai_code_and_skips_ordinary_code() {
        let c = Catalog::builtin().unwrap();
        let ordinary = b"def load(payload, sdk=None):\n    pull = task-1\n    agents = aws.region\n    return pipeline(payload)\n";
        // `task-1` holds the `sk-` credential prefix: only the (cheap) credential
        // regex runs for it; nothing ordinary makes the file worth parsing.
        assert_eq!(
            c.prefilter(ordinary),
            PrefilterHit {
                parse: false,
                secret: true
            }
        );
        assert_eq!(
            c.prefilter(b"def load(payload):\n    return pipeline(payload)\n"),
            PrefilterHit::default()
        );
        assert!(c.prefilter(b"from openai import OpenAI").parse);
        assert!(
            c.prefilter(b"import { openai } from '@ai-sdk/openai'")
                .parse
        );
        assert!(c.prefilter(b"from google import genai").parse);
        assert!(
            c.prefilter(b"x = requests.post('https://api.anthropic.com/v1/messages')")
                .parse
        );
        let key = c.prefilter(b"KEY = 'sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxx'");
        assert!(key.secret && !key.parse);
    }

    #[test]
    fn prefilter_knows_every_language_and_keeps_config_words_apart() {
        let c = Catalog::builtin().unwrap();
        for ai in [
            &b"import openai \"github.com/sashabaranov/go-openai\""[..],
            b"import dev.langchain4j.model.openai.OpenAiChatModel;",
            b"import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;",
            b"using Azure.AI.OpenAI;",
            b"use async_openai::Client;",
            b"require \"openai\"",
            b"use OpenAI;",
        ] {
            assert!(c.prefilter(ai).parse, "{}", String::from_utf8_lossy(ai));
        }
        // Java / C# namespaces' first segments are ordinary words, never keywords.
        let ordinary =
            b"package com.example;\nimport software.example.Model;\nclass A { String model; }\n";
        assert_eq!(c.prefilter(ordinary), PrefilterHit::default());
        // `model` makes a configuration file worth reading, not a source file.
        assert!(c.config_prefilter(b"model: gpt-4o\n"));
        assert!(!c.prefilter(b"model = load()\n").parse);
        assert!(!c.config_prefilter(b"replicas: 2\nimage: nginx\n"));
        // A credential in configuration is still found: its prefix opens the file.
        assert!(c.config_prefilter(b"api_key: sk-proj-abcdefghijklmnopqrstuvwxyz\n"));
    }

    #[test]
    fn extension_files_append_and_unknown_keys_fail() {
        let extra =
            "[[provider]]\nid = \"acme\"\nname = \"Acme AI\"\nhosts = [\"llm.acme.internal\"]\n"
                .to_string();
        let c = Catalog::with_extensions(&[("extra.toml".into(), extra)]).unwrap();
        assert_eq!(c.provider_for_host("llm.acme.internal").unwrap().id, "acme");
        let bad = "[[provider]]\nid = \"x\"\nname = \"X\"\nhostz = []\n".to_string();
        let err = Catalog::with_extensions(&[("bad.toml".into(), bad)]).unwrap_err();
        assert!(format!("{err:#}").contains("bad.toml"), "{err:#}");
        let typo = "[[config_key]]\nkeys = [\"llm\"]\nkind = \"modle\"\n".to_string();
        let err = Catalog::with_extensions(&[("typo.toml".into(), typo)]).unwrap_err();
        assert!(format!("{err:#}").contains("modle"), "{err:#}");
        let nowhere = "[[service_client]]\ncallee = [\"client\"]\nrequires = [\"gcloud\"]\nservices = { vision = \"https://vision.example.com\" }\n".to_string();
        let err = Catalog::with_extensions(&[("svc.toml".into(), nowhere)]).unwrap_err();
        assert!(
            format!("{err:#}").contains("vision: https://vision.example.com is no provider's host"),
            "{err:#}"
        );
    }
}
