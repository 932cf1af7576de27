//! `doctor --run-go`: run the selected toolchain's `go env -json` with the environment doctor
//! diagnosed, and compare it with what doctor predicts from Go's rules.
//! Each difference is a finding: either doctor's model missed something, or go did (a toolchain
//! switch, a setting from somewhere doctor does not read).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::{running_go, setting, Finding, Host, Known, Source, Status};

/// The go binary to ask: the selected SDK's, else the first on PATH.
pub fn go_binary(h: &Host, k: &Known) -> Option<PathBuf> {
    k.selected
        .as_ref()
        .map(|s| s.root.join("bin/go"))
        .or_else(|| running_go(h).map(|g| g.path))
}

/// Runs `go env -json` in the working directory with exactly the diagnosed environment.
pub fn go_env(h: &Host, go: &Path) -> Result<Value> {
    let out = Command::new(go)
        .args(["env", "-json"])
        .env_clear()
        .envs(&h.env)
        .current_dir(&h.cwd)
        .output()
        .with_context(|| format!("could not run {} env -json", go.display()))?;
    if !out.status.success() {
        bail!(
            "{} env -json failed: {}",
            go.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    serde_json::from_slice(&out.stdout)
        .with_context(|| format!("{} env -json printed no JSON", go.display()))
}

/// What doctor expects `go env` to print, per variable: the values it accepts (paths compare
/// with symlinks resolved).
pub fn predict(h: &Host, k: &Known, go: &Path) -> Vec<(&'static str, Vec<String>)> {
    let bin_root = super::root_of(h, go);
    let goroot = setting(h, k, "GOROOT", None)
        .map(|s| s.value)
        .or_else(|| bin_root.as_ref().map(|r| r.display().to_string()));
    // go.env is read from the GOROOT in effect.
    let root = goroot.as_deref().map(Path::new);
    let get = |key: &str| setting(h, k, key, root).map(|s| s.value);
    let home = h.home().unwrap_or_default();
    let gopath = get("GOPATH").unwrap_or_else(|| home.join("go").display().to_string());
    let gopath0 = gopath.split(':').next().unwrap_or("").to_string();
    let private = get("GOPRIVATE").unwrap_or_default();
    let mut p: Vec<(&'static str, Vec<String>)> = Vec::new();
    if let Some(r) = &goroot {
        p.push(("GOROOT", vec![r.clone()]));
    }
    p.push(("GOPATH", vec![gopath.clone()]));
    // The variables go env prints exactly as set (environment, go env -w file or go.env), and
    // empty when unset; those after the loop default to other values. Which ones doctor compares
    // this way is its model of go env, not a fact about the variables, so it stays here rather
    // than in `vars::TABLE`.
    for key in [
        "GOPROXY",
        "GOSUMDB",
        "GOTOOLCHAIN",
        "GOPRIVATE",
        "GOFLAGS",
        "GOINSECURE",
        "GO111MODULE",
    ] {
        p.push((key, vec![get(key).unwrap_or_default()]));
    }
    p.push((
        "GONOPROXY",
        vec![get("GONOPROXY").unwrap_or_else(|| private.clone())],
    ));
    p.push((
        "GONOSUMDB",
        vec![get("GONOSUMDB").unwrap_or_else(|| private.clone())],
    ));
    p.push((
        "GOMODCACHE",
        vec![get("GOMODCACHE").unwrap_or_else(|| format!("{gopath0}/pkg/mod"))],
    ));
    // GOBIN unset prints '' up to Go 1.26 and the computed GOPATH[0]/bin since 1.27.
    p.push((
        "GOBIN",
        match get("GOBIN") {
            Some(b) => vec![b],
            None => vec![String::new(), format!("{gopath0}/bin")],
        },
    ));
    if let Some(f) = &k.envfile {
        p.push((
            "GOENV",
            vec![f
                .path()
                .map(|x| x.display().to_string())
                .unwrap_or_default()],
        ));
    }
    if let Some(r) = &bin_root {
        if let Some(v) = h
            .read_string(&r.join("VERSION"))
            .and_then(|t| t.lines().next().map(|l| l.trim().to_string()))
        {
            p.push(("GOVERSION", vec![v]));
        }
    }
    if let Some(a) = h.head(go, 64).and_then(|b| crate::go::sdk::binary_arch(&b)) {
        p.push(("GOHOSTARCH", vec![a.to_string()]));
        p.push((
            "GOARCH",
            vec![h.var("GOARCH").unwrap_or_else(|| a.to_string())],
        ));
    }
    p
}

fn same_value(h: &Host, a: &str, b: &str) -> bool {
    a == b || (a.starts_with('/') && b.starts_with('/') && h.same(Path::new(a), Path::new(b)))
}

/// The findings for one `go env -json` result.
pub fn compare(h: &Host, k: &Known, go: &Path, got: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut agreed = Vec::new();
    for (name, want) in predict(h, k, go) {
        let Some(have) = got.get(name).and_then(Value::as_str) else {
            continue; // an older go that has no such variable
        };
        if want.iter().any(|w| same_value(h, w, have)) {
            agreed.push(name);
            continue;
        }
        let why = match setting(h, k, name, None) {
            Some(s) if s.from == Source::Env => "from the environment".to_string(),
            Some(s) => s.origin(h, k),
            None => "Go's default".to_string(),
        };
        out.push(Finding::warn(
            "rungo.diff",
            format!(
                "go env {name} is {have:?} but doctor predicted {:?} ({why}): {}",
                want[0],
                if name == "GOROOT" || name == "GOVERSION" {
                    "go switched toolchains (GOTOOLCHAIN), or something sets GOROOT that doctor does not read"
                } else {
                    "a setting comes from somewhere doctor does not read, or go switched toolchains"
                }
            ),
            // Where the value comes from: go's own view, and any toolchain switch.
            format!("go env {name}; GODEBUG=toolchaintrace=1 go version"),
        ));
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "rungo.diff",
            format!(
                "{} env -json agrees with doctor on {}",
                h.show(go),
                agreed.join(" ")
            ),
        ));
    }
    out
}

/// `--run-go`, after every other check (`earlier`): run and compare. A go that cannot run is
/// itself a finding, pointing at the earlier findings that explain it when there are any.
pub fn check(h: &Host, k: &Known, earlier: &[Finding]) -> Vec<Finding> {
    let Some(go) = go_binary(h, k) else {
        return vec![Finding::warn(
            "rungo.diff",
            "--run-go: there is no go to run here",
            super::install_fix(h, k),
        )];
    };
    match go_env(h, &go) {
        Ok(v) => compare(h, k, &go, &v),
        Err(e) => vec![failed(&go, &format!("{e:#}"), earlier)],
    }
}

/// The finding ids (or their families) that can explain a go that cannot run.
const EXPLAINS: &[&str] = &[
    "project.",
    "path.",
    "goroot.",
    "goenvfile.",
    "gopath.gopath",
    "gopath.go111module",
    "arch.go",
    "versions.",
    "private.lint",
];

/// `go env -json` failed with `err`: the earlier errors (else warnings) explain it when there
/// are any, and the first one's fix is the fix; otherwise the command to see go's whole output.
pub fn failed(go: &Path, err: &str, earlier: &[Finding]) -> Finding {
    // Only findings about what go reads when it starts can explain it: the go and its tree, the
    // settings and the files they come from, the project and a toolchain switch.
    let related: Vec<&Finding> = earlier
        .iter()
        .filter(|f| EXPLAINS.iter().any(|p| f.id.starts_with(p)))
        .collect();
    let worst = related.iter().map(|f| f.status).max().unwrap_or(Status::Ok);
    let causes: Vec<&Finding> = related
        .into_iter()
        .filter(|f| f.status == worst && worst != Status::Ok)
        .collect();
    match causes.first() {
        Some(first) => {
            let mut ids: Vec<&str> = causes.iter().map(|f| f.id).collect();
            ids.dedup();
            Finding::error(
                "rungo.run",
                format!(
                    "{err}; the findings above with status {} explain it: {}",
                    worst.as_str(),
                    ids.join(", ")
                ),
                first.fix.clone(),
            )
        }
        None => Finding::error(
            "rungo.run",
            format!("{err}; no other finding explains it"),
            format!("{} env -json", super::sh(&go.display().to_string())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unrelated warnings (the hook, GOBIN off PATH) never pass for the reason go cannot run.
    #[test]
    fn a_failure_names_only_findings_that_explain_it() {
        let go = Path::new("/sdk/go/bin/go");
        let unrelated = [
            Finding::warn("hook.active", "not active", "echo x >> ~/.bashrc"),
            Finding::warn("gopath.bin", "not on PATH", "echo y >> ~/.bashrc"),
        ];
        let f = failed(go, "go env -json failed: boom", &unrelated);
        assert_eq!(f.status, Status::Error);
        assert!(f.message.ends_with("no other finding explains it"), "{f:?}");
        assert_eq!(f.fix, "/sdk/go/bin/go env -json");
        let mut with = unrelated.to_vec();
        with.push(Finding::error(
            "private.lint",
            "GOFLAGS=-w",
            "unset GOFLAGS",
        ));
        let f = failed(go, "go env -json failed: boom", &with);
        assert!(f.message.ends_with("explain it: private.lint"), "{f:?}");
        assert_eq!(f.fix, "unset GOFLAGS");
    }
}
