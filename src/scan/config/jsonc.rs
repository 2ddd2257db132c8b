//! JSON with comments (JSONC: VS Code settings, devcontainers, `tsconfig`):
//! `//` and `/* */` comments and trailing commas, which strict JSON refuses,
//! are blanked out so the file parses and its lines stay where they were.

/// `text` with comments and trailing commas (outside strings) replaced by
/// spaces; newlines are kept, so positions in the result are positions in `text`.
pub fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        let c = b[i];
        if in_string {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                for o in &mut out[i..end] {
                    if *o != b'\n' {
                        *o = b' ';
                    }
                }
                i = end;
                continue;
            }
            b',' => {
                // A comma followed (past blanks and comments) by `}` or `]`.
                let next = next_significant(b, i + 1);
                if matches!(next.map(|n| b[n]), Some(b'}' | b']')) {
                    out[i] = b' ';
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// The index of the next byte that is not blank and not inside a comment.
fn next_significant(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            _ => return Some(i),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_go_strings_stay() {
        let text = "{\n  // the model\n  \"model\": \"gpt-4o\", /* inline */\n  \"url\": \"http://x//y\",\n  \"list\": [1, 2,],\n}\n";
        let s = strip(text);
        assert_eq!(s.lines().count(), text.lines().count());
        let v: serde_json::Value = serde_json::from_str(&s).expect("parses");
        assert_eq!(v["url"], "http://x//y");
        assert_eq!(v["list"], serde_json::json!([1, 2]));
        assert_eq!(strip("\"a\\\"//b\""), "\"a\\\"//b\"");
        // Hostile: an unterminated comment or string ends at the end.
        assert_eq!(strip("/* open").trim(), "");
        assert_eq!(strip("\"open //"), "\"open //");
    }
}
