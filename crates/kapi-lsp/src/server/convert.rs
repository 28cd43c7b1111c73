//! Every conversion between the protocol and the analysis: LSP positions (UTF-16 or UTF-8
//! columns, as negotiated) to byte offsets and back, and analysis results to LSP types.

use kapi_ide::{CompletionItem, CompletionKind, Diagnostic, FileData, Severity};
use kapi_syntax::{ColumnUnit, LineCol, TextRange};
use tower_lsp_server::ls_types as lsp;

/// The negotiated position encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    pub fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf16 => ColumnUnit::Utf16,
            Encoding::Utf8 => ColumnUnit::Utf8,
        }
    }

    /// UTF-8 when the client offers it, else the protocol's default UTF-16.
    pub fn negotiate(params: &lsp::InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        }
    }
}

/// The byte offset of an LSP position; `None` when the line does not exist. A column past the
/// end of its line is clamped to the line's end.
pub fn offset(file: &FileData, pos: lsp::Position, enc: Encoding) -> Option<usize> {
    file.line_index.offset(
        &file.text,
        LineCol {
            line: pos.line,
            col: pos.character,
        },
        enc.unit(),
    )
}

pub fn position(file: &FileData, offset: usize, enc: Encoding) -> lsp::Position {
    let lc = file.line_index.line_col(&file.text, offset, enc.unit());
    lsp::Position {
        line: lc.line,
        character: lc.col,
    }
}

pub fn range(file: &FileData, range: TextRange, enc: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(file, range.start, enc),
        end: position(file, range.end, enc),
    }
}

/// The byte range of an LSP range; `None` when a line does not exist.
pub fn text_range(file: &FileData, range: lsp::Range, enc: Encoding) -> Option<TextRange> {
    let start = offset(file, range.start, enc)?;
    let end = offset(file, range.end, enc)?.max(start);
    Some(TextRange::new(start, end))
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(file: &FileData, d: &Diagnostic, enc: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(file, d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        source: Some("kapi".to_string()),
        message: d.message.clone(),
        ..Default::default()
    }
}

pub fn text_edit(file: &FileData, e: &kapi_ide::TextEdit, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(file, e.range, enc),
        new_text: e.new_text.clone(),
    }
}

pub fn completion_item(
    file: &FileData,
    item: &CompletionItem,
    enc: Encoding,
) -> lsp::CompletionItem {
    let kind = match item.kind {
        CompletionKind::Key => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Function => lsp::CompletionItemKind::FUNCTION,
        CompletionKind::Param => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Constant => lsp::CompletionItemKind::CONSTANT,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    lsp::CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item.documentation.as_ref().map(|d| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: d.clone(),
            })
        }),
        sort_text: item.sort_text.clone(),
        filter_text: Some(item.label.clone()),
        insert_text_format: Some(if item.snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        // Multi-line items (param blocks, skeletons) carry their own ` * ` prefixes and
        // indentation; the editor must not re-indent them.
        insert_text_mode: item
            .insert
            .contains('\n')
            .then_some(lsp::InsertTextMode::AS_IS),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: range(file, item.replace, enc),
            new_text: item.insert.clone(),
        })),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kapi_syntax::LineIndex;
    use std::sync::Arc;

    fn file(text: &str) -> FileData {
        FileData {
            path: "/t.c".into(),
            text: Arc::from(text),
            line_index: LineIndex::new(text),
            analysis: Default::default(),
        }
    }

    #[test]
    fn positions_round_trip_in_both_encodings_on_non_ascii_and_crlf() {
        let f = file("a\r\n é中😀 x\r\n");
        let x = f.text.find('x').unwrap();
        let p16 = position(&f, x, Encoding::Utf16);
        assert_eq!((p16.line, p16.character), (1, 6));
        let p8 = position(&f, x, Encoding::Utf8);
        assert_eq!((p8.line, p8.character), (1, 11));
        assert_eq!(offset(&f, p16, Encoding::Utf16), Some(x));
        assert_eq!(offset(&f, p8, Encoding::Utf8), Some(x));
        // Past the end of a line clamps to the line end; a missing line is None.
        let end = offset(
            &f,
            lsp::Position {
                line: 0,
                character: 40,
            },
            Encoding::Utf16,
        );
        assert_eq!(end, Some(1));
        assert_eq!(
            offset(
                &f,
                lsp::Position {
                    line: 9,
                    character: 0
                },
                Encoding::Utf16
            ),
            None
        );
    }
}
