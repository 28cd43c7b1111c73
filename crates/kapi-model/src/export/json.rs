//! The JSON of upstream `kapi --format json` (language reference §10): the API list
//! `{"apis": [...]}` (or `{}` when there are no specs) and `{"api_details": {...}}` for one API,
//! pretty-printed with a two-space indent.

use serde::Serialize;

use super::list_order;
use crate::spec::Spec;

#[derive(Serialize)]
struct ApiList<'a> {
    apis: Vec<ApiEntry<'a>>,
}

#[derive(Serialize)]
struct ApiEntry<'a> {
    name: &'a str,
    api_type: &'static str,
}

#[derive(Serialize)]
struct ApiDetails<'a> {
    api_details: &'a Spec,
}

/// `{"apis": [{"name", "api_type"}, ...]}` in upstream's list order, or `{}` with no specs.
pub fn render_json(specs: &[Spec]) -> String {
    if specs.is_empty() {
        return "{}\n".to_owned();
    }
    let apis = list_order(specs)
        .into_iter()
        .map(|s| ApiEntry {
            name: &s.name,
            api_type: s.api_type.as_str(),
        })
        .collect();
    pretty(&ApiList { apis })
}

/// `{"api_details": <spec>}`.
pub fn render_json_details(spec: &Spec) -> String {
    pretty(&ApiDetails { api_details: spec })
}

fn pretty<T: Serialize>(value: &T) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut out = serde_json::to_string_pretty(value).expect("spec JSON is always serialisable");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_spec;
    use crate::spec::ApiKind;
    use expect_test::expect;

    #[test]
    fn empty_list_is_an_empty_object() {
        assert_eq!(render_json(&[]), "{}\n");
    }

    #[test]
    fn list_is_grouped_syscall_ioctl_function() {
        let f = Spec {
            name: "frob_helper".into(),
            ..Spec::default()
        };
        let io = Spec {
            name: "frob_ioctl".into(),
            api_type: ApiKind::Ioctl,
            ..Spec::default()
        };
        expect![[r#"
            {
              "apis": [
                {
                  "name": "sys_frob",
                  "api_type": "syscall"
                },
                {
                  "name": "frob_ioctl",
                  "api_type": "ioctl"
                },
                {
                  "name": "frob_helper",
                  "api_type": "function"
                }
              ]
            }
        "#]]
        .assert_eq(&render_json(&[f, sample_spec(), io]));
    }

    #[test]
    fn details_wrap_the_spec_and_omit_empty_fields() {
        let spec = Spec {
            name: "sys_nop".into(),
            api_type: ApiKind::Syscall,
            context_flags: vec!["KAPI_CTX_PROCESS".into()],
            ..Spec::default()
        };
        expect![[r#"
            {
              "api_details": {
                "name": "sys_nop",
                "context_flags": [
                  "KAPI_CTX_PROCESS"
                ]
              }
            }
        "#]]
        .assert_eq(&render_json_details(&spec));
    }
}
