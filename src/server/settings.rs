//! `aibom serve` settings, from the environment (flags mirror them). A missing
//! or malformed setting is one line naming it; secrets never appear in `Debug`.

use std::fmt;
use std::net::SocketAddr;

/// Default seconds a job is leased (`AIBOM_JOB_LEASE_SECS`). Its worker renews
/// it every 10 s, so a killed replica's job is resumed within about half a
/// minute, and a single-node (SQLite) App resumes its own at once on restart.
pub const DEFAULT_LEASE_SECS: i64 = 30;

/// One webhook secret (several allow rotation).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(‹redacted›)")
    }
}

/// The App's settings.
#[derive(Clone, PartialEq, Eq)]
pub struct Settings {
    /// GitHub App id.
    pub app_id: u64,
    /// The App's private key (PEM).
    pub private_key: Secret,
    /// Webhook secrets; a delivery signed with any of them is accepted.
    pub webhook_secrets: Vec<Secret>,
    /// REST API base URL (GitHub Enterprise Server: `https://HOST/api/v3`).
    pub github_api_url: String,
    /// Listen address.
    pub listen: SocketAddr,
    /// `sqlite://PATH` (default) or `postgres://…`.
    pub database_url: String,
    /// Concurrent jobs.
    pub workers: usize,
    /// Seconds a job is leased to a worker (renewed by its heartbeat while it
    /// runs); a job whose worker died is resumed after it.
    pub job_lease_secs: i64,
    /// Most files of a commit fetched one by one (contents API) before the
    /// whole tarball is read instead; 0 always reads tarballs.
    pub fetch_max_files: usize,
    /// Seconds between sweeps for deliveries GitHub failed to give us
    /// (`server::reconcile`); 0 turns them off.
    pub reconcile_secs: u64,
    /// HTTP timeouts and the connection limit.
    pub http: crate::server::listen::ConnLimits,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("app_id", &self.app_id)
            .field("private_key", &self.private_key)
            .field("webhook_secrets", &self.webhook_secrets.len())
            .field("github_api_url", &self.github_api_url)
            .field("listen", &self.listen)
            .field("database_url", &redact_url(&self.database_url))
            .field("workers", &self.workers)
            .field("job_lease_secs", &self.job_lease_secs)
            .field("fetch_max_files", &self.fetch_max_files)
            .field("reconcile_secs", &self.reconcile_secs)
            .field("http", &self.http)
            .finish()
    }
}

/// A URL with any password removed (`postgres://u:‹redacted›@h/db`).
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:‹redacted›{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A setting that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError(pub String);

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingError {}

impl Settings {
    /// Reads settings through `var` (the environment, or a map in tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, SettingError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let bad = |name: &str, why: &str| SettingError(format!("{name}: {why}"));
        let app_id = get("AIBOM_APP_ID")
            .ok_or_else(|| bad("AIBOM_APP_ID", "missing (the GitHub App's numeric id)"))?
            .parse::<u64>()
            .map_err(|_| bad("AIBOM_APP_ID", "must be a number"))?;
        let private_key = match (get("AIBOM_PRIVATE_KEY"), get("AIBOM_PRIVATE_KEY_PATH")) {
            (Some(pem), _) => pem.replace("\\n", "\n"),
            (None, Some(path)) => std::fs::read_to_string(&path).map_err(|e| {
                bad(
                    "AIBOM_PRIVATE_KEY_PATH",
                    &format!("cannot read {path}: {e}"),
                )
            })?,
            (None, None) => {
                return Err(bad(
                    "AIBOM_PRIVATE_KEY",
                    "missing (PEM text, or set AIBOM_PRIVATE_KEY_PATH)",
                ));
            }
        };
        if !private_key.contains("-----BEGIN") || !private_key.contains("PRIVATE KEY-----") {
            return Err(bad("AIBOM_PRIVATE_KEY", "is not a PEM private key"));
        }
        let webhook_secrets: Vec<Secret> = get("AIBOM_WEBHOOK_SECRET")
            .ok_or_else(|| {
                bad(
                    "AIBOM_WEBHOOK_SECRET",
                    "missing (comma-separated to rotate)",
                )
            })?
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Secret(s.to_string()))
            .collect();
        if webhook_secrets.is_empty() {
            return Err(bad("AIBOM_WEBHOOK_SECRET", "has no secret in it"));
        }
        let github_api_url =
            get("AIBOM_GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
        if !(github_api_url.starts_with("https://") || github_api_url.starts_with("http://")) {
            return Err(bad("AIBOM_GITHUB_API_URL", "must be an http(s) URL"));
        }
        let listen = get("AIBOM_LISTEN")
            .unwrap_or_else(|| "0.0.0.0:3000".into())
            .parse::<SocketAddr>()
            .map_err(|_| bad("AIBOM_LISTEN", "must be HOST:PORT, e.g. 0.0.0.0:3000"))?;
        let database_url = get("DATABASE_URL").unwrap_or_else(|| "sqlite://aibom.db".into());
        if !(database_url.starts_with("sqlite://")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(bad(
                "DATABASE_URL",
                "must start with sqlite:// or postgres://",
            ));
        }
        let workers = match get("AIBOM_WORKERS") {
            Some(w) => w
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| bad("AIBOM_WORKERS", "must be a positive number"))?,
            None => 2,
        };
        let job_lease_secs = match get("AIBOM_JOB_LEASE_SECS") {
            Some(w) => w.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                bad(
                    "AIBOM_JOB_LEASE_SECS",
                    "must be a positive number of seconds",
                )
            })?,
            None => DEFAULT_LEASE_SECS,
        };
        let fetch_max_files = match get("AIBOM_FETCH_MAX_FILES") {
            Some(w) => w.parse::<usize>().map_err(|_| {
                bad(
                    "AIBOM_FETCH_MAX_FILES",
                    "must be a number of files (0: always read tarballs)",
                )
            })?,
            None => crate::server::snapshot::FetchLimits::default().max_files,
        };
        let mut http = crate::server::listen::ConnLimits::default();
        let secs = |name: &str, default: std::time::Duration| match get(name) {
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| bad(name, "must be a positive number of seconds")),
            None => Ok(default),
        };
        http.header_timeout = secs("AIBOM_HEADER_TIMEOUT_SECS", http.header_timeout)?;
        http.body_timeout = secs("AIBOM_BODY_TIMEOUT_SECS", http.body_timeout)?;
        if let Some(v) = get("AIBOM_MAX_CONNECTIONS") {
            http.max_connections = v
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| bad("AIBOM_MAX_CONNECTIONS", "must be a positive number"))?;
        }
        let reconcile_secs = match get("AIBOM_RECONCILE_SECS") {
            Some(v) => v.parse::<u64>().map_err(|_| {
                bad(
                    "AIBOM_RECONCILE_SECS",
                    "must be a number of seconds (0: off)",
                )
            })?,
            None => 600,
        };
        Ok(Settings {
            http,
            job_lease_secs,
            reconcile_secs,
            fetch_max_files,
            app_id,
            private_key: Secret(private_key),
            webhook_secrets,
            github_api_url: github_api_url.trim_end_matches('/').to_string(),
            listen,
            database_url,
            workers,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const PEM: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n";

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn defaults_rotation_and_redaction() {
        let s = Settings::from_vars(vars(&[
            ("AIBOM_APP_ID", "42"),
            ("AIBOM_PRIVATE_KEY", PEM),
            ("AIBOM_WEBHOOK_SECRET", "old, new"),
            ("DATABASE_URL", "postgres://u:hunter2@db/aibom"),
        ]))
        .unwrap();
        assert_eq!(s.webhook_secrets.len(), 2);
        assert_eq!(s.listen.to_string(), "0.0.0.0:3000");
        assert_eq!(s.github_api_url, "https://api.github.com");
        let dbg = format!("{s:?}");
        assert!(
            !dbg.contains("hunter2") && !dbg.contains("MIIB") && !dbg.contains("old"),
            "{dbg}"
        );
    }

    #[test]
    fn each_problem_is_one_line_naming_the_setting() {
        let base = [
            ("AIBOM_APP_ID", "42"),
            ("AIBOM_PRIVATE_KEY", PEM),
            ("AIBOM_WEBHOOK_SECRET", "s"),
        ];
        let with = |k: &str, v: &str| {
            let mut p: Vec<(&str, &str)> = base.iter().filter(|(n, _)| *n != k).copied().collect();
            if !v.is_empty() {
                p.push((k, v));
            }
            Settings::from_vars(vars(&p)).unwrap_err().to_string()
        };
        assert_eq!(
            with("AIBOM_APP_ID", ""),
            "AIBOM_APP_ID: missing (the GitHub App's numeric id)"
        );
        assert_eq!(
            with("AIBOM_APP_ID", "abc"),
            "AIBOM_APP_ID: must be a number"
        );
        assert_eq!(
            with("AIBOM_PRIVATE_KEY", "not a key"),
            "AIBOM_PRIVATE_KEY: is not a PEM private key"
        );
        assert_eq!(
            with("AIBOM_WEBHOOK_SECRET", " , "),
            "AIBOM_WEBHOOK_SECRET: has no secret in it"
        );
        let mut p = base.to_vec();
        p.push(("AIBOM_LISTEN", "nowhere"));
        assert!(
            Settings::from_vars(vars(&p))
                .unwrap_err()
                .to_string()
                .starts_with("AIBOM_LISTEN:")
        );
        let mut p = base.to_vec();
        p.push(("DATABASE_URL", "mysql://x"));
        assert!(
            Settings::from_vars(vars(&p))
                .unwrap_err()
                .to_string()
                .starts_with("DATABASE_URL:")
        );
    }
}
