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

/// GOPATH back to a directory outside every SDK: the default $HOME/go (by removing the
/// setting) unless an SDK is there, else $HOME/gopath.
fn gopath_fix(h: &Host, k: &Known, goroot: Option<&Path>) -> String {
    let home = h.home().unwrap_or_default();
    let default = home.join("go");
    let clash = |p: &Path| goroot.is_some_and(|r| h.same(p, r) || h.inside(p, r) || h.inside(r, p));
    let (dir, rel) = if clash(&default) {
        (home.join("gopath"), "gopath")
    } else {
        (default, "go")
    };
    let set = setting(h, k, "GOPATH", None);
    let from = set.as_ref().map(|s| &s.from);
    if k.project_vars.iter().any(|v| v == "GOPATH") {
        return format!("GOPATH = \"~/{rel}\"");
    }
    match from {
        Some(f) if rel == "go" => super::unset_fix(h, k, "GOPATH", f),
        _ => super::set_fix(h, k, "GOPATH", &dir.to_string_lossy(), from),
    }
}

/// Puts `dir` on PATH for every new shell: `fish_add_path` in fish, a line appended to the rc
/// file in bash and zsh.
fn on_path_for_good(h: &Host, dir: &Path) -> String {
    let shell = h.var("SHELL").unwrap_or_default();
    let name = Path::new(&shell)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == "fish" {
        return format!("fish_add_path {}", super::sh(&dir.to_string_lossy()));
    }
    let (rc, _) = crate::shell::rc_line(&name);
    let line = format!("export PATH=\"$PATH:{}\"", dir.display());
    format!("echo {} >> {rc}", super::sh(&line))
}

pub fn gopath(h: &Host, k: &Known) -> Vec<Finding> {
    let (entries, origin) = entries(h, k);
    let goroot = effective_goroot(h, k).map(|(r, _)| r);
    let fix = gopath_fix(h, k, goroot.as_deref());
    let fix = fix.as_str();
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
                // go says nothing about it and works.
                out.push(Finding::warn("gopath.gopath", format!("GOPATH entry {e}{origin} is inside GOROOT {}: go builds, but caches modules in {e}/pkg/mod and go install writes into {e}/bin, inside the SDK", h.show(r)), fix));
            } else if h.inside(r, p) {
                out.push(Finding::warn("gopath.gopath", format!("GOROOT {} is inside GOPATH entry {e}{origin}: go may take the SDK's packages for GOPATH ones", h.show(r)), fix));
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
                super::unset_fix(h, k, "GOBIN", &s.from),
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
        on_path_for_good(h, &dir),
    )]
}

pub fn go111module(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(s) = setting(h, k, "GO111MODULE", None) else {
        return vec![Finding::ok(
            "gopath.go111module",
            "GO111MODULE unset: module mode (the default since Go 1.16)",
        )];
    };
    // Module mode is the default since Go 1.16.
    let fix = super::unset_fix(h, k, "GO111MODULE", &s.from);
    let origin = s.origin(h, k);
    vec![match s.value.as_str() {
        "off" => off(h, &origin, fix),
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
            format!("GO111MODULE={v} ({origin}) is not on, off or auto: every go command but go version fails with 'unknown environment setting GO111MODULE={v}'"),
            fix,
        ),
    }]
}

/// GO111MODULE=off: GOPATH mode, where go.mod's requirements are not found (an error when the
/// module here requires any), and a surprise otherwise.
fn off(h: &Host, origin: &str, fix: String) -> Finding {
    let base = format!("GO111MODULE=off ({origin}): go runs in GOPATH mode, ignores go.mod, and never switches toolchains (GOTOOLCHAIN is ignored)");
    let gowork = h.var("GOWORK");
    let gomod = crate::go::gomod::governing_file(&h.cwd, gowork.as_deref())
        .filter(|f| f.file_name().is_some_and(|n| n == "go.mod"));
    let needs = gomod.as_deref().and_then(|f| {
        let text = h.read_string(f)?;
        crate::go::gomod::requires(&text).into_iter().next()
    });
    match needs {
        Some(r) => Finding::error(
            "gopath.go111module",
            format!(
                "{base}: building a package that imports {} fails with 'cannot find package'",
                r.path
            ),
            fix,
        ),
        None => Finding::warn("gopath.go111module", base, fix),
    }
}
