//! The user go env file (the one `go env -w` writes): where it is, and every key in it that
//! fights the project or the environment, with the line to delete.

use std::path::{Path, PathBuf};

use super::{effective_goroot, Finding, Host, Known};
use crate::go::envfile::{Line, Location};
use crate::go::vars;

pub fn file(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(f) = &k.envfile else {
        return Vec::new();
    };
    vec![match &f.location {
        Location::Off => Finding::ok(
            "goenvfile.file",
            "GOENV=off: go reads no go env file (go env -w still writes the default one)",
        ),
        Location::Unknown => Finding::ok("goenvfile.file", "no go env file (HOME is not set)"),
        Location::File(p) if !h.exists(p) => Finding::ok(
            "goenvfile.file",
            format!(
                "no go env file at {} (nothing set with go env -w)",
                h.show(p)
            ),
        ),
        Location::File(p) if h.is_dir(p) => Finding::error(
            "goenvfile.file",
            format!(
                "GOENV names {}, a directory: go env -w fails with 'is a directory'",
                h.show(p)
            ),
            "unset GOENV",
        ),
        Location::File(p) => {
            let keys: Vec<&str> = f.lines.iter().map(|l| l.key.as_str()).collect();
            Finding::ok(
                "goenvfile.file",
                format!(
                    "go env file {} sets {}",
                    h.show(p),
                    if keys.is_empty() {
                        "nothing".to_string()
                    } else {
                        keys.join(" ")
                    }
                ),
            )
        }
    }]
}

pub fn keys(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(f) = &k.envfile else {
        return Vec::new();
    };
    let Some(path) = f.path() else {
        return Vec::new();
    };
    let c = Ctx {
        h,
        k,
        f,
        path,
        shown: h.show(path),
        goroot: effective_goroot(h, k).map(|(r, _)| r),
    };
    let mut out: Vec<Finding> = f.lines.iter().filter_map(|l| line(&c, l)).collect();
    if out.is_empty() && !f.lines.is_empty() {
        out.push(Finding::ok(
            "goenvfile.key",
            "no key in the go env file fights the project or the environment",
        ));
    }
    out
}

/// What `keys` looks at each line with.
struct Ctx<'a> {
    h: &'a Host,
    k: &'a Known,
    f: &'a super::EnvFile,
    path: &'a Path,
    shown: String,
    goroot: Option<PathBuf>,
}

impl Ctx<'_> {
    /// go env -u and -w rewrite the file keeping only the last line of each key, and accept any
    /// key already in it (tried with go1.22, go1.23 and go1.24).
    fn unset(&self, l: &Line) -> String {
        super::go_env(self.h, self.k, &format!("-u {}", l.key))
    }

    fn write(&self, key: &str, value: &str) -> String {
        let v = value.trim_matches(['"', '\'']);
        super::go_env(
            self.h,
            self.k,
            &format!("-w {}", super::sh(&format!("{key}={v}"))),
        )
    }
}

/// The finding for one line of the file, if it fights anything.
fn line(c: &Ctx, l: &Line) -> Option<Finding> {
    let at = format!("{}:{}", c.shown, l.line);
    let last = c.f.lines.iter().rev().find(|x| x.key == l.key)?;
    if last.line != l.line {
        return Some(Finding::warn(
            "goenvfile.key",
            format!(
                "{at} sets {} again further down; go uses the last line, this one is dead",
                l.key
            ),
            // Rewriting the key keeps its last line, the one go uses.
            c.write(&last.key, &last.value),
        ));
    }
    // GOFLAGS is split the way go splits it (quotes around a whole field are go's own syntax
    // there), by the checker below.
    if l.value.starts_with(['"', '\'']) && l.key != "GOFLAGS" {
        return Some(Finding::error(
            "goenvfile.key",
            format!("{at}: {}={} keeps its quotes (the file has no quoting), so go sees them as part of the value", l.key, l.value),
            c.write(&l.key, &l.value),
        ));
    }
    by_key(c, l, &at).or_else(|| checked(c, l, &at))
}

/// GOROOT, a GOPATH in the SDK and a GOTOOLCHAIN pin: lines that fight whatever their value.
fn by_key(c: &Ctx, l: &Line, at: &str) -> Option<Finding> {
    let (h, k) = (c.h, c.k);
    let elsewhere = k.project_vars.contains(&l.key) || h.var(&l.key).is_some();
    match l.key.as_str() {
        "GOROOT" => Some(Finding::error(
            "goenvfile.key",
            format!(
                "{at} sets GOROOT={}: go uses it whenever GOROOT is not exported (outside projects, editors, scripts), whatever go is on PATH, and reads go.env from it{}",
                l.value,
                if h.is_dir(Path::new(&l.value)) { String::new() } else { " (it does not even exist)".into() }
            ),
            // Go 1.27 refuses go env -u GOROOT: the line is deleted by name.
            format!("sed -i.bak '/^GOROOT=/d' {}", super::sh_path(h, c.path)),
        )),
        "GOPATH" => {
            let r = c.goroot.as_deref()?;
            std::env::split_paths(&l.value)
                .any(|p| h.same(&p, r) || h.inside(&p, r))
                // go warns (GOPATH equal to GOROOT) or says nothing, and works.
                .then(|| Finding::warn(
                    "goenvfile.key",
                    format!("{at} sets GOPATH={}, which is GOROOT or inside it: go builds, but caches modules and installs tools inside the SDK", l.value),
                    c.unset(l),
                ))
        }
        "GOTOOLCHAIN" if l.value.starts_with("go1") && !l.value.contains('+') => Some(Finding::warn(
            "goenvfile.key",
            format!("{at} pins GOTOOLCHAIN={}: every go command{} runs that release instead of the go on PATH, downloading it if needed", l.value, if elsewhere { " outside this project" } else { "" }),
            c.unset(l),
        )),
        _ => None,
    }
}

/// Unknown names, values go rejects, and lines the project or the environment overrides.
fn checked(c: &Ctx, l: &Line, at: &str) -> Option<Finding> {
    if !vars::GO_VARS.contains(&l.key.as_str()) {
        let hint = vars::go_typo(&l.key).map_or(String::new(), |s| format!(" (did you mean {s}?)"));
        return Some(Finding::warn(
            "goenvfile.key",
            format!("{at}: {} is not a Go variable{hint}; go ignores it", l.key),
            c.unset(l),
        ));
    }
    if let Err(m) = super::check_value(c.h, c.k, &l.key, &l.value) {
        return Some(Finding::error(
            "goenvfile.key",
            format!("{at}: {m}"),
            c.unset(l),
        ));
    }
    if c.k.project_vars.contains(&l.key) {
        return Some(Finding::warn(
            "goenvfile.key",
            format!("{at} sets {}={}, which the project overrides here; outside it, and in tools that do not see the project, the file's value applies", l.key, l.value),
            c.unset(l),
        ));
    }
    c.h.var(&l.key).is_some().then(|| Finding::warn(
        "goenvfile.key",
        format!("{at} sets {}={}, but {} is exported in this environment, which wins: the line is dead here", l.key, l.value, l.key),
        c.unset(l),
    ))
}
