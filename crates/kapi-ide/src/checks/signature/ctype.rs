//! Classifies a C type as written in a signature (`const char __user *`, `unsigned int`,
//! `size_t`) into the few shapes the signature rules judge, and decides whether a KAPI type can
//! describe it.
//!
//! Only types that can be classified with confidence get a shape: builtin integer types, a
//! fixed list of common kernel integer typedefs, pointers (by `*` or `[`), and structs, unions
//! and enums passed by value. Every other name (`key_serial_t`, `aio_context_t`,
//! `compat_uptr_t`, ...) is [`CType::Unknown`] and never judged: a typedef can hide anything.

/// The shape of a C type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CType {
    Void,
    Int(IntInfo),
    Pointer(PtrInfo),
    /// A struct or union passed by value.
    Record,
    /// An enum passed by value.
    Enum,
    /// A typedef or anything else this module does not know.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntInfo {
    pub unsigned: bool,
    /// Wide enough to hold an address (`long`, `unsigned long`, `size_t`, `u64`, ...). Kernel
    /// syscalls routinely pass user addresses in such integers (mmap, brk, ptrace, prctl,
    /// bpf's `u64` pointers), so a pointer-like KAPI type on one of them is not a mismatch.
    pub wide: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PtrInfo {
    /// The type carries the `__user` address-space annotation.
    pub user: bool,
    /// The pointed-to type is `const` (`const` before the first `*`).
    pub const_pointee: bool,
    pub pointee: Pointee,
}

/// What a pointer points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pointee {
    /// `char`, `signed char` or `unsigned char`: a string or a byte buffer.
    Char,
    Void,
    /// A struct or union.
    Record,
    /// A function (`void (*)(int)`).
    Func,
    /// Anything else, including another pointer and unknown typedefs.
    Other,
}

/// Words that qualify a type without changing its shape.
const QUALIFIERS: &[&str] = &[
    "const",
    "volatile",
    "restrict",
    "__restrict",
    "__restrict__",
    "register",
    "__user",
    "__iomem",
    "__percpu",
    "__rcu",
    "__force",
    "__kernel",
    "__nocast",
    "__bitwise",
    "__must_check",
    "__unused",
    "__maybe_unused",
    "__always_unused",
];

/// The words builtin integer types are made of.
const BUILTIN_INT_WORDS: &[&str] = &["signed", "unsigned", "short", "long", "int", "char"];

/// Kernel integer typedefs whose shape is the same on every architecture that matters here:
/// `(name, unsigned, wide)`.
const INT_TYPEDEFS: &[(&str, bool, bool)] = &[
    ("bool", true, false),
    ("_Bool", true, false),
    ("size_t", true, true),
    ("ssize_t", false, true),
    ("loff_t", false, true),
    ("off_t", false, true),
    ("uintptr_t", true, true),
    ("intptr_t", false, true),
    ("u8", true, false),
    ("u16", true, false),
    ("u32", true, false),
    ("u64", true, true),
    ("s8", false, false),
    ("s16", false, false),
    ("s32", false, false),
    ("s64", false, true),
    ("__u8", true, false),
    ("__u16", true, false),
    ("__u32", true, false),
    ("__u64", true, true),
    ("__s8", false, false),
    ("__s16", false, false),
    ("__s32", false, false),
    ("__s64", false, true),
    ("uint8_t", true, false),
    ("uint16_t", true, false),
    ("uint32_t", true, false),
    ("uint64_t", true, true),
    ("int8_t", false, false),
    ("int16_t", false, false),
    ("int32_t", false, false),
    ("int64_t", false, true),
    ("__le16", true, false),
    ("__le32", true, false),
    ("__le64", true, true),
    ("__be16", true, false),
    ("__be32", true, false),
    ("__be64", true, true),
    ("pid_t", false, false),
    ("uid_t", true, false),
    ("gid_t", true, false),
    ("umode_t", true, false),
    ("mode_t", true, false),
    ("gfp_t", true, false),
    ("fmode_t", true, false),
    ("dev_t", true, false),
    ("clockid_t", false, false),
    ("timer_t", false, false),
    ("mqd_t", false, false),
    ("time_t", false, true),
    ("time64_t", false, true),
    ("ktime_t", false, true),
    ("sector_t", true, true),
    ("blkcnt_t", true, true),
];

/// Splits a type into identifiers and single punctuation characters.
fn words(ty: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in ty.char_indices() {
        let word = c.is_ascii_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&ty[s..i]);
                start = None;
            }
            _ => {}
        }
        if !word && !c.is_whitespace() {
            out.push(&ty[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = start {
        out.push(&ty[s..]);
    }
    out
}

fn int_info(core: &[&str]) -> Option<IntInfo> {
    if !core.is_empty() && core.iter().all(|w| BUILTIN_INT_WORDS.contains(w)) {
        return Some(IntInfo {
            unsigned: core.contains(&"unsigned"),
            wide: core.contains(&"long"),
        });
    }
    match core {
        [one] => INT_TYPEDEFS
            .iter()
            .find(|(name, _, _)| name == one)
            .map(|&(_, unsigned, wide)| IntInfo { unsigned, wide }),
        _ => None,
    }
}

/// The shape of a C type written as in a signature (name removed).
pub fn classify(ty: &str) -> CType {
    let all = words(ty);
    let first_decl = all.iter().position(|w| matches!(*w, "*" | "[" | "("));
    let core: Vec<&str> = all[..first_decl.unwrap_or(all.len())]
        .iter()
        .copied()
        .filter(|w| !QUALIFIERS.contains(w))
        .collect();
    if let Some(at) = first_decl {
        let user = all.contains(&"__user");
        let const_pointee = all[..at].contains(&"const");
        let func = all[at] == "(" && all.get(at + 1) == Some(&"*");
        let stars = all.iter().filter(|w| **w == "*").count();
        let pointee = if func {
            Pointee::Func
        } else if stars > 1 || (stars == 1 && all.contains(&"[")) {
            Pointee::Other
        } else {
            match core.first().copied() {
                Some("struct" | "union") => Pointee::Record,
                Some("void") if core.len() == 1 => Pointee::Void,
                _ if !core.is_empty()
                    && core
                        .iter()
                        .all(|w| matches!(*w, "char" | "signed" | "unsigned"))
                    && core.contains(&"char") =>
                {
                    Pointee::Char
                }
                _ => Pointee::Other,
            }
        };
        return CType::Pointer(PtrInfo {
            user,
            const_pointee,
            pointee,
        });
    }
    match core.as_slice() {
        [] => CType::Unknown,
        ["void"] => CType::Void,
        ["struct" | "union", ..] => CType::Record,
        ["enum", ..] => CType::Enum,
        _ => int_info(&core).map_or(CType::Unknown, CType::Int),
    }
}

/// The KAPI parameter type values (language reference §5.1).
pub mod kapi {
    pub const VOID: i64 = 0;
    pub const INT: i64 = 1;
    pub const UINT: i64 = 2;
    pub const PTR: i64 = 3;
    pub const STRUCT: i64 = 4;
    pub const UNION: i64 = 5;
    pub const ENUM: i64 = 6;
    pub const FUNC_PTR: i64 = 7;
    pub const ARRAY: i64 = 8;
    pub const FD: i64 = 9;
    pub const USER_PTR: i64 = 10;
    pub const PATH: i64 = 11;
}

/// Where the C type appears; a parameter and a return value are judged slightly differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// A parameter; `compat` for `COMPAT_SYSCALL_DEFINEn`, whose 32-bit entry points carry user
    /// addresses in 32-bit integers (`u32`, `compat_uptr_t`).
    Param {
        compat: bool,
    },
    Return,
}

/// Why the KAPI type `kapi` (its numeric value) cannot describe a C type of shape `c`, or
/// `None` when it can or when the C type is not known well enough to judge. `token` is the
/// KAPI type as written, for the message.
pub fn mismatch(kapi: i64, token: &str, c: CType, at: Position) -> Option<String> {
    use self::kapi::*;
    let integer = matches!(c, CType::Int(_) | CType::Enum);
    let narrow_int = matches!(c, CType::Int(IntInfo { wide: false, .. }));
    let by_value = match c {
        CType::Record => Some("a struct or union passed by value"),
        CType::Enum => Some("an enum value"),
        _ => None,
    };
    let reason = match (kapi, c) {
        (_, CType::Unknown) => return None,
        (VOID, CType::Void) => return None,
        (VOID, _) if at == Position::Return => "this function returns a value".to_string(),
        (VOID, _) => "a parameter always has a value".to_string(),
        // A void return is the return rule's business (a `return:` block on a void function).
        (_, CType::Void) => return None,
        (INT | UINT | ENUM | FD, CType::Pointer(_)) => {
            format!("`{token}` describes an integer value and this is a pointer")
        }
        (INT | UINT | FD, CType::Record) => {
            format!("`{token}` describes an integer value and this is a struct or union passed by value")
        }
        (ENUM, CType::Record) => {
            format!("`{token}` describes an enum value and this is a struct or union")
        }
        (INT | UINT | ENUM | FD, _) => return None,
        (USER_PTR | PATH, CType::Pointer(p)) if !p.user => {
            format!("`{token}` describes a `__user` pointer into user memory and this pointer is not `__user`")
        }
        (PATH, CType::Pointer(p)) if !matches!(p.pointee, Pointee::Char | Pointee::Void) => {
            "`path` describes a user-space path string and this pointer is not a `char` pointer"
                .to_string()
        }
        (USER_PTR | PATH, CType::Pointer(_)) => return None,
        (USER_PTR | PATH, CType::Int(_)) if matches!(at, Position::Param { compat: true }) => {
            return None
        }
        (PTR | USER_PTR | PATH | FUNC_PTR | ARRAY, _) if narrow_int => {
            format!(
                "`{token}` describes a pointer and this integer is too narrow to hold an address"
            )
        }
        (PTR | USER_PTR | PATH | FUNC_PTR | ARRAY, _) if by_value.is_some() => {
            format!(
                "`{token}` describes a pointer and this is {}",
                by_value.unwrap_or_default()
            )
        }
        (STRUCT | UNION, _) if integer => {
            format!("`{token}` describes a struct or union (or a pointer to one) and this is an integer")
        }
        (STRUCT | UNION, CType::Pointer(p))
            if matches!(p.pointee, Pointee::Char | Pointee::Func | Pointee::Other) =>
        {
            format!("`{token}` describes a struct or union (or a pointer to one) and this pointer points to something else")
        }
        _ => return None,
    };
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(unsigned: bool, wide: bool) -> CType {
        CType::Int(IntInfo { unsigned, wide })
    }

    fn ptr(user: bool, const_pointee: bool, pointee: Pointee) -> CType {
        CType::Pointer(PtrInfo {
            user,
            const_pointee,
            pointee,
        })
    }

    #[test]
    fn classifies_signature_types() {
        assert_eq!(classify("unsigned int"), int(true, false));
        assert_eq!(classify("int"), int(false, false));
        assert_eq!(classify("unsigned long"), int(true, true));
        assert_eq!(classify("long long"), int(false, true));
        assert_eq!(classify("const size_t"), int(true, true));
        assert_eq!(classify("umode_t"), int(true, false));
        assert_eq!(classify("pid_t"), int(false, false));
        assert_eq!(classify("__u64"), int(true, true));
        assert_eq!(
            classify("const char __user *"),
            ptr(true, true, Pointee::Char)
        );
        assert_eq!(classify("char __user *"), ptr(true, false, Pointee::Char));
        assert_eq!(classify("void __user *"), ptr(true, false, Pointee::Void));
        assert_eq!(
            classify("struct stat __user *"),
            ptr(true, false, Pointee::Record)
        );
        assert_eq!(
            classify("const char __user *const __user *"),
            ptr(true, true, Pointee::Other)
        );
        assert_eq!(
            classify("struct widget *"),
            ptr(false, false, Pointee::Record)
        );
        assert_eq!(classify("void (*)(int)"), ptr(false, false, Pointee::Func));
        assert_eq!(classify("int[2]"), ptr(false, false, Pointee::Other));
        assert_eq!(classify("void"), CType::Void);
        assert_eq!(classify("struct timespec64"), CType::Record);
        assert_eq!(classify("enum pid_type"), CType::Enum);
        // Opaque typedefs are never judged.
        assert_eq!(classify("key_serial_t"), CType::Unknown);
        assert_eq!(classify("aio_context_t"), CType::Unknown);
        assert_eq!(classify("compat_uptr_t"), CType::Unknown);
        assert_eq!(classify("unsigned widget_t"), CType::Unknown);
    }

    #[test]
    fn verdicts() {
        use self::kapi::*;
        let param = Position::Param { compat: false };
        let m = |k, c: &str| mismatch(k, "x", classify(c), param).is_some();
        // fd accepts any integer, not a pointer.
        assert!(!m(FD, "unsigned int"));
        assert!(!m(FD, "int"));
        assert!(m(FD, "const char __user *"));
        // User types need a __user pointer, or an integer wide enough to carry an address.
        assert!(!m(USER_PTR, "char __user *"));
        assert!(m(USER_PTR, "char *"));
        assert!(!m(USER_PTR, "unsigned long"));
        assert!(m(USER_PTR, "unsigned int"));
        assert!(mismatch(
            USER_PTR,
            "x",
            classify("u32"),
            Position::Param { compat: true }
        )
        .is_none());
        assert!(m(PATH, "struct stat __user *"));
        assert!(!m(PATH, "const char __user *"));
        // ptr on an integer.
        assert!(m(PTR, "int"));
        assert!(!m(PTR, "unsigned long"));
        assert!(!m(PTR, "struct widget *"));
        // int/uint on a pointer.
        assert!(m(INT, "struct widget *"));
        assert!(m(UINT, "void __user *"));
        assert!(!m(UINT, "size_t"));
        // struct on a pointer to a struct is fine, on a char pointer or an integer it is not.
        assert!(!m(STRUCT, "struct stat __user *"));
        assert!(!m(STRUCT, "struct timespec64"));
        assert!(!m(STRUCT, "void __user *"));
        assert!(m(STRUCT, "char __user *"));
        assert!(m(STRUCT, "int"));
        // Unknown typedefs are never judged.
        for k in [INT, UINT, PTR, STRUCT, FD, USER_PTR, PATH, VOID] {
            assert!(!m(k, "key_serial_t"), "{k}");
        }
        assert!(m(VOID, "int"));
        assert!(mismatch(VOID, "void", classify("long"), Position::Return).is_some());
        assert!(mismatch(VOID, "void", classify("void"), Position::Return).is_none());
    }
}
