//! [`Warning`]: a file the scan could not fully read, or a notice.

use serde::{Deserialize, Serialize};

/// A file the scan could not fully read, or something the user should know.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Warning {
    /// Repository-relative path (empty for scan-wide warnings).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// What happened, in one sentence (never a secret value).
    pub message: String,
}

impl Warning {
    /// A warning about a file.
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }

    /// A warning about a line of a file.
    pub fn at(file: &str, line: u32, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_string(),
            line: Some(line),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "{}", self.message),
            (false, Some(l)) => write!(f, "{}:{}: {}", self.file, l, self.message),
            (false, None) => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
