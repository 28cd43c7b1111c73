//! End-to-end tests of the `kapi-lsp` command line (`check` and `export`): each runs the real
//! binary on the fixtures in `tests/fixtures/cli/` (or on a tree built in a temporary
//! directory) and asserts its exact stdout, stderr and exit code.
//!
//! Snapshots use expect-test: `UPDATE_EXPECT=1 cargo test -p kapi-lsp --test cli` rewrites
//! them, after which every change must be read and judged by eye.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use expect_test::{expect, Expect};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/cli");

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn render(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `kapi-lsp ARGS` in `dir`, so that the paths it prints are the relative ones given.
fn kapi_lsp(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_kapi-lsp"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the kapi-lsp binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("kapi-lsp exits normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `kapi-lsp ARGS` in the fixture directory and compares everything it did.
fn check(args: &[&str], expect: Expect) {
    expect.assert_eq(&kapi_lsp(Path::new(FIXTURES), args).render());
}

/// A fresh, empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(path: &str) -> Vec<u8> {
    fs::read(Path::new(FIXTURES).join(path)).unwrap()
}

fn write(dir: &Path, path: &str, contents: &[u8]) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

// ----------------------------------------------------------------------------------------------
// check
// ----------------------------------------------------------------------------------------------

#[test]
fn check_directory_as_text() {
    // `notes.txt` is not walked; `include/api.h` and the nested file are. Files come in sorted
    // path order.
    check(
        &["check", "tree"],
        expect![[r#"
            exit 1
            --- stdout
            tree/include/api.h:15:21: error[unknown-value]: `mutexx` is not a known lock type; the `kapi` tool records lock type 0 (none). Did you mean `mutex`?
            tree/mistakes.c:11:14: error[wrong-separator]: `contexts:` separates contexts with commas: the `kapi` tool keeps `process | sleepable` as one unknown context (the kernel build accepts `|`); write `process, sleepable`
            tree/mistakes.c:14:12: error[unknown-value]: `KAPI_TYPE_ULONG` is not a known parameter type; the `kapi` tool records type 0 (void), and no kernel header defines it. Did you mean `KAPI_TYPE_UINT` (short form `uint`)?
            tree/mistakes.c:20:11: hint[unused-error]: `EBADF` is listed, but no `return` of the body can produce it
            tree/mistakes.c:32:4: warning[unknown-key]: unknown key `contxts:`; upstream ignores this line. Did you mean `contexts:`?
            tree/nested/deep/warnings.c:10:6: warning[unknown-key]: `tpye:` is not a `param:` key; upstream joins the line to the `type:` value above. Did you mean `type:`?
            tree/unicode.c:11:21: error[unknown-value]: `mutx` is not a known lock type; the `kapi` tool records lock type 0 (none). Did you mean `mutex`?
            --- stderr
            4 errors, 2 warnings, 1 hint in 4 files
        "#]],
    );
}

#[test]
fn check_json_columns_count_characters() {
    // `mutx` follows `état_日本_😀` on its line: character column 21 (UTF-16 would say 22,
    // bytes 30).
    check(
        &["check", "--format", "json", "tree/unicode.c"],
        expect![[r#"
            exit 1
            --- stdout
            [
              {
                "path": "tree/unicode.c",
                "line": 11,
                "column": 21,
                "end_line": 11,
                "end_column": 25,
                "severity": "error",
                "code": "unknown-value",
                "message": "`mutx` is not a known lock type; the `kapi` tool records lock type 0 (none). Did you mean `mutex`?"
              }
            ]
            --- stderr
        "#]],
    );
}

#[test]
fn check_text_columns_count_characters() {
    check(
        &["check", "tree/unicode.c"],
        expect![[r#"
            exit 1
            --- stdout
            tree/unicode.c:11:21: error[unknown-value]: `mutx` is not a known lock type; the `kapi` tool records lock type 0 (none). Did you mean `mutex`?
            --- stderr
            1 error, 0 warnings in 1 file
        "#]],
    );
}

#[test]
fn check_explicit_file_whatever_its_extension() {
    check(
        &["check", "tree/notes.txt"],
        expect![[r#"
            exit 1
            --- stdout
            tree/notes.txt:7:14: error[wrong-separator]: `contexts:` separates contexts with commas: the `kapi` tool keeps `process | atomic` as one unknown context (the kernel build accepts `|`); write `process, atomic`
            --- stderr
            1 error, 0 warnings in 1 file
        "#]],
    );
}

#[test]
fn check_warnings_fail_only_with_werror() {
    check(
        &["check", "tree/nested/deep/warnings.c"],
        expect![[r#"
            exit 0
            --- stdout
            tree/nested/deep/warnings.c:10:6: warning[unknown-key]: `tpye:` is not a `param:` key; upstream joins the line to the `type:` value above. Did you mean `type:`?
            --- stderr
            0 errors, 1 warning in 1 file
        "#]],
    );
    check(
        &["check", "--werror", "tree/nested/deep/warnings.c"],
        expect![[r#"
            exit 1
            --- stdout
            tree/nested/deep/warnings.c:10:6: warning[unknown-key]: `tpye:` is not a `param:` key; upstream joins the line to the `type:` value above. Did you mean `type:`?
            --- stderr
            0 errors, 1 warning in 1 file
        "#]],
    );
}

#[test]
fn check_clean_files_as_json() {
    check(
        &["check", "-f", "JSON", "export/b_sys.c"],
        expect![[r#"
            exit 0
            --- stdout
            []
            --- stderr
        "#]],
    );
}

#[test]
fn gitignore_outside_a_git_checkout_does_not_hide_files() {
    // Debian's linux-source tarball ships a `.gitignore` ending in `/*` for its packaging
    // repository; the tree itself is not a checkout, so every file is still checked.
    // The target folder lies inside this repository's checkout, so use the system's.
    let dir = std::env::temp_dir().join(format!("kapi-lsp-cli-tarball-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    write(&dir, "linux/.gitignore", b"/*\n");
    write(
        &dir,
        "linux/fs/warnings.c",
        &fixture("tree/nested/deep/warnings.c"),
    );
    let run = kapi_lsp(&dir, &["check", "linux"]);
    let _ = fs::remove_dir_all(&dir);
    expect![[r#"
        exit 0
        --- stdout
        linux/fs/warnings.c:10:6: warning[unknown-key]: `tpye:` is not a `param:` key; upstream joins the line to the `type:` value above. Did you mean `type:`?
        --- stderr
        0 errors, 1 warning in 1 file
    "#]].assert_eq(&run.render());
}

#[test]
fn check_skips_ignored_binary_and_non_utf8_files() {
    let dir = temp_dir("skips");
    // A git checkout (`.gitignore` applies only inside one, as in ripgrep).
    std::fs::create_dir_all(dir.join("proj/.git")).unwrap();
    write(&dir, "proj/.gitignore", b"ignored.c\n");
    write(&dir, "proj/ignored.c", &fixture("tree/mistakes.c"));
    write(&dir, "proj/sub/.hidden.c", &fixture("tree/mistakes.c"));
    write(
        &dir,
        "proj/sub/warnings.c",
        &fixture("tree/nested/deep/warnings.c"),
    );
    write(&dir, "proj/bin.c", b"/* contexts: */\n\0\x01\x02binary");
    write(&dir, "proj/latin1.h", b"/* caf\xe9 */\nint x;\n");
    let run = kapi_lsp(&dir, &["check", "proj"]);
    expect![[r#"
        exit 0
        --- stdout
        proj/sub/warnings.c:10:6: warning[unknown-key]: `tpye:` is not a `param:` key; upstream joins the line to the `type:` value above. Did you mean `type:`?
        --- stderr
        kapi-lsp: note: skipping proj/bin.c: binary file
        kapi-lsp: note: skipping proj/latin1.h: not UTF-8 text
        0 errors, 1 warning in 1 file
    "#]]
    .assert_eq(&run.render());
    // A file named on the command line is checked even when .gitignore lists it.
    let run = kapi_lsp(&dir, &["check", "proj/ignored.c", "proj/latin1.h"]);
    expect![[r#"
        exit 1
        --- stdout
        proj/ignored.c:11:14: error[wrong-separator]: `contexts:` separates contexts with commas: the `kapi` tool keeps `process | sleepable` as one unknown context (the kernel build accepts `|`); write `process, sleepable`
        proj/ignored.c:14:12: error[unknown-value]: `KAPI_TYPE_ULONG` is not a known parameter type; the `kapi` tool records type 0 (void), and no kernel header defines it. Did you mean `KAPI_TYPE_UINT` (short form `uint`)?
        proj/ignored.c:20:11: hint[unused-error]: `EBADF` is listed, but no `return` of the body can produce it
        proj/ignored.c:32:4: warning[unknown-key]: unknown key `contxts:`; upstream ignores this line. Did you mean `contexts:`?
        --- stderr
        kapi-lsp: note: skipping proj/latin1.h: not UTF-8 text
        2 errors, 1 warning, 1 hint in 1 file
    "#]]
    .assert_eq(&run.render());
}

#[test]
fn check_empty_directory() {
    let dir = temp_dir("empty");
    fs::create_dir_all(dir.join("src")).unwrap();
    let run = kapi_lsp(&dir, &["check", "src"]);
    expect![[r#"
        exit 0
        --- stdout
        --- stderr
        0 errors, 0 warnings in 0 files
    "#]]
    .assert_eq(&run.render());
}

#[test]
fn check_missing_path_is_a_usage_error() {
    check(
        &["check", "tree/mistakes.c", "tree/nope.c"],
        expect![[r#"
            exit 2
            --- stdout
            --- stderr
            kapi-lsp: tree/nope.c: No such file or directory
        "#]],
    );
}

#[test]
fn check_usage_errors_are_one_line() {
    check(
        &["check"],
        expect![[r#"
            exit 2
            --- stdout
            --- stderr
            kapi-lsp: the following required arguments were not provided: <PATH>... (see 'kapi-lsp --help')
        "#]],
    );
    check(
        &["check", "--format", "xml", "tree"],
        expect![[r#"
            exit 2
            --- stdout
            --- stderr
            kapi-lsp: invalid value 'xml' for '--format <FORMAT>' [possible values: text, json] (see 'kapi-lsp --help')
        "#]],
    );
}

#[test]
fn check_survives_a_closed_stdout() {
    // `kapi-lsp check DIR | head -0`: the reader goes away before the output is written.
    let dir = temp_dir("pipe");
    for i in 0..200 {
        write(&dir, &format!("src/f{i:03}.c"), &fixture("tree/mistakes.c"));
    }
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kapi-lsp"))
            .args(["check", "--format", format, "src"])
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("cannot write"), "{stderr}");
        assert!(matches!(status.code(), Some(0 | 1)), "{status:?}: {stderr}");
    }
}

// ----------------------------------------------------------------------------------------------
// export
// ----------------------------------------------------------------------------------------------

#[test]
fn export_list_as_json() {
    // Grouped syscall, ioctl, function; within a group by file path, then position.
    check(
        &["export", "--format", "json", "export"],
        expect![[r#"
            exit 0
            --- stdout
            {
              "apis": [
                {
                  "name": "sys_nop",
                  "api_type": "syscall"
                },
                {
                  "name": "frob_ioctl",
                  "api_type": "ioctl"
                },
                {
                  "name": "frob_count",
                  "api_type": "function"
                },
                {
                  "name": "frob_peek",
                  "api_type": "function"
                }
              ]
            }
            --- stderr
        "#]],
    );
}

#[test]
fn export_details_as_json() {
    // The format name is case-insensitive. The expected object is the language reference's
    // §14 example, field for field.
    check(
        &["export", "-f", "JSON", "export", "sys_nop"],
        expect![[r#"
            exit 0
            --- stdout
            {
              "api_details": {
                "name": "sys_nop",
                "description": "Do nothing",
                "context_flags": [
                  "KAPI_CTX_PROCESS"
                ],
                "parameters": [
                  {
                    "index": 0,
                    "name": "x",
                    "type_name": "int x",
                    "description": "ignored value",
                    "flags": 1,
                    "param_type": 1,
                    "constraint_type": 0,
                    "constraint": null,
                    "min_value": null,
                    "max_value": null,
                    "valid_mask": null,
                    "enum_values": [],
                    "size": null,
                    "alignment": null,
                    "size_param_idx": null
                  }
                ]
              }
            }
            --- stderr
        "#]],
    );
}

#[test]
fn export_list_and_details_as_plain() {
    check(
        &["export", "export"],
        expect![[r#"
            exit 0
            --- stdout
            System Calls:
            -------------
              sys_nop

            IOCTLs:
            -------
              frob_ioctl

            Functions:
            ----------
              frob_count
              frob_peek

            Total specifications found: 4
            --- stderr
        "#]],
    );
    check(
        &["export", "--format", "plain", "export/sub/c.h", "frob_peek"],
        expect![[r#"
            exit 0
            --- stdout
            Detailed information for frob_peek:
            ===================================
            API type: function
            Description: Look at the frob state without changing it
            Contexts: KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE

            Parameters (2):
              [0] buf
                  Where to copy the state
                  Type: KAPI_TYPE_USER_PTR
                  Flags: OUT | USER
                  Constraint type: KAPI_CONSTRAINT_BUFFER
                  Size parameter: 1 (len)
              [1] len
                  Size of buf
                  Type: KAPI_TYPE_UINT
                  Flags: IN
                  Constraint type: KAPI_CONSTRAINT_RANGE
                  Range: 1 to 4096

            Return:
              Type: int (KAPI_TYPE_INT)
              Check: KAPI_RETURN_RANGE
              Success: >= 0
              Description: Bytes copied.

            Errors (1):
              EFAULT (-14): buf is not writable

            Locks (1):
              frob_lock: KAPI_LOCK_MUTEX, KAPI_LOCK_INTERNAL

            Examples:
              char state[64];
              n = frob_peek(state, sizeof(state));

            Notes:
              Never sleeps while holding frob_lock.
            --- stderr
        "#]],
    );
}

#[test]
fn export_rst_document() {
    check(
        &["export", "--format", "rst", "export"],
        expect![[r#"
            exit 0
            --- stdout
            sys_nop
            =======

            Do nothing

            :API type: syscall
            :Contexts: ``KAPI_CTX_PROCESS``

            Parameters
            ----------

            ``x`` (``int x``)
               ignored value

               :Index: 0
               :Type: ``KAPI_TYPE_INT``
               :Flags: IN

            frob_ioctl
            ==========

            Frob through an ioctl

            :API type: ioctl
            :Contexts: ``KAPI_CTX_PROCESS``, ``KAPI_CTX_SLEEPABLE``

            Parameters
            ----------

            ``f``
               The open file

               :Index: 0
               :Type: ``KAPI_TYPE_PTR``
               :Flags: IN

            ``cmd``
               Command number

               :Index: 1
               :Type: ``KAPI_TYPE_UINT``
               :Flags: IN

            ``arg``
               Command argument

               :Index: 2
               :Type: ``KAPI_TYPE_UINT``
               :Flags: IN

            frob_count
            ==========

            Count the frobs

            :API type: function
            :Contexts: ``KAPI_CTX_PROCESS``

            Parameters
            ----------

            ``x``
               Frob kind

               :Index: 0
               :Type: ``KAPI_TYPE_INT``
               :Flags: IN

            frob_peek
            =========

            Look at the frob state without changing it

            :API type: function
            :Contexts: ``KAPI_CTX_PROCESS``, ``KAPI_CTX_SLEEPABLE``

            Parameters
            ----------

            ``buf``
               Where to copy the state

               :Index: 0
               :Type: ``KAPI_TYPE_USER_PTR``
               :Flags: OUT | USER
               :Constraint type: ``KAPI_CONSTRAINT_BUFFER``
               :Size parameter: 1 (``len``)

            ``len``
               Size of buf

               :Index: 1
               :Type: ``KAPI_TYPE_UINT``
               :Flags: IN
               :Constraint type: ``KAPI_CONSTRAINT_RANGE``
               :Range: 1 to 4096

            Return value
            ------------

            :Type: ``int`` (``KAPI_TYPE_INT``)
            :Check: ``KAPI_RETURN_RANGE``
            :Success: >= 0

            Bytes copied.

            Errors
            ------

            ``EFAULT`` (-14)
               buf is not writable

            Locks
            -----

            ``frob_lock``
               :Type: ``KAPI_LOCK_MUTEX``
               :Scope: ``KAPI_LOCK_INTERNAL``

            Examples
            --------

            .. code-block:: c

               char state[64];
               n = frob_peek(state, sizeof(state));

            Notes
            -----

            Never sleeps while holding frob_lock.
            --- stderr
        "#]],
    );
}

#[test]
fn export_unknown_api() {
    check(
        &["export", "export", "sys_nope"],
        expect![[r#"
            exit 1
            --- stdout
            Available APIs:
              frob_count (function)
              frob_ioctl (ioctl)
              sys_nop (syscall)
              frob_peek (function)
            --- stderr
            API 'sys_nope' not found.
        "#]],
    );
    // Only the plain format lists what is available.
    check(
        &["export", "--format", "json", "export", "sys_nope"],
        expect![[r#"
            exit 1
            --- stdout
            --- stderr
            API 'sys_nope' not found.
        "#]],
    );
}

#[test]
fn export_explicit_file_whatever_its_extension() {
    check(
        &["export", "--format", "json", "tree/notes.txt"],
        expect![[r#"
            exit 0
            --- stdout
            {
              "apis": [
                {
                  "name": "frob_text",
                  "api_type": "function"
                }
              ]
            }
            --- stderr
        "#]],
    );
}

#[test]
fn export_no_specs() {
    let dir = temp_dir("export-empty");
    write(&dir, "src/plain.c", b"int frob(void)\n{\n\treturn 0;\n}\n");
    let json = kapi_lsp(&dir, &["export", "--format", "json", "src"]);
    let plain = kapi_lsp(&dir, &["export", "src"]);
    let rst = kapi_lsp(&dir, &["export", "--format", "Rst", "src"]);
    expect![[r#"
        exit 0
        --- stdout
        {}
        --- stderr
        exit 0
        --- stdout
        Total specifications found: 0
        --- stderr
        exit 0
        --- stdout
        --- stderr
    "#]]
    .assert_eq(&format!(
        "{}{}{}",
        json.render(),
        plain.render(),
        rst.render()
    ));
}

#[test]
fn export_unknown_format_and_missing_path() {
    check(
        &["export", "--format", "yaml", "export"],
        expect![[r#"
            exit 2
            --- stdout
            --- stderr
            kapi-lsp: Unknown output format: yaml
        "#]],
    );
    check(
        &["export", "nope"],
        expect![[r#"
            exit 2
            --- stdout
            --- stderr
            kapi-lsp: Source path does not exist: nope
        "#]],
    );
}

#[test]
fn export_walks_every_c_and_h_file_like_upstream() {
    // Unlike `check`, `export` does not consult .gitignore (upstream walks every .c/.h file),
    // but it skips binary and non-UTF-8 files the same way.
    let dir = temp_dir("export-walk");
    write(&dir, "proj/.gitignore", b"ignored.c\n");
    write(&dir, "proj/ignored.c", &fixture("export/b_sys.c"));
    write(&dir, "proj/bin.c", b"\0binary");
    write(&dir, "proj/latin1.c", b"/* caf\xe9 */\n");
    let run = kapi_lsp(&dir, &["export", "-f", "json", "proj"]);
    expect![[r#"
        exit 0
        --- stdout
        {
          "apis": [
            {
              "name": "sys_nop",
              "api_type": "syscall"
            }
          ]
        }
        --- stderr
        kapi-lsp: note: skipping proj/bin.c: binary file
        kapi-lsp: note: skipping proj/latin1.c: not UTF-8 text
    "#]]
    .assert_eq(&run.render());
}
