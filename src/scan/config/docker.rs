//! Dockerfiles: `FROM` a model-server image, the model it is told to serve
//! (`CMD ["--model", …]`, `ENV MODEL_ID=…`), and the commands `RUN` executes.

use super::{command, rules};
use crate::catalog::Catalog;
use crate::vocab::Finding;

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
    let lines = command::logical_lines(text, 1, |t| t.is_empty() || t.starts_with('#'));
    for (start, line) in lines {
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
                    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                    for (_, v) in command::flag_values(&refs, &server.model_flags) {
                        models.extend(rules::served_model(server, service, file, v, start));
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
