//! Lowering tests over whole comments: the worked example of the language reference (§10.4)
//! must serialise to exactly its JSON, and each value grammar must give upstream's numbers.

use super::fixture::*;
use expect_test::expect;
use serde_json::json;

const WORKED_EXAMPLE: &str = "\
@fd: File descriptor
@buf: Output buffer
@len: Buffer length

contexts: process, sleepable

param: fd
  type: fd, input
  constraint-type: range(0, INT_MAX)

param: buf
  type: user_ptr, output
  constraint-type: buffer(2)
  cdesc: Must be writable for len
    bytes.

param: len
  type: uint, input
  constraint-type: range(1, 0x1000)

return:
  type: int
  check-type: range
  success: >= 0
  desc: Bytes written.

error: EBADF, Bad file descriptor
  desc: fd is not open.

lock: frob_lock
  type: mutex
  acquired: yes
  released: yes

side-effect: file_position | modify_state
  target: file->f_pos
  reversible: no
";

#[test]
fn worked_example_serialises_to_the_reference_json() {
    let src = frob(WORKED_EXAMPLE);
    let expected = json!({
        "name": "sys_frob",
        "description": "Frobnicate a buffer",
        "context_flags": ["KAPI_CTX_PROCESS", "KAPI_CTX_SLEEPABLE"],
        "side_effects": [
            {"effect_type": 20, "target": "file->f_pos", "condition": null,
             "description": "", "reversible": false}
        ],
        "parameters": [
            {"index": 0, "name": "fd", "type_name": "unsigned int fd",
             "description": "File descriptor", "flags": 1, "param_type": 9,
             "constraint_type": 1, "constraint": null, "min_value": 0, "max_value": null,
             "valid_mask": null, "enum_values": [], "size": null, "alignment": null,
             "size_param_idx": null},
            {"index": 1, "name": "buf", "type_name": "char __user * buf",
             "description": "Output buffer", "flags": 66, "param_type": 10,
             "constraint_type": 11, "constraint": "Must be writable for len bytes.",
             "min_value": null, "max_value": null, "valid_mask": null, "enum_values": [],
             "size": null, "alignment": null, "size_param_idx": 2},
            {"index": 2, "name": "len", "type_name": "size_t len",
             "description": "Buffer length", "flags": 1, "param_type": 2,
             "constraint_type": 1, "constraint": null, "min_value": 1, "max_value": 4096,
             "valid_mask": null, "enum_values": [], "size": null, "alignment": null,
             "size_param_idx": null}
        ],
        "return_spec": {"type_name": "int", "description": "Bytes written.", "return_type": 1,
            "check_type": 1, "success_value": null, "success_min": 0,
            "success_max": 9223372036854775807_i64, "error_values": []},
        "errors": [{"error_code": -9, "name": "EBADF", "condition": "Bad file descriptor",
            "description": "fd is not open."}],
        "locks": [{"lock_name": "frob_lock", "lock_type": 1, "scope": 0, "description": ""}]
    });
    let got = json(&src);
    assert_eq!(got, expected);
    // Field order matters for byte-for-byte output: check the top-level key order too.
    let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "name",
            "description",
            "context_flags",
            "side_effects",
            "parameters",
            "return_spec",
            "errors",
            "locks"
        ]
    );
    check(&src, expect![[r#""#]]);
}

/// Lowering must never panic, and every range it reports must lie on character boundaries
/// of the file, whatever the comment holds.
mod robustness {
    use super::super::lower_file;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "contexts: ",
        "context-flags: ",
        "param: ",
        "error: ",
        "signal: ",
        "lock: ",
        "return:",
        "return: x",
        "side-effect: ",
        "state-trans: ",
        "capability: ",
        "constraint: ",
        "long-desc: ",
        "notes: ",
        "examples: ",
        "param-count: ",
        "api-type: ",
        "@fd: ",
        "param-type: ",
        "error-code: ",
        "lock-scope: ",
        "  type: ",
        "  flags: ",
        "  constraint-type: ",
        "  range: ",
        "  desc: ",
        "  success: ",
        "  scope: ",
        "  errno: ",
        "  tpye: ",
        "  error: ",
        "\ttype : ",
        "Return:",
        "Notes: ",
        " ",
        "  ",
        "\t",
        ",",
        "|",
        "(",
        ")",
        "range(",
        "enum(",
        "mask(",
        "buffer(",
        "custom(",
        "-",
        ">=",
        "0x",
        "08",
        "INT_MAX",
        "é",
        "中",
        "😀",
        "fd",
        "user_ptr",
        "input",
        "in",
        "EINVAL",
        "ECANCELED",
        "CAP_SYS_ADMIN",
        "required",
        "mutex",
        "acquires",
        "yes",
        "1",
        "alloc_memory",
        "condition=",
        "reversible=yes",
        "\r",
    ];

    fn comment_body() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(PIECES), 0..6),
            0..14,
        )
        .prop_map(|lines| {
            lines
                .iter()
                .map(|l| format!(" * {}\n", l.concat()))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn lowering_never_panics_and_ranges_are_valid(body in comment_body(), syscall in any::<bool>()) {
            let decl = if syscall {
                "SYSCALL_DEFINE2(frob, int, fd, char __user *, buf)\n{\n}\n"
            } else {
                "int frob(int fd, char *buf)\n{\n}\n"
            };
            let src = format!("/**\n * sys_frob - x\n{body} */\n{decl}");
            let lowered = lower_file(&src, &kapi_syntax::parse_file(&src));
            for d in &lowered.diagnostics {
                prop_assert!(d.range.start <= d.range.end && d.range.end <= src.len());
                prop_assert!(src.is_char_boundary(d.range.start) && src.is_char_boundary(d.range.end));
                for f in &d.fixes {
                    for e in &f.edits {
                        prop_assert!(src.is_char_boundary(e.range.start) && src.is_char_boundary(e.range.end));
                    }
                }
            }
            for s in &lowered.specs {
                prop_assert!(serde_json::to_string(s).is_ok());
            }
        }
    }
}

/// `docs/diagnostics.md` documents every code, under a heading of the exact form
/// ``## `code` `` and with its default severity.
#[test]
fn every_code_is_documented() {
    let docs = include_str!("../../../../docs/diagnostics.md");
    for code in crate::diagnostic::Code::ALL {
        let heading = format!("\n## `{}`\n", code.as_str());
        let at = docs
            .find(&heading)
            .unwrap_or_else(|| panic!("no section for {}", code.as_str()));
        let section = &docs[at + heading.len()..];
        let severity = format!("**Severity:** {}", code.default_severity().as_str());
        assert!(
            section.trim_start().starts_with(&severity),
            "{}: expected `{severity}`",
            code.as_str()
        );
    }
    assert_eq!(
        docs.matches("\n## `").count(),
        crate::diagnostic::Code::ALL.len()
    );
}
