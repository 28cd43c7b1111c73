//! Diagnostics and the text edits that fix them, as plain data with byte ranges.

use kapi_syntax::TextRange;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident;)*) => {
        /// Every diagnostic code kapi-lsp reports. The kebab-case names are stable: users
        /// filter and override by them, and `docs/diagnostics.md` documents each one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// The severity the code is reported with unless a rule says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            pub fn from_name(s: &str) -> Option<Code> {
                match s { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    // The spec text itself.
    UnknownKey = "unknown-key", Warning;
    UnknownValue = "unknown-value", Error;
    WrongSeparator = "wrong-separator", Error;
    MalformedValue = "malformed-value", Error;
    InvalidRange = "invalid-range", Error;
    InvalidParamIndex = "invalid-param-index", Error;
    DuplicateEntry = "duplicate-entry", Warning;
    IgnoredValue = "ignored-value", Warning;
    LimitExceeded = "limit-exceeded", Error;
    DeprecatedSyntax = "deprecated-syntax", Warning;
    NotASpec = "not-a-spec", Warning;
    BuildPathsDisagree = "build-paths-disagree", Warning;
    // The spec against its signature.
    MissingParamSpec = "missing-param-spec", Warning;
    UnknownParamSpec = "unknown-param-spec", Error;
    ParamOrder = "param-order", Information;
    ParamCountMismatch = "param-count-mismatch", Warning;
    MissingParamDoc = "missing-param-doc", Warning;
    ExcessParamDoc = "excess-param-doc", Warning;
    TypeMismatch = "type-mismatch", Warning;
    MissingUserFlag = "missing-user-flag", Warning;
    NameMismatch = "name-mismatch", Warning;
    ReturnMismatch = "return-mismatch", Warning;
    // The spec against the body and the callees' specs.
    UndocumentedError = "undocumented-error", Warning;
    UnusedError = "unused-error", Hint;
    UndocumentedCapability = "undocumented-capability", Warning;
    ContextViolation = "context-violation", Warning;
    MissingSideEffect = "missing-side-effect", Information;
}

/// A text replacement in the file the diagnostic belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Applies edits to a text; `None` when two edits overlap or one lies outside the text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at {
            return None;
        }
        out.push_str(text.get(at..e.range.start)?);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// A mechanical fix: a title and the edits that apply it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// A problem at a byte range of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no fix.
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            range,
            code,
            severity: code.default_severity(),
            message: message.into(),
            fixes: Vec::new(),
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Adds a fix that replaces `range` with `new_text`.
    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        range: TextRange,
        new_text: impl Into<String>,
    ) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits: vec![TextEdit {
                range,
                new_text: new_text.into(),
            }],
        });
        self
    }
}
