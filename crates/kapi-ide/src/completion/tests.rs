//! Completion tests: inline C fixtures with a `$0` cursor, snapshots of the items offered.

use super::*;
use crate::cursor::fixture;
use expect_test::{expect, Expect};

fn completions(text: &str) -> (Vec<CompletionItem>, String) {
    let (analysis, file, offset) = fixture(&[("/w/a.c", text)]);
    let mut items = analysis.completions(file, offset);
    // The order a client shows them in.
    items.sort_by(|a, b| (&a.sort_text, &a.label).cmp(&(&b.sort_text, &b.label)));
    (items, text.replace("$0", ""))
}

/// Labels only, in client order, several per line.
fn check_labels(fixture: &str, expect: Expect) {
    let (items, _) = completions(fixture);
    let mut out = String::new();
    let mut line = String::new();
    for item in &items {
        if !line.is_empty() && line.len() + item.label.len() > 90 {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
        line.push_str(&item.label);
        line.push(' ');
    }
    out.push_str(line.trim_end());
    expect.assert_eq(&out);
}

/// Every item in full: the replaced text once, then label, kind, detail and insert text.
fn check_items(fixture: &str, expect: Expect) {
    let (items, text) = completions(fixture);
    let mut out = String::new();
    if let Some(first) = items.first() {
        assert!(
            items.iter().all(|i| i.replace == first.replace),
            "one replace range"
        );
        out.push_str(&format!("replace {:?}\n", first.replace.slice(&text)));
    }
    for item in &items {
        out.push_str(&format!(
            "{} [{:?}{}] {:?}{}\n",
            item.label,
            item.kind,
            if item.snippet { ", snippet" } else { "" },
            item.insert,
            item.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
        ));
    }
    expect.assert_eq(&out);
}

/// A syscall spec being written: the cursor line is spliced into the comment at `$0`.
fn spec_with(line: &str) -> String {
    format!(
        r#"/**
 * sys_frob - Frobnicate a buffer
 * @fd: File descriptor
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 *
{line}
 */
SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, len)
{{
	return 0;
}}
"#
    )
}

#[test]
fn top_level_keys_on_a_non_indented_line() {
    // `contexts:` is already there, so it is not offered again; `param:` is repeatable. The
    // block snippets follow the keys, one for each parameter that has no block yet.
    check_items(
        &spec_with(" * con$0"),
        expect![[r#"
            replace "con"
            param [Key] "param: "
            error [Key] "error: "
            return [Key] "return:"
            lock [Key] "lock: "
            signal [Key] "signal: "
            capability [Key] "capability: "
            side-effect [Key] "side-effect: "
            state-trans [Key] "state-trans: "
            constraint [Key] "constraint: "
            long-desc [Key] "long-desc: "
            notes [Key] "notes: "
            examples [Key] "examples: "
            param-count [Key] "param-count: "
            context-flags [Key] "context-flags: "
            param: buf [Snippet, snippet] "param: buf\n *   type: ${1:user_ptr, output}$0" (param: block for `char __user *buf`)
            param: len [Snippet, snippet] "param: len\n *   type: ${1:uint, input}$0" (param: block for `size_t len`)
        "#]],
    );
}

#[test]
fn key_after_a_bare_star_gets_a_space() {
    // ` *` with nothing after the star: the key must not be glued to it, and the snippet's
    // continuation lines must still be indented by two spaces after ` * `.
    let (items, text) = completions(&spec_with(" *$0"));
    let param = items.iter().find(|i| i.label == "param").unwrap();
    assert_eq!(param.insert, " param: ");
    assert!(param.replace.is_empty());
    let snippet = items.iter().find(|i| i.label == "param: len").unwrap();
    assert_eq!(snippet.insert, " param: len\n *   type: ${1:uint, input}$0");
    assert_eq!(
        &text[snippet.replace.start - 2..snippet.replace.start],
        " *"
    );
}

#[test]
fn param_snippet_follows_the_neighbouring_indentation() {
    let fixture = "/**\n * frob - x\n *\n * contexts: process\n *\n * param: a\n *\ttype: int\n *\n * $0\n */\nint frob(int a, const char __user *path)\n{\n}\n";
    check_items(
        fixture,
        expect![[r#"
            replace ""
            param [Key] "param: "
            error [Key] "error: "
            return [Key] "return:"
            lock [Key] "lock: "
            signal [Key] "signal: "
            capability [Key] "capability: "
            side-effect [Key] "side-effect: "
            state-trans [Key] "state-trans: "
            constraint [Key] "constraint: "
            long-desc [Key] "long-desc: "
            notes [Key] "notes: "
            examples [Key] "examples: "
            param-count [Key] "param-count: "
            context-flags [Key] "context-flags: "
            param: path [Snippet, snippet] "param: path\n *\ttype: ${1:path, input}$0" (param: block for `const char __user *path`)
        "#]],
    );
}

#[test]
fn sub_keys_inside_a_param_block() {
    // `type:` is written already. Handled keys first, then alternative spellings, then the
    // keys only the Python path reads.
    check_items(
        " /**\n * sys_frob - x\n *\n * contexts: process\n *\n * param: fd\n *   type: fd\n *   c$0\n */\nSYSCALL_DEFINE1(frob, int, fd)\n{\n}\n",
        expect![[r#"
            replace "c"
            flags [Key] "flags: "
            constraint-type [Key] "constraint-type: "
            cdesc [Key] "cdesc: "
            range [Key] "range: "
            size-param [Key] "size-param: "
            desc [Key] "desc: "
            constraint [Key] "constraint: "
            description [Key] "description: "
            size [Key] "size: " (ignored by the Rust kapi tool)
            mask [Key] "mask: " (ignored by the Rust kapi tool)
            valid-mask [Key] "valid-mask: " (ignored by the Rust kapi tool)
            valid-values [Key] "valid-values: " (ignored by the Rust kapi tool)
            alignment [Key] "alignment: " (ignored by the Rust kapi tool)
            struct-type [Key] "struct-type: " (ignored by the Rust kapi tool)
            arch-mask [Key] "arch-mask: " (ignored by the Rust kapi tool)
        "#]],
    );
}

#[test]
fn sub_keys_of_each_block_kind_after_blank_lines() {
    // Blank lines never close a block; the nearest non-indented line decides.
    let block = |header: &str| {
        format!("/**\n * f - x\n *\n * contexts: process\n *\n * {header}\n *\n *   $0\n */\nint f(void);\n")
    };
    check_labels(
        &block("lock: l"),
        expect!["type scope acquired released desc held-on-entry held-on-exit"],
    );
    check_labels(
        &block("return:"),
        expect!["type check-type success desc success-range error-values"],
    );
    check_labels(&block("error: EINVAL, bad"), expect!["desc condition"]);
    check_labels(
        &block("capability: CAP_SYS_ADMIN"),
        expect!["type allows without condition priority desc"],
    );
    check_labels(
        &block("side-effect: alloc_memory"),
        expect!["target desc condition reversible"],
    );
    check_labels(
        &block("state-trans: file"),
        expect!["object from to condition desc"],
    );
    check_labels(&block("constraint: c"), expect!["desc expr"]);
    check_labels(
        &block("signal: SIGINT"),
        expect![[r#"
            direction action condition desc errno timing priority restartable interruptible number
            target queue transform-to sa-flags-required sa-flags-forbidden state-required
            state-forbidden queue_behavior transform transform_to sa_flags_required sa_flags_forbidden
            state_required state_forbidden"#]],
    );
    // Flat forms take no sub-keys, and neither does an indented line under a section.
    check_labels(
        &block("side-effect: alloc_memory, buf, Allocates"),
        expect![""],
    );
    check_labels(
        &block("state-trans: file, open, closed, Closes"),
        expect![""],
    );
    check_labels(&block("long-desc: text"), expect![""]);
}

#[test]
fn param_type_then_flags() {
    check_items(
        &spec_with(" * param: buf\n *   type:$0"),
        expect![[r#"
            replace ""
            void [Value] " void" (KAPI_TYPE_VOID)
            int [Value] " int" (KAPI_TYPE_INT)
            uint [Value] " uint" (KAPI_TYPE_UINT)
            ptr [Value] " ptr" (KAPI_TYPE_PTR)
            struct [Value] " struct" (KAPI_TYPE_STRUCT)
            union [Value] " union" (KAPI_TYPE_UNION)
            enum [Value] " enum" (KAPI_TYPE_ENUM)
            func_ptr [Value] " func_ptr" (KAPI_TYPE_FUNC_PTR)
            array [Value] " array" (KAPI_TYPE_ARRAY)
            fd [Value] " fd" (KAPI_TYPE_FD)
            user_ptr [Value] " user_ptr" (KAPI_TYPE_USER_PTR)
            path [Value] " path" (KAPI_TYPE_PATH)
            custom [Value] " custom" (KAPI_TYPE_CUSTOM)
        "#]],
    );
    // After a comma: flags, without the ones already listed.
    check_items(
        &spec_with(" * param: buf\n *   type: user_ptr, input, us$0"),
        expect![[r#"
            replace "us"
            output [Value] "output" (KAPI_PARAM_OUT)
            inout [Value] "inout" (KAPI_PARAM_INOUT)
            optional [Value] "optional" (KAPI_PARAM_OPTIONAL)
            const [Value] "const" (KAPI_PARAM_CONST)
            volatile [Value] "volatile" (KAPI_PARAM_VOLATILE)
            user [Value] "user" (KAPI_PARAM_USER)
            dma [Value] "dma" (KAPI_PARAM_DMA)
            aligned [Value] "aligned" (KAPI_PARAM_ALIGNED)
        "#]],
    );
    check_labels(
        &spec_with(" * param: buf\n *   flags: KAPI_PARAM_IN |$0"),
        expect!["output inout optional const volatile user dma aligned"],
    );
    // Two words in one part: not a place for a value.
    check_labels(
        &spec_with(" * param: buf\n *   type: user ptr$0"),
        expect![""],
    );
}

#[test]
fn constraint_forms_are_snippets() {
    check_items(
        &spec_with(" * param: len\n *   constraint-type: r$0"),
        expect![[r#"
            replace "r"
            range [Function, snippet] "range(${1:min}, ${2:max})" (range(min, max))
            mask [Function, snippet] "mask(${1:valid_bits})" (mask(valid_bits))
            enum [Function, snippet] "enum(${1:value1}, ${2:value2})" (enum(value1, value2))
            alignment [Function, snippet] "alignment(${1:bytes})" (alignment(bytes))
            power_of_two [Function, snippet] "power_of_two" (power_of_two)
            page_aligned [Function, snippet] "page_aligned" (page_aligned)
            nonzero [Function, snippet] "nonzero" (nonzero)
            user_string [Function, snippet] "user_string(${1:size})" (user_string(size))
            user_path [Function, snippet] "user_path" (user_path)
            user_ptr [Function, snippet] "user_ptr" (user_ptr)
            buffer [Function, snippet] "buffer(${1:size_param_index})" (buffer(size_param_index))
            custom [Function, snippet] "custom(${1:check_fn})" (custom(check_fn))
        "#]],
    );
    // Inside the arguments there is nothing to offer.
    check_labels(
        &spec_with(" * param: len\n *   constraint-type: range($0"),
        expect![""],
    );
}

#[test]
fn contexts_short_and_long_forms() {
    let fixture =
        "/**\n * f - x\n *\n * contexts: process, $0\n *\n * param: a\n */\nint f(int a);\n";
    check_labels(
        fixture,
        expect!["softirq hardirq nmi atomic sleepable preempt_disabled irq_disabled"],
    );
    let fixture = "/**\n * f - x\n *\n * context-flags: KAPI_CTX_PROCESS | KAPI_CTX_S$0\n *\n * param: a\n */\nint f(int a);\n";
    check_items(
        fixture,
        expect![[r#"
            replace "KAPI_CTX_S"
            KAPI_CTX_SOFTIRQ [Value] "KAPI_CTX_SOFTIRQ" (Callable from softirq (bottom-half) context.)
            KAPI_CTX_HARDIRQ [Value] "KAPI_CTX_HARDIRQ" (Callable from hard interrupt context.)
            KAPI_CTX_NMI [Value] "KAPI_CTX_NMI" (Callable from NMI context.)
            KAPI_CTX_ATOMIC [Value] "KAPI_CTX_ATOMIC" (Callable in atomic context: the API does not sleep.)
            KAPI_CTX_SLEEPABLE [Value] "KAPI_CTX_SLEEPABLE" (May sleep: the caller must be in a context that allows sleeping.)
            KAPI_CTX_PREEMPT_DISABLED [Value] "KAPI_CTX_PREEMPT_DISABLED" (Callable with preemption disabled.)
            KAPI_CTX_IRQ_DISABLED [Value] "KAPI_CTX_IRQ_DISABLED" (Callable with local interrupts disabled.)
        "#]],
    );
}

#[test]
fn values_of_the_other_keys() {
    let at = |block: &str, line: &str| {
        format!("/**\n * f - x\n *\n * contexts: process\n *\n * {block}\n *   {line}$0\n */\nint f(int a);\n")
    };
    check_labels(
        &at("lock: l", "type: "),
        expect!["none mutex spinlock rwlock seqlock rcu semaphore custom"],
    );
    check_labels(
        &at("lock: l", "scope: "),
        expect!["internal acquires releases caller_held"],
    );
    check_labels(&at("lock: l", "acquired: "), expect!["yes no"]);
    check_labels(&at("lock: l", "released: y"), expect!["yes no"]);
    check_labels(
        &at("return:", "check-type: "),
        expect!["exact range error_check fd custom no_return"],
    );
    check_labels(
        &at("return:", "type: "),
        expect!["void int uint ptr struct union enum func_ptr array fd user_ptr path custom"],
    );
    check_labels(
        &at("signal: SIGINT", "direction: "),
        expect!["receive send handle block ignore"],
    );
    check_labels(
        &at("signal: SIGINT", "action: "),
        expect![
            "default terminate coredump stop continue custom return restart queue discard transform"
        ],
    );
    check_labels(
        &at("signal: SIGINT", "timing: "),
        expect!["before during after"],
    );
    check_labels(&at("signal: SIGINT", "restartable: "), expect!["yes no"]);
    check_labels(&at("signal: SIGINT", "interruptible: "), expect!["yes no"]);
    check_labels(
        &at("signal: SIGINT", "queue: "),
        expect!["standard realtime coalesce replace discard"],
    );
    check_labels(
        &at("signal: SIGINT", "state-required: running | "),
        expect!["sleeping stopped traced zombie dead"],
    );
    check_labels(
        &at("capability: CAP_SYS_ADMIN", "type: "),
        expect![[r#"
            bypass_check increase_limit override_restriction grant_permission modify_behavior
            access_resource perform_operation"#]],
    );
    check_labels(
        &at("side-effect: alloc_memory", "reversible: "),
        expect!["yes no"],
    );
    // Free text gets nothing.
    check_labels(&at("error: EINVAL, bad", "desc: "), expect![""]);
    check_labels(&at("lock: l", "desc: "), expect![""]);
}

#[test]
fn values_of_block_headers() {
    let at = |line: &str| {
        format!("/**\n * f - x\n *\n * contexts: process\n *\n * {line}$0\n */\nint f(int a);\n")
    };
    check_labels(
        &at("side-effect: alloc_memory | "),
        expect![[r#"
            none free_memory modify_state signal_send file_position lock_acquire lock_release
            resource_create resource_destroy schedule hardware network filesystem process_state
            irreversible"#]],
    );
    check_labels(
        &at("lock: my_lock, "),
        expect!["none mutex spinlock rwlock seqlock rcu semaphore custom"],
    );
    // A lock's name and an error's summary are free text.
    check_labels(&at("lock: "), expect![""]);
    check_labels(&at("error: EINVAL, "), expect![""]);
    check_labels(&at("signal: "), expect![""]);
}

/// Labels whose first letters are the partial word, as a client filters them.
fn check_filtered(fixture: &str, expect: Expect) -> usize {
    let (items, text) = completions(fixture);
    let typed = items
        .first()
        .map(|i| i.replace.slice(&text).to_string())
        .unwrap_or_default();
    let shown: Vec<String> = items
        .iter()
        .filter(|i| i.label.starts_with(&typed))
        .map(|i| {
            format!(
                "{} [{:?}] ({})",
                i.label,
                i.kind,
                i.detail.as_deref().unwrap_or("")
            )
        })
        .collect();
    expect.assert_eq(&shown.join("\n"));
    items.len()
}

#[test]
fn errno_names_with_their_meaning() {
    let at = |line: &str| {
        format!("/**\n * f - x\n *\n * contexts: process\n *\n * {line}$0\n */\nint f(int a);\n")
    };
    // Names the upstream tool maps to 0 sort after the ones it knows (ECANCELED is one).
    let total = check_filtered(
        &at("error: EC"),
        expect![[r#"
            ECHILD [Constant] (No child processes.)
            ECONNABORTED [Constant] (Software caused connection abort.)
            ECONNRESET [Constant] (Connection reset by peer.)
            ECONNREFUSED [Constant] (Connection refused.)
            ECHRNG [Constant] (Channel number out of range.)
            ECOMM [Constant] (Communication error on send.)
            ECANCELED [Constant] (Operation canceled.)"#]],
    );
    assert_eq!(total, Vocab::get(VocabId::Errno).terms.len());
    check_filtered(
        "/**\n * f - x\n *\n * contexts: process\n *\n * signal: SIGINT\n *   errno: -EINT$0\n */\nint f(int a);\n",
        expect!["EINTR [Constant] (Interrupted system call: a signal arrived before the call completed.)"],
    );
    check_filtered(
        &at("capability: CAP_SYS_A"),
        expect![[r#"
            CAP_SYS_ADMIN [Constant] (Broad system administration: mount, sethostname, quotactl, swapon, many ioctls and more.)"#]],
    );
}

#[test]
fn parameter_names_without_a_block_first() {
    check_items(
        &spec_with(" * param: $0"),
        expect![[r#"
            replace ""
            buf [Param] "buf" (char __user *)
            len [Param] "len" (size_t)
            fd [Param] "fd" (unsigned int)
        "#]],
    );
    // `param:` with no space yet: the name gets one.
    let (items, _) = completions(&spec_with(" * param:l$0"));
    assert_eq!(
        items.iter().find(|i| i.label == "len").unwrap().insert,
        " len"
    );
    // `@` lines: the names not documented yet.
    check_items(
        &spec_with(" * @b$0"),
        expect![[r#"
            replace "b"
            buf [Param] "buf: " (char __user *)
            len [Param] "len: " (size_t)
        "#]],
    );
}

#[test]
fn a_plain_kerneldoc_comment_above_a_function_can_start_a_spec() {
    // Only once a word is typed: an empty line of plain kerneldoc stays quiet.
    let (items, _) =
        completions("/**\n * f - Do f\n * @a: a thing\n *\n * $0\n */\nint f(int a);\n");
    assert!(items.is_empty(), "{items:#?}");
    let fixture = "/**\n * f - Do f\n * @a: a thing\n *\n * c$0\n */\nint f(int a);\n";
    check_labels(
        fixture,
        expect![[r#"
            contexts param error return lock signal capability side-effect state-trans constraint
            long-desc notes examples param-count context-flags param: a"#]],
    );
}

#[test]
fn nothing_outside_spec_comments() {
    let spec = spec_with(" * $0");
    let clean = spec.replace("$0", "");
    // In code, in comments that are not kerneldoc, on the title line, in the `/**` and `*/`
    // lines, in the ` * ` margin, and past the end of the text.
    for fixture in [
        clean.replace("\treturn 0;", "\tret$0urn 0;"),
        format!("{clean}/* con$0 */\n"),
        format!("{clean}/*\n * con$0\n */\n"),
        format!("{clean}// con$0\n"),
        clean.replace("sys_frob - ", "con$0"),
        clean.replacen("/**", "/*$0*", 1),
        clean.replace(" */\nSYSCALL", " *$0/\nSYSCALL"),
        clean.replace(" * contexts:", "$0 * contexts:"),
        // A kerneldoc comment with no KAPI key that documents nothing.
        format!("{clean}/**\n * note - x\n *\n * con$0\n */\n"),
    ] {
        let (items, _) = completions(&fixture);
        assert!(items.is_empty(), "{fixture}\n{items:#?}");
    }
    let (analysis, file, _) = fixture(&[("/w/a.c", &spec)]);
    assert!(analysis.completions(file, clean.len() + 1).is_empty());
    assert!(analysis.completions(file, usize::MAX).is_empty());
    assert!(analysis.completions(crate::FileId(99), 0).is_empty());
}

#[test]
fn non_ascii_text_before_the_cursor() {
    // The summary and an `@` line hold multi-byte text; the cursor line itself too.
    let fixture = "/**\n * f - Frobnique l'été 中文 😀\n * @a: ünïcödé\n *\n * contexts: process\n *\n * param: a\n *   type: é, $0\n */\nint f(int a);\n";
    let (items, text) = completions(fixture);
    assert_eq!(items.first().map(|i| i.label.as_str()), Some("input"));
    assert!(items[0].replace.is_empty());
    assert_eq!(
        &text[items[0].replace.start - 2..items[0].replace.start],
        ", "
    );
    // Every offset, including those inside a multi-byte character, answers without panicking.
    let (analysis, file, _) = crate::cursor::fixture(&[("/w/a.c", fixture)]);
    for offset in 0..=text.len() + 2 {
        let _ = analysis.completions(file, offset);
    }
}

#[test]
fn skeleton_for_a_syscall() {
    let fixture = "int x;\n\n/**$0\nSYSCALL_DEFINE3(frob, unsigned int, fd, const char __user *, filename,\n\t\tsize_t, len)\n{\n\treturn 0;\n}\n";
    let (items, text) = completions(fixture);
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.label, "/** KAPI spec: sys_frob */");
    assert_eq!((item.kind, item.snippet), (CompletionKind::Snippet, true));
    assert_eq!(item.replace.slice(&text), "/**");
    expect![[r#"
        /**
         * sys_frob - ${1:summary}
         * @fd: ${2:description}
         * @filename: ${3:description}
         * @len: ${4:description}
         *
         * contexts: ${5:process, sleepable}
         *
         * param: fd
         *   type: fd, input
         *
         * param: filename
         *   type: path, input
         *
         * param: len
         *   type: uint, input
         *
         * return:
         *   type: int
         *   check-type: error_check
         *
         * error: ${6:EINVAL}, ${7:condition}
         */"#]]
    .assert_eq(&item.insert);
    // The skeleton, once filled in, is a spec that the syntax layer detects and attaches.
    let filled = text.replacen("/**", &snippet_plain(&item.insert), 1);
    let parsed = kapi_syntax::parse_file(&filled);
    assert_eq!(parsed.specs.len(), 1);
    assert!(parsed.specs[0].doc.detection.is_spec());
    assert_eq!(
        parsed.specs[0].decl.as_ref().map(|d| d.name.as_str()),
        Some("sys_frob")
    );
}

#[test]
fn skeleton_for_a_void_function_and_an_auto_closed_opener() {
    // Editors often auto-close `/**` to `/** */`; the whole opener is replaced. No return block
    // for void, and an indented `/**` keeps its indentation.
    let fixture = "/** $0*/\nstatic void widget_free(struct widget *w)\n{\n}\n";
    let (items, text) = completions(fixture);
    assert_eq!(items[0].replace.slice(&text), "/** */");
    expect![[r#"
        /**
         * widget_free - ${1:summary}
         * @w: ${2:description}
         *
         * contexts: ${3:process, sleepable}
         *
         * param: w
         *   type: ptr
         *
         * error: ${4:EINVAL}, ${5:condition}
         */"#]]
    .assert_eq(&items[0].insert);
    let (items, _) = completions("/**$0\nstruct widget *widget_get(unsigned long id);\n");
    expect![[r#"
        /**
         * widget_get - ${1:summary}
         * @id: ${2:description}
         *
         * contexts: ${3:process, sleepable}
         *
         * param: id
         *   type: uint, input
         *
         * return:
         *   type: ptr
         *   check-type: ${4:exact}
         *
         * error: ${5:EINVAL}, ${6:condition}
         */"#]]
    .assert_eq(&items[0].insert);
    let (items, _) = completions("\t/**$0\n\tSYSCALL_DEFINE0(getpid)\n\t{\n\t}\n");
    expect![[r#"
        /**
        	 * sys_getpid - ${1:summary}
        	 *
        	 * contexts: ${2:process, sleepable}
        	 *
        	 * return:
        	 *   type: int
        	 *   check-type: error_check
        	 *
        	 * error: ${3:EINVAL}, ${4:condition}
        	 */"#]]
    .assert_eq(&items[0].insert);
}

#[test]
fn no_skeleton_above_an_existing_comment_or_non_declaration() {
    for fixture in [
        // The `/**` of an existing comment.
        "/**$0\n * f - x\n */\nint f(void);\n",
        // Not a declaration below.
        "/**$0\nint x = 3;\n",
        // Another comment in between.
        "/**$0\n/* old */\nint f(void);\n",
        // The cursor before the opener.
        "$0/**\nint f(void);\n",
        // Something else on the line.
        "/** x$0\nint f(void);\n",
    ] {
        let (items, _) = completions(fixture);
        assert!(
            items
                .iter()
                .all(|i| i.kind != CompletionKind::Snippet || !i.label.starts_with("/**")),
            "{fixture}"
        );
    }
}

#[test]
fn documentation_and_crlf_lines() {
    // A CRLF file: the cursor line's cleaned text stops before the `\r`.
    let fixture = spec_with(" * param: buf\n *   type: user_$0").replace('\n', "\r\n");
    let (items, text) = completions(&fixture);
    let user_ptr = items.iter().find(|i| i.label == "user_ptr").unwrap();
    assert_eq!(user_ptr.replace.slice(&text), "user_");
    let doc = user_ptr.documentation.as_deref().unwrap();
    assert!(
        doc.starts_with("**KAPI_TYPE_USER_PTR** · parameter type"),
        "{doc}"
    );
    let (items, _) = completions(&spec_with(" * param: buf\n *   $0").replace('\n', "\r\n"));
    let cdesc = items.iter().find(|i| i.label == "cdesc").unwrap();
    assert_eq!(
        cdesc.documentation.as_deref(),
        Some("Constraint text, free form, may continue on indented lines.")
    );
    let (items, _) = completions(&spec_with(" * $0").replace('\n', "\r\n"));
    let snippet = items.iter().find(|i| i.label == "param: buf").unwrap();
    assert_eq!(
        snippet.insert,
        "param: buf\n *   type: ${1:user_ptr, output}$0"
    );
}

#[test]
fn param_snippets_and_skeleton_tell_a_path_from_a_name() {
    // setxattr: `name` next to `pathname` is the attribute's name, not a path.
    let fixture = "/**\n * sys_setxattr - x\n *\n * contexts: process\n *\n * $0\n */\nSYSCALL_DEFINE2(setxattr, const char __user *, pathname, const char __user *, name)\n{\n}\n";
    let (items, _) = completions(fixture);
    let inserts: Vec<&str> = items
        .iter()
        .filter(|i| i.kind == CompletionKind::Snippet)
        .map(|i| i.insert.as_str())
        .collect();
    assert_eq!(
        inserts,
        [
            "param: pathname\n *   type: ${1:path, input}$0",
            "param: name\n *   type: ${1:user_ptr, input}$0"
        ]
    );
}
