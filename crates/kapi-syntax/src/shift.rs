//! Moving every byte range of a syntax value by the same amount, for incremental re-analysis:
//! when an edit inside one spec comment changes its length, everything after it keeps its
//! structure and only moves.

use crate::comment::DocComment;
use crate::decl::{CParam, Declaration};
use crate::file::SpecComment;
use crate::kapi::{Attr, Block, Field, Item, KapiDoc, ParamDoc, Section, Title, Token, Value};
use crate::text::TextRange;

/// A value whose byte ranges can all be moved by `delta` bytes.
pub trait Shift {
    fn shift(&mut self, delta: isize);
}

fn moved(offset: usize, delta: isize) -> usize {
    (offset as isize + delta) as usize
}

impl Shift for TextRange {
    fn shift(&mut self, delta: isize) {
        *self = self.shifted(delta);
    }
}

impl Shift for usize {
    fn shift(&mut self, delta: isize) {
        *self = moved(*self, delta);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: isize) {
        if let Some(v) = self {
            v.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: isize) {
        for v in self {
            v.shift(delta);
        }
    }
}

/// Implements [`Shift`] for a struct by shifting the listed fields.
#[macro_export]
macro_rules! impl_shift {
    ($ty:ty { $($field:ident),* $(,)? }) => {
        impl $crate::shift::Shift for $ty {
            fn shift(&mut self, delta: isize) {
                $( $crate::shift::Shift::shift(&mut self.$field, delta); )*
            }
        }
    };
}

impl_shift!(Token { range });
impl_shift!(ParamDoc { range, name, text });
impl_shift!(Field { range, key, value });
impl_shift!(Block {
    range,
    key,
    header,
    attrs
});
impl_shift!(Attr { range, key, value });
impl_shift!(Section { range, key, lines });
impl_shift!(Title {
    range,
    name,
    summary
});
impl_shift!(KapiDoc {
    lines,
    title,
    items
});
impl_shift!(DocComment {
    range,
    lines,
    after
});
impl_shift!(CParam { range, name_range });
impl_shift!(Declaration {
    name_range,
    params,
    signature,
    body
});
impl_shift!(SpecComment { comment, doc, decl });

impl Shift for Value {
    fn shift(&mut self, delta: isize) {
        self.shift_file_offsets(delta);
    }
}

impl Shift for Item {
    fn shift(&mut self, delta: isize) {
        match self {
            Item::ParamDoc(p) => p.shift(delta),
            Item::Field(f) => f.shift(delta),
            Item::Block(b) => b.shift(delta),
            Item::Section(s) => s.shift(delta),
            Item::Other(t) => t.shift(delta),
        }
    }
}
