//! Weight-file sniffing and header readers (safetensors, GGUF, PyTorch zip,
//! pickle, ONNX, …) on arbitrary bytes: no panic, no unbounded allocation,
//! and the hash and size always describe the whole input.
#![no_main]

use std::sync::OnceLock;

use aibom::catalog::Catalog;
use aibom::scan::weights;
use libfuzzer_sys::fuzz_target;

const EXTENSIONS: &[&str] = &[
    "safetensors", "gguf", "pt", "pth", "bin", "ckpt", "pkl", "pickle", "onnx", "h5", "keras",
    "tflite", "mlmodel", "joblib", "pb", "msgpack", "llamafile", "",
];

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().expect("catalog"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let ext = EXTENSIONS[usize::from(pick) % EXTENSIONS.len()];
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let _ = weights::parse_pointer(head);
    let format = weights::sniff(catalog(), ext, head).or_else(|| weights::format_for_extension(catalog(), ext));
    if let Some(f) = format {
        let mut rest = &bytes[head.len()..];
        let info = weights::inspect(f, head, &mut rest).expect("reading a slice cannot fail");
        assert_eq!(info.size, bytes.len() as u64);
        assert_eq!(info.sha256.len(), 64);
    }
});
