//! GGUF: magic, version, tensor and key/value counts, then typed key/value
//! metadata. We keep a few `general.*` keys and skip the rest (tokenizer
//! vocabularies can be megabytes) without buffering them.

use std::collections::BTreeMap;
use std::io::{self, Read};

use super::{invalid, read_vec};
use crate::vocab::attr;

const MAX_KEY: u64 = 64 * 1024;
const MAX_STRING: u64 = 64 * 1024 * 1024;
const MAX_KVS: u64 = 1 << 20;
const MAX_ARRAY: u64 = 1 << 28;

/// Parses the header's metadata into attributes.
pub fn parse(r: &mut dyn Read) -> io::Result<crate::vocab::Attrs> {
    let mut p = Parser { r };
    if p.bytes(4)? != b"GGUF" {
        return Err(invalid("not a GGUF file"));
    }
    let version = p.u32()?;
    if !(1..=3).contains(&version) {
        return Err(invalid(format!("unsupported GGUF version {version}")));
    }
    let wide = version >= 2;
    let _tensors = p.count(wide)?;
    let kvs = p.count(wide)?;
    if kvs > MAX_KVS {
        return Err(invalid(format!(
            "GGUF header claims {kvs} metadata entries"
        )));
    }
    let mut attrs = BTreeMap::new();
    attrs.insert("gguf.version".into(), version.to_string());
    for _ in 0..kvs {
        let key = p.string(wide, MAX_KEY)?;
        let ty = p.u32()?;
        let wanted = matches!(
            key.as_str(),
            "general.name"
                | "general.architecture"
                | "general.license"
                | "general.file_type"
                | "general.size_label"
                | "general.base_model.0.repo_url"
                | "general.base_model.0.name"
                | "general.base_model.0.organization"
        );
        match p.value(ty, wide, wanted)? {
            Some(v) if wanted => {
                let (name, value) = match key.as_str() {
                    "general.name" => (attr::EMBEDDED_NAME.to_string(), v),
                    "general.architecture" => (attr::ARCHITECTURE.to_string(), v),
                    "general.license" => (attr::LICENSE.to_string(), v),
                    "general.size_label" => (attr::PARAMETERS.to_string(), v),
                    "general.file_type" => (attr::QUANTIZATION.to_string(), file_type(&v)),
                    other => (format!("gguf.{}", other.trim_start_matches("general.")), v),
                };
                attrs.insert(name.into(), value.chars().take(200).collect());
            }
            _ => {}
        }
    }
    Ok(attrs)
}

struct Parser<'a> {
    r: &'a mut dyn Read,
}

impl Parser<'_> {
    fn bytes(&mut self, n: usize) -> io::Result<Vec<u8>> {
        read_vec(self.r, n)
    }
    fn u32(&mut self) -> io::Result<u32> {
        let mut b = [0u8; 4];
        self.r.read_exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0u8; 8];
        self.r.read_exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn count(&mut self, wide: bool) -> io::Result<u64> {
        if wide {
            self.u64()
        } else {
            self.u32().map(u64::from)
        }
    }
    fn skip(&mut self, n: u64) -> io::Result<()> {
        let copied = io::copy(&mut self.r.take(n), &mut io::sink())?;
        if copied < n {
            Err(io::ErrorKind::UnexpectedEof.into())
        } else {
            Ok(())
        }
    }
    fn string(&mut self, wide: bool, max: u64) -> io::Result<String> {
        let len = self.count(wide)?;
        if len > max {
            return Err(invalid(format!("GGUF string of {len} bytes")));
        }
        Ok(String::from_utf8_lossy(&self.bytes(len as usize)?).into_owned())
    }
    /// Reads (or skips) one value of type `ty`; returns its text when `keep`.
    fn value(&mut self, ty: u32, wide: bool, keep: bool) -> io::Result<Option<String>> {
        let fixed = match ty {
            0 | 1 | 7 => 1,
            2 | 3 => 2,
            4..=6 => 4,
            10..=12 => 8,
            _ => 0,
        };
        if fixed > 0 {
            let b = self.bytes(fixed)?;
            if !keep {
                return Ok(None);
            }
            let text = match ty {
                0 => b[0].to_string(),
                1 => (b[0] as i8).to_string(),
                7 => (b[0] != 0).to_string(),
                2 => u16::from_le_bytes([b[0], b[1]]).to_string(),
                3 => i16::from_le_bytes([b[0], b[1]]).to_string(),
                4 => u32::from_le_bytes([b[0], b[1], b[2], b[3]]).to_string(),
                5 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]).to_string(),
                6 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]).to_string(),
                10 => u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])).to_string(),
                11 => i64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])).to_string(),
                _ => f64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])).to_string(),
            };
            return Ok(Some(text));
        }
        match ty {
            8 => {
                if keep {
                    self.string(wide, MAX_STRING).map(Some)
                } else {
                    let len = self.count(wide)?;
                    if len > MAX_STRING {
                        return Err(invalid(format!("GGUF string of {len} bytes")));
                    }
                    self.skip(len).map(|_| None)
                }
            }
            9 => {
                let item = self.u32()?;
                let n = self.count(wide)?;
                if n > MAX_ARRAY || item == 9 {
                    return Err(invalid("GGUF array too large or nested"));
                }
                for _ in 0..n {
                    self.value(item, wide, false)?;
                }
                Ok(None)
            }
            other => Err(invalid(format!("unknown GGUF value type {other}"))),
        }
    }
}

/// llama.cpp's `general.file_type` numbers as quantisation names.
fn file_type(v: &str) -> String {
    let name = match v {
        "0" => "F32",
        "1" => "F16",
        "2" => "Q4_0",
        "3" => "Q4_1",
        "7" => "Q8_0",
        "8" => "Q5_0",
        "9" => "Q5_1",
        "10" => "Q2_K",
        "11" => "Q3_K_S",
        "12" => "Q3_K_M",
        "13" => "Q3_K_L",
        "14" => "Q4_K_S",
        "15" => "Q4_K_M",
        "16" => "Q5_K_S",
        "17" => "Q5_K_M",
        "18" => "Q6_K",
        "19" => "IQ2_XXS",
        "20" => "IQ2_XS",
        "24" => "IQ1_S",
        "25" => "IQ4_NL",
        "32" => "BF16",
        _ => return format!("file_type {v}"),
    };
    name.to_string()
}
