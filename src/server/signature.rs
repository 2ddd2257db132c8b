//! `X-Hub-Signature-256` verification: HMAC-SHA256 of the raw body, compared
//! in constant time against every configured secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::settings::Secret;

/// Whether `header` (`sha256=<hex>`) signs `body` with any of `secrets`.
pub fn verify(secrets: &[Secret], header: Option<&str>, body: &[u8]) -> bool {
    let Some(hex) = header.and_then(|h| h.strip_prefix("sha256=")) else {
        return false;
    };
    let Some(expected) = decode_hex(hex) else {
        return false;
    };
    secrets.iter().any(|s| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(s.0.as_bytes()) else {
            return false;
        };
        mac.update(body);
        mac.verify_slice(&expected).is_ok()
    })
}

/// `sha256=<hex>` for a body (tests and tools that sign deliveries).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", crate::vocab::hex(&mac.finalize().into_bytes()))
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_configured_secret_verifies_and_nothing_else_does() {
        let secrets = [Secret("old".into()), Secret("new".into())];
        let body = br#"{"zen":"hi"}"#;
        assert!(verify(&secrets, Some(&sign("new", body)), body));
        assert!(verify(&secrets, Some(&sign("old", body)), body));
        assert!(!verify(&secrets, Some(&sign("other", body)), body));
        assert!(!verify(&secrets, Some(&sign("new", b"tampered")), body));
        assert!(!verify(&secrets, None, body));
        assert!(!verify(&secrets, Some("sha1=abc"), body));
        assert!(!verify(&secrets, Some("sha256=zz"), body));
    }
}
