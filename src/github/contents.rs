//! Reading a commit without downloading it: the recursive tree listing (paths,
//! modes, blob ids, sizes) and single files by path. With per-blob results
//! cached, a PR on a large repository needs two tree calls and one call per
//! changed file instead of two whole-repository tarballs.

use anyhow::{Context, Result, anyhow};
use http::Method;
use serde::Deserialize;

use super::GitHub;

/// One blob or symlink in a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RemoteEntry {
    /// Repository-relative path.
    pub path: String,
    /// Git file mode (`100644`, `100755`, `120000` for a symlink, …).
    pub mode: String,
    /// Git blob id.
    pub sha: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
}

/// A commit's whole tree, as GitHub lists it.
#[derive(Debug, Clone, Default)]
pub struct RemoteTree {
    /// Blobs and symlinks (directories and submodules are left out), sorted by path.
    pub entries: Vec<RemoteEntry>,
    /// GitHub cut the listing short (over 100,000 entries or 7 MB): it is incomplete.
    pub truncated: bool,
}

#[derive(Deserialize)]
struct TreeAnswer {
    #[serde(default)]
    tree: Vec<TreeItem>,
    #[serde(default)]
    truncated: bool,
}

#[derive(Deserialize)]
struct TreeItem {
    path: String,
    mode: String,
    #[serde(rename = "type")]
    kind: String,
    sha: String,
    #[serde(default)]
    size: u64,
}

/// A path as one URL path segment sequence (each segment percent-encoded).
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            seg.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl GitHub {
    /// Lists every blob and symlink of commit `sha` (`git/trees/{sha}?recursive=1`).
    pub async fn tree(&self, installation: u64, repo: &str, sha: &str) -> Result<RemoteTree> {
        let (_, bytes) = self
            .call(
                installation,
                Method::GET,
                &format!("/repos/{repo}/git/trees/{sha}?recursive=1"),
                None,
            )
            .await?;
        let answer: TreeAnswer = serde_json::from_slice(&bytes)
            .with_context(|| format!("GitHub tree of {sha}: unexpected answer"))?;
        let mut entries: Vec<RemoteEntry> = answer
            .tree
            .into_iter()
            .filter(|t| t.kind == "blob")
            .map(|t| RemoteEntry {
                path: t.path,
                mode: t.mode,
                sha: t.sha,
                size: t.size,
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(RemoteTree {
            entries,
            truncated: answer.truncated,
        })
    }

    /// The bytes of the regular file at `path` in commit `sha` (raw media type;
    /// GitHub serves up to 100 MB this way).
    pub async fn file(
        &self,
        installation: u64,
        repo: &str,
        sha: &str,
        path: &str,
    ) -> Result<Vec<u8>> {
        let (_, bytes) = self
            .call_accepting(
                installation,
                Method::GET,
                &format!("/repos/{repo}/contents/{}?ref={sha}", encode_path(path)),
                None,
                Some("application/vnd.github.raw+json"),
            )
            .await?;
        Ok(bytes)
    }

    /// The target of the symlink at `path` in commit `sha`, read from the
    /// object form of the contents API (the raw form would follow the link).
    pub async fn symlink_target(
        &self,
        installation: u64,
        repo: &str,
        sha: &str,
        path: &str,
    ) -> Result<String> {
        let (_, bytes) = self
            .call(
                installation,
                Method::GET,
                &format!("/repos/{repo}/contents/{}?ref={sha}", encode_path(path)),
                None,
            )
            .await?;
        let v: serde_json::Value = serde_json::from_slice(&bytes)
            .with_context(|| format!("GitHub contents of {path}: not JSON"))?;
        v.get("target")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| anyhow!("GitHub contents of {path}: not a symlink"))
    }
}

#[cfg(test)]
mod tests {
    use super::encode_path;

    #[test]
    fn paths_are_encoded_per_segment() {
        assert_eq!(encode_path("app/my file#1.py"), "app/my%20file%231.py");
        assert_eq!(encode_path("a/b/c.txt"), "a/b/c.txt");
    }
}
