//! `.env` files: AI-related variable names (values are never kept).

use crate::scan::code::values;
use crate::scan::cx::FileCx;
use crate::vocab::{Evidence, Finding, Kind, Results, attr};

/// Whether a file name is a dotenv file (`.env`, `.env.local`, `.env.example`, `prod.env`).
pub fn is_dotenv(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.") || name.ends_with(".env")
}

/// The AI-related variables a dotenv file declares.
pub fn detect(cx: &FileCx, results: &mut Results) {
    let (catalog, path, text) = (cx.catalog, cx.path, cx.text);
    let out = &mut results.findings;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let Some(info) = catalog.env_var(name) else {
            continue;
        };
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut ev = Evidence::at(path, n, 1);
        ev.symbol = Some("dotenv".into());
        ev.context = Some(format!("{name}=…"));
        // `OPENAI_MODEL=gpt-4o` names a model; a credential's value is never read.
        if !info.sensitive && name.split('_').any(|w| w == "MODEL") {
            let value = value.trim().trim_matches(['"', '\'']);
            let ties = info.provider.iter().cloned().collect();
            if let Some((provider, id)) = values::family_model(catalog, value, &ties) {
                let mut mev = Evidence::at(path, n, 1);
                mev.symbol = Some(format!("{name}="));
                out.push(
                    Finding::new(Kind::Model, id, Some(provider), mev)
                        .with_attr(attr::TECHNIQUE, values::TECHNIQUE),
                );
            }
        }
        out.push(
            Finding::new(Kind::EnvVar, name, info.provider, ev)
                .with_attr(attr::SENSITIVE, info.sensitive.to_string()),
        );
    }
}
