//! The user's `go env -w` file and `$GOROOT/go.env` as the go command reads them: where the user
//! file is on each OS and with GOENV, and its `KEY=VALUE` lines with line numbers. Pure: the
//! caller reads the file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Where the go command reads the user file from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `GOENV=off`: the file is not read (but `go env -w` still writes the default one).
    Off,
    File(PathBuf),
    /// Neither GOENV nor HOME (nor XDG_CONFIG_HOME on Linux) is set, or XDG_CONFIG_HOME is
    /// relative: go reads no user file.
    Unknown,
}

/// `os.UserConfigDir()/go/env` unless GOENV names a file. `goos` is the
/// machine's (`darwin` keeps it under ~/Library/Application Support).
pub fn location(goos: &str, get: impl Fn(&str) -> Option<OsString>) -> Location {
    let get = |k: &str| get(k).filter(|v| !v.is_empty());
    if let Some(v) = get("GOENV") {
        return if v == "off" {
            Location::Off
        } else {
            Location::File(PathBuf::from(v))
        };
    }
    let home = get("HOME").map(PathBuf::from);
    let dir = match goos {
        "darwin" | "ios" => home.map(|h| h.join("Library/Application Support")),
        // os.UserConfigDir: a set XDG_CONFIG_HOME wins, and a relative one is an error, after
        // which go reads no user file at all (it does not fall back to ~/.config).
        _ => match get("XDG_CONFIG_HOME").map(PathBuf::from) {
            Some(x) if x.is_absolute() => Some(x),
            Some(_) => None,
            None => home.map(|h| h.join(".config")),
        },
    };
    dir.map_or(Location::Unknown, |d| Location::File(d.join("go/env")))
}

/// One line Go takes from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based.
    pub line: usize,
    pub key: String,
    pub value: String,
}

/// The lines Go's `readEnvFile` keeps: the first byte is `A`-`Z` and there is a `=`. Everything
/// else (comments, `export X=...`, indented lines) is silently ignored; there is no quoting and no
/// expansion, so `"..."` stays part of the value.
pub fn parse(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, l)| {
            let (key, value) = l.split_once('=')?;
            if !l.starts_with(|c: char| c.is_ascii_uppercase()) {
                return None;
            }
            Some(Line {
                line: i + 1,
                key: key.to_string(),
                value: value.to_string(),
            })
        })
        .collect()
}

/// The line that counts for `key` (a duplicate key: the last one wins).
pub fn get<'a>(lines: &'a [Line], key: &str) -> Option<&'a Line> {
    lines.iter().rev().find(|l| l.key == key)
}

/// `$GOROOT/go.env`.
pub fn goroot_file(root: &Path) -> PathBuf {
    root.join("go.env")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_per_os_and_goenv() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let home = &[("HOME", "/h")];
        assert_eq!(
            location("linux", env(home)),
            Location::File("/h/.config/go/env".into())
        );
        assert_eq!(
            location("darwin", env(home)),
            Location::File("/h/Library/Application Support/go/env".into())
        );
        assert_eq!(
            location("linux", env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")])),
            Location::File("/x/go/env".into())
        );
        assert_eq!(
            location("linux", env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "rel")])),
            Location::Unknown,
            "a relative XDG_CONFIG_HOME: go reads no user file"
        );
        assert_eq!(
            location("darwin", env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")])),
            Location::File("/h/Library/Application Support/go/env".into())
        );
        assert_eq!(location("linux", env(&[("GOENV", "off")])), Location::Off);
        assert_eq!(
            location("linux", env(&[("GOENV", "/e"), ("HOME", "/h")])),
            Location::File("/e".into())
        );
        assert_eq!(location("linux", env(&[])), Location::Unknown);
    }

    #[test]
    fn lines_as_go_reads_them() {
        let lines = parse(
            "# comment\nGOPROXY=\"https://a.example\"\nexport GOFLAGS=-x\n  GOBIN=/b\nGOROOT=/old\nGOROOT=/new\nnoequals\nGONOSUMDB=$HOME/x",
        );
        let keys: Vec<(&str, usize)> = lines.iter().map(|l| (l.key.as_str(), l.line)).collect();
        assert_eq!(
            keys,
            [
                ("GOPROXY", 2),
                ("GOROOT", 5),
                ("GOROOT", 6),
                ("GONOSUMDB", 8)
            ]
        );
        assert_eq!(get(&lines, "GOROOT").unwrap().value, "/new");
        assert_eq!(
            get(&lines, "GOPROXY").unwrap().value,
            "\"https://a.example\""
        );
        assert_eq!(get(&lines, "GONOSUMDB").unwrap().value, "$HOME/x");
    }
}
