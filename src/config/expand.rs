//! Expanding a config's values: `~/`, `./`, `../` and `${VAR}` against the environment outside
//! the project, list values joined the way each variable is read, and `[path]` entries checked
//! once expanded.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use super::{quote_goflag, EnvEntry, Value};
use crate::env::Vars;
use crate::go::vars::{self, Join};
use crate::paths;

/// What a value's expansions read: the environment outside the project, and HOME.
pub struct Ctx<'a> {
    pub outside: &'a dyn Vars,
    pub dir: &'a Path,
}

impl Ctx<'_> {
    fn home(&self) -> Vec<u8> {
        self.outside
            .var_str("HOME")
            .map(|h| h.into_vec())
            .unwrap_or_default()
    }

    /// `~/`, `./`, `../` at the start (relative to HOME and the config's directory), then `${...}`.
    pub fn expand(&self, raw: &str) -> OsString {
        self.expand_inner(raw, false)
    }

    /// A `[path]` entry: like `expand`, and a bare `.`, `..` or `~` is a directory too. In an
    /// `[env]` value they stay text (a value "." is as likely a separator as a directory).
    pub fn expand_dir(&self, raw: &str) -> OsString {
        self.expand_inner(raw, true)
    }

    /// A `[path]` entry as it goes on PATH: `expand_dir`, then the checks that only the
    /// expanded form can answer. It must be a non-empty absolute path without `:`. A `:` splits
    /// it into several PATH entries, some relative, that leaving the project cannot find again;
    /// an empty or relative entry puts whatever directory the shell is in on PATH. Both can come
    /// from the project's own directory name (`./bin` under `a:b/`) or from a `${VAR}`.
    pub fn path_entry(&self, raw: &str) -> Result<OsString, String> {
        let dir = self.expand_dir(raw);
        let b = dir.as_bytes();
        let home_unset = (raw == "~" || raw.starts_with("~/")) && !self.home().starts_with(b"/");
        let why = if home_unset {
            "HOME is not set to an absolute path here"
        } else if b.is_empty() {
            "that is empty, which PATH reads as the current directory"
        } else if b.contains(&b':') {
            "that holds ':', PATH's separator, so it would become several entries"
        } else if !b.starts_with(b"/") {
            "that is relative, so it would mean a different directory after every cd"
        } else {
            return Ok(dir);
        };
        let fix = if raw.contains("${") {
            "set the variable to one absolute directory, or change the entry"
        } else if b.contains(&b':') {
            "move the project to a directory without ':' in its path, or give an absolute path"
        } else {
            "give an absolute path"
        };
        Err(format!(
            "PATH entry {raw:?} in {} becomes {:?}; {why}: {fix}",
            self.dir.display(),
            dir.to_string_lossy()
        ))
    }

    fn expand_inner(&self, raw: &str, bare: bool) -> OsString {
        let home = self.outside.var_str("HOME");
        let (base, rest) = paths::prefix(raw, home.as_deref(), self.dir, bare);
        let mut out: Vec<u8> = Vec::new();
        if let Some(base) = base {
            out.extend(paths::bytes(&base));
            if !rest.is_empty() && !out.ends_with(b"/") {
                out.push(b'/');
            }
        }
        self.expand_vars(rest, &mut out);
        OsString::from_vec(out)
    }

    fn expand_vars(&self, s: &str, out: &mut Vec<u8>) {
        let mut i = 0;
        let b = s.as_bytes();
        while i < b.len() {
            if b[i] == b'$' && b.get(i + 1) == Some(&b'$') {
                out.push(b'$');
                i += 2;
            } else if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
                // check_expansions guaranteed a closing brace.
                let close = s[i..].find('}').map_or(b.len(), |c| i + c);
                let inner = &s[i + 2..close];
                let (name, default) = match inner.split_once(":-") {
                    Some((n, d)) => (n, Some(d)),
                    None => (inner, None),
                };
                match self.outside.var_str(name) {
                    Some(v) if !v.is_empty() || default.is_none() => out.extend(v.as_bytes()),
                    _ => out.extend(default.unwrap_or("").as_bytes()),
                }
                i = close + 1;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
    }

    /// The bytes a config value becomes, or None for `false` (unset).
    pub fn value(&self, entry: &EnvEntry) -> Result<Option<OsString>, String> {
        match &entry.value {
            Value::Unset => Ok(None),
            Value::Str(s) => Ok(Some(self.expand(s))),
            Value::List(items) => {
                let join = vars::join_for(&entry.name).unwrap_or(Join::Sep(b','));
                let mut out = Vec::new();
                let mut first = true;
                for item in items {
                    let v = self.expand(item);
                    // An entry like "${GOPATH}" that expands to nothing adds nothing: an empty
                    // entry is the working directory in a PATH-like list and an error in Go's.
                    if v.is_empty() && item.contains("${") {
                        continue;
                    }
                    if !std::mem::take(&mut first) {
                        out.push(match join {
                            Join::Sep(c) => c,
                            Join::GoFlags => b' ',
                        });
                    }
                    if join == Join::GoFlags {
                        let s = v.to_string_lossy();
                        let q = quote_goflag(&s).ok_or_else(|| {
                            format!("GOFLAGS entry {s:?} has white space and both quote kinds after expansion")
                        })?;
                        out.extend(q.as_bytes());
                    } else {
                        out.extend(v.as_bytes());
                    }
                }
                Ok(Some(OsString::from_vec(out)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;

    #[test]
    fn expansions() {
        let mut env = Env::new();
        env.insert("HOME".into(), "/home/u".into());
        env.insert("GOFLAGS".into(), "-mod=mod".into());
        env.insert("EMPTY".into(), "".into());
        let ctx = Ctx {
            outside: &env,
            dir: Path::new("/proj"),
        };
        assert_eq!(ctx.expand("${GOFLAGS:-} -race"), "-mod=mod -race");
        assert_eq!(ctx.expand("${NOPE:-x}/${EMPTY:-d}"), "x/d");
        assert_eq!(ctx.expand("~/.netrc"), "/home/u/.netrc");
        assert_eq!(ctx.expand("a$$b$c"), "a$b$c");
        // Found by the escaping property test: a bare "." or "~" is a value, not a directory.
        for text in [".", "..", "~", "~user/x", ".hidden"] {
            assert_eq!(ctx.expand(text), text);
        }
        assert_eq!(ctx.expand_dir("."), "/proj");
        assert_eq!(ctx.expand_dir(".."), "/");
        assert_eq!(ctx.expand_dir("~"), "/home/u");
        assert_eq!(ctx.expand("./.."), "/");
        assert_eq!(ctx.expand("${NOPE}"), "");
        let list = |items: &[&str]| EnvEntry {
            name: "GOPATH".into(),
            value: Value::List(items.iter().map(|s| s.to_string()).collect()),
            line: 1,
            col: 1,
        };
        let v = |items: &[&str]| ctx.value(&list(items)).unwrap().unwrap();
        assert_eq!(v(&["./go", "${NOPE}"]), "/proj/go");
        assert_eq!(v(&["${EMPTY}", "./go", "${GOFLAGS}"]), "/proj/go:-mod=mod");
    }

    #[test]
    fn path_entries_are_checked_once_expanded() {
        let mut env = Env::new();
        env.insert("HOME".into(), "/home/u".into());
        env.insert("REL".into(), "bin".into());
        env.insert("C".into(), "/a:b:.".into());
        env.insert("ABS".into(), "/opt/tools".into());
        let at = |dir: &str, raw: &str| {
            Ctx {
                outside: &env,
                dir: Path::new(dir),
            }
            .path_entry(raw)
        };
        assert_eq!(at("/p", "./bin").unwrap(), "/p/bin");
        assert_eq!(at("/p", "${ABS}/bin").unwrap(), "/opt/tools/bin");
        assert_eq!(at("/p", "~").unwrap(), "/home/u");
        for (dir, raw, why) in [
            ("/x/a:b/proj", "./bin", "':'"),
            ("/p", "${NOPE}", "empty"),
            ("/p", "${REL}", "relative"),
            ("/p", "${C}", "':'"),
        ] {
            let e = at(dir, raw).unwrap_err();
            assert!(
                e.contains(&format!("{raw:?}")) && e.contains(dir) && e.contains(why),
                "{e}"
            );
        }
        let mut no_home = Env::new();
        no_home.insert("HOME".into(), "".into());
        let ctx = Ctx {
            outside: &no_home,
            dir: Path::new("/p"),
        };
        assert!(ctx.path_entry("~/bin").unwrap_err().contains("HOME"));
    }
}
