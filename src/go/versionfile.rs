//! The version files other Go version managers commit: `.go-version` (goenv, gvm, and others) and
//! `.tool-versions` (asdf, also read by mise). Reads what Go version such a file names; pure
//! apart from the one file it is given.

use std::path::{Path, PathBuf};

pub const GO_VERSION: &str = ".go-version";
pub const TOOL_VERSIONS: &str = ".tool-versions";

/// The two file names a `go = "..."` value may end in to mean "read the version from there".
pub fn is_version_file(value: &str) -> bool {
    let name = value.rsplit('/').next().unwrap_or(value);
    (name == GO_VERSION || name == TOOL_VERSIONS)
        && (!value.contains('/') || value.starts_with("./") || value.starts_with("../"))
}

/// Where `go = "<value>"` points, relative to the config's directory.
pub fn resolve(dir: &Path, value: &str) -> PathBuf {
    dir.join(value)
}

/// What a version file asks for: a version (`1.22.3`, `1.22`, `go1.22.3`), `latest` or `system`,
/// and the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub version: String,
    pub line: usize,
}

/// Reads the Go version out of a `.go-version` or `.tool-versions` text (the kind is chosen by
/// the file name). Errors are one line, naming the file's line and the fix.
pub fn parse(name: &str, text: &str) -> Result<Wanted, String> {
    if name.ends_with(TOOL_VERSIONS) {
        parse_tool_versions(text)
    } else {
        parse_go_version(text)
    }
}

/// `.go-version`: the first non-empty line that is not a comment (goenv ignores the rest).
fn parse_go_version(text: &str) -> Result<Wanted, String> {
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let version = line.split_whitespace().next().unwrap_or(line);
        return Ok(Wanted {
            version: version.to_string(),
            line: i + 1,
        });
    }
    Err("has no version; write one, e.g. 1.22.3".into())
}

/// `.tool-versions`: `golang 1.22.3` (asdf's plugin name) or `go 1.22.3` (mise); with several
/// versions on the line the first is the one in use, as asdf does.
fn parse_tool_versions(text: &str) -> Result<Wanted, String> {
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        if !matches!(words.next(), Some("golang" | "go")) {
            continue;
        }
        let Some(version) = words.next() else {
            return Err(format!(
                "line {}: no version after the tool name; write e.g. golang 1.22.3",
                i + 1
            ));
        };
        return Ok(Wanted {
            version: version.to_string(),
            line: i + 1,
        });
    }
    Err("has no golang (or go) line; add one, e.g. golang 1.22.3".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files() {
        assert_eq!(parse(".go-version", "1.22.3\n").unwrap().version, "1.22.3");
        let w = parse(".go-version", "# pinned\n\n go1.21.13 \n").unwrap();
        assert_eq!((w.version.as_str(), w.line), ("go1.21.13", 3));
        assert!(parse(".go-version", "\n# nothing\n").is_err());
        let w = parse(
            "x/.tool-versions",
            "nodejs 20.1.0\ngolang 1.22.3 1.21.0 # main\n",
        )
        .unwrap();
        assert_eq!((w.version.as_str(), w.line), ("1.22.3", 2));
        assert_eq!(
            parse(".tool-versions", "go latest\n").unwrap().version,
            "latest"
        );
        assert!(parse(".tool-versions", "nodejs 20\n").is_err());
        assert!(parse(".tool-versions", "golang\n")
            .unwrap_err()
            .contains("line 1"));
    }

    #[test]
    fn names() {
        for ok in [
            ".go-version",
            ".tool-versions",
            "../.go-version",
            "./tools/.tool-versions",
        ] {
            assert!(is_version_file(ok), "{ok}");
        }
        for no in ["go-version", "/etc/.go-version", "x.go-version", "1.22"] {
            assert!(!is_version_file(no), "{no}");
        }
    }
}
