//! Server settings, from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! ```json
//! { "severity": { "unused-error": "off", "param-order": "warning" },
//!   "extraPaths": ["/src/linux/include"] }
//! ```
//! Settings may also arrive wrapped in a `"kapi"` object, as VS Code sends them.

use kapi_ide::{Code, Diagnostic, Severity};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Per-code severity; `None` turns the code off.
    pub severity: HashMap<Code, Option<Severity>>,
    /// More folders to index besides the workspace folders.
    pub extra_paths: Vec<PathBuf>,
}

impl Config {
    /// Reads settings, ignoring (and reporting) entries it does not understand.
    pub fn from_json(value: &Value) -> (Config, Vec<String>) {
        let value = value.get("kapi").unwrap_or(value);
        let mut config = Config::default();
        let mut problems = Vec::new();
        if let Some(map) = value.get("severity").and_then(Value::as_object) {
            for (code, sev) in map {
                let Some(code) = Code::from_name(code) else {
                    problems.push(format!("unknown diagnostic code in kapi.severity: {code}"));
                    continue;
                };
                let sev = match sev.as_str() {
                    Some("error") => Some(Severity::Error),
                    Some("warning") => Some(Severity::Warning),
                    Some("information" | "info") => Some(Severity::Information),
                    Some("hint") => Some(Severity::Hint),
                    Some("off" | "none") => None,
                    _ => {
                        problems.push(format!(
                            "kapi.severity.{}: expected error, warning, information, hint or off",
                            code.as_str()
                        ));
                        continue;
                    }
                };
                config.severity.insert(code, sev);
            }
        }
        if let Some(paths) = value.get("extraPaths").and_then(Value::as_array) {
            config.extra_paths = paths
                .iter()
                .filter_map(Value::as_str)
                .map(PathBuf::from)
                .collect();
        }
        (config, problems)
    }

    /// Applies the severity overrides; drops diagnostics that are turned off.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| match self.severity.get(&d.code) {
                None => Some(d),
                Some(None) => None,
                Some(Some(s)) => {
                    d.severity = *s;
                    Some(d)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_overrides_and_reports_bad_entries() {
        let (config, problems) = Config::from_json(&serde_json::json!({
            "kapi": { "severity": { "unused-error": "off", "param-order": "warning", "nope": "error", "unknown-key": 3 },
                      "extraPaths": ["/x"] }
        }));
        assert_eq!(config.severity.get(&Code::UnusedError), Some(&None));
        assert_eq!(
            config.severity.get(&Code::ParamOrder),
            Some(&Some(Severity::Warning))
        );
        assert_eq!(config.extra_paths, vec![PathBuf::from("/x")]);
        assert_eq!(
            problems,
            vec![
                "unknown diagnostic code in kapi.severity: nope".to_string(),
                "kapi.severity.unknown-key: expected error, warning, information, hint or off"
                    .to_string()
            ]
        );
    }
}
