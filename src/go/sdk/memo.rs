//! The memo of healthy SDKs in the user's cache (`$XDG_CACHE_HOME/goenvhook/sdks`): each root's
//! stamp and what was found there, read and rewritten by discovery so that a tree whose root has
//! not changed is not read again.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{get, Sdk};
use crate::env::{self, Vars};
use crate::go::version::Version;

/// A root directory's device, inode, mtime and ctime (seconds and nanoseconds).
pub(super) type Stamp = [i64; 6];

pub(super) fn stamp(m: &fs::Metadata) -> Stamp {
    [
        m.dev() as i64,
        m.ino() as i64,
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec(),
    ]
}

/// The memo as one discovery uses it.
pub(super) struct Memo {
    path: Option<PathBuf>,
    /// Read when a second tree needs a look: a load that verifies one tree (most loads, now that
    /// names narrow the candidates) reads it directly, since reading and rewriting the memo would
    /// cost more than it saves.
    entries: Option<Vec<(PathBuf, Stamp, Sdk)>>,
    looked_at: usize,
    /// The stamp of each healthy SDK found, by its index in the discovery's list, to rewrite the
    /// memo if needed.
    fresh: Vec<(usize, Stamp)>,
}

/// Entries are matched on the stamp first (device and inode differ at once), then on the
/// root's bytes: comparing Paths component by component was most of a 100-SDK load.
fn entry(memo: &[(PathBuf, Stamp, Sdk)], root: &Path, st: &Stamp) -> Option<usize> {
    memo.iter()
        .position(|(p, s, _)| s == st && p.as_os_str().as_bytes() == root.as_os_str().as_bytes())
}

impl Memo {
    pub(super) fn new(env: &dyn Vars) -> Memo {
        Memo {
            path: memo_file(env),
            entries: None,
            looked_at: 0,
            fresh: Vec::new(),
        }
    }

    /// What the memo says of the tree at `dir` with this stamp (None: no stamp, or not
    /// remembered). Counts the trees looked at, and reads the memo at the second.
    pub(super) fn recall(
        &mut self,
        dir: &Path,
        installer: &'static str,
        stamp: Option<&Stamp>,
    ) -> Option<Sdk> {
        let st = stamp?;
        self.looked_at += 1;
        if self.looked_at == 2 {
            self.entries = Some(self.path.as_deref().map(read_memo).unwrap_or_default());
        }
        let memo = self.entries.as_deref()?;
        entry(memo, dir, st).map(|k| Sdk {
            root: dir.to_path_buf(),
            installer,
            ..memo[k].2.clone()
        })
    }

    /// The healthy SDK at `index` in the discovery's list has this stamp.
    pub(super) fn found(&mut self, index: usize, stamp: Stamp) {
        self.fresh.push((index, stamp));
    }

    /// Rewrites the memo, when it was read and what was found differs from it. `looked` are the
    /// roots looked at this time, `listed` every candidate, `out` what discovery found.
    pub(super) fn save<'a>(
        self,
        looked: impl Iterator<Item = &'a Path>,
        listed: &[(PathBuf, &'static str)],
        out: &[Sdk],
    ) {
        let (Some(path), Some(memo)) = (self.path, self.entries) else {
            return;
        };
        let fresh = self.fresh;
        // Entries of SDKs not looked at this time stay while their directory is still listed;
        // those of SDKs looked at are replaced by what was found now.
        let looked: Vec<&[u8]> = looked.map(|d| d.as_os_str().as_bytes()).collect();
        let still_listed = |p: &Path| {
            let b = p.as_os_str().as_bytes();
            !looked.contains(&b) && listed.iter().any(|(d, _)| d.as_os_str().as_bytes() == b)
        };
        let kept: Vec<&(PathBuf, Stamp, Sdk)> =
            memo.iter().filter(|(p, _, _)| still_listed(p)).collect();
        let unchanged = kept.len() + fresh.len() == memo.len()
            && fresh.iter().all(|(i, st)| {
                entry(&memo, &out[*i].root, st).is_some_and(|m| memo[m].2.name == out[*i].name)
            });
        if !unchanged {
            let mut entries: Vec<(&Sdk, Stamp)> =
                kept.iter().map(|(_, st, sdk)| (sdk, *st)).collect();
            entries.extend(fresh.iter().map(|(i, st)| (&out[*i], *st)));
            write_memo(&path, &entries);
        }
    }
}

fn memo_file(env: &dyn Vars) -> Option<PathBuf> {
    let base = crate::paths::cache_home(&|k| get(env, k))?;
    Some(base.join("goenvhook/sdks"))
}

/// Memo lines: `sdk1 <root> <stamp> <VERSION line> <arch>`, fields %-escaped as in the state.
fn read_memo(path: &Path) -> Vec<(PathBuf, Stamp, Sdk)> {
    let Ok(text) = fs::read(path) else {
        return Vec::new();
    };
    text.split(|b| *b == b'\n').filter_map(memo_line).collect()
}

/// One memo line, or None when it is not one this version wrote.
fn memo_line(line: &[u8]) -> Option<(PathBuf, Stamp, Sdk)> {
    let mut fields = line.split(|b| *b == b' ');
    let (Some(b"sdk1"), Some(root), Some(stamp), Some(name), Some(arch), None) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return None;
    };
    let (Ok(root), Ok(name), Ok(arch)) = (
        env::unescape(root),
        env::unescape(name),
        std::str::from_utf8(arch),
    ) else {
        return None;
    };
    let mut numbers = stamp.split(|b| *b == b'.');
    let mut parsed: Stamp = [0; 6];
    let complete = parsed.iter_mut().all(|slot| {
        let n = numbers
            .next()
            .and_then(|n| std::str::from_utf8(n).ok()?.parse().ok());
        n.map(|n| *slot = n).is_some()
    });
    if !complete || numbers.next().is_some() {
        return None;
    }
    let stamp = parsed;
    let name = String::from_utf8_lossy(&name).into_owned();
    let version = Version::parse(&name)?;
    let root = PathBuf::from(OsStr::from_bytes(&root));
    let arch = [
        "amd64", "arm64", "386", "arm", "riscv64", "ppc64le", "s390x", "loong64",
    ]
    .into_iter()
    .find(|a| *a == arch);
    let sdk = Sdk {
        root: root.clone(),
        name,
        version: Some(version),
        installer: "",
        arch,
        problem: None,
    };
    Some((root, stamp, sdk))
}

/// Written to a temporary file and renamed, so concurrent loads never see half a memo. A memo
/// that cannot be written is only a missed speed-up.
fn write_memo(path: &Path, entries: &[(&Sdk, Stamp)]) {
    let mut text = Vec::new();
    for (sdk, stamp) in entries {
        text.extend_from_slice(b"sdk1 ");
        env::escape(sdk.root.as_os_str().as_bytes(), &mut text);
        let numbers: Vec<String> = stamp.iter().map(i64::to_string).collect();
        text.push(b' ');
        text.extend_from_slice(numbers.join(".").as_bytes());
        text.push(b' ');
        env::escape(sdk.name.as_bytes(), &mut text);
        text.push(b' ');
        text.extend_from_slice(sdk.arch.unwrap_or("-").as_bytes());
        text.push(b'\n');
    }
    let Some(dir) = path.parent() else { return };
    let tmp = dir.join(format!(".sdks-{}", std::process::id()));
    // The cache directory usually exists: create it only when the write says it is missing.
    let written = match fs::write(&tmp, &text) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).and_then(|()| fs::write(&tmp, &text))
        }
        other => other,
    }
    .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::tests::{fake, host_machine, in_home};
    use super::super::{discover, discover_for, Want};
    use crate::env::Env;
    use crate::go::version::Version;

    #[test]
    fn the_memo_serves_wide_discoveries_and_a_one_tree_load_skips_it() {
        let (t, home, mut env) = in_home();
        let memo = t.path().join("cache/goenvhook/sdks");
        env.insert("XDG_CACHE_HOME".into(), t.path().join("cache").into());
        env.insert("PATH".into(), "".into());
        let names = |want: &Want| -> Vec<String> {
            discover_for(&env, &[], want)
                .into_iter()
                .filter(|s| s.root.starts_with(&home))
                .map(|s| s.name)
                .collect()
        };
        fake(&home, "sdk/go1.22.10", "go1.22.10", host_machine());
        let newer = fake(&home, "sdk/go1.23.4", "go1.23.4", host_machine());
        // One tree named like the request: read directly, no memo read or written.
        let minor = Want::Minor(Version::parse("1.23").unwrap());
        assert_eq!(names(&minor), ["go1.23.4"]);
        assert!(!memo.exists());
        // Every tree: the memo is written, then serves the trees after the first. Rewriting
        // VERSION in place leaves the root's stamp alone, so the memoized name is what shows.
        assert_eq!(names(&Want::All), ["go1.22.10", "go1.23.4"]);
        assert!(fs::read_to_string(&memo).unwrap().contains("go1.23.4"));
        fs::write(newer.join("VERSION"), "go1.23.5\n").unwrap();
        assert_eq!(names(&Want::All), ["go1.22.10", "go1.23.4"]);
        // A one-tree load reads the tree itself.
        assert_eq!(names(&minor), ["go1.23.5"]);
    }

    #[test]
    fn memo_is_used_and_never_holds_an_unfinished_tree() {
        let (t, home, mut env) = in_home();
        env.insert("XDG_CACHE_HOME".into(), t.path().join("cache").into());
        let ours = |env: &Env| -> Vec<(String, bool)> {
            discover(env, &[])
                .into_iter()
                .filter(|s| s.root.starts_with(&home))
                .map(|s| (s.name.clone(), s.usable()))
                .collect()
        };
        let done = fake(&home, "sdk/go1.22.10", "go1.22.10", host_machine());
        // Being unpacked: no pkg/tool yet. Finishing it touches pkg/, not the root's own stamp.
        let unpacking = fake(&home, "sdk/go1.23.0", "go1.23.0", host_machine());
        fs::remove_dir_all(unpacking.join("pkg/tool")).unwrap();
        assert_eq!(
            ours(&env),
            vec![("go1.22.10".into(), true), ("go1.23.0".into(), false)]
        );
        let memo = fs::read_to_string(t.path().join("cache/goenvhook/sdks")).unwrap();
        assert!(
            memo.contains("go1.22.10") && !memo.contains("go1.23.0"),
            "{memo}"
        );
        fs::create_dir_all(unpacking.join("pkg/tool/linux_x")).unwrap();
        assert_eq!(
            ours(&env),
            vec![("go1.22.10".into(), true), ("go1.23.0".into(), true)]
        );
        assert!(fs::read_to_string(t.path().join("cache/goenvhook/sdks"))
            .unwrap()
            .contains("go1.23.0"));
        // Replacing VERSION the way installers do (a new entry in the root) is seen.
        fs::remove_file(done.join("VERSION")).unwrap();
        fs::write(done.join("VERSION"), "go1.22.11\n").unwrap();
        assert_eq!(ours(&env)[0].0, "go1.22.11");
    }
}
