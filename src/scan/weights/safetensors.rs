//! safetensors: an 8-byte little-endian header length, then a JSON header
//! (`__metadata__` plus one entry per tensor with dtype and shape).

use std::collections::BTreeMap;
use std::io::{self, Read};

use super::{invalid, read_vec};

/// Largest header we parse (the format itself caps it at 100 MB).
const MAX_HEADER: u64 = 100_000_000;
/// Largest header buffered and parsed (real models stay far below; a larger one
/// is still reported as a safetensors file, with a warning).
const MAX_PARSED_HEADER: u64 = 16 * 1024 * 1024;

/// Whether the first bytes look like a safetensors file.
pub fn looks_like(head: &[u8]) -> bool {
    let Some(len) = head
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    else {
        return false;
    };
    (2..=MAX_HEADER).contains(&len)
        && head.get(8) == Some(&b'{')
        && head
            .get(9)
            .is_some_and(|b| matches!(b, b'"' | b' ' | b'}' | b'\n'))
}

/// Parses the header: tensor count, dtype, parameter count and `__metadata__` facts.
pub fn parse(r: &mut dyn Read) -> io::Result<crate::vocab::Attrs> {
    let len = u64::from_le_bytes(
        read_vec(r, 8)?
            .try_into()
            .map_err(|_| invalid("short header"))?,
    );
    if len > MAX_PARSED_HEADER {
        return Err(invalid(format!(
            "safetensors header of {len} bytes is larger than the {MAX_PARSED_HEADER} bytes parsed"
        )));
    }
    let header = read_vec(r, len as usize)?;
    let json: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&header)
        .map_err(|e| invalid(format!("safetensors header is not valid JSON: {e}")))?;
    let mut attrs = BTreeMap::new();
    let mut tensors = 0u64;
    let mut params: u128 = 0;
    let mut dtypes = std::collections::BTreeSet::new();
    for (name, v) in &json {
        if name == "__metadata__" {
            if let Some(meta) = v.as_object() {
                for key in ["format", "base_model", "architecture", "license"] {
                    if let Some(s) = meta.get(key).and_then(|x| x.as_str()) {
                        attrs.insert(
                            format!("metadata.{key}").into(),
                            s.chars().take(200).collect(),
                        );
                    }
                }
            }
            continue;
        }
        tensors += 1;
        if let Some(d) = v.get("dtype").and_then(|d| d.as_str()) {
            dtypes.insert(d.to_string());
        }
        if let Some(shape) = v.get("shape").and_then(|s| s.as_array()) {
            let n = shape.iter().try_fold(1u128, |acc, d| {
                d.as_u64().map(|d| acc.saturating_mul(u128::from(d)))
            });
            params = params.saturating_add(n.unwrap_or(0));
        }
    }
    attrs.insert(crate::vocab::attr::TENSORS.into(), tensors.to_string());
    attrs.insert(crate::vocab::attr::PARAMETERS.into(), params.to_string());
    if !dtypes.is_empty() {
        attrs.insert(
            "dtype".into(),
            dtypes.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    Ok(attrs)
}
