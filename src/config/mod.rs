//! `.goenv.toml`: finding it upward from a directory (find), reading it with the guards a prompt
//! needs (read), parsing it with positions (parse), and turning its values into environment bytes
//! (expand). Here: the types they share and the walk of a chain of inherited configs. Knows
//! nothing of trust, state or shells; reads only the configs.

mod expand;
mod find;
mod global;
mod parse;
mod read;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::go::select::GoSpec;

pub use expand::Ctx;
pub use find::{find_all, find_all_here};
pub use global::Global;
pub use parse::{parse, quote_goflag, toml_string};
pub use read::{read, read_with_meta, MAX_BYTES};

pub const FILE_NAME: &str = ".goenv.toml";

/// A problem in a config file, always with a position and the fix, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub msg: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.msg
        )
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
    /// `false`: unset inside the project.
    Unset,
}

impl Value {
    /// Whether the value reads the shell's environment (`${NAME}`), so it can differ per shell.
    pub fn expands(&self) -> bool {
        match self {
            Value::Str(s) => s.contains("${"),
            Value::List(l) => l.iter().any(|s| s.contains("${")),
            Value::Unset => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub name: String,
    pub value: Value,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub go: Option<GoSpec>,
    pub inherit: bool,
    pub env: Vec<EnvEntry>,
    pub prepend: Vec<String>,
    pub append: Vec<String>,
}

/// A developer's own overrides beside a `.goenv.toml` (not committed; approved on its own).
pub const LOCAL_FILE_NAME: &str = ".goenv.local.toml";

/// Whether `path` is a `.goenv.local.toml`.
pub fn is_local(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == LOCAL_FILE_NAME)
}

/// The one walk of a chain, for the hook, status and allow: from `found[0]` (`find_all`'s list,
/// nearest first), each config is read with the guarded reader and handed to `visit` with its
/// bytes and metadata, or why it could not be read. `visit` returns the parsed config to go on,
/// or None to stop there; the walk goes on while `chain_continues`. Returns what `visit` returned.
pub fn walk_chain<E>(
    found: &[PathBuf],
    mut visit: impl FnMut(
        &Path,
        Result<(Vec<u8>, std::fs::Metadata), String>,
    ) -> Result<Option<Config>, E>,
) -> Result<Vec<Config>, E> {
    let mut chain = Vec::new();
    for (i, path) in found.iter().enumerate() {
        let Some(cfg) = visit(path, read_with_meta(path))? else {
            break;
        };
        let go_on = chain_continues(&cfg, found.get(i + 1).map(PathBuf::as_path));
        chain.push(cfg);
        if !go_on {
            break;
        }
    }
    Ok(chain)
}

/// After `cfg` (an element of `find_all`'s list), whether the chain goes on to `next`: a local
/// file always goes on to the `.goenv.toml` beside it; otherwise `inherit = true` goes on to
/// the next file up.
pub fn chain_continues(cfg: &Config, next: Option<&Path>) -> bool {
    let sibling = is_local(&cfg.path)
        && next.is_some_and(|n| n.parent() == cfg.path.parent() && !is_local(n));
    next.is_some() && (sibling || cfg.inherit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_files_in_the_chain() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        let child = root.join("svc");
        std::fs::create_dir_all(&child).unwrap();
        for f in [
            ".goenv.toml",
            ".goenv.local.toml",
            "svc/.goenv.toml",
            "svc/.goenv.local.toml",
        ] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let found = find_all(&child);
        let want: Vec<PathBuf> = [
            "svc/.goenv.local.toml",
            "svc/.goenv.toml",
            ".goenv.local.toml",
            ".goenv.toml",
        ]
        .iter()
        .map(|f| root.join(f))
        .collect();
        assert_eq!(found[..4], want[..]);
        let cfg = |path: &Path, inherit: bool| Config {
            inherit,
            ..parse(path, b"").unwrap()
        };
        // A local file goes on to its sibling whatever it says; a project file by inherit.
        assert!(chain_continues(&cfg(&found[0], false), Some(&found[1])));
        assert!(!chain_continues(&cfg(&found[1], false), Some(&found[2])));
        assert!(chain_continues(&cfg(&found[1], true), Some(&found[2])));
        // A local file alone: its own inherit decides.
        assert!(!chain_continues(&cfg(&found[0], false), Some(&found[2])));
        assert!(chain_continues(&cfg(&found[0], true), Some(&found[2])));
        assert!(!chain_continues(&cfg(&found[3], true), None));
        assert!(is_local(&found[0]) && !is_local(&found[1]));
    }
}
