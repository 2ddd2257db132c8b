//! URLs of AI endpoints: parsing, normalising and matching against the catalog.

use crate::catalog::Catalog;
use crate::vocab::{Evidence, Finding, Kind, attr};

/// A URL recognised as an AI endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Provider id (`openai-compatible` for a compatible path on another host).
    pub provider: String,
    /// Normalised URL: lower-case host, default port dropped, no query or fragment,
    /// no trailing slash, interpolations written `*`.
    pub url: String,
    /// The path part of `url`.
    pub path: String,
    /// The host runs locally (no trust boundary crossed).
    pub local: bool,
}

/// The provider of an OpenAI-compatible API path on a host no provider owns.
pub const COMPATIBLE: &str = "openai-compatible";

/// Recognises `text` as an AI endpoint URL (`{}` marks interpolations).
pub fn classify(catalog: &Catalog, text: &str) -> Option<Endpoint> {
    let (scheme, host_port, path) = parts(text)?;
    let (provider, local) = match catalog.provider_for_host(&host_port) {
        Some(p)
            if !path.is_empty()
                && !p.api_paths.is_empty()
                && !p
                    .api_paths
                    .iter()
                    .any(|a| path == *a || path.starts_with(&format!("{a}/"))) =>
        {
            return None;
        }
        Some(p) => (p.id.clone(), p.local),
        None if catalog.is_compatible_path(&path) => {
            (COMPATIBLE.to_string(), is_local_host(&host_port))
        }
        None => return None,
    };
    Some(Endpoint {
        provider,
        url: format!("{scheme}://{host_port}{path}"),
        path,
        local,
    })
}

/// The endpoint of a URL an AI SDK's client was pointed at (`base_url=`)
/// that [`classify`] did not recognise: an OpenAI-compatible service on a
/// host no provider owns (a provider the catalog does not know yet, a
/// gateway, a proxy). Callers classify first; a provider's host on a path
/// none of its APIs is, or a host written entirely as an interpolation,
/// names no service.
pub fn compatible_at(catalog: &Catalog, text: &str) -> Option<Endpoint> {
    let (scheme, host_port, path) = parts(text)?;
    if host_port == "*" || !host_port.contains(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    if catalog.provider_for_host(&host_port).is_some() {
        return None;
    }
    Some(Endpoint {
        provider: COMPATIBLE.to_string(),
        local: is_local_host(&host_port),
        url: format!("{scheme}://{host_port}{path}"),
        path,
    })
}

/// A URL's scheme, normalised `host[:port]` and path (see [`Endpoint::url`]).
fn parts(text: &str) -> Option<(String, String, String)> {
    let text = text.trim();
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_port = authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_ascii_lowercase()
        .replace("{}", "*");
    if host_port.is_empty() || host_port.contains(char::is_whitespace) {
        return None;
    }
    let host_port = match host_port.rsplit_once(':') {
        Some((h, "443")) if scheme == "https" || scheme == "wss" => h.to_string(),
        Some((h, "80")) if scheme == "http" || scheme == "ws" => h.to_string(),
        _ => host_port,
    };
    let path_end = rest[end..].find(['?', '#']).map_or(rest.len(), |i| end + i);
    let path = rest[end..path_end].replace("{}", "*");
    let path = path.trim_end_matches('/').to_string();
    if path.contains(char::is_whitespace) {
        return None;
    }
    Some((scheme, host_port, path))
}

impl Endpoint {
    /// The `service` finding of this endpoint, seen at `ev`.
    pub fn finding(&self, ev: Evidence) -> Finding {
        Finding::new(
            Kind::Service,
            self.url.clone(),
            Some(self.provider.clone()),
            ev,
        )
        .with_attr(attr::ENDPOINT, self.url.clone())
        .with_attr(attr::LOCAL, self.local.to_string())
    }
}

/// Request-body keys that carry the model id (`{"model": …}`, Bedrock `modelId`).
pub const BODY_MODEL_KEYS: [&str; 2] = ["model", "modelId"];

/// The model named in a JSON request body written out as text (the object
/// from its first `{` to its last `}`).
pub fn json_body_model(text: &str) -> Option<String> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let v: serde_json::Value = serde_json::from_str(text.get(start..=end)?).ok()?;
    BODY_MODEL_KEYS
        .iter()
        .find_map(|k| v.get(k)?.as_str().map(str::to_string))
}

fn is_local_host(host_port: &str) -> bool {
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
    matches!(
        host,
        "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]" | "host.docker.internal"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_matches() {
        let c = Catalog::builtin().unwrap();
        let e = classify(&c, "https://API.openai.com:443/v1/chat/completions/?x=1").unwrap();
        assert_eq!(e.provider, "openai");
        assert_eq!(e.url, "https://api.openai.com/v1/chat/completions");
        let e = classify(
            &c,
            "https://{}.openai.azure.com/openai/deployments/{}/chat/completions",
        )
        .unwrap();
        assert_eq!(e.provider, "azure-openai");
        assert_eq!(
            e.url,
            "https://*.openai.azure.com/openai/deployments/*/chat/completions"
        );
        let e = classify(&c, "http://localhost:8000/v1/chat/completions").unwrap();
        assert_eq!((e.provider.as_str(), e.local), ("openai-compatible", true));
        assert_eq!(
            classify(&c, "http://localhost:11434/api/chat")
                .unwrap()
                .provider,
            "ollama"
        );
        assert!(classify(&c, "https://example.com/api/users").is_none());
        // The provider's web pages on its API host are for people (plandex
        // printed these as sign-up steps).
        assert!(classify(&c, "https://openrouter.ai/settings/keys").is_none());
        assert!(classify(&c, "https://openrouter.ai/sign-up").is_none());
        assert_eq!(
            classify(&c, "https://openrouter.ai/api/v1/chat/completions").map(|e| e.provider),
            Some("openrouter".to_string())
        );
        assert!(classify(&c, "api.openai.com").is_none());
        assert!(classify(&c, "ftp://api.openai.com/x").is_none());
    }
}
