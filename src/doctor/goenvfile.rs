//! The user go env file (the one `go env -w` writes): where it is, and every key in it that
//! fights the project or the environment, with the line to delete.

use std::path::Path;

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
            "point GOENV at a file, or unset it",
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
    let shown = h.show(path);
    let mut out = Vec::new();
    let delete = |l: &Line| format!("delete line {} ({}=...) of {shown}", l.line, l.key);
    let unset = |l: &Line| format!("go env -u {} (or {})", l.key, delete(l));
    let last = |l: &Line| {
        f.lines
            .iter()
            .rev()
            .find(|x| x.key == l.key)
            .is_some_and(|x| x.line == l.line)
    };
    let goroot = effective_goroot(h, k).map(|(r, _)| r);
    for l in &f.lines {
        let at = format!("{shown}:{}", l.line);
        if !last(l) {
            out.push(Finding::warn(
                "goenvfile.key",
                format!(
                    "{at} sets {} again further down; go uses the last line, this one is dead",
                    l.key
                ),
                delete(l),
            ));
            continue;
        }
        if l.value.starts_with(['"', '\'']) {
            out.push(Finding::error(
                "goenvfile.key",
                format!("{at}: {}={} keeps its quotes (the file has no quoting), so go sees them as part of the value", l.key, l.value),
                format!("go env -w {}={} (without the quotes)", l.key, l.value.trim_matches(['"', '\''])),
            ));
            continue;
        }
        let in_env = h.var(&l.key).is_some();
        let by_project = k.project_vars.contains(&l.key);
        match l.key.as_str() {
            "GOROOT" => {
                out.push(Finding::error(
                    "goenvfile.key",
                    format!(
                        "{at} sets GOROOT={}: go uses it whenever GOROOT is not exported (outside projects, editors, scripts), whatever go is on PATH, and reads go.env from it{}",
                        l.value,
                        if h.is_dir(Path::new(&l.value)) { String::new() } else { " (it does not even exist)".into() }
                    ),
                    format!("delete line {} of {shown} by hand: Go 1.27 refuses go env -u GOROOT, and go env -changed does not list it", l.line),
                ));
                continue;
            }
            "GOPATH" => {
                let same = goroot.as_deref().is_some_and(|r| {
                    std::env::split_paths(&l.value).any(|p| h.same(&p, r) || h.inside(&p, r))
                });
                if same {
                    out.push(Finding::error(
                        "goenvfile.key",
                        format!("{at} sets GOPATH={}, which is GOROOT or inside it: modules get cached inside the SDK (or not at all: 'cannot set GOROOT as GOPATH')", l.value),
                        unset(l),
                    ));
                    continue;
                }
            }
            "GOTOOLCHAIN" if l.value.starts_with("go1") && !l.value.contains('+') => {
                out.push(Finding::warn(
                    "goenvfile.key",
                    format!("{at} pins GOTOOLCHAIN={}: every go command{} runs that release instead of the go on PATH, downloading it if needed", l.value, if by_project || in_env { " outside this project" } else { "" }),
                    unset(l),
                ));
                continue;
            }
            _ => {}
        }
        if !vars::GO_VARS.contains(&l.key.as_str()) {
            let hint =
                vars::go_typo(&l.key).map_or(String::new(), |s| format!(" (did you mean {s}?)"));
            out.push(Finding::warn(
                "goenvfile.key",
                format!("{at}: {} is not a Go variable{hint}; go ignores it", l.key),
                delete(l),
            ));
            continue;
        }
        if let Err(m) = vars::check(&l.key, &l.value, true) {
            out.push(Finding::error(
                "goenvfile.key",
                format!("{at}: {m}"),
                unset(l),
            ));
            continue;
        }
        if by_project {
            out.push(Finding::warn(
                "goenvfile.key",
                format!("{at} sets {}={}, which the project overrides here; outside it, and in tools that do not see the project, the file's value applies", l.key, l.value),
                format!("{} if the project's value is the one you want everywhere", unset(l)),
            ));
        } else if in_env {
            out.push(Finding::warn(
                "goenvfile.key",
                format!("{at} sets {}={}, but {} is exported in this environment, which wins: the line is dead here", l.key, l.value, l.key),
                unset(l),
            ));
        }
    }
    if out.is_empty() && !f.lines.is_empty() {
        out.push(Finding::ok(
            "goenvfile.key",
            "no key in the go env file fights the project or the environment",
        ));
    }
    out
}
