//! License strings → CycloneDX licenses: an SPDX id when the string is one
//! (case-insensitively, as Hugging Face writes `apache-2.0`), else a name.

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
    let license = match ids().get(&s.to_ascii_lowercase()) {
        Some(id) => License::Id {
            id: (*id).to_string(),
        },
        None => License::Name {
            name: s.to_string(),
        },
    };
    LicenseChoice { license }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_ids_are_canonicalised_and_others_named() {
        assert_eq!(
            license("apache-2.0").license,
            License::Id {
                id: "Apache-2.0".into()
            }
        );
        assert_eq!(license("MIT").license, License::Id { id: "MIT".into() });
        assert_eq!(
            license("llama3.1").license,
            License::Name {
                name: "llama3.1".into()
            }
        );
    }
}
