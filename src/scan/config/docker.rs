//! Dockerfiles: `FROM` a model-server image, the model it is told to serve
//! (`CMD ["--model", …]`, `ENV MODEL_ID=…`), and the commands `RUN` executes.

use super::{command, rules};
use crate::catalog::Catalog;
use crate::scan::finding::Finding;

/// Whether a file name is a Dockerfile (`Dockerfile`, `Dockerfile.gpu`, `app.dockerfile`, `Containerfile`).
pub fn is_dockerfile(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
}

/// Scans one Dockerfile.
pub fn scan(cat: &Catalog, file: &str, text: &str, out: &mut Vec<Finding>) {
    let mut stage: Option<(Finding, &crate::catalog::ModelServer)> = None;
    let mut models = Vec::new();
    let mut logical = String::new();
    let mut start = 1;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let t = raw.trim();
        if logical.is_empty() {
            if t.starts_with('#') || t.is_empty() {
                continue;
            }
            start = n;
        } else if t.starts_with('#') {
            continue; // comment lines inside a continued instruction
        }
        if let Some(cont) = t.strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            continue;
        }
        logical.push_str(t);
        let line = std::mem::take(&mut logical);
        let (instr, args) = line.split_once(char::is_whitespace).unwrap_or((&line, ""));
        let args = args.trim();
        match instr.to_ascii_uppercase().as_str() {
            "FROM" => {
                if let Some((s, _)) = stage.take() {
                    out.push(s);
                }
                let image = args
                    .split_whitespace()
                    .find(|w| !w.starts_with("--"))
                    .unwrap_or("");
                stage = rules::server_service(cat, file, image, start);
            }
            "RUN" | "CMD" | "ENTRYPOINT" => {
                let words = exec_words(args);
                match &words {
                    Some(w) => {
                        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
                        command::scan_words(cat, file, &refs, start, out);
                    }
                    None => command::scan_script(cat, file, args, start, out),
                }
                if let Some((service, server)) = &mut stage {
                    let words = words.unwrap_or_else(|| command::split_words(args));
                    for (k, w) in words.iter().enumerate() {
                        if server.model_flags.iter().any(|f| f == w)
                            && let Some(v) = words.get(k + 1)
                        {
                            models.extend(rules::served_model(server, service, file, v, start));
                        }
                    }
                }
            }
            "ENV" => {
                if let Some((service, server)) = &mut stage {
                    for pair in command::split_words(args) {
                        if let Some((k, v)) = pair.split_once('=')
                            && server.model_env.iter().any(|e| e == k)
                        {
                            models.extend(rules::served_model(server, service, file, v, start));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((s, _)) = stage {
        out.push(s);
    }
    out.extend(models);
}

/// The words of the exec form (`["ollama", "pull", "llama3"]`), if it is one.
fn exec_words(args: &str) -> Option<Vec<String>> {
    if !args.starts_with('[') {
        return None;
    }
    serde_json::from_str(args).ok()
}
