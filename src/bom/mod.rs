//! The bom stage: findings → [`inventory::Inventory`] → CycloneDX 1.6
//! ([`model::Bom`]), written deterministically with a content-derived serial.

pub mod build;
pub mod inventory;
pub mod license;
pub mod model;

use std::io::Write;

use anyhow::Result;
use sha2::{Digest, Sha256};

pub use build::build;
pub use inventory::{Inventory, Item};
pub use model::Bom;

/// Writes a document: pretty JSON with a trailing newline, and a serial number
/// derived from the content (same content, same serial; no timestamp). Streams
/// twice (once into a hash, once into `out`) so no copy of a large BOM is held.
pub fn write_json(bom: &mut Bom, out: &mut dyn Write) -> Result<()> {
    bom.serial_number = None;
    let mut hasher = HashWriter(Sha256::new());
    serde_json::to_writer(&mut hasher, &*bom)?;
    bom.serial_number = Some(uuid_of(&hasher.0.finalize()));
    serde_json::to_writer_pretty(&mut *out, &*bom)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// [`write_json`] into a string.
pub fn to_json(bom: &mut Bom) -> Result<String> {
    let mut buf = Vec::new();
    write_json(bom, &mut buf)?;
    Ok(String::from_utf8(buf)?)
}

struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A `urn:uuid:` from a SHA-256 of `bytes`, shaped as a version-5-style UUID.
pub fn content_uuid(bytes: &[u8]) -> String {
    uuid_of(&Sha256::digest(bytes))
}

fn uuid_of(d: &[u8]) -> String {
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = crate::vocab::hex(&b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
