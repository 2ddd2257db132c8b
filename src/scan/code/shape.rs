//! What a string literal's shape says it could be, before any catalog is
//! asked: an id at all, a component's id, a model list's member. Read by the
//! syntax walk (which marks list members) and by the value rules alike.

/// Whether a literal could be a model list's member: an id shape with a
/// letter, not a path, URL or file name.
pub fn could_be_listed(value: &str) -> bool {
    const FILES: &[&str] = &[
        ".json",
        ".ts",
        ".js",
        ".py",
        ".bin",
        ".gguf",
        ".safetensors",
        ".onnx",
        ".pt",
        ".pth",
        ".txt",
        ".yaml",
        ".yml",
        ".md",
        ".png",
        ".jpg",
        ".mp3",
        ".wav",
        ".mp4",
        ".csv",
        ".h5",
    ];
    is_id_shape(value)
        && value.bytes().any(|b| b.is_ascii_alphabetic())
        && !value.starts_with(['.', '/', '-', '@', '#', '$'])
        && !value.contains("://")
        && !value.contains("..")
        && !FILES.iter().any(|e| {
            value
                .len()
                .checked_sub(e.len())
                .and_then(|at| value.get(at..))
                .is_some_and(|end| end.eq_ignore_ascii_case(e))
        })
}

/// Whether a literal can be an id at all: short, one word, no placeholder,
/// printable ASCII, not ending in an escape or a quote.
pub fn is_id_shape(value: &str) -> bool {
    (2..=128).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_graphic())
        && !value.contains("{}")
        && !value.ends_with(['\\', '"', '\''])
        && !is_prefix(value)
}

/// Whether a name says "model", in any case (`MODELS`, `defaultModelId`,
/// `chat_model`): a binding or key that holds model ids.
pub fn says_model(name: &str) -> bool {
    name.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"model"))
}

/// Whether a value ends in a separator (`"gpt-"`, `"mistral."`, `"openai/"`):
/// the start of names a check looks for, never a whole id.
pub fn is_prefix(value: &str) -> bool {
    value.ends_with(['-', '.', '/', ':', '_'])
}

/// Whether an id some rule formed can be a component at all: not empty, no
/// whitespace, not ending in an escape or a quote (`new Ollama({ model: "" })`
/// names no model).
pub fn is_component_id(id: &str) -> bool {
    !id.is_empty() && !id.contains(char::is_whitespace) && !id.ends_with(['\\', '"', '\''])
}
