//! Exports of the spec model: the upstream-compatible JSON of `kapi --format json` and the
//! readable `plain` and `rst` renderings, all as pure functions from specs to text.
//!
//! Every renderer takes the specs in source order (file path, then position in the file) and
//! returns the whole output, ending in a newline. The list renderers group the specs as upstream
//! does (syscalls, then ioctls, then functions), keeping source order within a group.

pub mod json;
mod names;
pub mod plain;
pub mod rst;

use std::fmt;
use std::str::FromStr;

use kapi_syntax::SourceFile;

use crate::spec::{ApiKind, Spec};

pub use json::{render_json, render_json_details};
pub use plain::{render_plain, render_plain_details};
pub use rst::{render_rst, render_rst_details};

/// An export format, as named on the command line (`--format json|plain|rst`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    Json,
    /// Upstream's default.
    #[default]
    Plain,
    Rst,
}

impl Format {
    /// Renders the list of APIs (no API name given).
    pub fn render_list(self, specs: &[Spec]) -> String {
        match self {
            Format::Json => render_json(specs),
            Format::Plain => render_plain(specs),
            Format::Rst => render_rst(specs),
        }
    }

    /// Renders one API in full.
    pub fn render_details(self, spec: &Spec) -> String {
        match self {
            Format::Json => render_json_details(spec),
            Format::Plain => render_plain_details(spec),
            Format::Rst => render_rst_details(spec),
        }
    }
}

/// The upstream message for a format name that is not one of ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unknown output format: {}", self.0)
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parses a format name case-insensitively, as upstream does.
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "plain" => Ok(Format::Plain),
            "rst" => Ok(Format::Rst),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// The API groups in upstream's list order, with the titles its plain list uses.
pub(crate) const GROUPS: &[(ApiKind, &str)] = &[
    (ApiKind::Syscall, "System Calls"),
    (ApiKind::Ioctl, "IOCTLs"),
    (ApiKind::Function, "Functions"),
];

/// The specs of one group, in source order.
pub(crate) fn group(specs: &[Spec], kind: ApiKind) -> impl Iterator<Item = &Spec> {
    specs.iter().filter(move |s| s.api_type == kind)
}

/// The specs in upstream's list order: syscalls, ioctls, functions, each in source order.
pub fn list_order(specs: &[Spec]) -> Vec<&Spec> {
    GROUPS
        .iter()
        .flat_map(|&(kind, _)| group(specs, kind))
        .collect()
}

/// The specs of one file as upstream `kapi` lists them: only those whose declaration its
/// line-based matcher finds (reference §1.3), under the name and API type it gives them. The
/// model itself follows kernel-doc's view and reports every difference as a
/// `build-paths-disagree` diagnostic; the export follows upstream so the two tools agree.
pub fn upstream_view(file: &SourceFile, specs: Vec<Spec>) -> Vec<Spec> {
    specs
        .into_iter()
        .filter_map(|mut spec| {
            let comment = file
                .specs
                .iter()
                .find(|sc| sc.comment.range == spec.src.comment)?;
            let upstream = comment.decl.as_ref()?.upstream.as_ref()?;
            spec.name.clone_from(&upstream.name);
            spec.api_type = upstream.api_type.into();
            Some(spec)
        })
        .collect()
}

/// The first spec named `name` in source order (upstream: an exact match; the first wins).
pub fn find<'a>(specs: &'a [Spec], name: &str) -> Option<&'a Spec> {
    specs.iter().find(|s| s.name == name)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::spec::*;

    /// The worked example of the language reference (§10.4), plus one entry of every other
    /// kind, for the renderers' snapshot tests.
    pub(crate) fn sample_spec() -> Spec {
        Spec {
            name: "sys_frob".into(),
            api_type: ApiKind::Syscall,
            description: Some("Frobnicate a buffer".into()),
            long_description: Some(
                "Copies the frob state into buf.\n\nThe state is one of:\n- idle\n- busy".into(),
            ),
            context_flags: vec!["KAPI_CTX_PROCESS".into(), "KAPI_CTX_SLEEPABLE".into()],
            examples: Some(
                "n = frob(fd, buf, sizeof(buf));\nif (n < 0)\n    perror(\"frob\");".into(),
            ),
            notes: Some("Frobbing is not atomic.".into()),
            capabilities: vec![CapabilitySpec {
                capability: 21,
                name: "CAP_SYS_ADMIN".into(),
                action: "KAPI_CAP_BYPASS_CHECK".into(),
                allows: "Frobbing another user's file".into(),
                without_cap: "Only own files".into(),
                check_condition: Some("fd is not owned by the caller".into()),
                priority: Some(0),
                alternatives: vec![],
                src: Default::default(),
            }],
            state_transitions: vec![StateTransitionSpec {
                object: "file".into(),
                from_state: "idle".into(),
                to_state: "frobbed".into(),
                condition: None,
                description: "The file remembers it was frobbed.".into(),
                src: Default::default(),
            }],
            side_effects: vec![SideEffectSpec {
                effect_type: 4 | 16,
                target: "file->f_pos".into(),
                condition: None,
                description: String::new(),
                reversible: false,
                src: Default::default(),
            }],
            parameters: vec![
                ParamSpec {
                    index: 0,
                    name: "fd".into(),
                    type_name: "unsigned int fd".into(),
                    description: "File descriptor".into(),
                    flags: 1,
                    param_type: 9,
                    constraint_type: 1,
                    min_value: Some(0),
                    ..ParamSpec::default()
                },
                ParamSpec {
                    index: 1,
                    name: "buf".into(),
                    type_name: "char __user * buf".into(),
                    description: "Output buffer".into(),
                    flags: 66,
                    param_type: 10,
                    constraint_type: 11,
                    constraint: Some("Must be writable for len bytes.".into()),
                    size_param_idx: Some(2),
                    ..ParamSpec::default()
                },
                ParamSpec {
                    index: 2,
                    name: "len".into(),
                    type_name: "size_t len".into(),
                    description: "Buffer length".into(),
                    flags: 1,
                    param_type: 2,
                    constraint_type: 1,
                    min_value: Some(1),
                    max_value: Some(4096),
                    ..ParamSpec::default()
                },
            ],
            return_spec: Some(ReturnSpec {
                type_name: "int".into(),
                description: "Bytes written.".into(),
                return_type: 1,
                check_type: 1,
                success_min: Some(0),
                success_max: Some(i64::MAX),
                ..ReturnSpec::default()
            }),
            errors: vec![
                ErrorSpec {
                    error_code: -9,
                    name: "EBADF".into(),
                    condition: "Bad file descriptor".into(),
                    description: "fd is not open.".into(),
                    src: Default::default(),
                },
                ErrorSpec {
                    error_code: -4,
                    name: "EINTR".into(),
                    ..ErrorSpec::default()
                },
            ],
            locks: vec![LockSpec {
                lock_name: "frob_lock".into(),
                lock_type: 1,
                scope: 0,
                description: String::new(),
                src: Default::default(),
            }],
            signals: vec![SignalSpec {
                signal_name: "Any signal".into(),
                direction: 1,
                action: 6,
                timing: 1,
                interruptible: true,
                error_on_signal: Some(-4),
                description: Some("A pending signal ends the wait.".into()),
                ..SignalSpec::default()
            }],
            constraints: vec![ConstraintSpec {
                name: "Frob limit".into(),
                description: "At most 16 frobs per second.".into(),
                expression: Some("rate <= 16".into()),
                src: Default::default(),
            }],
            ..Spec::default()
        }
    }

    #[test]
    fn format_names_are_case_insensitive_and_unknown_ones_name_the_input() {
        assert_eq!("JSON".parse::<Format>(), Ok(Format::Json));
        assert_eq!("Plain".parse::<Format>(), Ok(Format::Plain));
        assert_eq!("rSt".parse::<Format>(), Ok(Format::Rst));
        let err = "yaml".parse::<Format>().unwrap_err();
        assert_eq!(err.to_string(), "Unknown output format: yaml");
        assert_eq!(Format::default(), Format::Plain);
    }

    #[test]
    fn list_order_groups_by_kind_and_keeps_source_order_within_a_group() {
        let spec = |name: &str, api_type| Spec {
            name: name.into(),
            api_type,
            ..Spec::default()
        };
        let specs = [
            spec("f1", ApiKind::Function),
            spec("sys_b", ApiKind::Syscall),
            spec("x_ioctl", ApiKind::Ioctl),
            spec("f0", ApiKind::Function),
            spec("sys_a", ApiKind::Syscall),
        ];
        let names: Vec<&str> = list_order(&specs).iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["sys_b", "sys_a", "x_ioctl", "f1", "f0"]);
        assert_eq!(
            find(&specs, "f0").map(|s| s.api_type),
            Some(ApiKind::Function)
        );
        assert!(find(&specs, "F0").is_none());
    }
}
