//! The spec model: the newest kernel `struct kernel_api_spec` (language reference §7) as Rust
//! data. Serialising a [`Spec`] with serde gives exactly the upstream `kapi --format json`
//! `api_details` object (§10.2-10.3); the source ranges ride along, skipped by serde.

use kapi_syntax::{ApiType, TextRange};
use serde::Serialize;

/// One API specification.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Spec {
    pub name: String,
    #[serde(skip)]
    pub api_type: ApiKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context_flags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<CapabilitySpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub state_transitions: Vec<StateTransitionSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub side_effects: Vec<SideEffectSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_spec: Option<ReturnSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<LockSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<SignalSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ConstraintSpec>,
    /// `param-count:`, if written.
    #[serde(skip)]
    pub param_count: Option<u32>,
    #[serde(skip)]
    pub src: SpecSource,
}

/// Where a spec lives in its file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecSource {
    /// The whole `/** ... */` comment.
    pub comment: TextRange,
    /// The declared name (`frob` in `SYSCALL_DEFINE3(frob, ...)`, or the function name).
    pub decl_name: TextRange,
    /// The declaration's signature, from its first token to the closing `)`.
    pub signature: TextRange,
    /// The function body, for definitions.
    pub body: Option<TextRange>,
}

/// The API type, as upstream names it (`api_type` in the JSON list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ApiKind {
    Syscall,
    Ioctl,
    #[default]
    Function,
}

impl ApiKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Syscall => "syscall",
            ApiKind::Ioctl => "ioctl",
            ApiKind::Function => "function",
        }
    }
}

impl From<ApiType> for ApiKind {
    fn from(t: ApiType) -> ApiKind {
        match t {
            ApiType::Syscall => ApiKind::Syscall,
            ApiType::Ioctl => ApiKind::Ioctl,
            ApiType::Function => ApiKind::Function,
        }
    }
}

/// Source ranges of one entry (a block, or an `@name` line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntrySource {
    /// The whole block (header and attributes), or the `@name:` line.
    pub range: TextRange,
    /// The entry's name token (`fd` in `param: fd`, `EINVAL` in `error: EINVAL, ...`).
    pub name: TextRange,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ParamSpec {
    pub index: u32,
    pub name: String,
    pub type_name: String,
    pub description: String,
    pub flags: u32,
    pub param_type: u32,
    pub constraint_type: u32,
    pub constraint: Option<String>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub valid_mask: Option<u64>,
    pub enum_values: Vec<String>,
    pub size: Option<u32>,
    pub alignment: Option<u32>,
    pub size_param_idx: Option<u32>,
    /// The `param:` block, if there is one.
    #[serde(skip)]
    pub block: Option<EntrySource>,
    /// The `@name:` line, if there is one.
    #[serde(skip)]
    pub doc: Option<EntrySource>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReturnSpec {
    pub type_name: String,
    pub description: String,
    pub return_type: u32,
    pub check_type: u32,
    pub success_value: Option<i64>,
    pub success_min: Option<i64>,
    pub success_max: Option<i64>,
    pub error_values: Vec<i32>,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ErrorSpec {
    pub error_code: i32,
    pub name: String,
    pub condition: String,
    pub description: String,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SignalSpec {
    pub signal_num: i32,
    pub signal_name: String,
    pub direction: u32,
    pub action: u32,
    pub target: Option<String>,
    pub condition: Option<String>,
    pub description: Option<String>,
    pub timing: u32,
    pub priority: u32,
    pub restartable: bool,
    pub interruptible: bool,
    pub queue: Option<String>,
    pub sa_flags: u32,
    pub sa_flags_required: u32,
    pub sa_flags_forbidden: u32,
    pub state_required: u32,
    pub state_forbidden: u32,
    pub error_on_signal: Option<i32>,
    pub transform_to: Option<i32>,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SideEffectSpec {
    pub effect_type: u32,
    pub target: String,
    pub condition: Option<String>,
    pub description: String,
    pub reversible: bool,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StateTransitionSpec {
    pub object: String,
    pub from_state: String,
    pub to_state: String,
    pub condition: Option<String>,
    pub description: String,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConstraintSpec {
    pub name: String,
    pub description: String,
    pub expression: Option<String>,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LockSpec {
    pub lock_name: String,
    pub lock_type: u32,
    pub scope: u32,
    pub description: String,
    #[serde(skip)]
    pub src: EntrySource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CapabilitySpec {
    pub capability: i32,
    pub name: String,
    pub action: String,
    pub allows: String,
    pub without_cap: String,
    pub check_condition: Option<String>,
    pub priority: Option<u8>,
    pub alternatives: Vec<i32>,
    #[serde(skip)]
    pub src: EntrySource,
}
