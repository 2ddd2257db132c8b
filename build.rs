//! Build identity for the durable scan-result cache.
//!
//! The App caches each blob's scan result under the catalog fingerprint. A new
//! build with changed detection code (or grammar crates) but the same package
//! version must not reuse results of the old one: a base read from stale cache
//! entries and a head scanned afresh would report the difference as added. So
//! the fingerprint includes this hash of the sources and the lockfile.

use std::path::{Path, PathBuf};

fn main() {
    let mut files = Vec::new();
    // The built-in catalog is not here: the fingerprint hashes it (and any
    // extension) itself.
    collect(Path::new("src"), &mut files);
    println!("cargo:rerun-if-changed=src");
    files.push(PathBuf::from("Cargo.lock"));
    println!("cargo:rerun-if-changed=Cargo.lock");
    files.sort();
    let mut hash = Fnv::default();
    for file in &files {
        // A file that cannot be read (no lockfile in a package) hashes as absent.
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        hash.write(file.to_string_lossy().as_bytes());
        hash.write(&[0]);
        hash.write(&bytes);
        hash.write(&[0]);
    }
    println!("cargo:rustc-env=AIBOM_SOURCE_HASH={:016x}", hash.0);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// FNV-1a, 64-bit: stable across toolchains, unlike `std`'s default hasher.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
