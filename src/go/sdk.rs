//! Installed Go SDKs: what one is (`Sdk`), which a selection needs (`Want`), and discovery,
//! which finds each once. Where they are looked for is in `places`, how one tree is examined
//! (VERSION and the go binary's ELF/Mach-O header, never by running it) in `tree`, and the memo
//! that keeps discovery cheap in `memo`. Reads the file system and writes only the memo in the
//! user's cache.

mod memo;
mod places;
mod tree;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use self::memo::Memo;
use self::places::path_candidates;
pub use self::places::{candidates, discovery_paths, Looked};
use self::tree::examine_with;
pub use self::tree::{binary_arch, examine, host_arch};
use super::version::Version;
use crate::env::Vars;

/// One SDK found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdk {
    /// The directory that becomes GOROOT (as found: a stable path such as Homebrew's opt link).
    pub root: PathBuf,
    /// First line of VERSION, e.g. `go1.22.10`.
    pub name: String,
    pub version: Option<Version>,
    pub installer: &'static str,
    /// GOARCH of bin/go, from its ELF or Mach-O header.
    pub arch: Option<&'static str>,
    /// None when usable; otherwise why not.
    pub problem: Option<String>,
}

impl Sdk {
    pub fn usable(&self) -> bool {
        self.problem.is_none()
    }
}

/// A variable of `env`, when set and not empty.
fn get(env: &dyn Vars, k: &str) -> Option<std::ffi::OsString> {
    env.var_str(k).filter(|v| !v.is_empty())
}

/// Which SDKs a selection needs to look at. Most installers name an SDK's directory after its
/// version (`go1.22.10`, `1.22.10`, `go@1.22`, `go-1.22`, `toolchain@v0.0.1-go1.22.10.linux-amd64`),
/// so a load for `go = "1.22"` reads only the trees whose name could be a 1.22, plus those whose
/// name says nothing (`/usr/local/go`, `opt/go`); its cost follows the request, not how many
/// SDKs are installed. A tree is still verified by its VERSION file before it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// Everything (`list`, `latest`, doctor).
    All,
    /// Exactly this release or prerelease.
    Exact(Version),
    /// Any release of this minor (`1.22`).
    Minor(Version),
    /// Any release at or above this one (a go.mod `go` line).
    AtLeast(Version),
}

impl Want {
    /// Whether a tree whose directory names `named` could satisfy this (None: it names nothing).
    fn may_match(&self, named: Option<&(Version, bool)>) -> bool {
        let Some((v, minor_only)) = named else {
            return true;
        };
        let minor = |w: &Version| (v.major, v.minor) == (w.major, w.minor);
        match self {
            Want::All => true,
            Want::Exact(w) => minor(w) && (*minor_only || v == w),
            Want::Minor(w) => minor(w),
            Want::AtLeast(w) => (v.major, v.minor) >= (w.major, w.minor),
        }
    }

    /// Whether this SDK satisfies the request (then the go on PATH need not be looked at).
    fn satisfied_by(&self, sdk: &Sdk) -> bool {
        let Some(v) = sdk.version.as_ref().filter(|_| sdk.usable()) else {
            return false;
        };
        match self {
            Want::All => false,
            Want::Exact(w) => v == w,
            Want::Minor(w) => v.is_release() && v.same_minor(w),
            Want::AtLeast(w) => v.is_release() && v >= w,
        }
    }
}

/// A version a directory names, and whether the name has only major.minor (`go@1.22`).
type Named = (Version, bool);

/// The version a candidate's directory names, if any, from its last three path components (a
/// tree may sit under its version: asdf's `installs/golang/1.22.10/go`, Homebrew's
/// `Cellar/go/1.22.3/libexec`). The flag is true for a name with only major.minor (`go@1.22`).
fn named_version<'a>(dir: &'a Path) -> Option<Named> {
    dir.components().rev().take(3).find_map(|c| {
        let n = c.as_os_str().to_str()?;
        let n = n.strip_prefix("toolchain@v0.0.1-").unwrap_or(n);
        // Cut at the `.linux-`/`.darwin-` of a toolchain download (a byte search: `str::split`
        // with a string pattern builds a searcher each time, and this runs for every candidate).
        let cut = |n: &'a str, at: &str| {
            n.as_bytes()
                .windows(at.len())
                .position(|w| w == at.as_bytes())
                .map_or(n, |i| &n[..i])
        };
        let n = cut(cut(n, ".linux-"), ".darwin-");
        let n = n
            .strip_prefix("go@")
            .or_else(|| n.strip_prefix("go-"))
            .or_else(|| n.strip_prefix("go"))
            .unwrap_or(n);
        if !n.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let v = Version::parse(n)?;
        let minor_only = n.split('.').count() == 2 && v.kind.is_empty();
        Some((v, minor_only))
    })
}

/// Every SDK found, each once (by device and inode, so a Homebrew opt link and its Cellar
/// directory count once), usable or not.
///
/// A healthy SDK already seen, whose root directory has the same identity and timestamps as then,
/// is taken from a small memo (`$XDG_CACHE_HOME/goenvhook/sdks`) instead of being read again: a
/// discovery that looks at many trees (`list`, doctor, a tree whose name says nothing) then costs
/// one `stat` per SDK. The memo is read from the second tree on; one tree is cheaper to read.
/// SDKs with a problem are never memoized, so a tree still being unpacked is read again until it
/// is complete; an installer that adds, removes or renames a root's entries changes its stamp.
pub fn discover(env: &dyn Vars, extra_dirs: &[PathBuf]) -> Vec<Sdk> {
    discover_for(env, extra_dirs, &Want::All)
}

/// A candidate to look at: its directory, installer and the version its name says.
type Todo = (PathBuf, &'static str, Option<Named>);

/// `discover` narrowed to the SDKs that can satisfy `want` (see `Want`), plus the go on PATH
/// only when none of those does: a load's cost depends on what it asks for, not on how many
/// SDKs are installed or how long PATH is.
pub fn discover_for(env: &dyn Vars, extra_dirs: &[PathBuf], want: &Want) -> Vec<Sdk> {
    let mut memo = Memo::new(env);
    let mut seen: Vec<(u64, u64)> = Vec::new();
    let mut out = Vec::new();
    let listed = candidates(env, extra_dirs);
    // Each candidate's directory name is read once: it decides whether the tree is looked at,
    // in which order, and whether a tree already verified beats it.
    let mut todo: Vec<Todo> = listed
        .iter()
        .filter_map(|(dir, label)| {
            let named = named_version(dir);
            want.may_match(named.as_ref())
                .then(|| (dir.clone(), *label, named))
        })
        .collect();
    let narrows = matches!(want, Want::Exact(_) | Want::Minor(_));
    if narrows {
        newest_first(&mut todo);
    }
    let mut skipped: Vec<usize> = Vec::new();
    let mut path_looked = false;
    let mut i = 0;
    loop {
        if i == todo.len() {
            if path_looked || out.iter().any(|s| want.satisfied_by(s)) {
                break;
            }
            path_looked = true;
            todo.extend(path_candidates(env).into_iter().map(|(d, l)| (d, l, None)));
            if i == todo.len() {
                break;
            }
        }
        let (dir, label, named) = &todo[i];
        i += 1;
        if narrows && beaten(want, &out, named.as_ref()) {
            skipped.push(i - 1);
            continue;
        }
        look(dir, label, &mut seen, &mut memo, &mut out);
    }
    let looked = todo[..i]
        .iter()
        .enumerate()
        .filter(|(k, _)| !skipped.contains(k))
        .map(|(_, (d, _, _))| d.as_path());
    memo.save(looked, &listed, &out);
    out
}

/// Within one installer's directory the newest name goes first: for `1.22` or `1.22.10`,
/// once a tree named like the answer is verified, lower-named ones cannot beat it and are
/// not read (trees whose name says nothing, or only `1.22`, still are).
fn newest_first(todo: &mut [Todo]) {
    let mut start = 0;
    while start < todo.len() {
        let parent = todo[start].0.parent();
        let mut end = start + 1;
        while end < todo.len() && todo[end].0.parent() == parent {
            end += 1;
        }
        todo[start..end].sort_by(|a, b| b.2.cmp(&a.2));
        start = end;
    }
}

/// Whether an SDK already found satisfies `want` at or above the full version a tree's name
/// says: then that tree cannot beat it.
fn beaten(want: &Want, out: &[Sdk], named: Option<&Named>) -> bool {
    let Some((v, false)) = named else {
        return false;
    };
    out.iter()
        .any(|s| want.satisfied_by(s) && s.version.as_ref().is_some_and(|f| f >= v))
}

/// Looks at one candidate: taken from the memo when its root is unchanged, read otherwise, and
/// added to `out` unless its root was already found by another path.
fn look(
    dir: &Path,
    label: &'static str,
    seen: &mut Vec<(u64, u64)>,
    memo: &mut Memo,
    out: &mut Vec<Sdk>,
) {
    // lstat first: most fixed places (/usr/local/go, /snap/go/current) do not exist, and
    // then one call says so; a link is followed only when there is one.
    let Ok(lmeta) = fs::symlink_metadata(dir) else {
        return;
    };
    let meta = if lmeta.file_type().is_symlink() {
        fs::metadata(dir).ok()
    } else {
        Some(lmeta)
    };
    let key = meta.as_ref().map(|m| (m.dev(), m.ino()));
    if key.is_some_and(|k| seen.contains(&k)) {
        return;
    }
    let stamp = meta.as_ref().map(memo::stamp);
    let sdk = match memo.recall(dir, label, stamp.as_ref()) {
        Some(sdk) => Some(sdk),
        None => examine_with(dir, label, meta),
    };
    if let Some(sdk) = sdk {
        if let (Some(st), true) = (stamp, sdk.usable()) {
            memo.found(out.len(), st);
        }
        seen.extend(key);
        out.push(sdk);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};

    use super::host_arch;
    use crate::env::Env;

    /// A temporary directory, the home in it, and an environment with HOME there.
    pub(crate) fn in_home() -> (tempfile::TempDir, PathBuf, Env) {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        let mut env = Env::new();
        env.insert("HOME".into(), home.clone().into());
        (t, home, env)
    }

    /// A Go tree at `root/rel` whose VERSION says `version` and whose bin/go is an ELF header
    /// for `arch` (an ELF machine number).
    pub(crate) fn fake(root: &Path, rel: &str, version: &str, arch: u8) -> PathBuf {
        let d = root.join(rel);
        fs::create_dir_all(d.join("bin")).unwrap();
        fs::create_dir_all(d.join("pkg/tool/linux_x")).unwrap();
        fs::write(
            d.join("VERSION"),
            format!("{version}\ntime 2024-01-01T00:00:00Z\n"),
        )
        .unwrap();
        let mut h = vec![0x7f, b'E', b'L', b'F', 2, 1];
        h.resize(64, 0);
        h[18] = arch;
        fs::write(d.join("bin/go"), h).unwrap();
        fs::set_permissions(d.join("bin/go"), fs::Permissions::from_mode(0o755)).unwrap();
        d
    }

    /// The ELF machine number of this machine (amd64 elsewhere).
    pub(crate) fn host_machine() -> u8 {
        if host_arch() == "arm64" {
            183
        } else {
            62
        }
    }
}
