//! What the lint and the model builder report about a spec: one problem, where it is, and how bad.

use std::fmt;

/// How a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Advice (house style of a spec that did not opt in, a construct served loosely): never stops codegen.
    Warning,
    /// The spec is invalid, or asks for something a generator cannot honour: codegen stops.
    Error,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The spec file, relative to the workspace root.
    pub file: String,
    /// `operation <id>`, `component <name>` or `document`.
    pub owner: String,
    /// JSON pointer into the spec (and, after `#`, into the example).
    pub pointer: String,
    pub reason: String,
}

impl Finding {
    pub fn error(file: &str, owner: &str, pointer: &str, reason: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_owned(),
            owner: owner.to_owned(),
            pointer: pointer.to_owned(),
            reason: reason.into(),
        }
    }

    pub fn warning(file: &str, owner: &str, pointer: &str, reason: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, owner, pointer, reason)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{severity}: {}: {}: {}: {}",
            self.file, self.owner, self.pointer, self.reason
        )
    }
}

/// `findings` without the errors that repeat an earlier error's pointer: the model builder and the lint
/// both meet a broken `$ref`, say, and one report of it is enough.
pub fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen = std::collections::BTreeSet::new();
    findings
        .into_iter()
        .filter(|finding| !finding.is_error() || seen.insert(finding.pointer.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_error_at_the_same_place_is_dropped() {
        let findings = vec![
            Finding::error("f", "o", "/a", "broken"),
            Finding::warning("f", "o", "/a", "advice"),
            Finding::error("f", "o", "/a", "broken, said again"),
            Finding::error("f", "o", "/b", "other"),
        ];
        let kept: Vec<_> = dedupe(findings).into_iter().map(|f| f.reason).collect();
        assert_eq!(kept, ["broken", "advice", "other"]);
    }
}
