//! Package URLs (purl-spec): canonical names and percent-encoding.

/// The canonical purl `pkg:<type>/<namespace>/<name>@<version>`.
pub fn purl(ecosystem: &str, namespace: Option<&str>, name: &str, version: Option<&str>) -> String {
    let name = match ecosystem {
        "pypi" => normalise_pypi(name),
        "npm" | "gem" | "cargo" => name.to_string(),
        "composer" => name.to_ascii_lowercase(),
        _ => name.to_string(),
    };
    let namespace = namespace.map(|ns| match ecosystem {
        "composer" => ns.to_ascii_lowercase(),
        _ => ns.to_string(),
    });
    let mut s = format!("pkg:{ecosystem}/");
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        for seg in ns.split('/') {
            s.push_str(&encode(seg));
            s.push('/');
        }
    }
    s.push_str(&encode(&name));
    if let Some(v) = version.filter(|v| !v.is_empty()) {
        s.push('@');
        s.push_str(&encode(v));
    }
    s
}

/// PEP 503 normalisation (lower case; runs of `-`, `_`, `.` become `-`).
pub fn normalise_pypi(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters (and `:` in versions is
/// encoded too, as purl-spec's canonical form does).
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() + 4);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0x0f)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_purls() {
        assert_eq!(
            purl("npm", Some("@babel"), "core", Some("7.24.0")),
            "pkg:npm/%40babel/core@7.24.0"
        );
        assert_eq!(
            purl("pypi", None, "Sentence_Transformers", Some("3.0.1")),
            "pkg:pypi/sentence-transformers@3.0.1"
        );
        assert_eq!(
            purl(
                "golang",
                Some("github.com/sashabaranov"),
                "go-openai",
                Some("v1.20.0")
            ),
            "pkg:golang/github.com/sashabaranov/go-openai@v1.20.0"
        );
        assert_eq!(purl("cargo", None, "serde", None), "pkg:cargo/serde");
        assert_eq!(
            purl("pypi", None, "torch", Some("2.3.0+cpu")),
            "pkg:pypi/torch@2.3.0%2Bcpu"
        );
    }
}
