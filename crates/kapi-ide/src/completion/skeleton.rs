//! The spec skeleton offered when `/**` is typed directly above an unannotated function or
//! `SYSCALL_DEFINEn`: a whole KAPI comment with the title, `@param` lines, `contexts:`, one
//! `param:` block per parameter (types inferred from the C signature), `return:` and an
//! `error:` to fill in.

use super::infer::{infer_in_signature, infer_param_type};
use super::{snippet_escape, CompletionItem, CompletionKind};
use crate::cursor;
use kapi_syntax::{find_declaration, Declaration, TextRange};

/// The skeleton item when the cursor's line is `/**` (or `/** */`, as editors auto-close it)
/// and the next line starts a declaration; `None` otherwise.
pub(super) fn complete(text: &str, offset: usize) -> Option<Vec<CompletionItem>> {
    let line = cursor::line_at(text, offset);
    let raw = line.slice(text);
    let trimmed = raw.trim();
    let opener = trimmed == "/**"
        || trimmed
            .strip_prefix("/**")
            .and_then(|r| r.strip_suffix("*/"))
            .is_some_and(|m| m.trim().is_empty());
    if !opener {
        return None;
    }
    let indent = &raw[..raw.len() - raw.trim_start().len()];
    let start = line.start + indent.len();
    let end = start + trimmed.len();
    if offset < start + 3 {
        return None;
    }
    let next = line.end + text[line.end..].find('\n')? + 1;
    // Directly above the code: not above an existing comment's body or another comment.
    let first = text[next..]
        .lines()
        .find(|l| !l.trim().is_empty())?
        .trim_start();
    if first.starts_with('*') || first.starts_with("/*") || first.starts_with("//") {
        return None;
    }
    let decl = find_declaration(text, next)?;
    let (insert, plain) = skeleton(&decl, indent);
    Some(vec![CompletionItem {
        label: format!("/** KAPI spec: {} */", decl.name),
        kind: CompletionKind::Snippet,
        detail: Some("KAPI spec skeleton".to_string()),
        documentation: Some(format!("```c\n{plain}\n```")),
        insert,
        snippet: true,
        replace: TextRange::new(start, end.max(offset)),
        sort_text: None,
    }])
}

/// Builds the skeleton twice: as a snippet, and as plain text for the documentation.
struct Builder {
    indent: String,
    snippet: Vec<String>,
    plain: Vec<String>,
    stop: u32,
}

/// A piece of a skeleton line.
enum Piece<'a> {
    Text(&'a str),
    /// A tab stop with its default text.
    Stop(&'a str),
}

impl Builder {
    fn line(&mut self, pieces: &[Piece<'_>]) {
        let mut snippet = String::new();
        let mut plain = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => {
                    snippet.push_str(&snippet_escape(t));
                    plain.push_str(t);
                }
                Piece::Stop(t) => {
                    self.stop += 1;
                    snippet.push_str(&format!("${{{}:{}}}", self.stop, snippet_escape(t)));
                    plain.push_str(t);
                }
            }
        }
        let star = |body: &str| {
            if body.is_empty() {
                format!("{} *", self.indent)
            } else {
                format!("{} * {body}", self.indent)
            }
        };
        self.snippet.push(star(&snippet));
        self.plain.push(star(&plain));
    }
}

fn skeleton(decl: &Declaration, indent: &str) -> (String, String) {
    use Piece::{Stop, Text};
    let mut b = Builder {
        indent: indent.to_string(),
        snippet: Vec::new(),
        plain: Vec::new(),
        stop: 0,
    };
    let params: Vec<_> = decl
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.name.is_empty())
        .collect();
    b.line(&[Text(&decl.name), Text(" - "), Stop("summary")]);
    for (_, p) in &params {
        b.line(&[Text(&format!("@{}: ", p.name)), Stop("description")]);
    }
    b.line(&[]);
    b.line(&[Text("contexts: "), Stop("process, sleepable")]);
    for (at, p) in &params {
        let ty = infer_in_signature(&decl.params, *at).to_value();
        b.line(&[]);
        b.line(&[Text(&format!("param: {}", p.name))]);
        b.line(&[Text(&format!("  type: {ty}"))]);
    }
    let ret = decl.return_type.trim();
    if ret != "void" && !ret.is_empty() {
        let inferred = infer_param_type(ret, "");
        b.line(&[]);
        b.line(&[Text("return:")]);
        b.line(&[Text(&format!("  type: {}", inferred.kapi_type))]);
        if inferred.kapi_type == "int" {
            b.line(&[Text("  check-type: error_check")]);
        } else {
            b.line(&[Text("  check-type: "), Stop("exact")]);
        }
    }
    b.line(&[]);
    b.line(&[
        Text("error: "),
        Stop("EINVAL"),
        Text(", "),
        Stop("condition"),
    ]);
    let open = format!("{indent}/**");
    let close = format!("{indent} */");
    let join = |lines: &[String]| {
        let mut all = vec![open.clone()];
        all.extend(lines.iter().cloned());
        all.push(close.clone());
        all.join("\n")
    };
    // The first line replaces the `/**` already typed, which starts after the indentation.
    let snippet = join(&b.snippet);
    let plain = join(&b.plain);
    (snippet[indent.len()..].to_string(), plain)
}
