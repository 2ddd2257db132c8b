//! Git LFS pointer files: `version`, `oid sha256:…`, `size` — read, never downloaded.

/// Pointer files are tiny; anything larger is not one.
pub const MAX_POINTER_SIZE: usize = 1024;

/// A parsed Git LFS pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LfsPointer {
    /// SHA-256 of the real content (hex), as recorded by LFS.
    pub sha256: String,
    /// Size of the real content in bytes.
    pub size: u64,
}

/// Whether `bytes` start as a Git LFS pointer does (valid or not).
pub fn is_pointer_like(bytes: &[u8]) -> bool {
    bytes.len() <= MAX_POINTER_SIZE
        && bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}

/// Parses a Git LFS pointer file, if `bytes` is one.
pub fn parse_pointer(bytes: &[u8]) -> Option<LfsPointer> {
    if bytes.len() > MAX_POINTER_SIZE
        || !bytes.starts_with(b"version https://git-lfs.github.com/spec/v1")
    {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut sha256 = None;
    let mut size = None;
    for line in text.lines() {
        if let Some(oid) = line.strip_prefix("oid sha256:") {
            let oid = oid.trim();
            if oid.len() == 64 && oid.bytes().all(|b| b.is_ascii_hexdigit()) {
                sha256 = Some(oid.to_ascii_lowercase());
            }
        } else if let Some(s) = line.strip_prefix("size ") {
            size = s.trim().parse().ok();
        }
    }
    Some(LfsPointer {
        sha256: sha256?,
        size: size?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pointer_and_rejects_others() {
        let p = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
        let ptr = parse_pointer(p.as_bytes()).unwrap();
        assert_eq!(ptr.size, 12345);
        assert!(ptr.sha256.starts_with("4d7a21"));
        assert!(
            parse_pointer(b"version https://git-lfs.github.com/spec/v1\noid sha256:xyz\nsize 1\n")
                .is_none()
        );
        assert!(parse_pointer(b"hello").is_none());
    }
}
