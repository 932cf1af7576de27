//! GOPATH and GOBIN: absolute, no `~`, not GOROOT nor inside it, and the directory `go install`
//! writes to is on PATH; GO111MODULE is not `off`.

use std::path::{Path, PathBuf};

use super::{effective_goroot, setting, Finding, Host, Known};

/// GOPATH's entries as go resolves them, and where the value came from ("" = the default).
fn entries(h: &Host, k: &Known) -> (Vec<String>, String) {
    match setting(h, k, "GOPATH", None) {
        Some(s) => (
            s.value.split(':').map(str::to_string).collect(),
            format!(" ({})", s.origin(h, k)),
        ),
        None => (
            h.home()
                .map(|home| home.join("go").display().to_string())
                .into_iter()
                .collect(),
            " (the default, $HOME/go)".into(),
        ),
    }
}

pub fn gopath(h: &Host, k: &Known) -> Vec<Finding> {
    let (entries, origin) = entries(h, k);
    let goroot = effective_goroot(h, k).map(|(r, _)| r);
    let fix = "set GOPATH to an absolute directory outside any Go SDK, or unset it (the default $HOME/go is fine): GOPATH = \"~/go\" in .goenv.toml expands ~ for you";
    let mut out = Vec::new();
    for e in &entries {
        if e.starts_with('~') {
            out.push(Finding::error("gopath.gopath", format!("GOPATH entry {e}{origin} starts with ~, which only a shell expands: go fails with 'GOPATH entry cannot start with shell metacharacter'"), fix));
        } else if !e.starts_with('/') {
            out.push(Finding::error("gopath.gopath", format!("GOPATH entry {e:?}{origin} is relative: go fails with 'GOPATH entry is relative; must be absolute path'"), fix));
        } else if let Some(r) = goroot.as_deref() {
            let p = Path::new(e);
            if h.same(p, r) {
                // go warns ('GOPATH set to GOROOT ... has no effect' up to 1.23, 'both GOPATH
                // and GOROOT are the same directory' since) and uses it all the same.
                out.push(Finding::warn("gopath.gopath", format!("GOPATH {e}{origin} is GOROOT: despite go's warning that this has no effect, go caches modules in {e}/pkg/mod and go install writes into {e}/bin, inside the SDK"), fix));
            } else if h.inside(p, r) {
                out.push(Finding::error("gopath.gopath", format!("GOPATH entry {e}{origin} is inside GOROOT {}: modules and installed tools land inside the SDK", h.show(r)), fix));
            } else if h.inside(r, p) {
                out.push(Finding::warn("gopath.gopath", format!("GOROOT {} is inside GOPATH entry {e}{origin}: go may take the SDK's packages for GOPATH ones", h.show(r)), "move the SDK out of GOPATH (or GOPATH away from it)"));
            }
        }
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "gopath.gopath",
            format!("GOPATH {}{origin}", entries.join(":")),
        ));
    }
    out
}

pub fn bin(h: &Host, k: &Known) -> Vec<Finding> {
    let (entries, _) = entries(h, k);
    let (dir, what): (PathBuf, String) = match setting(h, k, "GOBIN", None) {
        Some(s) if !s.value.starts_with('/') => {
            return vec![Finding::error(
                "gopath.bin",
                format!("GOBIN={} ({}) is not absolute: go install fails with 'GOBIN must be an absolute path'", s.value, s.origin(h, k)),
                "set GOBIN to an absolute directory (GOBIN = \"./bin\" in .goenv.toml is expanded for you)",
            )];
        }
        Some(s) => (PathBuf::from(&s.value), format!("GOBIN {}", s.value)),
        None => match entries.first().filter(|e| e.starts_with('/')) {
            Some(e) => (
                Path::new(e).join("bin"),
                format!("GOPATH/bin {}", Path::new(e).join("bin").display()),
            ),
            None => return Vec::new(),
        },
    };
    if h.path_dirs().iter().any(|d| h.same(d, &dir)) {
        return vec![Finding::ok(
            "gopath.bin",
            format!("{what} is on PATH, so tools from go install run"),
        )];
    }
    vec![Finding::warn(
        "gopath.bin",
        format!("{what} is not on PATH: tools installed with go install (gopls, dlv, staticcheck) are 'command not found'"),
        format!(
            "add it to PATH in your rc file: export PATH=\"$PATH:{}\" (or [path] append = [\"{}\"] in .goenv.toml)",
            dir.display(),
            h.show(&dir)
        ),
    )]
}

pub fn go111module(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(s) = setting(h, k, "GO111MODULE", None) else {
        return vec![Finding::ok(
            "gopath.go111module",
            "GO111MODULE unset: module mode (the default since Go 1.16)",
        )];
    };
    let fix = match s.from {
        super::Source::Env => {
            "unset GO111MODULE (module mode is the default since Go 1.16)".to_string()
        }
        _ => "go env -u GO111MODULE".to_string(),
    };
    let origin = s.origin(h, k);
    vec![match s.value.as_str() {
        "off" => Finding::error(
            "gopath.go111module",
            format!("GO111MODULE=off ({origin}): go runs in GOPATH mode, ignores go.mod, and never switches toolchains (GOTOOLCHAIN is ignored)"),
            fix,
        ),
        "auto" => Finding::warn(
            "gopath.go111module",
            format!("GO111MODULE=auto ({origin}): outside a module go falls back to GOPATH mode"),
            fix,
        ),
        "on" => Finding::ok(
            "gopath.go111module",
            format!("GO111MODULE=on ({origin}), the default since Go 1.16: setting it is unnecessary"),
        ),
        v => Finding::error(
            "gopath.go111module",
            format!("GO111MODULE={v} ({origin}) is not on, off or auto: every go command fails with 'unknown environment setting GO111MODULE'"),
            fix,
        ),
    }]
}
