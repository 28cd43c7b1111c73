//! [`Shift`] for the model and diagnostics: every source range moves by the same amount when
//! text before it changes length (incremental re-analysis).

use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::spec::*;
use kapi_syntax::impl_shift;

impl_shift!(EntrySource { range, name });
impl_shift!(SpecSource {
    comment,
    decl_name,
    signature,
    body
});
impl_shift!(ParamSpec { block, doc });
impl_shift!(ReturnSpec { src });
impl_shift!(ErrorSpec { src });
impl_shift!(SignalSpec { src });
impl_shift!(SideEffectSpec { src });
impl_shift!(StateTransitionSpec { src });
impl_shift!(ConstraintSpec { src });
impl_shift!(LockSpec { src });
impl_shift!(CapabilitySpec { src });
impl_shift!(Spec {
    src,
    capabilities,
    state_transitions,
    side_effects,
    parameters,
    return_spec,
    errors,
    locks,
    signals,
    constraints,
});
impl_shift!(TextEdit { range });
impl_shift!(Fix { edits });
impl_shift!(Diagnostic { range, fixes });
