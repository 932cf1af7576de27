//! The version managers' files: `.go-version` (goenv, gvm and others), `.tool-versions` (asdf),
//! `mise.toml`/`.mise.toml` (`[tools] go` and `[env]`), and gvm's `.gvmrc` (`gvm use go1.22`).
//! `.go-version` and `.tool-versions` stay the source of truth (`go = ".go-version"`); the others
//! are copied.

use std::path::Path;

use anyhow::{Context, Result};
use toml::de::{DeTable, DeValue};

use super::{Draft, EnvVal, Origin};
use crate::go::version::Version;
use crate::go::versionfile::{self, GO_VERSION, TOOL_VERSIONS};

pub const GVMRC: &str = ".gvmrc";
pub const MISE: [&str; 2] = [".mise.toml", "mise.toml"];

fn read(dir: &Path, name: &str, d: &mut Draft) -> Result<Option<String>> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(b) => {
            d.read.push(name.to_string());
            Ok(Some(String::from_utf8_lossy(&b).into_owned()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("could not read {}", path.display())),
    }
}

fn go_version_ok(v: &str) -> bool {
    matches!(v, "latest" | "system") || Version::parse(v).is_some()
}

/// Reads every file this module knows in `dir` (or only `only`), lowest priority first, so the
/// Go version of a later file wins: `.gvmrc`, `.go-version`, `.tool-versions`, mise.
pub fn read_all(dir: &Path, only: Option<&str>, d: &mut Draft) -> Result<()> {
    let wanted = |n: &str| only.is_none_or(|o| o == n);
    if wanted(GVMRC) {
        if let Some(text) = read(dir, GVMRC, d)? {
            gvmrc(&text, d);
        }
    }
    for name in [GO_VERSION, TOOL_VERSIONS] {
        if !wanted(name) {
            continue;
        }
        let Some(text) = read(dir, name, d)? else {
            continue;
        };
        match versionfile::parse(name, &text) {
            Ok(w) if go_version_ok(&w.version) => d.set_go(
                name.to_string(),
                Origin::new(
                    name,
                    w.line,
                    format!("({}; edits of {name} re-select)", w.version),
                ),
            ),
            Ok(w) => d.skip(
                name,
                w.line,
                w.line,
                &w.version,
                "not a Go version goenvhook reads (1.22, 1.22.3, latest or system)",
            ),
            Err(m) => d.skip(name, 1, 1, "", &m),
        }
    }
    for name in MISE {
        if wanted(name) {
            if let Some(text) = read(dir, name, d)? {
                mise(name, &text, d);
            }
        }
    }
    Ok(())
}

/// gvm: `gvm use go1.22.3 [--default]` or a bare `go1.22.3`.
fn gvmrc(text: &str, d: &mut Draft) {
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let t = line.split('#').next().unwrap_or("").trim();
        if t.is_empty() {
            continue;
        }
        let words = shell_words::split(t).unwrap_or_default();
        let v = match words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["gvm", "use", v, rest @ ..] if rest.iter().all(|r| *r == "--default") => *v,
            [v] if v.starts_with("go") => *v,
            _ => {
                d.skip(
                    GVMRC,
                    n,
                    n,
                    line,
                    "only the Go version of `gvm use goX` is translated",
                );
                continue;
            }
        };
        if Version::parse(v).is_some() {
            d.set_go(
                v.trim_start_matches("go").to_string(),
                Origin::new(GVMRC, n, ""),
            );
        } else {
            d.skip(GVMRC, n, n, line, "not a Go version");
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// mise: `[tools] go = "1.22"` (or a list, first wins, or `{ version = ... }`) and `[env]`.
fn mise(name: &str, text: &str, d: &mut Draft) {
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            d.skip(
                name,
                line_of(text, at),
                line_of(text, at),
                "",
                &format!("not valid TOML: {}", e.message().trim_end()),
            );
            return;
        }
    };
    for (key, value) in doc.get_ref().iter() {
        let section: &str = key.get_ref();
        let Some(t) = value.get_ref().as_table() else {
            continue;
        };
        match section {
            "tools" => {
                for (tool, v) in t.iter() {
                    let tool: &str = tool.get_ref();
                    if !matches!(tool, "go" | "golang") {
                        continue;
                    }
                    let n = line_of(text, v.span().start);
                    let version = match v.get_ref() {
                        DeValue::String(s) => Some(s.to_string()),
                        DeValue::Array(a) => a
                            .iter()
                            .next()
                            .and_then(|x| x.get_ref().as_str())
                            .map(str::to_string),
                        DeValue::Table(t) => t
                            .get("version")
                            .and_then(|x| x.get_ref().as_str())
                            .map(str::to_string),
                        _ => None,
                    };
                    match version {
                        Some(v) if go_version_ok(&v) => d.set_go(v, Origin::new(name, n, "")),
                        Some(v) => d.skip(
                            name,
                            n,
                            n,
                            &format!("{tool} = {v:?}"),
                            "not a Go version goenvhook reads (1.22, 1.22.3, latest or system)",
                        ),
                        None => d.skip(name, n, n, tool, "no version found"),
                    }
                }
            }
            "env" => {
                for (k, v) in t.iter() {
                    let k: &str = k.get_ref();
                    let n = line_of(text, v.span().start);
                    if k == "_" {
                        mise_directives(name, text, v.get_ref(), n, d);
                        continue;
                    }
                    let value = match v.get_ref() {
                        DeValue::String(s) => {
                            if s.contains("{{") {
                                d.skip(name, n, n, k, "a mise template is not translated");
                                continue;
                            }
                            if s.contains('$') {
                                d.skip(name, n, n, k, "mise may expand $ here (env_shell_expand); write the value with goenvhook's ${VAR} or $$ by hand");
                                continue;
                            }
                            if s.starts_with("./") || s.starts_with("../") || s.starts_with("~/") {
                                d.skip(name, n, n, k, "a relative path in mise's [env] is text, goenvhook would read it as a path; write it in .goenv.toml by hand");
                                continue;
                            }
                            EnvVal::Str(s.to_string())
                        }
                        DeValue::Integer(i) => EnvVal::Str(i.as_str().to_string()),
                        DeValue::Boolean(false) => EnvVal::Unset,
                        _ => {
                            d.skip(
                                name,
                                n,
                                n,
                                k,
                                "only strings, numbers and false are translated",
                            );
                            continue;
                        }
                    };
                    d.set_env(k, value, Origin::new(name, n, ""));
                }
            }
            _ => {}
        }
    }
}

/// mise's `[env] _.path = [...]`; `_.file` and `_.source` are listed as not imported.
fn mise_directives(name: &str, text: &str, v: &DeValue, n: usize, d: &mut Draft) {
    let Some(t) = v.as_table() else {
        d.skip(name, n, n, "_", "not a mise directive table");
        return;
    };
    for (k, v) in t.iter() {
        let k: &str = k.get_ref();
        let n = line_of(text, v.span().start);
        if k != "path" {
            d.skip(
                name,
                n,
                n,
                &format!("_.{k}"),
                "not translated; copy its settings by hand",
            );
            continue;
        }
        let items: Vec<&str> = match v.get_ref() {
            DeValue::String(s) => vec![s.as_ref()],
            DeValue::Array(a) => a.iter().filter_map(|x| x.get_ref().as_str()).collect(),
            _ => Vec::new(),
        };
        let mut new = Vec::new();
        for p in items {
            if p.contains("{{") || p.contains('$') {
                d.skip(name, n, n, p, "a templated path is not translated");
                continue;
            }
            let entry = if p.starts_with('/')
                || p.starts_with("./")
                || p.starts_with("../")
                || p.starts_with("~/")
            {
                p.to_string()
            } else {
                format!("./{p}")
            };
            new.push((entry, Origin::new(name, n, "_.path")));
        }
        new.append(&mut d.prepend);
        d.prepend = new;
    }
}
