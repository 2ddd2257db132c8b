//! License strings → CycloneDX licenses: an SPDX id when the string is one
//! (case-insensitively, as Hugging Face writes `apache-2.0`), an SPDX
//! expression when every operand is an id, else a name.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::model::{License, LicenseChoice};

const SPDX_IDS: &str = include_str!("../../catalog/spdx-license-ids.txt");

fn ids() -> &'static HashMap<String, &'static str> {
    static IDS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    IDS.get_or_init(|| {
        SPDX_IDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|id| (id.to_ascii_lowercase(), id))
            .collect()
    })
}

/// The CycloneDX license for a license string.
pub fn license(s: &str) -> LicenseChoice {
    let s = s.trim();
    if let Some(id) = ids().get(&s.to_ascii_lowercase()) {
        return LicenseChoice::License {
            license: License::Id {
                id: (*id).to_string(),
            },
        };
    }
    if let Some(expression) = expression(s) {
        return LicenseChoice::Expression { expression };
    }
    LicenseChoice::License {
        license: License::Name {
            name: s.to_string(),
        },
    }
}

/// `(MIT OR apache-2.0)` → `MIT OR Apache-2.0`, if every operand is a known SPDX id.
fn expression(s: &str) -> Option<String> {
    let inner = s.trim_start_matches('(').trim_end_matches(')');
    let mut out = Vec::new();
    let mut operands = 0;
    for token in inner.split_whitespace() {
        match token {
            "OR" | "AND" | "WITH" => out.push(token.to_string()),
            t => {
                let bare = t.trim_matches(['(', ')']);
                let id = ids().get(&bare.to_ascii_lowercase())?;
                out.push(t.replace(bare, id));
                operands += 1;
            }
        }
    }
    (operands >= 2).then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_ids_expressions_and_names() {
        let id = |s: &str| LicenseChoice::License {
            license: License::Id { id: s.into() },
        };
        let name = |s: &str| LicenseChoice::License {
            license: License::Name { name: s.into() },
        };
        assert_eq!(license("apache-2.0"), id("Apache-2.0"));
        assert_eq!(license("MIT"), id("MIT"));
        assert_eq!(license("llama3.1"), name("llama3.1"));
        assert_eq!(
            license("(MIT OR apache-2.0)"),
            LicenseChoice::Expression {
                expression: "MIT OR Apache-2.0".into()
            }
        );
        assert_eq!(license("MIT OR Custom"), name("MIT OR Custom"));
    }
}
