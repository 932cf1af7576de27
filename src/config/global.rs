//! The user's global config, `~/.config/goenvhook/config.toml`: directories whose configs need no
//! `allow`, quiet, more places to look for Go SDKs, and the fast path's off switch.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::ConfigError;

/// `~/.config/goenvhook/config.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Global {
    /// Directories whose configs need no `allow`.
    pub prefixes: Vec<PathBuf>,
    /// Print only errors.
    pub quiet: bool,
    /// More places to look for Go SDKs (each a GOROOT or a directory of them).
    pub sdk_dirs: Vec<PathBuf>,
    /// `fast_path = false`: every prompt runs goenvhook, as when GOENVHOOK_NO_FAST_PATH=1.
    pub no_fast_path: bool,
}

impl Global {
    pub fn load(path: Option<&Path>, home: Option<&OsStr>) -> Result<Global, ConfigError> {
        let Some(path) = path else {
            return Ok(Global::default());
        };
        // The guarded reader: a FIFO put in its place must not hang the prompt.
        match super::read(path) {
            Ok(bytes) => Global::parse(path, &bytes, home),
            Err(_) => Ok(Global::default()),
        }
    }

    pub fn parse(path: &Path, bytes: &[u8], home: Option<&OsStr>) -> Result<Global, ConfigError> {
        let text = String::from_utf8_lossy(bytes);
        let err = |offset: usize, msg: String| {
            let before = &text[..offset.min(text.len())];
            ConfigError {
                path: path.to_path_buf(),
                line: before.matches('\n').count() + 1,
                col: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                msg,
            }
        };
        let doc = DeTable::parse(&text).map_err(|e| {
            err(
                e.span().map_or(0, |s| s.start),
                format!("{}; fix the TOML syntax", e.message().trim_end()),
            )
        })?;
        let mut g = Global::default();
        for (k, v) in doc.get_ref().iter() {
            let at = v.span().start;
            match (k.get_ref().as_ref(), v.get_ref()) {
                ("quiet", DeValue::Boolean(b)) => g.quiet = *b,
                ("fast_path", DeValue::Boolean(b)) => g.no_fast_path = !*b,
                ("prefixes" | "sdk_dirs", DeValue::Array(items)) => {
                    for item in items.iter() {
                        let Some(s) = item.get_ref().as_str() else {
                            return Err(err(
                                item.span().start,
                                format!("every entry of {} must be a string", k.get_ref()),
                            ));
                        };
                        // `./` has no meaning here (this file is not in a project).
                        let p = match s.starts_with("~/") {
                            true => crate::paths::resolve(s, home, Path::new("/")),
                            false => PathBuf::from(s),
                        };
                        if !p.is_absolute() {
                            return Err(err(
                                item.span().start,
                                format!("{s:?} must be an absolute path or start with ~/"),
                            ));
                        }
                        if k.get_ref() == "prefixes" {
                            g.prefixes.push(p);
                        } else {
                            g.sdk_dirs.push(p);
                        }
                    }
                }
                ("quiet" | "fast_path", _) => {
                    return Err(err(at, format!("{} must be true or false", k.get_ref())))
                }
                ("prefixes", _) => {
                    return Err(err(at, "prefixes must be a list of directories".into()))
                }
                (other, _) => {
                    let keys = ["quiet", "prefixes", "sdk_dirs", "fast_path"];
                    let hint = crate::go::vars::suggest(other, &keys).map_or(
                        "the keys allowed are quiet, prefixes, sdk_dirs and fast_path".to_string(),
                        |s| format!("did you mean \"{s}\"?"),
                    );
                    return Err(err(
                        k.span().start,
                        format!("unknown key \"{other}\"; {hint}"),
                    ));
                }
            }
        }
        Ok(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_config() {
        let g = Global::parse(
            Path::new("/c.toml"),
            b"quiet = true\nprefixes = [\"~/src\"]\n",
            Some(OsStr::new("/h")),
        )
        .unwrap();
        assert!(g.quiet);
        assert_eq!(g.prefixes, vec![PathBuf::from("/h/src")]);
        let e = Global::parse(Path::new("/c.toml"), b"quite = true\n", None).unwrap_err();
        assert!(e.msg.contains("did you mean \"quiet\""));
    }
}
