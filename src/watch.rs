//! What `goenvhook watch` watches for a directory, and which file-system events matter: the
//! directories from it up to `/` (configs, local overrides, go.mod/go.work, a directory on the way
//! renamed), the trust store, the global config, and everywhere SDK discovery looks. Every watch
//! is one non-recursive directory watch with a filter on entry names. Reads only with stat/readdir.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::config;
use crate::config::Global;
use crate::env::Vars;
use crate::go::sdk;
use crate::trust::Dirs;

/// Which entries of a watched directory matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    Any,
    Only(BTreeSet<OsString>),
}

/// The directories to watch, each with the entry names that matter in it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    pub dirs: BTreeMap<PathBuf, Names>,
}

impl Plan {
    fn add(&mut self, dir: &Path, names: Names) {
        match (self.dirs.get_mut(dir), names) {
            (Some(Names::Any), _) => {}
            (Some(slot), Names::Any) => *slot = Names::Any,
            (Some(Names::Only(have)), Names::Only(more)) => have.extend(more),
            (None, names) => {
                self.dirs.insert(dir.to_path_buf(), names);
            }
        }
    }

    /// Watches for `p` itself appearing, changing or going away (a file, or a directory that may
    /// not exist yet): its parent is watched for its name, and while that parent does not exist,
    /// the nearest existing ancestor for the next name down. A later evaluation re-plans, so each
    /// directory created on the way gets its own watch in turn.
    pub fn path(&mut self, p: &Path) {
        let mut child = p;
        while let (Some(parent), Some(name)) = (child.parent(), child.file_name()) {
            if parent.is_dir() {
                self.add(parent, Names::Only(BTreeSet::from([name.to_os_string()])));
                break;
            }
            child = parent;
        }
    }

    /// Watches the entries of `dir` (those in `names`), and `dir` itself appearing.
    pub fn dir(&mut self, dir: &Path, names: Names) {
        if dir.is_dir() {
            self.add(dir, names);
        }
        self.path(dir);
    }

    /// Whether an event on `p` can change the result: a watched directory itself (deleted,
    /// renamed), or an entry of one whose name matters there.
    pub fn matters(&self, p: &Path) -> bool {
        if self.dirs.contains_key(p) {
            return true;
        }
        let (Some(parent), Some(name)) = (p.parent(), p.file_name()) else {
            return false;
        };
        match self.dirs.get(parent) {
            Some(Names::Any) => true,
            Some(Names::Only(names)) => names.contains(name),
            None => false,
        }
    }
}

fn only(names: &[&str]) -> Names {
    Names::Only(names.iter().map(OsString::from).collect())
}

/// An SDK root: it matters once VERSION, bin/go and pkg/tool are all there (`sdk::examine`).
fn sdk_root(plan: &mut Plan, root: &Path) {
    plan.dir(root, only(&["VERSION", "bin", "pkg"]));
    plan.dir(&root.join("bin"), only(&["go"]));
    plan.dir(&root.join("pkg"), only(&["tool"]));
}

/// Everything the result for `dir` depends on. `env` is the environment outside any project
/// (discovery reads HOME, PATH, GOENVHOOK_SDK_DIRS...); `go_root` is a GOROOT named by path in
/// the config (`go = "~/sdk/go1.22.10"`).
pub fn plan(
    dir: &Path,
    env: &dyn Vars,
    dirs: &Dirs,
    global: &Global,
    go_root: Option<&Path>,
) -> Plan {
    let mut plan = Plan::default();
    // A config, its local overrides and the go.mod/go.work beside it can only be in `dir` or a
    // directory above it; the next name down matters too (a directory renamed or removed).
    let mut below: Option<&Path> = None;
    for a in dir.ancestors() {
        if a.is_dir() {
            let mut set: BTreeSet<OsString> = [
                config::FILE_NAME,
                config::LOCAL_FILE_NAME,
                "go.mod",
                "go.work",
            ]
            .iter()
            .map(OsString::from)
            .collect();
            set.extend(below.and_then(Path::file_name).map(|n| n.to_os_string()));
            plan.add(a, Names::Only(set));
        }
        below = Some(a);
    }
    if let Some(t) = &dirs.trust {
        plan.dir(t, Names::Any);
    }
    if let Some(g) = &dirs.global_config {
        plan.path(g);
    }
    let looked = sdk::discovery_paths(env, &global.sdk_dirs);
    for d in &looked.dirs {
        plan.dir(d, Names::Any);
    }
    for f in &looked.files {
        plan.path(f);
    }
    for r in looked.roots.iter().map(PathBuf::as_path).chain(go_root) {
        sdk_root(&mut plan, r);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use std::fs;

    #[test]
    fn plan_covers_configs_trust_and_sdks() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let home = root.join("home");
        let proj = root.join("proj/sub");
        fs::create_dir_all(&proj).unwrap();
        fs::create_dir_all(home.join("sdk/go1.22.1/bin")).unwrap();
        let env = Env::from([("HOME".into(), home.clone().into_os_string())]);
        let dirs = Dirs::from_env(|k| (k == "HOME").then(|| home.clone().into_os_string()));
        let p = plan(&proj, &env, &dirs, &Global::default(), None);

        assert!(p.matters(&proj.join(".goenv.toml")));
        assert!(p.matters(&root.join("proj/.goenv.local.toml")));
        assert!(p.matters(&root.join("proj/go.mod")));
        assert!(p.matters(&root.join("proj/sub")), "the directory renamed");
        assert!(!p.matters(&proj.join("main.go")));
        assert!(!p.matters(&proj.join(".goenv.toml.swp")));
        // The trust store does not exist yet: its nearest existing ancestor is watched.
        assert!(p.matters(&home.join(".local")));
        // A new SDK under ~/sdk, and the pieces that make one complete.
        assert!(p.matters(&home.join("sdk/go1.23.0")));
        assert!(p.matters(&home.join("sdk/go1.22.1/VERSION")));
        assert!(p.matters(&home.join("sdk/go1.22.1/bin/go")));
        assert!(p.matters(&home.join("sdk/go1.22.1/pkg")));
        assert!(!p.matters(&home.join("sdk/go1.22.1/bin/gofmt")));
        assert!(!p.matters(&home.join("notes.txt")));
    }

    #[test]
    fn missing_directories_watch_the_nearest_ancestor() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let mut p = Plan::default();
        p.dir(&root.join("a/b/c"), Names::Any);
        assert_eq!(p.dirs.len(), 1);
        assert!(p.matters(&root.join("a")));
        fs::create_dir_all(root.join("a/b/c")).unwrap();
        let mut p = Plan::default();
        p.dir(&root.join("a/b/c"), Names::Any);
        assert!(p.matters(&root.join("a/b/c/anything")));
        assert!(p.matters(&root.join("a/b/c")));
        assert!(!p.matters(&root.join("a/b/other")));
    }
}
