//! The GitHub Actions runner's file and stdout protocols: workflow commands
//! (annotations, notices) with their escaping, step outputs in
//! `$GITHUB_OUTPUT`, and the job summary in `$GITHUB_STEP_SUMMARY`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

/// The most GitHub accepts in one step's summary.
pub const MAX_SUMMARY: usize = 1024 * 1024;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation command: `::LEVEL file=…,line=…,title=…::message`.
pub fn annotation(
    level: &str,
    file: &str,
    line: Option<u64>,
    title: &str,
    message: &str,
) -> String {
    let mut props = vec![format!("file={}", escape_property(file))];
    if let Some(l) = line {
        props.push(format!("line={l}"));
    }
    if !title.is_empty() {
        props.push(format!("title={}", escape_property(title)));
    }
    format!("::{level} {}::{}", props.join(","), escape_data(message))
}

/// A command without a location: `::LEVEL::message`.
pub fn annotation_free(level: &str, message: &str) -> String {
    format!("::{level}::{}", escape_data(message))
}

/// Appends `name=value` outputs to the `$GITHUB_OUTPUT` file, each in the
/// multi-line form with a delimiter that does not occur in its value.
pub fn write_outputs(path: &Path, outputs: &[(&str, String)]) -> Result<()> {
    let mut text = String::new();
    for (name, value) in outputs {
        let digest = Sha256::digest(value.as_bytes());
        let mut delimiter: String = format!(
            "aibom_{}",
            digest[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        while value.contains(&delimiter) {
            delimiter.push('_');
        }
        text.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
    }
    append(path, &text)
}

/// Appends the report to the job summary; a report over GitHub's 1 MiB limit
/// is replaced by a short note (the comment and outputs still carry it).
pub fn write_summary(path: &Path, markdown: &str) -> Result<()> {
    if markdown.len() <= MAX_SUMMARY {
        return append(path, markdown);
    }
    append(
        path,
        &format!(
            "## aibom\n\nThe report is {} bytes, over the 1 MiB job-summary limit; see the pull request comment or the `report` output.\n",
            markdown.len()
        ),
    )
}

fn append(path: &Path, text: &str) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_escaped() {
        assert_eq!(
            annotation("error", "a,b:c.py", Some(3), "t: x", "50% off\nnext"),
            "::error file=a%2Cb%3Ac.py,line=3,title=t%3A x::50%25 off%0Anext"
        );
    }

    #[test]
    fn an_oversized_summary_becomes_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("summary");
        write_summary(&p, &"x".repeat(MAX_SUMMARY + 1)).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.len() < 1000 && text.contains("over the 1 MiB job-summary limit"));
    }

    #[test]
    fn outputs_use_a_delimiter_not_in_the_value() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out");
        write_outputs(&p, &[("verdict", "fail".into()), ("report", "a\nb".into())]).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("verdict<<aibom_"));
        assert_eq!(lines[1], "fail");
        assert_eq!(lines[2], lines[0].trim_start_matches("verdict<<"));
        assert_eq!(&lines[4..6], ["a", "b"]);
    }
}
