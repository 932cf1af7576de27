//! The fast path's guard: what a shell can check with builtins alone (`[[ -f ]]`, `-nt`, string
//! compares) to know that nothing a prompt's result depends on has changed since goenvhook last
//! ran, so that the prompt starts no process. Built from the state the shell holds: the working
//! directory, the configs in view at every level up to `/`, and every watched file, the trust
//! store and the global config against a reference file whose time lies between the last stamp
//! and any future change. The shell syntax is shell.rs's; this module owns the facts and the
//! reference file.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use crate::config::{FILE_NAME, LOCAL_FILE_NAME};
use crate::env::Vars;
use crate::paths;
use crate::state::State;
use crate::trust::Dirs;

/// Everything the guard checks; all of it must hold for the prompt to skip goenvhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    /// `$PWD` as the shell had it when goenvhook ran.
    pub pwd: OsString,
    /// The state variable's exact value (None: unset).
    pub state: Option<OsString>,
    /// Paths that must be regular files (true) or must not be (false): a config appearing or
    /// vanishing at any level changes what is in view.
    pub files: Vec<(PathBuf, bool)>,
    /// Paths none of which may be newer than `reference`.
    pub watched: Vec<PathBuf>,
    /// A file whose modification time is the state's settled time (`State::settled_at`).
    pub reference: Option<PathBuf>,
}

/// Whether the user turned the fast path off for this process (`GOENVHOOK_NO_FAST_PATH=1`).
pub fn off_in(env: &dyn Vars) -> bool {
    env.var_str("GOENVHOOK_NO_FAST_PATH")
        .is_some_and(|v| !v.is_empty() && v != "0")
}

/// The guard for a shell in `cwd` (resolved, as the configs were looked for) that holds `live`
/// as its state, `raw` being the variable's exact bytes. None when no guard can be given: the
/// state is in the racy window (an edit in the same second could share a stamp), or there is
/// no reference file for its time.
pub fn build(
    env: &dyn Vars,
    dirs: &Dirs,
    cwd: &Path,
    live: Option<&State>,
    raw: Option<OsString>,
) -> Option<Guard> {
    let pwd = env.var_str("PWD").filter(|p| !p.is_empty())?;
    let found: &[PathBuf] = live.map_or(&[], |s| &s.found);
    let mut files = Vec::new();
    for level in cwd.ancestors() {
        let project = level.join(FILE_NAME);
        let here = found.contains(&project);
        if here {
            let local = level.join(LOCAL_FILE_NAME);
            files.push((local.clone(), found.contains(&local)));
        }
        files.push((project, here));
    }
    let mut watched: Vec<PathBuf> = live
        .map(|s| s.files.iter().map(|w| w.path.clone()).collect())
        .unwrap_or_default();
    if !found.is_empty() {
        watched.extend(dirs.trust.clone());
        watched.extend(dirs.global_config.clone());
    }
    let reference = match live {
        Some(s) if !watched.is_empty() => Some(reference(env, s.settled_at()?)?),
        _ => None,
    };
    Some(Guard {
        pwd,
        state: raw,
        files,
        watched,
        reference,
    })
}

/// How long a reference file is kept after its time: a shell whose guard names a removed one
/// just runs goenvhook once more (the guard fails when its reference is missing).
const KEEP_SECS: i64 = 24 * 3600;

/// `$XDG_CACHE_HOME/goenvhook/guard/<secs>`, a file whose modification time is `secs`: made
/// when missing, shared by every shell whose state settled in that second. Making one also
/// removes those older than a day.
fn reference(env: &dyn Vars, secs: i64) -> Option<PathBuf> {
    let dir =
        paths::cache_home(&|k| env.var_str(k).filter(|v| !v.is_empty()))?.join("goenvhook/guard");
    let path = dir.join(secs.to_string());
    if fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return Some(path);
    }
    fs::create_dir_all(&dir).ok()?;
    let when = UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?);
    let file = fs::File::create(&path).ok()?;
    file.set_modified(when).ok()?;
    for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
        let old = e.file_name().to_str().and_then(|n| n.parse::<i64>().ok());
        if old.is_some_and(|o| o < secs - KEEP_SECS) {
            let _ = fs::remove_file(e.path());
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;

    #[test]
    fn a_guard_only_for_a_settled_state_with_a_reference_at_its_settled_time() {
        let t = tempfile::tempdir().unwrap();
        let mut env = Env::new();
        env.insert("PWD".into(), "/p/sub".into());
        env.insert("XDG_CACHE_HOME".into(), t.path().join("cache").into());
        let dirs = Dirs {
            trust: Some("/data/trust".into()),
            global_config: None,
        };
        let state = State {
            t: 1_000_000,
            found: vec!["/p/.goenv.toml".into()],
            ..State::default()
        };
        let g = build(
            &env,
            &dirs,
            Path::new("/p/sub"),
            Some(&state),
            Some("gh1".into()),
        )
        .unwrap();
        assert_eq!(g.pwd, "/p/sub");
        let want = [
            ("/p/sub/.goenv.toml", false),
            ("/p/.goenv.local.toml", false),
            ("/p/.goenv.toml", true),
            ("/.goenv.toml", false),
        ];
        let files: Vec<(&str, bool)> = g
            .files
            .iter()
            .map(|(p, b)| (p.to_str().unwrap(), *b))
            .collect();
        assert_eq!(files, want);
        assert_eq!(g.watched, [PathBuf::from("/data/trust")]);
        let r = g.reference.unwrap();
        let mtime = fs::metadata(&r).unwrap().modified().unwrap();
        assert_eq!(mtime, UNIX_EPOCH + Duration::from_secs(1_000_000 - 2));
        // A stamp in the racy window: no guard.
        let racy = State {
            trust: Some(crate::state::Stamp {
                ino: 1,
                size: 1,
                mtime: (1_000_000, 0),
                ctime: (1_000_000, 0),
            }),
            ..state
        };
        assert!(build(&env, &dirs, Path::new("/p/sub"), Some(&racy), None).is_none());
    }
}
