//! Guessing a parameter's KAPI `type:` line from its C declaration. Completion uses it for the
//! `param:` block snippets and the spec skeleton; the "add missing param: block" quick fix can
//! use it too, so the two always agree.

use kapi_syntax::CParam;

/// A guessed `type:` value: the KAPI type's short form and its flags' short forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InferredType {
    pub kapi_type: &'static str,
    pub flags: Vec<&'static str>,
}

impl InferredType {
    /// The value of a `type:` line: `user_ptr, output`.
    pub fn to_value(&self) -> String {
        let mut out = self.kapi_type.to_string();
        for flag in &self.flags {
            out.push_str(", ");
            out.push_str(flag);
        }
        out
    }
}

/// Guesses the KAPI type of a C parameter from its type (as [`kapi_syntax::CParam::ty`] gives
/// it, e.g. `const char __user *`) and its name.
///
/// Integer types become `int` or `uint`, and an integer named like a file descriptor (`fd`,
/// `dfd`, `oldfd`, `out_fd`) becomes `fd`, all with `input`. A `__user` pointer becomes
/// `user_ptr`, `input` when it points to `const` and `output` otherwise, except that a
/// `const char __user *` with a path-like name (`path`, `filename`, `pathname`, `name`,
/// `oldpath`, ...) becomes `path, input`. Other pointers become `ptr` (`input` when `const`).
pub fn infer_param_type(ty: &str, name: &str) -> InferredType {
    let words: Vec<&str> = ty
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let is_const = has("const");
    let pointer = ty.contains('*');
    let done = |kapi_type, flags: &[&'static str]| InferredType {
        kapi_type,
        flags: flags.to_vec(),
    };

    if ty.contains("(*") {
        return done("func_ptr", &[]);
    }
    if pointer && has("__user") {
        if is_const && has("char") && is_path_name(name) {
            return done("path", &["input"]);
        }
        return done("user_ptr", if is_const { &["input"] } else { &["output"] });
    }
    // compat syscalls pass user pointers as integers of this type; the direction is unknown.
    if !pointer && has("compat_uptr_t") {
        return done("user_ptr", &[]);
    }
    if pointer {
        return done("ptr", if is_const { &["input"] } else { &[] });
    }
    if ty.contains('[') {
        return done("array", if is_const { &["input"] } else { &[] });
    }
    match words
        .iter()
        .find(|w| matches!(**w, "struct" | "union" | "enum"))
    {
        Some(&"struct") => return done("struct", &["input"]),
        Some(&"union") => return done("union", &["input"]),
        Some(&"enum") => return done("enum", &["input"]),
        _ => {}
    }
    if is_fd_name(name) {
        return done("fd", &["input"]);
    }
    if is_unsigned(&words) {
        return done("uint", &["input"]);
    }
    done("int", &["input"])
}

/// [`infer_param_type`] for parameter `index` of a whole signature. One correction needs the
/// other parameters: a `const char __user *name` is a path only when no other parameter is
/// one (`acct(name)`); next to a path it is a plain string (`setxattr(pathname, name, ...)`,
/// where `name` names the attribute).
pub fn infer_in_signature(params: &[CParam], index: usize) -> InferredType {
    let param = &params[index];
    let inferred = infer_param_type(&param.ty, &param.name);
    let is_path = |p: &CParam| infer_param_type(&p.ty, &p.name).kapi_type == "path";
    let other_path = params
        .iter()
        .enumerate()
        .any(|(i, p)| i != index && is_path(p));
    if inferred.kapi_type == "path" && param.name == "name" && other_path {
        return InferredType {
            kapi_type: "user_ptr",
            flags: vec!["input"],
        };
    }
    inferred
}

/// Integer type names that are unsigned. Anything else that is not a pointer, struct, union or
/// enum is taken for a signed integer (`int`, `long`, `pid_t`, `loff_t`, unknown typedefs).
fn is_unsigned(words: &[&str]) -> bool {
    const UNSIGNED: &[&str] = &[
        "unsigned",
        "size_t",
        "__kernel_size_t",
        "u8",
        "u16",
        "u32",
        "u64",
        "__u8",
        "__u16",
        "__u32",
        "__u64",
        "uint8_t",
        "uint16_t",
        "uint32_t",
        "uint64_t",
        "uintptr_t",
        "uint",
        "ulong",
        "ushort",
        "uchar",
        "umode_t",
        "mode_t",
        "uid_t",
        "gid_t",
        "qid_t",
        "dev_t",
        "gfp_t",
        "fmode_t",
        "ino_t",
        "__le16",
        "__le32",
        "__le64",
        "__be16",
        "__be32",
        "__be64",
        "aio_context_t",
        "cpumask_t",
        "sector_t",
        "blkcnt_t",
        "nfds_t",
        "socklen_t",
        "bool",
        "_Bool",
    ];
    words.iter().any(|w| UNSIGNED.contains(w))
}

/// `fd`, `dfd`, `oldfd`, `epfd`, `out_fd`, `fd_in`: a name that holds a file descriptor.
fn is_fd_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "fd"
        || lower.ends_with("fd") && lower.len() <= 6
        || lower.ends_with("_fd")
        || lower.starts_with("fd_")
}

/// A name that usually holds a pathname.
fn is_path_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "path" | "filename" | "pathname" | "name" | "oldname" | "newname"
    ) || ["path", "pathname", "filename"]
        .iter()
        .any(|s| lower.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(ty: &str, name: &str) -> String {
        infer_param_type(ty, name).to_value()
    }

    #[test]
    fn integers_and_file_descriptors() {
        assert_eq!(infer("int", "flags"), "int, input");
        assert_eq!(infer("long", "arg"), "int, input");
        assert_eq!(infer("loff_t", "offset"), "int, input");
        assert_eq!(infer("unsigned int", "cmd"), "uint, input");
        assert_eq!(infer("unsigned long", "len"), "uint, input");
        assert_eq!(infer("size_t", "count"), "uint, input");
        assert_eq!(infer("u32", "mask"), "uint, input");
        assert_eq!(infer("const int", "x"), "int, input");
        assert_eq!(infer("int", "fd"), "fd, input");
        assert_eq!(infer("unsigned int", "fd"), "fd, input");
        assert_eq!(infer("int", "dfd"), "fd, input");
        assert_eq!(infer("int", "oldfd"), "fd, input");
        assert_eq!(infer("int", "epfd"), "fd, input");
        assert_eq!(infer("int", "out_fd"), "fd, input");
        // Not every name ending in "fd" is a descriptor, and an fd is never a pointer.
        assert_eq!(infer("int", "nr_userfd"), "int, input");
        assert_eq!(infer("int __user *", "fd"), "user_ptr, output");
    }

    #[test]
    fn a_name_next_to_a_path_is_a_string() {
        let param = |ty: &str, name: &str| CParam {
            ty: ty.to_string(),
            name: name.to_string(),
            range: Default::default(),
            name_range: Default::default(),
        };
        let setxattr = [
            param("const char __user *", "pathname"),
            param("const char __user *", "name"),
        ];
        assert_eq!(infer_in_signature(&setxattr, 0).to_value(), "path, input");
        assert_eq!(
            infer_in_signature(&setxattr, 1).to_value(),
            "user_ptr, input"
        );
        let acct = [param("const char __user *", "name")];
        assert_eq!(infer_in_signature(&acct, 0).to_value(), "path, input");
    }

    #[test]
    fn pointers() {
        assert_eq!(infer("char __user *", "buf"), "user_ptr, output");
        assert_eq!(infer("const void __user *", "buf"), "user_ptr, input");
        assert_eq!(infer("const char __user *", "filename"), "path, input");
        assert_eq!(infer("const char __user *", "pathname"), "path, input");
        assert_eq!(infer("const char __user *", "oldpath"), "path, input");
        assert_eq!(infer("const char __user *", "name"), "path, input");
        assert_eq!(infer("char __user *", "path"), "user_ptr, output");
        assert_eq!(infer("const char __user *", "value"), "user_ptr, input");
        assert_eq!(
            infer("const char __user *const __user *", "argv"),
            "user_ptr, input"
        );
        assert_eq!(infer("struct widget *", "w"), "ptr");
        assert_eq!(infer("const struct widget *", "w"), "ptr, input");
        assert_eq!(infer("int (*)(void *)", "cb"), "func_ptr");
        assert_eq!(infer("compat_uptr_t", "p"), "user_ptr");
        assert_eq!(infer("int[2]", "fds"), "array");
        assert_eq!(infer("struct timespec64", "ts"), "struct, input");
        assert_eq!(infer("enum pid_type", "type"), "enum, input");
    }
}
