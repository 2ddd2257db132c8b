//! Weight files: recognised by content (magic bytes and header parsers), with
//! extensions only where a format has no magic of its own. Files are hashed by
//! streaming and headers parsed from the stream, so memory stays flat whatever
//! the size. Git LFS pointers are read as the file they stand for.

mod gguf;
mod lfs;
mod safetensors;

use std::collections::BTreeMap;
use std::io::{self, Read};

use sha2::{Digest, Sha256};

pub use lfs::{LfsPointer, is_pointer_like, parse_pointer};

use crate::catalog::{Catalog, WeightFormat};
use crate::vocab::hex;

/// What inspecting a weight file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightInfo {
    /// Format name (`safetensors`, `gguf`, …).
    pub format: String,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Header facts (architecture, quantisation, license, …).
    pub attrs: crate::vocab::Attrs,
    /// A header that could not be fully parsed (the file is still reported).
    pub header_error: Option<String>,
}

/// The weight format of a file, judged from its first bytes and its extension.
pub fn sniff<'c>(catalog: &'c Catalog, ext: &str, head: &[u8]) -> Option<&'c WeightFormat> {
    catalog.weight_formats().find_map(|(fmt, magic)| {
        if fmt.needs_extension && !fmt.extensions.iter().any(|e| e == ext) {
            return None;
        }
        // Cheap checks first: magic bytes (or the safetensors length prefix); only
        // then the content hints that scan the head.
        let magic_ok = match magic {
            Some(m) => head.get(fmt.offset..fmt.offset + m.len()) == Some(m),
            None => fmt.parser.is_none(),
        };
        let ok = match fmt.parser.as_deref() {
            Some("safetensors") => safetensors::looks_like(head),
            Some("torch-zip") => magic_ok && contains(head, b"data.pkl"),
            _ if fmt.name == "hdf5" && ext != "keras" => {
                magic_ok && HDF5_MODEL_HINTS.iter().any(|h| contains(head, h))
            }
            _ => magic_ok,
        };
        ok.then_some(fmt)
    })
}

/// Strings a Keras/TensorFlow model stores near the start of an HDF5 file (a plain
/// HDF5 data file has none of them).
const HDF5_MODEL_HINTS: &[&[u8]] = &[
    b"keras_version",
    b"model_config",
    b"model_weights",
    b"layer_names",
];

/// Hashes the whole stream (`head` then `rest`) and parses the format's header.
pub fn inspect(format: &WeightFormat, head: &[u8], rest: &mut dyn Read) -> io::Result<WeightInfo> {
    let mut reader = HashingReader {
        inner: io::Cursor::new(head).chain(rest),
        hasher: Sha256::new(),
        count: 0,
    };
    let parsed = match format.parser.as_deref() {
        Some("safetensors") => safetensors::parse(&mut reader),
        Some("gguf") => gguf::parse(&mut reader),
        _ => Ok(BTreeMap::new()),
    };
    let (attrs, header_error) = match parsed {
        Ok(a) => (a, None),
        Err(e)
            if e.kind() == io::ErrorKind::InvalidData
                || e.kind() == io::ErrorKind::UnexpectedEof =>
        {
            (BTreeMap::new(), Some(e.to_string()))
        }
        Err(e) => return Err(e),
    };
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let sha256 = hex(&reader.hasher.finalize());
    Ok(WeightInfo {
        format: format.name.clone(),
        sha256,
        size: reader.count,
        attrs,
        header_error,
    })
}

/// The weight format a pointer file's path implies (by extension).
pub fn format_for_extension<'c>(catalog: &'c Catalog, ext: &str) -> Option<&'c WeightFormat> {
    catalog
        .weight_formats()
        .map(|(f, _)| f)
        .find(|f| f.extensions.iter().any(|e| e == ext))
}

struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Reads exactly `n` bytes (bounded by the caller) into a new buffer.
fn read_vec(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut v = vec![0u8; n];
    r.read_exact(&mut v)?;
    Ok(v)
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}
