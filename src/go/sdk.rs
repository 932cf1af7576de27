//! Installed Go SDKs: where the installers put them, what each is (read from
//! VERSION and the go binary's ELF/Mach-O header, never by running it), and the memo that keeps
//! discovery cheap. Reads the file system and writes only the memo in the user's cache.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::version::Version;
use crate::env::{self, Vars};

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

/// The GOARCH this binary was built for, i.e. the machine's.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "arm" => "arm",
        "riscv64" => "riscv64",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// `pkg/tool/<GOOS>_<GOARCH>` of a toolchain built for this machine.
fn host_tool_dir() -> String {
    let goos = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    format!("pkg/tool/{goos}_{}", host_arch())
}

/// GOARCH from an ELF or Mach-O header.
pub fn binary_arch(header: &[u8]) -> Option<&'static str> {
    if header.starts_with(b"\x7fELF") && header.len() >= 20 {
        let machine = if header[5] == 2 {
            u16::from_be_bytes([header[18], header[19]])
        } else {
            u16::from_le_bytes([header[18], header[19]])
        };
        return match machine {
            62 => Some("amd64"),
            183 => Some("arm64"),
            3 => Some("386"),
            40 => Some("arm"),
            243 => Some("riscv64"),
            21 => Some("ppc64le"),
            22 => Some("s390x"),
            258 => Some("loong64"),
            _ => None,
        };
    }
    let macho = |cpu: u32| match cpu {
        0x0100_0007 => Some("amd64"),
        0x0100_000c => Some("arm64"),
        _ => None,
    };
    if header.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]) && header.len() >= 8 {
        return macho(u32::from_le_bytes([
            header[4], header[5], header[6], header[7],
        ]));
    }
    None
}

/// Looks at one directory that may be a GOROOT. None when it is plainly not one (no VERSION and
/// no bin/go); otherwise an Sdk, with `problem` set when it is not usable.
pub fn examine(dir: &Path, installer: &'static str) -> Option<Sdk> {
    examine_with(dir, installer, fs::metadata(dir).ok())
}

/// Reads at most one small buffer: VERSION's first line and a binary's header are all we need,
/// and a load may look at dozens of SDKs (scripts/bench.sh times a load among 30 of them).
fn read_head(path: &Path, buf: &mut [u8]) -> Option<(usize, fs::File)> {
    let mut f = fs::File::open(path).ok()?;
    let n = f.read(buf).ok()?;
    Some((n, f))
}

fn examine_with(dir: &Path, installer: &'static str, meta: Option<fs::Metadata>) -> Option<Sdk> {
    let mut sdk = Sdk {
        root: dir.to_path_buf(),
        name: String::new(),
        version: None,
        installer,
        arch: None,
        problem: None,
    };
    if meta.is_none() {
        if fs::symlink_metadata(dir).is_ok() {
            sdk.problem = Some("dangling symlink".into());
            return Some(sdk);
        }
        return None;
    }
    let mut buf = [0u8; 128];
    let version = read_head(&dir.join("VERSION"), &mut buf)
        .map(|(n, _)| String::from_utf8_lossy(&buf[..n]).into_owned());
    // The common case in two `stat`s: an executable bin/go and this machine's directory under
    // pkg/tool (`linux_amd64`), which only a toolchain built for this OS and CPU has. Reading
    // bin/go's header costs four system calls more per SDK; it is read below only when the
    // tree is not plainly usable, to say why.
    if let Some(name) = version.as_deref().and_then(|v| v.lines().next()) {
        let name = name.trim();
        let version = Version::parse(name).filter(|_| name.starts_with("go"));
        let executable = fs::metadata(dir.join("bin/go"))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0);
        if version.is_some() && executable && dir.join(host_tool_dir()).is_dir() {
            sdk.name = name.to_string();
            sdk.version = version;
            sdk.arch = Some(host_arch());
            return Some(sdk);
        }
    }
    let mut header = [0u8; 64];
    let go = read_head(&dir.join("bin/go"), &mut header);
    if version.is_none() && go.is_none() {
        return None;
    }
    let name = version
        .as_deref()
        .and_then(|v| v.lines().next())
        .unwrap_or("")
        .trim()
        .to_string();
    sdk.version = Version::parse(&name).filter(|_| name.starts_with("go"));
    sdk.name = name;
    let executable = go
        .as_ref()
        .and_then(|(_, f)| f.metadata().ok())
        .is_some_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0);
    sdk.arch = go.and_then(|(n, _)| binary_arch(&header[..n]));
    sdk.problem = if sdk.version.is_none() {
        Some("no readable VERSION".into())
    } else if !executable {
        Some("no executable bin/go".into())
    } else if !dir.join("pkg/tool").is_dir() {
        Some("no pkg/tool (an incomplete tree)".into())
    } else if sdk.arch.is_some_and(|a| a != host_arch()) {
        Some(format!(
            "built for {}, this machine is {}",
            sdk.arch.unwrap_or("?"),
            host_arch()
        ))
    } else {
        None
    };
    Some(sdk)
}

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

fn children(dir: &Path) -> Vec<PathBuf> {
    children_where(dir, |_| true)
}

fn get(env: &dyn Vars, k: &str) -> Option<std::ffi::OsString> {
    env.var_str(k).filter(|v| !v.is_empty())
}

/// Every place the common installers put an SDK, plus GOENVHOOK_SDK_DIRS and the
/// global config's `sdk_dirs`, in order: stable paths before versioned ones, so a Homebrew SDK's
/// GOROOT is `opt/go/libexec` rather than a Cellar directory that changes on upgrade.
pub fn candidates(env: &dyn Vars, extra_dirs: &[PathBuf]) -> Vec<(PathBuf, &'static str)> {
    scan(env, extra_dirs, None)
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
    let listed = std::cell::RefCell::new(Vec::new());
    let roots = scan(env, extra_dirs, Some(&listed))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let (mut dirs, mut files) = (Vec::new(), path_go_files(env));
    for (p, is_dir) in listed.into_inner() {
        if is_dir {
            dirs.push(p);
        } else {
            files.push(p);
        }
    }
    Looked { roots, dirs, files }
}

/// `candidates`, optionally recording each directory listed and each single path checked
/// (`true` for a listed directory).
fn scan(
    env: &dyn Vars,
    extra_dirs: &[PathBuf],
    listed: Option<&std::cell::RefCell<Vec<(PathBuf, bool)>>>,
) -> Vec<(PathBuf, &'static str)> {
    let note = |p: &Path, is_dir: bool| {
        if let Some(l) = listed {
            l.borrow_mut().push((p.to_path_buf(), is_dir));
        }
    };
    // Shadows the function: the same listing, recorded.
    let children = |d: &Path| {
        note(d, true);
        children(d)
    };
    let home = get(env, "HOME").map(PathBuf::from);
    let in_home = |rel: &str| home.as_ref().map(|h| h.join(rel));
    let var_or = |var: &str, rel: &str| get(env, var).map(PathBuf::from).or_else(|| in_home(rel));
    let mut out: Vec<(PathBuf, &'static str)> = Vec::new();
    let each = |dir: Option<PathBuf>,
                label: &'static str,
                sub: &str,
                out: &mut Vec<(PathBuf, &'static str)>| {
        if let Some(d) = dir {
            for c in children(&d) {
                out.push((if sub.is_empty() { c } else { c.join(sub) }, label));
            }
        }
    };

    let extra = get(env, "GOENVHOOK_SDK_DIRS")
        .map(|v| std::env::split_paths(&v).collect::<Vec<_>>())
        .unwrap_or_default();
    for d in extra.iter().chain(extra_dirs) {
        if d.join("VERSION").exists() || d.join("bin/go").exists() {
            out.push((d.clone(), "configured"));
        } else {
            each(Some(d.clone()), "configured", "", &mut out);
        }
    }
    if let Some(sdk) = in_home("sdk") {
        for c in children(&sdk) {
            if c.file_name()
                .and_then(OsStr::to_str)
                .is_some_and(|n| n.starts_with("go"))
            {
                out.push((c, "golang.org/dl"));
            }
        }
    }
    let modcache = get(env, "GOMODCACHE").map(PathBuf::from).or_else(|| {
        let gopath = get(env, "GOPATH")
            .and_then(|g| std::env::split_paths(&g).next())
            .or_else(|| in_home("go"))?;
        Some(gopath.join("pkg/mod"))
    });
    if let Some(mc) = modcache {
        let suffix = format!(".{}-{}", std::env::consts::OS, host_arch());
        for c in children(&mc.join("golang.org")) {
            let n = c.file_name().and_then(OsStr::to_str).unwrap_or("");
            if n.starts_with("toolchain@v0.0.1-go") && n.ends_with(&suffix) {
                out.push((c, "toolchain download"));
            }
        }
    }
    each(
        var_or("GVM_ROOT", ".gvm").map(|d| d.join("gos")),
        "gvm",
        "",
        &mut out,
    );
    each(
        var_or("GOENV_ROOT", ".goenv").map(|d| d.join("versions")),
        "goenv",
        "",
        &mut out,
    );
    each(
        var_or("ASDF_DATA_DIR", ".asdf").map(|d| d.join("installs/golang")),
        "asdf",
        "go",
        &mut out,
    );
    let mise = get(env, "MISE_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| crate::paths::data_home(&|k| get(env, k)).map(|d| d.join("mise")));
    if let Some(m) = mise {
        for c in children(&m.join("installs/go")) {
            // The layout before mise 2024.2.14 kept the tree one level down in go/.
            let old = c.join("go");
            out.push((if old.join("VERSION").exists() { old } else { c }, "mise"));
        }
    }
    let mut prefixes: Vec<PathBuf> = get(env, "HOMEBREW_PREFIX")
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
        for c in children(&p.join("opt")) {
            let n = c.file_name().and_then(OsStr::to_str).unwrap_or("");
            if n == "go" || n.starts_with("go@") {
                out.push((c.join("libexec"), "homebrew"));
            }
        }
        for c in children(&p.join("Cellar")) {
            let n = c.file_name().and_then(OsStr::to_str).unwrap_or("");
            if n == "go" || n.starts_with("go@") {
                each(Some(c), "homebrew", "libexec", &mut out);
            }
        }
    }
    out.push((PathBuf::from("/usr/local/go"), "tarball"));
    let distro = |n: &str| n.starts_with("go-") || n == "golang" || n == "go";
    note(Path::new("/usr/lib"), true);
    for c in children_where(Path::new("/usr/lib"), distro) {
        out.push((c, "distribution"));
    }
    out.push((PathBuf::from("/snap/go/current"), "snap"));
    out
}

/// Every `go` a load may look for on PATH and in the nix profiles (watched by `watch`: a go
/// appearing earlier on PATH changes which one is first).
fn path_go_files(env: &dyn Vars) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = get(env, "PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("go")).collect())
        .unwrap_or_default();
    out.extend(get(env, "HOME").map(|h| Path::new(&h).join(".nix-profile/bin/go")));
    out.push(PathBuf::from("/run/current-system/sw/bin/go"));
    out.push(PathBuf::from("/nix/var/nix/profiles/default/bin/go"));
    out
}

/// The GOROOT of a `go` on PATH and of the nix profiles: two levels above the resolved binary.
/// Only the first `go` on PATH counts (it is the one the user runs), and the search stops there:
/// PATH can have thousands of entries. Shims (goenv, asdf, mise) resolve to a script whose
/// grandparent has no pkg/tool: skipped.
fn path_candidates(env: &dyn Vars) -> Vec<(PathBuf, &'static str)> {
    let home = get(env, "HOME").map(PathBuf::from);
    let first_on_path = get(env, "PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("go"))
            .find(|b| fs::symlink_metadata(b).is_ok())
    });
    let mut bins: Vec<PathBuf> = first_on_path.into_iter().collect();
    bins.extend(home.map(|h| h.join(".nix-profile/bin/go")));
    bins.push(PathBuf::from("/run/current-system/sw/bin/go"));
    bins.push(PathBuf::from("/nix/var/nix/profiles/default/bin/go"));
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

/// `discover` narrowed to the SDKs that can satisfy `want` (see `Want`), plus the go on PATH
/// only when none of those does: a load's cost depends on what it asks for, not on how many
/// SDKs are installed or how long PATH is.
pub fn discover_for(env: &dyn Vars, extra_dirs: &[PathBuf], want: &Want) -> Vec<Sdk> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    let memo_path = memo_file(env);
    // Read when a second tree needs a look: a load that verifies one tree (most loads, now that
    // names narrow the candidates) reads it directly, since reading and rewriting the memo would
    // cost more than it saves.
    let mut memo: Option<Vec<(PathBuf, Stamp, Sdk)>> = None;
    let mut looked_at = 0;
    // Entries are matched on the stamp first (device and inode differ at once), then on the
    // root's bytes: comparing Paths component by component was most of a 100-SDK load.
    let entry = |memo: &[(PathBuf, Stamp, Sdk)], root: &Path, st: &Stamp| -> Option<usize> {
        memo.iter().position(|(p, s, _)| {
            s == st && p.as_os_str().as_bytes() == root.as_os_str().as_bytes()
        })
    };
    // The stamp of each healthy SDK found, by its index in `out`, to rewrite the memo if needed.
    let mut fresh: Vec<(usize, Stamp)> = Vec::new();
    let mut seen: Vec<(u64, u64)> = Vec::new();
    let mut out = Vec::new();
    let listed = candidates(env, extra_dirs);
    // Each candidate's directory name is read once: it decides whether the tree is looked at,
    // in which order, and whether a tree already verified beats it.
    let mut todo: Vec<(PathBuf, &'static str, Option<Named>)> = listed
        .iter()
        .filter_map(|(dir, label)| {
            let named = named_version(dir);
            want.may_match(named.as_ref())
                .then(|| (dir.clone(), *label, named))
        })
        .collect();
    // Within one installer's directory the newest name goes first: for `1.22` or `1.22.10`,
    // once a tree named like the answer is verified, lower-named ones cannot beat it and are
    // not read (trees whose name says nothing, or only `1.22`, still are).
    let narrows = matches!(want, Want::Exact(_) | Want::Minor(_));
    if narrows {
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
        let (dir, label) = (dir.clone(), *label);
        i += 1;
        if narrows {
            if let Some((v, false)) = named {
                let beaten = out.iter().any(|s: &Sdk| {
                    want.satisfied_by(s) && s.version.as_ref().is_some_and(|f| f >= v)
                });
                if beaten {
                    skipped.push(i - 1);
                    continue;
                }
            }
        }
        // lstat first: most fixed places (/usr/local/go, /snap/go/current) do not exist, and
        // then one call says so; a link is followed only when there is one.
        let Ok(lmeta) = fs::symlink_metadata(&dir) else {
            continue;
        };
        let meta = if lmeta.file_type().is_symlink() {
            fs::metadata(&dir).ok()
        } else {
            Some(lmeta)
        };
        let key = meta.as_ref().map(|m| (m.dev(), m.ino()));
        if key.is_some_and(|k| seen.contains(&k)) {
            continue;
        }
        let stamp: Option<Stamp> = meta.as_ref().map(|m| {
            [
                m.dev() as i64,
                m.ino() as i64,
                m.mtime(),
                m.mtime_nsec(),
                m.ctime(),
                m.ctime_nsec(),
            ]
        });
        if stamp.is_some() {
            looked_at += 1;
            if looked_at == 2 {
                memo = Some(memo_path.as_deref().map(read_memo).unwrap_or_default());
            }
        }
        let remembered = stamp
            .zip(memo.as_deref())
            .and_then(|(st, memo)| entry(memo, &dir, &st).map(|k| &memo[k]))
            .map(|(_, _, sdk)| Sdk {
                root: dir.clone(),
                installer: label,
                ..sdk.clone()
            });
        let sdk = match remembered {
            Some(sdk) => Some(sdk),
            None => examine_with(&dir, label, meta),
        };
        if let Some(sdk) = sdk {
            if let (Some(st), true) = (stamp, sdk.usable()) {
                fresh.push((out.len(), st));
            }
            seen.extend(key);
            out.push(sdk);
        }
    }
    if let (Some(path), Some(memo)) = (memo_path, memo) {
        // Entries of SDKs not looked at this time stay while their directory is still listed;
        // those of SDKs looked at are replaced by what was found now.
        let looked: Vec<&[u8]> = todo[..i]
            .iter()
            .enumerate()
            .filter(|(k, _)| !skipped.contains(k))
            .map(|(_, (d, _, _))| d.as_os_str().as_bytes())
            .collect();
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
    out
}

fn memo_file(env: &dyn Vars) -> Option<PathBuf> {
    let base = crate::paths::cache_home(&|k| get(env, k))?;
    Some(base.join("goenvhook/sdks"))
}

/// A root directory's device, inode, mtime and ctime (seconds and nanoseconds).
type Stamp = [i64; 6];

/// Memo lines: `sdk1 <root> <stamp> <VERSION line> <arch>`, fields %-escaped as in the state.
fn read_memo(path: &Path) -> Vec<(PathBuf, Stamp, Sdk)> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(text) = fs::read(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.split(|b| *b == b'\n') {
        let mut fields = line.split(|b| *b == b' ');
        let (Some(b"sdk1"), Some(root), Some(stamp), Some(name), Some(arch), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            continue;
        };
        let (Ok(root), Ok(name), Ok(arch)) = (
            env::unescape(root),
            env::unescape(name),
            std::str::from_utf8(arch),
        ) else {
            continue;
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
            continue;
        }
        let stamp = parsed;
        let name = String::from_utf8_lossy(&name).into_owned();
        let Some(version) = Version::parse(&name) else {
            continue;
        };
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
        out.push((root, stamp, sdk));
    }
    out
}

/// Written to a temporary file and renamed, so concurrent loads never see half a memo. A memo
/// that cannot be written is only a missed speed-up.
fn write_memo(path: &Path, entries: &[(&Sdk, Stamp)]) {
    use std::os::unix::ffi::OsStrExt;
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
pub(crate) mod tests {
    use super::*;
    use crate::env::Env;

    #[test]
    fn headers() {
        let mut elf = vec![0x7f, b'E', b'L', b'F', 2, 1];
        elf.resize(20, 0);
        elf[18] = 183;
        assert_eq!(binary_arch(&elf), Some("arm64"));
        elf[18] = 62;
        assert_eq!(binary_arch(&elf), Some("amd64"));
        assert_eq!(
            binary_arch(&[0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 1]),
            Some("arm64")
        );
        assert_eq!(binary_arch(b"#!/bin/sh\n"), None);
    }

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

    fn host_machine() -> u8 {
        if host_arch() == "arm64" {
            183
        } else {
            62
        }
    }

    #[test]
    fn the_memo_serves_wide_discoveries_and_a_one_tree_load_skips_it() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        let memo = t.path().join("cache/goenvhook/sdks");
        let mut env = Env::new();
        env.insert("HOME".into(), home.clone().into());
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
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        let mut env = Env::new();
        env.insert("HOME".into(), home.clone().into());
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

    #[test]
    fn every_installer_layout_is_found() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
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
        let mut env = Env::new();
        env.insert("HOME".into(), home.clone().into());
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
