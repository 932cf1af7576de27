//! `goenvhook doctor --json` run from tests: its findings parsed, and looked up by id, status
//! and message.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::Sandbox;

#[derive(Debug)]
pub struct Found {
    pub id: String,
    pub status: String,
    pub message: String,
    pub fix: String,
}

pub struct Report {
    pub findings: Vec<Found>,
    pub code: i32,
    pub raw: String,
}

impl Report {
    /// The findings with this id and status; fails (showing the whole report) when there is none.
    pub fn get(&self, id: &str, status: &str) -> Vec<&Found> {
        let v: Vec<&Found> = self
            .findings
            .iter()
            .filter(|f| f.id == id && f.status == status)
            .collect();
        assert!(!v.is_empty(), "no {status} {id} in:\n{}", self.raw);
        v
    }

    /// The one finding with this id and status whose message contains `needle`.
    pub fn one(&self, id: &str, status: &str, needle: &str) -> &Found {
        self.get(id, status)
            .into_iter()
            .find(|f| f.message.contains(needle))
            .unwrap_or_else(|| panic!("no {status} {id} mentioning {needle:?} in:\n{}", self.raw))
    }

    pub fn problems(&self) -> Vec<&Found> {
        self.findings.iter().filter(|f| f.status != "ok").collect()
    }
}

/// Runs `goenvhook doctor --json [extra]` in `cwd` with the sandbox's environment plus `env`, as
/// a script or CI would (no hook in the calling process).
pub fn doctor(sb: &Sandbox, cwd: &Path, env: &[(&str, String)], extra: &[&str]) -> Report {
    let mut cmd = Command::new(super::BIN);
    cmd.arg("doctor")
        .arg("--json")
        .args(extra)
        .current_dir(cwd)
        .env_clear()
        .envs(sb.base_env());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let raw = String::from_utf8(out.stdout).unwrap();
    parse(
        &raw,
        out.status.code().unwrap_or(-1),
        &String::from_utf8_lossy(&out.stderr),
    )
}

pub fn parse(raw: &str, code: i32, stderr: &str) -> Report {
    let v: Value = serde_json::from_str(raw)
        .unwrap_or_else(|e| panic!("doctor printed no JSON ({e}):\n{raw}\nstderr:\n{stderr}"));
    let findings = v
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            let s = |k: &str| {
                f[k].as_str()
                    .unwrap_or_else(|| panic!("{k} in {f}"))
                    .to_string()
            };
            assert_eq!(
                f.as_object().unwrap().len(),
                4,
                "exactly id, status, message, fix: {f}"
            );
            Found {
                id: s("id"),
                status: s("status"),
                message: s("message"),
                fix: s("fix"),
            }
        })
        .collect();
    Report {
        findings,
        code,
        raw: raw.to_string(),
    }
}
