//! Detection rules over [`FileFacts`]: API-called models, hub models and datasets,
//! endpoints, request bodies and environment variables. Language-neutral: every
//! rule reads the catalog and the facts, never the syntax tree.

use super::facts::{Call, Callee, Expr, FileFacts, MAX_EXPR};
use crate::catalog::{Catalog, HubLoader, KwargEquals, Sdk};
use crate::scan::endpoint::{self, Endpoint};
use crate::vocab::{Evidence, Finding, Kind, attr};

/// Deepest chain of bindings and chained calls followed when resolving a
/// value or a receiver: one level per link, so it covers every chain an
/// extractor builds (see [`super::facts::MAX_EXPR`]).
const MAX_RESOLVE: usize = 64;

/// Runs every rule over one file's facts.
pub fn detect(catalog: &Catalog, facts: &FileFacts, path: &str) -> Vec<Finding> {
    let d = Detector {
        cat: catalog,
        facts,
        path,
    };
    let mut out = Vec::new();
    for call in facts.calls.iter().filter(|c| !c.in_message) {
        if !d.hub_loader(call, &mut out) && !d.service_client(call, &mut out) {
            d.api_model(call, &mut out);
        }
        d.raw_request(call, &mut out);
    }
    d.endpoints(&mut out);
    d.model_tables(&mut out);
    d.env_reads(&mut out);
    out
}

/// What calling something (or the value it returns) belongs to.
#[derive(Debug, Clone)]
struct Hit<'a> {
    provider: String,
    sdk: Option<&'a Sdk>,
    /// The first positional argument is a model id.
    positional: bool,
    /// Keywords naming the provider of a routed id.
    provider_kwargs: &'a [String],
    /// Keywords of this callee alone that carry the model id.
    model_kwargs: &'a [String],
    /// The constructor call of the client, when known (for `base_url`).
    ctor: Option<&'a Call>,
}

struct Detector<'a> {
    cat: &'a Catalog,
    facts: &'a FileFacts,
    path: &'a str,
}

impl<'a> Detector<'a> {
    fn evidence(&self, call: &Call) -> Evidence {
        let mut e = Evidence::at(self.path, call.line, call.column);
        e.symbol = Some(call.symbol.clone());
        e
    }

    // ---- values -------------------------------------------------------------

    /// The literal string an expression evaluates to, through constants,
    /// single assignments, defaults and CLI defaults.
    fn string(&self, e: &Expr, depth: usize) -> Option<String> {
        if depth > MAX_RESOLVE {
            return None;
        }
        match e {
            Expr::Str(s) => Some(s.clone()),
            // Stands for the value until the scan resolves it from configuration files.
            Expr::ConfigRef(key) => Some(crate::vocab::placeholder(key)),
            Expr::Ident(n) => match self.facts.binding(n) {
                Some(v) => self.string(v, depth + 1),
                // A statically imported constant (`import static …ChatModel.GPT_4O`).
                None => {
                    let imp = self.facts.import(n)?;
                    let scope = imp.module.rsplit(['.', '/']).next()?;
                    self.cat
                        .model_constant(&[scope.to_string(), n.clone()])
                        .map(|(_, id)| id.to_string())
                }
            },
            Expr::Path(p) => {
                let joined = p.join(".");
                if let Some(v) = self.facts.binding(&joined) {
                    return self.string(v, depth + 1);
                }
                let last = p.last()?;
                if let Some(v) = (p.len() == 2)
                    .then(|| self.facts.binding(&format!("arg:{last}")))
                    .flatten()
                {
                    return self.string(v, depth + 1);
                }
                self.cat.model_constant(p).map(|(_, id)| id.to_string())
            }
            Expr::Call(c) => {
                let path = c.path().join(".");
                if self.cat.is_value_wrapper(&path) {
                    return self.string(c.args.first()?, depth + 1);
                }
                if !self.cat.is_env_getter(&path) {
                    return None;
                }
                let default = c.args.get(1).or_else(|| c.kwarg(&["default"]))?;
                self.string(default, depth + 1)
            }
            _ => None,
        }
    }

    /// Like [`Self::string`], also accepting interpolated strings (for URLs).
    fn url(&self, e: &Expr, depth: usize) -> Option<String> {
        match e {
            Expr::Template(t) => Some(t.clone()),
            Expr::Ident(n) if depth <= MAX_RESOLVE => {
                self.facts.binding(n).and_then(|v| self.url(v, depth + 1))
            }
            _ => self.string(e, depth),
        }
    }

    // ---- who a call belongs to -----------------------------------------------

    /// The SDK whose client constructor has this name; a scoped SDK's clients
    /// only where the file imports that SDK.
    fn client_sdk(&self, name: &str) -> Option<&'a Sdk> {
        self.cat.sdk_for_client(name).or_else(|| {
            self.cat
                .sdks_for_client(name)
                .find(|s| s.scoped && s.modules.iter().any(|m| self.facts.imports_module(m)))
        })
    }

    fn sdk_hit(&self, sdk: &'a Sdk, positional: bool) -> Hit<'a> {
        Hit {
            provider: sdk.provider.clone(),
            sdk: Some(sdk),
            positional,
            provider_kwargs: &[],
            model_kwargs: &[],
            ctor: None,
        }
    }

    /// The provider of calling `call` (a client constructor, factory, SDK
    /// function, or a method on a client).
    fn call_hit(&self, call: &'a Call, depth: usize) -> Option<Hit<'a>> {
        if depth > MAX_RESOLVE {
            return None;
        }
        match &call.callee {
            Callee::Path(p) if p.len() == 1 => {
                let name = &p[0];
                if let Some(imp) = self.facts.import(name) {
                    let member = imp
                        .member
                        .as_deref()
                        .filter(|m| *m != "default" && *m != "*");
                    if let Some(f) = self.cat.factory(&imp.module, member.unwrap_or(name)) {
                        return Some(Hit {
                            provider: f.provider.clone(),
                            sdk: self.cat.sdk_for_provider(&f.provider),
                            positional: true,
                            provider_kwargs: &f.provider_kwarg,
                            model_kwargs: &f.model_args,
                            ctor: None,
                        });
                    }
                    if let Some(sdk) = member.and_then(|m| self.client_sdk(m)) {
                        return Some(self.sdk_hit(sdk, sdk.positional_model));
                    }
                    if let Some(sdk) = imp.sdk(self.cat) {
                        let is_client = sdk.clients.iter().any(|c| c == name);
                        return Some(self.sdk_hit(sdk, is_client && sdk.positional_model));
                    }
                }
                self.client_sdk(name)
                    .map(|sdk| self.sdk_hit(sdk, sdk.positional_model))
            }
            Callee::Path(p) if !p.is_empty() => {
                let last = &p[p.len() - 1];
                if let Some(sdk) = self.client_sdk(last) {
                    return Some(self.sdk_hit(sdk, sdk.positional_model));
                }
                self.receiver_hit(&p[..p.len() - 1], depth + 1)
            }
            Callee::Chained { inner, .. } => self.value_hit(inner, depth + 1),
            _ => None,
        }
    }

    /// The provider of the value returned by `call` (a client instance).
    fn value_hit(&self, call: &'a Call, depth: usize) -> Option<Hit<'a>> {
        let mut hit = self.call_hit(call, depth)?;
        hit.positional = false;
        hit.ctor = Some(call);
        Some(hit)
    }

    /// The provider of a receiver path (`client`, `self.client`, `openai`, `genai.models`).
    fn receiver_hit(&self, segs: &'a [String], depth: usize) -> Option<Hit<'a>> {
        if depth > MAX_RESOLVE {
            return None;
        }
        for k in (1..=segs.len()).rev() {
            let key = segs[..k].join(".");
            match self.facts.binding(&key) {
                Some(Expr::Call(c)) => return self.value_hit(c, depth + 1),
                Some(Expr::Ident(other)) if *other != key => {
                    return self.receiver_hit(std::slice::from_ref(other), depth + 1);
                }
                _ => {}
            }
            if let Some(imp) = self.facts.import(&key) {
                let qualified = imp.qualified('.');
                let deeper = if k < segs.len() {
                    format!("{qualified}.{}", segs[k..].join("."))
                } else {
                    qualified.clone()
                };
                let member = imp
                    .member
                    .as_deref()
                    .filter(|m| *m != "default" && *m != "*");
                let sdk = member
                    .and_then(|m| self.client_sdk(m))
                    .or_else(|| self.cat.sdk_for_module(&deeper))
                    .or_else(|| self.cat.sdk_for_module(&qualified))
                    .or_else(|| self.cat.sdk_for_module(&imp.module));
                if let Some(sdk) = sdk {
                    return Some(self.sdk_hit(sdk, false));
                }
                break;
            }
        }
        // A client type named directly (`OpenAI::Client.new`, `OpenAiChatModel.builder()`).
        let sdk = self.client_sdk(segs.first()?)?;
        Some(self.sdk_hit(sdk, false))
    }

    /// The one API provider whose SDK the file imports, if exactly one.
    fn only_imported_provider(&self) -> Option<String> {
        let mut found: Option<&str> = None;
        for imp in &self.facts.imports {
            let Some(sdk) = imp.sdk(self.cat) else {
                continue;
            };
            if sdk.router.is_some() {
                continue;
            }
            match found {
                Some(p) if p != sdk.provider => return None,
                _ => found = Some(&sdk.provider),
            }
        }
        found.map(str::to_string)
    }

    // ---- rules ----------------------------------------------------------------

    /// A model called over an API.
    fn api_model(&self, call: &'a Call, out: &mut Vec<Finding>) {
        if let Some(m) = call.method().and_then(|m| self.cat.method(m))
            && let Some(id) = call
                .kwarg(&m.model_args)
                .or_else(|| m.position.and_then(|p| call.args.get(p)))
                .and_then(|v| self.string(v, 0))
        {
            out.push(self.model(call, m.provider.clone(), id));
            return;
        }
        let kw_model = call
            .kwarg(self.cat.model_args())
            .and_then(|v| self.string(v, 0));
        let hit = self.call_hit(call, 0);
        // Builder setters and request hashes only count on a known SDK's values.
        let kw_model = kw_model.or_else(|| {
            hit.as_ref()?;
            self.setter_model(call).or_else(|| self.nested_model(call))
        });
        let Some(hit) = hit else {
            // A method call with a model argument in a file that uses exactly one
            // provider's SDK (`self.client.chat.completions.create(model=…)`).
            if call.path().len() >= 2
                && kw_model.is_none()
                && call.kwarg(self.cat.model_args()).is_some()
                && let Some(p) = self.only_imported_provider()
                && let Some(ep) = self
                    .cat
                    .provider(&p)
                    .and_then(|p| p.endpoint.as_deref())
                    .and_then(|u| endpoint::classify(self.cat, u))
            {
                // `client.messages.create(model=req.model)` on the one SDK the
                // file imports: the model is chosen at run time, the data still
                // goes to that provider.
                out.push(self.sdk_service(call, &ep, false));
            }
            if call.path().len() >= 2
                && let Some(id) = kw_model
            {
                let provider = self
                    .only_imported_provider()
                    .map(|p| self.sdk_provider(&p, &id))
                    .or_else(|| {
                        let any_sdk = self
                            .facts
                            .imports
                            .iter()
                            .any(|i| self.cat.sdk_for_module(&i.module).is_some());
                        any_sdk
                            .then(|| self.cat.provider_for_model(&id).map(str::to_string))
                            .flatten()
                    });
                if let Some(p) = provider {
                    out.push(self.model(call, p, id));
                }
            }
            return;
        };
        let by_method = call
            .method()
            .and_then(|m| hit.sdk?.model_methods.get(m).copied());
        let kw_model =
            kw_model.or_else(|| call.kwarg(hit.model_kwargs).and_then(|v| self.string(v, 0)));
        let id = kw_model.or_else(|| {
            let pos = by_method.or(hit.positional.then_some(0))?;
            call.args.get(pos).and_then(|a| self.string(a, 0))
        });
        self.client_key(&hit, call, out);
        let Some(id) = id else {
            // The model is chosen at run time (`model=request.model`): the call
            // still sends data to the provider, so its service stays.
            let names_model = call.kwarg(self.cat.model_args()).is_some()
                || by_method.is_some_and(|p| call.args.len() > p);
            let url = self.client_url(&hit, call);
            if names_model && let Some(ep) = self.sdk_endpoint(&hit, url.as_deref(), &hit.provider)
            {
                out.push(self.sdk_service(call, &ep, url.is_some()));
            } else if hit.ctor.is_none()
                && let Some(url) = self.base_url(call)
                && let Some(ep) = self.sdk_endpoint(&hit, Some(&url), &hit.provider)
            {
                // A client built with its endpoint (`ChatOpenAI(openai_api_base=
                // "https://api.atlascloud.ai/v1", **kwargs)`) sends its requests
                // there, whichever model they name.
                out.push(self.sdk_service(call, &ep, true));
            }
            return;
        };
        let (mut provider, id) = self.route(&hit, call, id);
        let url = self.client_url(&hit, call);
        let service = self.sdk_endpoint(&hit, url.as_deref(), &provider);
        // An OpenAI-compatible client pointed at another provider's host
        // (`OpenAI(base_url="https://api.cerebras.ai/v1")`, a builder's
        // `.baseUrl("…")`) sends the data to that provider. A host no provider
        // owns (a gateway, a proxy) serves the model the id names.
        if let Some(ep) = &service
            && ep.provider != provider
            && ep.provider != endpoint::COMPATIBLE
            && url.is_some()
        {
            provider.clone_from(&ep.provider);
        }
        let mut finding = self.model(call, provider, id);
        if let Some(ep) = service {
            let mut s = self.sdk_service(call, &ep, url.is_some());
            s.links.push(finding.key());
            out.push(s);
        }
        finding
            .attrs
            .entry(attr::TECHNIQUE.into())
            .or_insert_with(|| "source-code-analysis".into());
        out.push(finding);
    }

    /// `.modelName("gpt-4o")`, `WithModel("…")`: a setter's single argument.
    fn setter_model(&self, call: &Call) -> Option<String> {
        let m = call.method()?;
        if !self.cat.is_model_setter(m) || call.args.len() != 1 {
            return None;
        }
        self.string(&call.args[0], 0)
    }

    /// A model key inside a hash / array argument (`chat(parameters: {model: …})`,
    /// `create(['model' => …])`, `default_options: {chat_model: …}`).
    fn nested_model(&self, call: &Call) -> Option<String> {
        call.args
            .iter()
            .chain(call.kwargs.iter().map(|(_, v)| v))
            .find_map(|v| match v {
                Expr::Dict(pairs) => pairs
                    .iter()
                    .find(|(k, _)| self.cat.is_model_arg(k))
                    .and_then(|(_, v)| self.string(v, 0)),
                _ => None,
            })
    }

    /// Routed ids (`anthropic/claude-…`, `anthropic:claude-…`, `model_provider=`).
    fn route(&self, hit: &Hit<'_>, call: &Call, id: String) -> (String, String) {
        if let Some(p) = call
            .kwarg(hit.provider_kwargs)
            .and_then(|v| self.string(v, 0))
        {
            return (self.cat.router_alias(&p).unwrap_or(&p).to_string(), id);
        }
        let sep = hit
            .sdk
            .and_then(|s| s.router.as_deref())
            .or(if hit.provider_kwargs.is_empty() {
                None
            } else {
                Some(":")
            });
        let Some(sep) = sep else {
            return (self.sdk_provider(&hit.provider, &id), id);
        };
        if let Some((p, m)) = id.split_once(sep)
            && let Some(provider) = self.cat.router_alias(p)
        {
            return (provider.to_string(), m.to_string());
        }
        let provider = self
            .cat
            .provider_for_model(&id)
            .unwrap_or(&hit.provider)
            .to_string();
        (provider, id)
    }

    /// The provider a call of a non-routing SDK sends `id` to. The OpenAI SDK
    /// is every compatible host's client: an id of another vendor's own family
    /// is that vendor's (`deepseek-chat`), and open weights or an id no
    /// pattern or family knows (khoj's `model="ui-tars"`, served by its own
    /// host) a compatible service's, not OpenAI's.
    fn sdk_provider(&self, sdk_provider: &str, id: &str) -> String {
        if !self.cat.is_compatible_sdk(sdk_provider)
            || self.cat.provider_for_model(id) == Some(sdk_provider)
        {
            return sdk_provider.to_string();
        }
        match self.cat.model_family(id) {
            Some(f) if f.tie.is_empty() => f.provider.clone(),
            // Open weights many hosts serve (`llama-3.3-70b`): not OpenAI's.
            _ => endpoint::COMPATIBLE.to_string(),
        }
    }

    /// The service of an SDK call; one the client was not pointed at is the
    /// SDK's default (`sdk-default`).
    fn sdk_service(&self, call: &Call, ep: &Endpoint, pointed: bool) -> Finding {
        let mut s = self.service(call, ep);
        if !pointed {
            s.attrs.insert(attr::TECHNIQUE.into(), "sdk-default".into());
        }
        s
    }

    /// The endpoint an SDK client talks to: the URL it was pointed at
    /// ([`Self::client_url`]), else the SDK default.
    fn sdk_endpoint(&self, hit: &Hit<'_>, url: Option<&str>, provider: &str) -> Option<Endpoint> {
        hit.sdk?.router.is_none().then_some(())?;
        if let Some(url) = url {
            // A base URL is the API's root: `…/v1` or the host alone.
            let root = url.trim_end_matches('/');
            let version = if root.ends_with("/v1") { "" } else { "/v1" };
            return endpoint::classify(self.cat, url)
                .or_else(|| {
                    let ep =
                        endpoint::classify(self.cat, &format!("{root}{version}/chat/completions"))?;
                    Some(Endpoint {
                        url: ep.url.trim_end_matches("/chat/completions").to_string(),
                        ..ep
                    })
                })
                .or_else(|| endpoint::compatible_at(self.cat, url));
        }
        let default = self.cat.provider(provider)?.endpoint.as_deref()?;
        endpoint::classify(self.cat, default)
    }

    /// The host a client was pointed at: its constructor's `base_url`, else a
    /// builder chain's `.baseUrl(…)`, else a sibling functional option's.
    /// A call that is itself the constructor (`new ChatOpenAI({ modelName },
    /// { baseURL })`) was pointed at the host in its own arguments.
    fn client_url(&self, hit: &Hit<'_>, call: &Call) -> Option<String> {
        hit.ctor
            .map_or_else(|| self.base_url(call), |c| self.base_url(c))
            .or_else(|| self.chain_base_url(call))
            .or_else(|| self.option_base_url(call))
    }

    /// The URL a sibling option sets when `call` is a functional option
    /// (`openai.New(openai.WithModel(…), openai.WithBaseURL("https://api.groq.com/openai/v1"))`).
    fn option_base_url(&self, call: &Call) -> Option<String> {
        let is_option =
            |a: &Expr| matches!(a, Expr::Call(c) if c.line == call.line && c.column == call.column);
        let outer = self
            .facts
            .calls
            .iter()
            .find(|c| c.args.iter().any(is_option))?;
        outer.args.iter().find_map(|a| match a {
            Expr::Call(o) if o.method().is_some_and(|m| BASE_URL_SETTERS.contains(&m)) => o
                .args
                .first()
                .and_then(|u| self.url(u, 0))
                .filter(|u| u.contains("://")),
            _ => None,
        })
    }

    /// The URL a builder chain sets before this call (`OpenAiChatModel.builder()
    /// .baseUrl("https://api.cerebras.ai/v1").modelName(…)`).
    fn chain_base_url(&self, call: &Call) -> Option<String> {
        let mut c = call;
        for _ in 0..MAX_EXPR {
            let Callee::Chained { inner, .. } = &c.callee else {
                return None;
            };
            c = inner;
            if c.method().is_some_and(|m| BASE_URL_SETTERS.contains(&m))
                && let Some(url) = c.args.first().and_then(|a| self.url(a, 0))
                && url.contains("://")
            {
                return Some(url);
            }
        }
        None
    }

    /// The host a constructor's keywords point it at: a base-URL keyword, or
    /// one inside an options object (LangChain.js's `new ChatOpenAI({ model,
    /// configuration: { baseURL: "https://api.aimlapi.com" } })`).
    fn base_url(&self, ctor: &Call) -> Option<String> {
        let v = ctor.kwarg(BASE_URL_KWARGS).or_else(|| {
            ctor.kwargs.iter().find_map(|(_, v)| match v {
                Expr::Dict(pairs) => pairs
                    .iter()
                    .find(|(k, _)| BASE_URL_KWARGS.contains(&k.as_str()))
                    .map(|(_, v)| v),
                _ => None,
            })
        })?;
        self.url(v, 0).filter(|u| u.contains("://"))
    }

    /// The variable a client is built with as its key (`OpenAI(api_key=
    /// os.getenv("ATLASCLOUD_API_KEY"))`, `new OpenAI({ apiKey:
    /// process.env.GATEWAY_KEY })`): that service's key, whatever its name.
    /// Names the catalog knows are reported by [`Self::env_reads`].
    fn client_key(&self, hit: &Hit<'_>, call: &Call, out: &mut Vec<Finding>) {
        if hit.ctor.is_some() {
            return;
        }
        let Some(name) = call.kwarg(API_KEY_KWARGS).and_then(|v| self.env_name(v)) else {
            return;
        };
        if self.cat.env_var(&name).is_some() {
            return;
        }
        // A client pointed at a host known only at run time talks to some
        // compatible service, not to the SDK's provider.
        let provider = match self.base_url(call) {
            Some(u) => self
                .sdk_endpoint(hit, Some(&u), &hit.provider)
                .map_or_else(|| endpoint::COMPATIBLE.to_string(), |ep| ep.provider),
            None if call.kwarg(BASE_URL_KWARGS).is_some() => endpoint::COMPATIBLE.to_string(),
            None => hit.provider.clone(),
        };
        let mut ev = self.evidence(call);
        ev.context = Some(format!("{}(…{name}…)", call.symbol));
        out.push(
            Finding::new(Kind::EnvVar, name, Some(provider), ev)
                .with_attr(attr::SENSITIVE, "true")
                .with_attr(attr::TECHNIQUE, "client-key"),
        );
    }

    /// The variable an expression reads: `os.environ["X"]`, `os.getenv("X")`
    /// (any of the catalog's getters), `process.env.X`.
    fn env_name(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Env(name) => Some(name.clone()),
            Expr::Call(c) if self.cat.is_env_getter(&c.path().join(".")) => match c.args.first() {
                Some(Expr::Str(name)) => Some(name.clone()),
                _ => None,
            },
            Expr::Path(p) if p.len() == 3 && p[0] == "process" && p[1] == "env" => {
                Some(p[2].clone())
            }
            _ => None,
        }
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    }

    fn model(&self, call: &Call, provider: String, id: String) -> Finding {
        Finding::new(Kind::Model, id, Some(provider), self.evidence(call))
    }

    fn service(&self, call: &Call, ep: &Endpoint) -> Finding {
        ep.finding(self.evidence(call))
    }

    /// A generic client told by name which AI service to call
    /// (`boto3.client("bedrock-runtime")`): that service's endpoint. Returns
    /// true when the call names one, so it is not also read as an API call.
    fn service_client(&self, call: &Call, out: &mut Vec<Finding>) -> bool {
        let path = call.path();
        let found = self.cat.service_clients().iter().find_map(|c| {
            if !c.callee.iter().any(|x| ends_with(path, x))
                || !c.requires.iter().any(|r| self.facts.imports_module(r))
            {
                return None;
            }
            let name = self.arg(call, c.name_arg, &c.name_kwargs)?;
            c.services.get(&name)
        });
        let Some(ep) = found.and_then(|url| endpoint::classify(self.cat, url)) else {
            return false;
        };
        out.push(self.sdk_service(call, &ep, false));
        true
    }

    /// A call that pulls a model or dataset from a hub. Returns true when the
    /// call is a hub loader (found or not), so it is not also an API call.
    fn hub_loader(&self, call: &Call, out: &mut Vec<Finding>) -> bool {
        let path = call.path();
        let Some(loader) = self.cat.hub_loaders().iter().find(|l| {
            l.callee.iter().any(|c| ends_with(path, c))
                && (l.requires.is_empty()
                    || l.requires.iter().any(|r| self.facts.imports_module(r)))
        }) else {
            return false;
        };
        if let Some(cond) = &loader.only_when
            && !self.kwarg_equals(call, cond)
        {
            return true;
        }
        let Some(mut id) = self.arg(call, loader.id_arg, &loader.id_kwargs) else {
            return true;
        };
        if loader.not_ids.contains(&id) || !is_hub_id(&id, loader) {
            return true;
        }
        if let Some(second) = self.arg(call, loader.second_arg, &loader.second_kwargs) {
            id = format!("{id}/{second}");
        }
        if let Some(ns) = &loader.default_namespace
            && !id.contains('/')
        {
            id = format!("{ns}/{id}");
        }
        let dataset = loader.produces == "dataset"
            || loader
                .dataset_when
                .as_ref()
                .is_some_and(|c| self.kwarg_equals(call, c));
        let kind = if dataset {
            Kind::Dataset
        } else {
            Kind::HubModel
        };
        let mut f = Finding::new(kind, id, Some(loader.hub.clone()), self.evidence(call));
        match call.kwarg(&["revision"]).and_then(|v| self.string(v, 0)) {
            Some(rev) => {
                let pinned = crate::vocab::is_commit(&rev);
                f.attrs.insert(
                    attr::REVISION.into(),
                    if pinned {
                        rev.to_ascii_lowercase()
                    } else {
                        rev
                    },
                );
                f.attrs.insert(attr::PINNED.into(), pinned.to_string());
            }
            None => {
                f.attrs.insert(attr::PINNED.into(), "false".into());
            }
        }
        out.push(f);
        true
    }

    fn arg(&self, call: &Call, pos: Option<usize>, kwargs: &[String]) -> Option<String> {
        call.kwarg(kwargs)
            .or_else(|| pos.and_then(|p| call.args.get(p)))
            .and_then(|v| self.string(v, 0))
    }

    fn kwarg_equals(&self, call: &Call, cond: &KwargEquals) -> bool {
        match call.kwarg(std::slice::from_ref(&cond.kwarg)) {
            Some(Expr::Bool(b)) => b.to_string() == cond.equals,
            Some(v) => self.string(v, 0).is_some_and(|s| s == cond.equals),
            None => false,
        }
    }

    /// A raw HTTP request to an AI endpoint, with the model in its body.
    fn raw_request(&self, call: &Call, out: &mut Vec<Finding>) {
        let own = self.request_url(call);
        // `client.post(url).json(body)`: the URL is on a call earlier in the chain.
        let ep = own.as_ref().map(|(ep, _)| ep.clone()).or_else(|| {
            let mut cur = call;
            for _ in 0..MAX_RESOLVE {
                let Callee::Chained { inner, .. } = &cur.callee else {
                    return None;
                };
                if let Some((ep, _)) = self.request_url(inner) {
                    return Some(ep);
                }
                cur = inner;
            }
            None
        });
        let Some(ep) = ep else { return };
        let url_arg = own.and_then(|(_, i)| i);
        let body = call
            .args
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != url_arg)
            .map(|(_, e)| e)
            .chain(call.kwargs.iter().map(|(_, v)| v));
        let Some(id) = body.filter_map(|e| self.body_model(e, 0)).next() else {
            return;
        };
        let model = self.model(call, ep.provider.clone(), id);
        let mut service = self.service(call, &ep);
        service.links.push(model.key());
        out.push(service);
        out.push(model);
    }

    /// The AI endpoint a call sends to (keyword `url`, or one of its first three
    /// positional arguments), with that argument's position.
    fn request_url(&self, call: &Call) -> Option<(Endpoint, Option<usize>)> {
        if let Some(ep) = call
            .kwarg(&["url", "uri", "endpoint"])
            .and_then(|e| self.url(e, 0))
            .and_then(|u| endpoint::classify(self.cat, &u))
        {
            return Some((ep, None));
        }
        call.args.iter().take(3).enumerate().find_map(|(i, e)| {
            let ep = endpoint::classify(self.cat, &self.url(e, 0)?)?;
            Some((ep, Some(i)))
        })
    }

    /// The model named in a request body (dict / object, `json.dumps(...)`, variable).
    fn body_model(&self, e: &Expr, depth: usize) -> Option<String> {
        if depth > 4 {
            return None;
        }
        match e {
            Expr::Dict(pairs) => pairs.iter().find_map(|(k, v)| {
                if endpoint::BODY_MODEL_KEYS.contains(&k.as_str()) {
                    self.string(v, 0)
                } else {
                    self.body_model(v, depth + 1)
                }
            }),
            Expr::Ident(n) => self
                .facts
                .binding(n)
                .and_then(|v| self.body_model(v, depth + 1)),
            // A JSON body written out as a string (`{"model": "gpt-4o", …}`).
            Expr::Str(s) if s.trim_start().starts_with('{') => endpoint::json_body_model(s),
            Expr::Call(c) => c
                .kwargs
                .iter()
                .find(|(k, _)| {
                    endpoint::BODY_MODEL_KEYS
                        .iter()
                        .any(|m| k.eq_ignore_ascii_case(m))
                })
                .and_then(|(_, v)| self.string(v, 0))
                .or_else(|| {
                    c.args
                        .iter()
                        .chain(c.kwargs.iter().map(|(_, v)| v))
                        .find_map(|a| self.body_model(a, depth + 1))
                }),
            _ => None,
        }
    }

    /// URL literals of AI endpoints (and models named in their paths).
    fn endpoints(&self, out: &mut Vec<Finding>) {
        for s in self
            .facts
            .strings
            .iter()
            .filter(|s| !s.in_message && s.value.contains("://"))
        {
            let Some(ep) = endpoint::classify(self.cat, &s.value) else {
                continue;
            };
            let ev = Evidence::at(self.path, s.line, s.column);
            let mut service = ep.finding(ev.clone());
            if let Some(m) = self
                .cat
                .model_in_path(&ep.provider, &ep.path)
                .filter(|m| m != "*")
            {
                let model = Finding::new(Kind::Model, m, Some(ep.provider.clone()), ev);
                service.links.push(model.key());
                out.push(model);
            }
            out.push(service);
        }
    }

    /// Model tables: a list bound to a name that says `model` (`MODELS = ["gpt-4o", …]`,
    /// a CLI's menu of models), each entry whose id names a provider.
    fn model_tables(&self, out: &mut Vec<Finding>) {
        let mut ids = std::collections::BTreeSet::new();
        for (name, values) in &self.facts.bindings {
            let last = name.rsplit('.').next().unwrap_or(name);
            // `_TOOL_ENFORCEMENT_MODEL_FAMILIES`, `MODEL_PREFIXES`: names tested against.
            if !super::shape::says_model(last) || super::syntax::names_pattern_list(last) {
                continue;
            }
            for v in values {
                if let Expr::List(items) = v {
                    ids.extend(items.iter().filter_map(|i| match i {
                        Expr::Str(s) => Some(s.as_str()),
                        _ => None,
                    }));
                }
            }
        }
        for id in ids.into_iter().filter(|id| !super::shape::is_prefix(id)) {
            let Some(provider) = self.cat.provider_for_model(id) else {
                continue;
            };
            let Some(s) = self
                .facts
                .strings
                .iter()
                .find(|s| s.value == id && !s.in_message)
            else {
                continue;
            };
            let mut ev = Evidence::at(self.path, s.line, s.column);
            ev.symbol = Some("model table".into());
            out.push(
                Finding::new(Kind::Model, id, Some(provider.to_string()), ev)
                    .with_attr(attr::TECHNIQUE, "model-table"),
            );
        }
    }

    /// Reads of AI-related environment variables (names only).
    fn env_reads(&self, out: &mut Vec<Finding>) {
        for r in &self.facts.env_reads {
            let Some(info) = self.cat.env_var(&r.name) else {
                continue;
            };
            let mut ev = Evidence::at(self.path, r.line, r.column);
            ev.symbol = Some(r.symbol.clone());
            // The name only: the line may also hold a default value.
            ev.context = Some(format!("{}[{:?}]", r.symbol, r.name));
            let f = Finding::new(Kind::EnvVar, r.name.clone(), info.provider, ev)
                .with_attr(attr::SENSITIVE, info.sensitive.to_string());
            out.push(f);
        }
    }
}

/// Keywords (and object properties) a client constructor takes its host by.
const BASE_URL_KWARGS: &[&str] = &[
    "base_url",
    "baseURL",
    "baseUrl",
    "azure_endpoint",
    "endpoint",
    "host",
    "openai_api_base",
    "api_base",
];

/// Keywords (and object properties) a client takes its API key by.
const API_KEY_KWARGS: &[&str] = &[
    "api_key",
    "apiKey",
    "openai_api_key",
    "anthropic_api_key",
    "google_api_key",
    "groq_api_key",
    "mistral_api_key",
    "api_token",
];

/// Builder setters that point a client at a host.
const BASE_URL_SETTERS: &[&str] = &[
    "baseUrl",
    "baseURL",
    "base_url",
    "endpoint",
    "BaseUrl",
    "WithBaseURL",
];

/// Whether a call path ends with the dotted `suffix`.
fn ends_with(path: &[String], suffix: &str) -> bool {
    let parts: Vec<&str> = suffix.split('.').collect();
    path.len() >= parts.len()
        && path[path.len() - parts.len()..]
            .iter()
            .zip(&parts)
            .all(|(a, b)| a == b)
}

/// Whether `id` names a hub entry (not a local path or a file).
fn is_hub_id(id: &str, loader: &HubLoader) -> bool {
    if id.is_empty()
        || id.len() > 200
        || id.starts_with(['.', '/', '~'])
        || id.contains(['\\', ' ', '{'])
    {
        return false;
    }
    if loader.hub != "huggingface" {
        return true;
    }
    let looks_like_file = [
        ".json",
        ".bin",
        ".safetensors",
        ".pt",
        ".pth",
        ".gguf",
        ".txt",
        ".csv",
    ]
    .iter()
    .any(|e| id.ends_with(e));
    crate::scan::lineage::is_hf_id(id) && !looks_like_file
}
