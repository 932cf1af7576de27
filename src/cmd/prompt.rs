//! `goenvhook prompt [--format T]`: a segment for prompt tools (starship, p10k, a PS1), the
//! project loaded in this shell and its Go release. Reads only GOENVHOOK_STATE: no file, no
//! config, no SDK scan, so it costs a process start. Prints nothing outside a project.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};

use crate::env::STATE_VAR;
use crate::state::State;

pub const DEFAULT_FORMAT: &str = "{project} {go}";
const PLACEHOLDERS: [&str; 4] = ["{project}", "{dir}", "{go}", "{version}"];

/// Checks a `--format` template: every `{...}` must be one of the placeholders.
pub fn check_format(t: &str) -> Result<(), String> {
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        match PLACEHOLDERS.iter().find(|p| tail.starts_with(*p)) {
            Some(p) => rest = &tail[p.len()..],
            None => {
                let shown: String = tail.chars().take_while(|c| *c != '}').collect();
                return Err(format!(
                    "unknown placeholder {shown}}} in the format; use {}",
                    PLACEHOLDERS.join(", ")
                ));
            }
        }
    }
    Ok(())
}

/// The segment for a state, or None when no project is loaded. `{project}` is the project
/// directory's name, `{dir}` its path (with ~ for `home`), `{go}` the release (`go1.22.10`),
/// `{version}` the same without `go`. Runs of spaces left by an empty field are squeezed.
pub fn segment(state: &State, format: &str, home: Option<&OsStr>) -> Option<Vec<u8>> {
    let project = state.project.as_deref()?;
    // Each value made visible: the segment lands in the user's prompt, a terminal.
    let name = Path::new(project)
        .file_name()
        .unwrap_or(project)
        .to_string_lossy();
    let name = crate::text::visible(&name);
    let name = name.as_bytes();
    let dir = crate::plan::show_dir(project, home);
    let go = state
        .go
        .as_deref()
        .map(OsStr::to_string_lossy)
        .unwrap_or_default();
    let go = crate::text::visible(&go);
    let go = go.as_bytes();
    let version = go.strip_prefix(b"go").unwrap_or(go);
    let mut out: Vec<u8> = Vec::new();
    let mut rest = format.as_bytes();
    while !rest.is_empty() {
        let hit = PLACEHOLDERS.iter().find(|p| rest.starts_with(p.as_bytes()));
        match hit {
            Some(p) => {
                out.extend_from_slice(match *p {
                    "{project}" => name,
                    "{dir}" => dir.as_bytes(),
                    "{go}" => go,
                    _ => version,
                });
                rest = &rest[p.len()..];
            }
            None => {
                out.push(rest[0]);
                rest = &rest[1..];
            }
        }
    }
    let mut squeezed: Vec<u8> = Vec::with_capacity(out.len());
    for &b in &out {
        if b == b' ' && (squeezed.is_empty() || squeezed.last() == Some(&b' ')) {
            continue;
        }
        squeezed.push(b);
    }
    while squeezed.last() == Some(&b' ') {
        squeezed.pop();
    }
    Some(squeezed)
}

/// Prints the segment and a newline, or nothing outside a project. A state it cannot read is
/// exit code 1 with no output: the hook already reported it once, and a prompt must not repeat
/// it on every line.
pub fn run(format: Option<&str>) -> Result<i32> {
    let format = format.unwrap_or(DEFAULT_FORMAT);
    if let Err(e) = check_format(format) {
        bail!(e);
    }
    let Some(raw) = std::env::var_os(STATE_VAR) else {
        return Ok(0);
    };
    let Ok(state) = State::decode(&raw) else {
        return Ok(1);
    };
    let home = std::env::var_os("HOME");
    if let Some(mut line) = segment(&state, format, home.as_deref()) {
        line.push(b'\n');
        std::io::stdout().write_all(&line)?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(project: Option<&str>, go: Option<&str>) -> State {
        State {
            project: project.map(Into::into),
            go: go.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn fields_and_squeezing() {
        let s = state(Some("/home/me/src/payments"), Some("go1.22.10"));
        let home = Some(OsStr::new("/home/me"));
        let seg = |f: &str| String::from_utf8(segment(&s, f, home).unwrap()).unwrap();
        assert_eq!(seg(DEFAULT_FORMAT), "payments go1.22.10");
        assert_eq!(seg("{dir}|{version}"), "~/src/payments|1.22.10");
        let no_go = state(Some("/p/q"), None);
        assert_eq!(segment(&no_go, DEFAULT_FORMAT, None).unwrap(), b"q");
        assert_eq!(
            segment(&no_go, "[{go}] {project}", None).unwrap(),
            b"[] q",
            "only spaces are squeezed"
        );
        assert_eq!(segment(&state(None, None), DEFAULT_FORMAT, None), None);
    }

    #[test]
    fn unknown_placeholders_are_refused() {
        assert!(check_format("{project} {go} {version} {dir} {").is_err());
        let e = check_format("{proj}").unwrap_err();
        assert!(e.contains("{proj}") && e.contains("{project}"), "{e}");
        assert!(check_format("go: {go}!").is_ok());
    }
}
