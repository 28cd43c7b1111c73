//! Names for the numbers in a spec, shared by the plain and RST renderings: enum values and bit
//! sets through the vocabulary tables, parameter flags in their short upper-case form, and
//! ranges as "a to b", ">= a" or "<= b" (language reference §6.1).

use crate::vocab::{Vocab, VocabId};

/// The long name of an enum value (`KAPI_TYPE_FD`), or `unknown (N)`.
pub(crate) fn term(id: VocabId, value: i64) -> String {
    match Vocab::get(id).by_value(value) {
        Some(term) => term.long.to_owned(),
        None => format!("unknown ({value})"),
    }
}

/// The long names of the bits set in `bits`, in table order, then any unnamed bits as one hex
/// number. Empty when no bit is set.
pub(crate) fn bits(id: VocabId, bits: u32) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = bits;
    for term in Vocab::get(id).terms {
        let Ok(bit) = u32::try_from(term.value) else {
            continue;
        };
        if bit.is_power_of_two() && bits & bit != 0 {
            names.push(term.long.to_owned());
            rest &= !bit;
        }
    }
    if rest != 0 {
        names.push(format!("{rest:#x}"));
    }
    names
}

/// Parameter flags as IN, OUT, INOUT (when both bits are set), OPTIONAL, CONST, VOLATILE, USER,
/// DMA, ALIGNED, then any unnamed bits as one hex number.
pub(crate) fn param_flags(flags: u32) -> Vec<String> {
    const IN_OUT: u32 = 3;
    let mut names = Vec::new();
    let mut rest = flags;
    if flags & IN_OUT == IN_OUT {
        names.push("INOUT".to_owned());
        rest &= !IN_OUT;
    }
    for term in Vocab::get(VocabId::ParamFlag).terms {
        let Ok(bit) = u32::try_from(term.value) else {
            continue;
        };
        if bit.is_power_of_two() && rest & bit != 0 {
            names.push(term.long.trim_start_matches("KAPI_PARAM_").to_owned());
            rest &= !bit;
        }
    }
    if rest != 0 {
        names.push(format!("{rest:#x}"));
    }
    names
}

/// The errno name of a (negative) error code, if it has one.
pub(crate) fn errno(code: i64) -> Option<&'static str> {
    Vocab::get(VocabId::Errno).by_value(code).map(|t| t.long)
}

/// A range as "a to b", ">= a" or "<= b"; `i64::MIN`/`i64::MAX` count as unbounded (a return
/// `success: >= 0` is stored as `0..=i64::MAX`). `None` when neither end is bounded.
pub(crate) fn range(min: Option<i64>, max: Option<i64>) -> Option<String> {
    let min = min.filter(|&v| v != i64::MIN);
    let max = max.filter(|&v| v != i64::MAX);
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("{a} to {b}")),
        (Some(a), None) => Some(format!(">= {a}")),
        (None, Some(b)) => Some(format!("<= {b}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_enum_values_and_ranges() {
        assert_eq!(param_flags(0), Vec::<String>::new());
        assert_eq!(param_flags(1), ["IN"]);
        assert_eq!(param_flags(2 | 64), ["OUT", "USER"]);
        assert_eq!(param_flags(3 | 8 | 256), ["INOUT", "OPTIONAL", "ALIGNED"]);
        assert_eq!(
            param_flags(16 | 32 | 128 | 4 | 1024),
            ["CONST", "VOLATILE", "DMA", "0x404"]
        );
        assert_eq!(term(VocabId::ParamType, 9), "KAPI_TYPE_FD");
        assert_eq!(term(VocabId::LockType, 99), "unknown (99)");
        assert_eq!(
            bits(VocabId::EffectType, 4 | 16 | (1 << 20)),
            [
                "KAPI_EFFECT_MODIFY_STATE",
                "KAPI_EFFECT_FILE_POSITION",
                "0x100000"
            ]
        );
        assert_eq!(bits(VocabId::EffectType, 0), Vec::<String>::new());
        assert_eq!(errno(-22), Some("EINVAL"));
        assert_eq!(errno(0), None);
        assert_eq!(range(Some(1), Some(4096)).as_deref(), Some("1 to 4096"));
        assert_eq!(range(Some(0), Some(i64::MAX)).as_deref(), Some(">= 0"));
        assert_eq!(range(None, Some(-1)).as_deref(), Some("<= -1"));
        assert_eq!(range(None, None), None);
    }
}
