//! Paths, at the bottom of the module graph: where goenvhook's own files live (the XDG base
//! directories, from the environment only) and how a path written in one of goenvhook's configs
//! (`~/`, `./`, `../`) becomes an absolute one. No I/O.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// An XDG base directory: `var` when it is an absolute path (the XDG spec says a relative one
/// is to be ignored), else `$HOME/<fallback>`. None without either. Never from getpwuid: a
/// static binary must not do NSS lookups.
pub fn xdg(get: &dyn Fn(&str) -> Option<OsString>, var: &str, fallback: &str) -> Option<PathBuf> {
    get(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            get("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| Path::new(&h).join(fallback))
        })
}

/// `$XDG_DATA_HOME`, by default `~/.local/share`.
pub fn data_home(get: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    xdg(get, "XDG_DATA_HOME", ".local/share")
}

/// `$XDG_CONFIG_HOME`, by default `~/.config`.
pub fn config_home(get: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    xdg(get, "XDG_CONFIG_HOME", ".config")
}

/// `$XDG_CACHE_HOME`, by default `~/.cache`.
pub fn cache_home(get: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    xdg(get, "XDG_CACHE_HOME", ".cache")
}

/// The start of a path written in a goenvhook config: `~/` is HOME, `./` and `../` (any number,
/// `./..` included) are relative to `dir`, the config's directory. With `bare`, a whole `~`, `.`
/// or `..` is a directory too (a `[path]` entry, a `go = ` path); in a value it stays text.
/// Returns the directory the prefix stands for (None: no prefix; empty: `~` without a HOME)
/// and the rest of the text after it.
pub fn prefix<'a>(
    raw: &'a str,
    home: Option<&OsStr>,
    dir: &Path,
    bare: bool,
) -> (Option<PathBuf>, &'a str) {
    if let Some(rest) = raw
        .strip_prefix("~/")
        .or((bare && raw == "~").then_some(""))
    {
        return (Some(home.map(PathBuf::from).unwrap_or_default()), rest);
    }
    let relative =
        raw.starts_with("./") || raw.starts_with("../") || (bare && (raw == "." || raw == ".."));
    if !relative {
        return (None, raw);
    }
    // Once inside a relative prefix, "." and ".." are always path steps ("./..").
    let mut at = dir.to_path_buf();
    let mut rest = raw;
    loop {
        if let Some(r) = rest.strip_prefix("../").or((rest == "..").then_some("")) {
            at = at.parent().map_or(at.clone(), Path::to_path_buf);
            rest = r;
        } else if let Some(r) = rest.strip_prefix("./").or((rest == ".").then_some("")) {
            rest = r;
        } else {
            return (Some(at), rest);
        }
    }
}

/// `prefix` applied: the absolute path `raw` names, or `raw` as written when it has no prefix.
pub fn resolve(raw: &str, home: Option<&OsStr>, dir: &Path) -> PathBuf {
    match prefix(raw, home, dir, true) {
        (Some(base), "") => base,
        (Some(base), rest) => base.join(rest),
        (None, _) => PathBuf::from(raw),
    }
}

/// The bytes of a path.
pub fn bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.into())
    }

    #[test]
    fn xdg_dirs_ignore_relative_values() {
        assert_eq!(
            data_home(&env(&[("HOME", "/h")])),
            Some("/h/.local/share".into())
        );
        assert_eq!(
            config_home(&env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")])),
            Some("/x".into())
        );
        assert_eq!(
            cache_home(&env(&[("HOME", "/h"), ("XDG_CACHE_HOME", "rel")])),
            Some("/h/.cache".into())
        );
        assert_eq!(data_home(&env(&[("HOME", "")])), None);
        assert_eq!(
            data_home(&env(&[("XDG_DATA_HOME", "/d")])),
            Some("/d".into())
        );
    }

    #[test]
    fn prefixes() {
        let home = Some(OsStr::new("/home/u"));
        let d = Path::new("/p/q");
        assert_eq!(resolve("~/bin", home, d), Path::new("/home/u/bin"));
        assert_eq!(resolve("~", home, d), Path::new("/home/u"));
        assert_eq!(resolve("./bin", home, d), Path::new("/p/q/bin"));
        assert_eq!(resolve("../bin", home, d), Path::new("/p/bin"));
        assert_eq!(resolve("./..", home, d), Path::new("/p"));
        assert_eq!(resolve(".", home, d), Path::new("/p/q"));
        assert_eq!(resolve("/abs", home, d), Path::new("/abs"));
        assert_eq!(resolve("rel", home, d), Path::new("rel"));
        assert_eq!(resolve("~user/x", home, d), Path::new("~user/x"));
        assert_eq!(prefix("~/x", None, d, true), (Some(PathBuf::new()), "x"));
        assert_eq!(prefix(".", home, d, false), (None, "."));
        assert_eq!(prefix("~", home, d, false), (None, "~"));
    }
}
