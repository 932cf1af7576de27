//! Where SDKs are looked for: every directory the common installers put one in (plus
//! GOENVHOOK_SDK_DIRS and the global config's `sdk_dirs`), the go on PATH and in the nix
//! profiles, and the list of what discovery looks at that `watch` watches.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::{get, host_arch};
use crate::env::Vars;

/// Entries of `dir` whose name passes `keep`, sorted by name. Filtering before building paths,
/// and sorting names as bytes rather than paths by component, keeps a big directory (/usr/lib)
/// cheap: it was 40% of a load's instructions (callgrind).
fn children_where(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<std::ffi::OsString> = rd
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| n.to_str().is_some_and(&keep))
        .collect();
    names.sort();
    names.into_iter().map(|n| dir.join(n)).collect()
}

/// The last component of `p` as text ("" when it is not UTF-8).
fn name(p: &Path) -> &str {
    p.file_name().and_then(OsStr::to_str).unwrap_or("")
}

/// Homebrew's name for a Go formula: `go`, or `go@1.22` for an older minor.
fn brew_go(p: &Path) -> bool {
    let n = name(p);
    n == "go" || n.starts_with("go@")
}

/// Every place the common installers put an SDK, plus GOENVHOOK_SDK_DIRS and the
/// global config's `sdk_dirs`, in order: stable paths before versioned ones, so a Homebrew SDK's
/// GOROOT is `opt/go/libexec` rather than a Cellar directory that changes on upgrade.
pub fn candidates(env: &dyn Vars, extra_dirs: &[PathBuf]) -> Vec<(PathBuf, &'static str)> {
    Scan::new(env, None).run(extra_dirs)
}

/// Where discovery looks, for `watch`: the candidate roots, every directory whose entries it
/// lists (an SDK unpacked into one appears there) and every single path it checks (a `go` on PATH,
/// the nix profiles).
pub struct Looked {
    pub roots: Vec<PathBuf>,
    pub dirs: Vec<PathBuf>,
    pub files: Vec<PathBuf>,
}

/// What `candidates` looks at, recorded as it goes (same environment, same order).
pub fn discovery_paths(env: &dyn Vars, extra_dirs: &[PathBuf]) -> Looked {
    let mut dirs = Vec::new();
    let roots = Scan::new(env, Some(&mut dirs))
        .run(extra_dirs)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    Looked {
        roots,
        dirs,
        files: path_go_files(env),
    }
}

/// `candidates`, optionally recording each directory listed.
struct Scan<'a> {
    env: &'a dyn Vars,
    home: Option<PathBuf>,
    listed: Option<&'a mut Vec<PathBuf>>,
    out: Vec<(PathBuf, &'static str)>,
}

impl<'a> Scan<'a> {
    fn new(env: &'a dyn Vars, listed: Option<&'a mut Vec<PathBuf>>) -> Self {
        Scan {
            env,
            home: get(env, "HOME").map(PathBuf::from),
            listed,
            out: Vec::new(),
        }
    }

    fn run(mut self, extra_dirs: &[PathBuf]) -> Vec<(PathBuf, &'static str)> {
        self.configured(extra_dirs);
        self.golang_dl();
        self.toolchain_downloads();
        self.version_managers();
        self.homebrew();
        self.system();
        self.out
    }

    /// The entries of `d` whose name passes `keep`, and `d` recorded as listed.
    fn children_where(&mut self, d: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
        if let Some(l) = self.listed.as_deref_mut() {
            l.push(d.to_path_buf());
        }
        children_where(d, keep)
    }

    fn children(&mut self, d: &Path) -> Vec<PathBuf> {
        self.children_where(d, |_| true)
    }

    fn in_home(&self, rel: &str) -> Option<PathBuf> {
        self.home.as_ref().map(|h| h.join(rel))
    }

    fn var_or(&self, var: &str, rel: &str) -> Option<PathBuf> {
        get(self.env, var)
            .map(PathBuf::from)
            .or_else(|| self.in_home(rel))
    }

    /// Each entry of `dir` (its `sub` when not empty) is a candidate.
    fn each(&mut self, dir: &Path, label: &'static str, sub: &str) {
        for c in self.children(dir) {
            let root = if sub.is_empty() { c } else { c.join(sub) };
            self.out.push((root, label));
        }
    }

    /// GOENVHOOK_SDK_DIRS and `sdk_dirs`: each an SDK, or a directory of them.
    fn configured(&mut self, extra_dirs: &[PathBuf]) {
        let extra = get(self.env, "GOENVHOOK_SDK_DIRS")
            .map(|v| std::env::split_paths(&v).collect::<Vec<_>>())
            .unwrap_or_default();
        for d in extra.iter().chain(extra_dirs) {
            if d.join("VERSION").exists() || d.join("bin/go").exists() {
                self.out.push((d.clone(), "configured"));
            } else {
                self.each(d, "configured", "");
            }
        }
    }

    /// `go install golang.org/dl/go1.X.Y` unpacks into ~/sdk/go1.X.Y.
    fn golang_dl(&mut self) {
        if let Some(sdk) = self.in_home("sdk") {
            for c in self.children(&sdk) {
                if name(&c).starts_with("go") {
                    self.out.push((c, "golang.org/dl"));
                }
            }
        }
    }

    /// The toolchains GOTOOLCHAIN downloads into the module cache, for this OS and CPU.
    fn toolchain_downloads(&mut self) {
        let modcache = get(self.env, "GOMODCACHE").map(PathBuf::from).or_else(|| {
            let gopath = get(self.env, "GOPATH")
                .and_then(|g| std::env::split_paths(&g).next())
                .or_else(|| self.in_home("go"))?;
            Some(gopath.join("pkg/mod"))
        });
        if let Some(mc) = modcache {
            let suffix = format!(".{}-{}", std::env::consts::OS, host_arch());
            for c in self.children(&mc.join("golang.org")) {
                let n = name(&c);
                if n.starts_with("toolchain@v0.0.1-go") && n.ends_with(&suffix) {
                    self.out.push((c, "toolchain download"));
                }
            }
        }
    }

    /// gvm, goenv, asdf and mise.
    fn version_managers(&mut self) {
        let managers = [
            ("GVM_ROOT", ".gvm", "gos", "gvm", ""),
            ("GOENV_ROOT", ".goenv", "versions", "goenv", ""),
            ("ASDF_DATA_DIR", ".asdf", "installs/golang", "asdf", "go"),
        ];
        for (var, rel, installs, label, sub) in managers {
            if let Some(d) = self.var_or(var, rel) {
                self.each(&d.join(installs), label, sub);
            }
        }
        let env = self.env;
        let mise = get(env, "MISE_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| crate::paths::data_home(&|k| get(env, k)).map(|d| d.join("mise")));
        if let Some(m) = mise {
            for c in self.children(&m.join("installs/go")) {
                // The layout before mise 2024.2.14 kept the tree one level down in go/.
                let old = c.join("go");
                let root = if old.join("VERSION").exists() { old } else { c };
                self.out.push((root, "mise"));
            }
        }
    }

    fn homebrew(&mut self) {
        let mut prefixes: Vec<PathBuf> = get(self.env, "HOMEBREW_PREFIX")
            .map(PathBuf::from)
            .into_iter()
            .collect();
        // Homebrew's default prefixes: /opt/homebrew (Apple Silicon) and /usr/local on macOS,
        // /home/linuxbrew/.linuxbrew on Linux.
        let defaults: &[&str] = if cfg!(target_os = "macos") {
            &["/opt/homebrew", "/usr/local"]
        } else {
            &["/home/linuxbrew/.linuxbrew", "/usr/local"]
        };
        for p in defaults {
            if !prefixes.iter().any(|x| x == Path::new(p)) {
                prefixes.push(PathBuf::from(p));
            }
        }
        for p in &prefixes {
            for c in self.children(&p.join("opt")) {
                if brew_go(&c) {
                    self.out.push((c.join("libexec"), "homebrew"));
                }
            }
            for c in self.children(&p.join("Cellar")) {
                if brew_go(&c) {
                    self.each(&c, "homebrew", "libexec");
                }
            }
        }
    }

    /// The official tarball's place, the distribution packages and the snap.
    fn system(&mut self) {
        self.out.push((PathBuf::from("/usr/local/go"), "tarball"));
        let distro = |n: &str| n.starts_with("go-") || n == "golang" || n == "go";
        for c in self.children_where(Path::new("/usr/lib"), distro) {
            self.out.push((c, "distribution"));
        }
        self.out.push((PathBuf::from("/snap/go/current"), "snap"));
    }
}

/// The go binaries of the nix profiles, after `bins`.
fn push_nix_gos(env: &dyn Vars, bins: &mut Vec<PathBuf>) {
    bins.extend(get(env, "HOME").map(|h| Path::new(&h).join(".nix-profile/bin/go")));
    bins.push(PathBuf::from("/run/current-system/sw/bin/go"));
    bins.push(PathBuf::from("/nix/var/nix/profiles/default/bin/go"));
}

/// Every `go` a load may look for on PATH and in the nix profiles (watched by `watch`: a go
/// appearing earlier on PATH changes which one is first).
fn path_go_files(env: &dyn Vars) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = get(env, "PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("go")).collect())
        .unwrap_or_default();
    push_nix_gos(env, &mut out);
    out
}

/// The GOROOT of a `go` on PATH and of the nix profiles: two levels above the resolved binary.
/// Only the first `go` on PATH counts (it is the one the user runs), and the search stops there:
/// PATH can have thousands of entries. Shims (goenv, asdf, mise) resolve to a script whose
/// grandparent has no pkg/tool: skipped.
pub(super) fn path_candidates(env: &dyn Vars) -> Vec<(PathBuf, &'static str)> {
    let first_on_path = get(env, "PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("go"))
            .find(|b| fs::symlink_metadata(b).is_ok())
    });
    let mut bins: Vec<PathBuf> = first_on_path.into_iter().collect();
    push_nix_gos(env, &mut bins);
    let mut out = Vec::new();
    for b in bins {
        if fs::symlink_metadata(&b).is_err() {
            continue;
        }
        if let Some(root) = fs::canonicalize(&b)
            .ok()
            .and_then(|r| r.parent()?.parent().map(Path::to_path_buf))
        {
            if root.join("pkg/tool").is_dir() {
                out.push((root, "PATH"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::super::tests::{fake, host_machine, in_home};
    use super::super::{discover, host_arch};

    #[test]
    fn every_installer_layout_is_found() {
        let (t, home, mut env) = in_home();
        let m = host_machine();
        fake(&home, ".goenv/versions/1.21.5", "go1.21.5", m);
        fake(&home, ".asdf/installs/golang/1.22.1/go", "go1.22.1", m);
        fake(&home, ".local/share/mise/installs/go/1.23.0", "go1.23.0", m);
        fake(
            &home,
            ".local/share/mise/installs/go/1.20.1/go",
            "go1.20.1",
            m,
        ); // mise before 2024.2.14
        fake(
            &home,
            "go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.1.linux-amd64",
            "go1.24.1",
            m,
        );
        let brew = t.path().join("brew");
        fake(&brew, "Cellar/go@1.21/1.21.9/libexec", "go1.21.9", m);
        std::os::unix::fs::symlink("../Cellar/go@1.21/1.21.9", {
            fs::create_dir_all(brew.join("opt")).unwrap();
            brew.join("opt/go@1.21")
        })
        .unwrap();
        let extra = fake(t.path(), "custom/go-tip", "go1.25rc1", m);
        let on_path = fake(t.path(), "elsewhere/go", "go1.19.13", m);
        fs::create_dir_all(t.path().join("bin")).unwrap();
        std::os::unix::fs::symlink(on_path.join("bin/go"), t.path().join("bin/go")).unwrap();
        env.insert("HOMEBREW_PREFIX".into(), brew.clone().into());
        env.insert("GOENVHOOK_SDK_DIRS".into(), extra.clone().into());
        env.insert("PATH".into(), t.path().join("bin").into());
        let found: Vec<(String, &str, PathBuf)> = discover(&env, &[])
            .into_iter()
            .filter(|s| s.root.starts_with(t.path()))
            .map(|s| (s.name.clone(), s.installer, s.root))
            .collect();
        let has = |name: &str, installer: &str, root: &Path| {
            assert!(
                found
                    .iter()
                    .any(|(n, i, r)| n == name && *i == installer && r == root),
                "{name} by {installer} at {} in {found:?}",
                root.display()
            );
        };
        has("go1.21.5", "goenv", &home.join(".goenv/versions/1.21.5"));
        has(
            "go1.22.1",
            "asdf",
            &home.join(".asdf/installs/golang/1.22.1/go"),
        );
        has(
            "go1.23.0",
            "mise",
            &home.join(".local/share/mise/installs/go/1.23.0"),
        );
        has(
            "go1.20.1",
            "mise",
            &home.join(".local/share/mise/installs/go/1.20.1/go"),
        );
        if host_arch() == "amd64" {
            has(
                "go1.24.1",
                "toolchain download",
                &home.join("go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.1.linux-amd64"),
            );
        }
        has("go1.21.9", "homebrew", &brew.join("opt/go@1.21/libexec"));
        has("go1.25rc1", "configured", &extra);
        has("go1.19.13", "PATH", &on_path);
        assert_eq!(
            found.iter().filter(|(n, _, _)| n == "go1.21.9").count(),
            1,
            "opt link and Cellar count once"
        );
    }
}
