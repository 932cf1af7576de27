//! go.mod and go.work as goenvhook reads them: where they are beside a config, their `go`
//! and `toolchain` lines, the modules a go.mod requires (after its replacements), and a module
//! path as the module cache spells it. Pure apart from the paths it names.

use std::path::{Path, PathBuf};

/// The go.work or go.mod beside a config, as `go = "go.mod"` reads them. Both paths are returned
/// so they can be watched (a go.work created later wins over the go.mod).
pub fn gomod_files(dir: &Path) -> [PathBuf; 2] {
    [dir.join("go.work"), dir.join("go.mod")]
}

/// The `go` and `toolchain` lines of a go.mod or go.work.
pub fn mod_lines(text: &str) -> (Option<String>, Option<String>) {
    let (mut go, mut toolchain) = (None, None);
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("go"), Some(v)) => go = Some(v.to_string()),
            (Some("toolchain"), Some(v)) => toolchain = Some(v.to_string()),
            _ => {}
        }
    }
    (go, toolchain)
}

/// The file the go command takes its `go` and `toolchain` lines from when run in `dir`:
/// `$GOWORK` if set (`off` disables workspaces), else the nearest go.work,
/// else the nearest go.mod, walking up.
pub fn governing_file(dir: &Path, gowork: Option<&str>) -> Option<PathBuf> {
    match gowork.filter(|w| !w.is_empty()) {
        Some("off") => {}
        Some(w) => return Some(PathBuf::from(w)),
        None => {
            if let Some(w) = dir
                .ancestors()
                .map(|d| d.join("go.work"))
                .find(|p| p.is_file())
            {
                return Some(w);
            }
        }
    }
    dir.ancestors()
        .map(|d| d.join("go.mod"))
        .find(|p| p.is_file())
}

/// A module version a go.mod needs from the module cache or a proxy: `require` lines after the
/// file's `replace` lines (a module replaced by a directory needs nothing fetched; one replaced
/// by another module needs that one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub path: String,
    pub version: String,
}

/// The words of each directive line, blocks (`require ( ... )`) unfolded: (verb, words).
fn directives(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let words: Vec<String> = line
            .split_whitespace()
            .map(|w| w.trim_matches('"').to_string())
            .collect();
        match (&block, words.as_slice()) {
            (_, []) => {}
            (Some(_), [close]) if close == ")" => block = None,
            (Some(verb), _) => out.push((verb.clone(), words)),
            (None, [verb, open]) if open == "(" => block = Some(verb.clone()),
            (None, [verb, rest @ ..]) => out.push((verb.clone(), rest.to_vec())),
        }
    }
    out
}

/// The modules a go.mod requires, each once, with `replace` applied.
pub fn requires(text: &str) -> Vec<Required> {
    let all = directives(text);
    // replace PATH [VERSION] => TARGET [VERSION]
    let replaced = |path: &str, version: &str| -> Option<Option<Required>> {
        all.iter()
            .filter(|(verb, _)| verb == "replace")
            .filter_map(|(_, w)| {
                let arrow = w.iter().position(|x| x == "=>")?;
                let (from, to) = (&w[..arrow], &w[arrow + 1..]);
                let applies = from.first()? == path && from.get(1).is_none_or(|v| v == version);
                applies.then(|| match to {
                    [target, v] => Some(Required {
                        path: target.clone(),
                        version: v.clone(),
                    }),
                    _ => None,
                })
            })
            .next_back()
    };
    let mut out: Vec<Required> = Vec::new();
    for (_, w) in all.iter().filter(|(verb, _)| verb == "require") {
        let [path, version, ..] = w.as_slice() else {
            continue;
        };
        let need = replaced(path, version).unwrap_or_else(|| {
            Some(Required {
                path: path.clone(),
                version: version.clone(),
            })
        });
        if let Some(r) = need.filter(|r| !out.contains(r)) {
            out.push(r);
        }
    }
    out
}

/// A module path or version as the module cache and proxies spell it (Go's module.EscapePath):
/// each upper-case letter becomes `!` and its lower case.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_with_replacements() {
        let text = "module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n\nrequire (\n\t\"github.com/BurntSushi/toml\" v1.3.2 // indirect\n\texample.com/local v1.0.0\n\texample.com/moved v1.0.0\n)\n\nreplace example.com/local => ../local\nreplace (\n\texample.com/moved v1.0.0 => example.com/fork v1.0.1\n)\n";
        let r = requires(text);
        let got: Vec<(&str, &str)> = r
            .iter()
            .map(|x| (x.path.as_str(), x.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("golang.org/x/text", "v0.14.0"),
                ("github.com/BurntSushi/toml", "v1.3.2"),
                ("example.com/fork", "v1.0.1"),
            ]
        );
        assert_eq!(
            escape("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml"
        );
        assert!(requires("module m\n\ngo 1.22\n").is_empty());
    }
}
