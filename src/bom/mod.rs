//! The bom stage: findings → [`inventory::Inventory`] → CycloneDX 1.6
//! ([`model::Bom`]), written deterministically with a content-derived serial.

pub mod build;
pub mod inventory;
pub mod license;
pub mod model;

use anyhow::Result;
use sha2::{Digest, Sha256};

pub use build::build;
pub use inventory::{Inventory, Item};
pub use model::Bom;

/// Serialises a document: pretty JSON, trailing newline, and a serial number
/// derived from the content (same content, same serial; no timestamp).
pub fn to_json(bom: &Bom) -> Result<String> {
    let mut bom = bom.clone();
    bom.serial_number = None;
    let body = serde_json::to_vec(&bom)?;
    bom.serial_number = Some(content_uuid(&body));
    let mut s = serde_json::to_string_pretty(&bom)?;
    s.push('\n');
    Ok(s)
}

/// A `urn:uuid:` from a SHA-256 of `bytes`, shaped as a version-5-style UUID.
pub fn content_uuid(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = crate::scan::weights::hex(&b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
