//! Weight files recognised by content, Git LFS pointers, and files that merely
//! look like weights by name. Fixtures are built here byte by byte.

use sha2::{Digest, Sha256};

use crate::common::{scan_dir, write_tree};

/// A minimal valid safetensors file: one F32 tensor of shape [2, 2].
pub fn safetensors() -> Vec<u8> {
    let header = br#"{"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#;
    let mut v = (header.len() as u64).to_le_bytes().to_vec();
    v.extend_from_slice(header);
    v.extend_from_slice(&[0u8; 16]);
    v
}

fn gguf_string(v: &mut Vec<u8>, s: &str) {
    v.extend_from_slice(&(s.len() as u64).to_le_bytes());
    v.extend_from_slice(s.as_bytes());
}

/// A minimal GGUF v3 header with general.* metadata and a token array to skip.
pub fn gguf() -> Vec<u8> {
    let mut v = b"GGUF".to_vec();
    v.extend_from_slice(&3u32.to_le_bytes());
    v.extend_from_slice(&0u64.to_le_bytes()); // tensors
    v.extend_from_slice(&5u64.to_le_bytes()); // key/values
    for (k, s) in [
        ("general.architecture", "llama"),
        ("general.name", "TinyLlama"),
        ("general.license", "apache-2.0"),
    ] {
        gguf_string(&mut v, k);
        v.extend_from_slice(&8u32.to_le_bytes());
        gguf_string(&mut v, s);
    }
    gguf_string(&mut v, "tokenizer.ggml.tokens");
    v.extend_from_slice(&9u32.to_le_bytes());
    v.extend_from_slice(&8u32.to_le_bytes());
    v.extend_from_slice(&3u64.to_le_bytes());
    for t in ["<s>", "</s>", "hello"] {
        gguf_string(&mut v, t);
    }
    gguf_string(&mut v, "general.file_type");
    v.extend_from_slice(&4u32.to_le_bytes());
    v.extend_from_slice(&15u32.to_le_bytes());
    v
}

fn torch_zip() -> Vec<u8> {
    let name = b"archive/data.pkl";
    let mut v = b"PK\x03\x04".to_vec();
    v.extend_from_slice(&[0u8; 22]);
    v.extend_from_slice(&(name.len() as u16).to_le_bytes());
    v.extend_from_slice(&0u16.to_le_bytes());
    v.extend_from_slice(name);
    v.extend_from_slice(b"\x80\x02}q\x00.");
    v
}

const POINTER: &str = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 4900000000\n";

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn formats_by_content_with_header_facts() {
    let dir = tempfile::tempdir().unwrap();
    let st = safetensors();
    let gg = gguf();
    let mut bad_gguf = b"GGUF".to_vec();
    bad_gguf.extend_from_slice(&3u32.to_le_bytes());
    bad_gguf.extend_from_slice(&0u64.to_le_bytes());
    bad_gguf.extend_from_slice(&u64::MAX.to_le_bytes());
    let mut h5 = b"\x89HDF\r\n\x1a\n".to_vec();
    h5.extend_from_slice(b"\0\0\0keras_version\0model_config");
    let mut tflite = b"\x1c\0\0\0TFL3".to_vec();
    tflite.extend_from_slice(&[0u8; 32]);
    write_tree(
        dir.path(),
        &[
            ("models/model.safetensors", &st),
            ("models/weights.dat", &st), // safetensors content under another name
            ("models/tiny.Q4_K_M.gguf", &gg),
            ("models/bad.gguf", &bad_gguf),
            ("models/model.pt", &torch_zip()),
            (
                "models/classifier.pkl",
                b"\x80\x04\x95\x10\0\0\0\0\0\0\0}\x94.",
            ),
            ("models/m.onnx", b"\x08\x07\x12\x07pytorch"),
            ("models/keras.h5", &h5),
            ("models/m.tflite", &tflite),
            ("data/table.h5", b"\x89HDF\r\n\x1a\n\0\0\0\0just data"),
            ("data/blob.bin", b"\x00\x01\x02 not a model at all"),
            ("data/archive.zip", b"PK\x03\x04 a zip of documents"),
        ],
    );
    let s = scan_dir(dir.path());
    let st_item = s.item("file:models/model.safetensors");
    assert_eq!(st_item.attrs["format"], "safetensors");
    assert_eq!(st_item.attrs["sha256"], sha(&st));
    assert_eq!(st_item.attrs["size"], st.len().to_string());
    assert_eq!(st_item.attrs["parameter-count"], "4");
    assert_eq!(st_item.attrs["dtype"], "F32");
    assert_eq!(
        s.item("file:models/weights.dat").attrs["format"],
        "safetensors"
    );
    let g = s.item("file:models/tiny.Q4_K_M.gguf");
    assert_eq!(g.attrs["format"], "gguf");
    assert_eq!(g.attrs["architecture"], "llama");
    assert_eq!(g.attrs["embedded-name"], "TinyLlama");
    assert_eq!(g.attrs["quantization"], "Q4_K_M");
    assert_eq!(g.attrs["license"], "apache-2.0");
    assert!(
        s.bom.contains(r#""id": "Apache-2.0""#),
        "GGUF license as SPDX id"
    );
    assert_eq!(s.item("file:models/bad.gguf").attrs["format"], "gguf");
    assert!(
        s.warnings_for("models/bad.gguf")
            .iter()
            .any(|w| w.contains("header could not be fully read"))
    );
    for (path, fmt) in [
        ("models/model.pt", "pytorch"),
        ("models/classifier.pkl", "pickle"),
        ("models/m.onnx", "onnx"),
        ("models/keras.h5", "hdf5"),
        ("models/m.tflite", "tflite"),
    ] {
        assert_eq!(
            s.item(&format!("file:{path}")).attrs["format"],
            fmt,
            "{path}"
        );
    }
    for not in [
        "file:data/table.h5",
        "file:data/blob.bin",
        "file:data/archive.zip",
    ] {
        assert!(!s.has(not), "{not} is not a model");
    }
}

#[test]
fn lfs_pointers_are_read_not_downloaded() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("models/big-model.safetensors", POINTER.as_bytes()),
            ("assets/logo.png.ptr", POINTER.as_bytes()),
            ("assets/logo.png", POINTER.as_bytes()),
            (
                ".gitattributes",
                b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    let big = s.item("file:models/big-model.safetensors");
    assert_eq!(big.attrs["git-lfs"], "true");
    assert_eq!(big.attrs["size"], "4900000000");
    assert_eq!(
        big.attrs["sha256"],
        "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
    );
    assert_eq!(big.attrs["format"], "safetensors");
    assert!(
        s.bom
            .contains("4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393")
    );
    assert!(
        !s.has("file:assets/logo.png") && !s.has("file:assets/logo.png.ptr"),
        "a pointer to an image is not a weight"
    );
}
