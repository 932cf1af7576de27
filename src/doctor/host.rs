//! The read-only snapshot of the machine doctor diagnoses: the environment go would run with, the
//! OS and CPU as the kernel reports them, the few macOS `sysctl` values that reveal Rosetta, and
//! file reads. Checks see the machine only through this, so a test can describe a Mac on Linux.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::env::{Env, Vars};

/// What the checks may look at. Files are read from the real file system (tests build the broken
/// situations for real); everything else is data, filled by [`Host::probe`] or by a test.
pub struct Host {
    /// The environment go would run with here: this shell's, with the project applied as the hook
    /// or `goenvhook exec` would apply it.
    pub env: Env,
    /// GOOS of the machine (`linux`, `darwin`).
    pub os: String,
    /// `uname -m` (`x86_64` inside a Rosetta-translated process, even on Apple Silicon).
    pub machine: String,
    /// `sysctl.proc_translated` and `hw.optional.arm64` (macOS only; absent elsewhere).
    pub sysctl: BTreeMap<String, String>,
    pub cwd: PathBuf,
    /// doctor's own pid and its parent's (the shell it runs in).
    pub pid: u32,
    pub ppid: u32,
    /// This goenvhook binary.
    pub exe: Option<PathBuf>,
}

/// The sysctl names doctor reads (macOS: Rosetta translation, and an Apple Silicon CPU).
pub const SYSCTLS: &[&str] = &["sysctl.proc_translated", "hw.optional.arm64"];

impl Host {
    /// The real machine. `env` is the environment to diagnose.
    pub fn probe(env: Env, cwd: PathBuf) -> Host {
        let machine = nix::sys::utsname::uname()
            .map(|u| u.machine().to_string_lossy().into_owned())
            .unwrap_or_else(|_| std::env::consts::ARCH.to_string());
        let os = match std::env::consts::OS {
            "macos" => "darwin",
            other => other,
        };
        let sysctl = SYSCTLS
            .iter()
            .filter_map(|n| sysctl_by_name(n).map(|v| (n.to_string(), v)))
            .collect();
        Host {
            env,
            os: os.to_string(),
            machine,
            sysctl,
            cwd,
            pid: std::process::id(),
            ppid: std::os::unix::process::parent_id(),
            exe: std::env::current_exe().ok(),
        }
    }

    /// A variable, when set and not empty (the go command treats an empty variable as unset).
    pub fn var(&self, name: &str) -> Option<String> {
        self.env
            .var_str(name)
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string_lossy().into_owned())
    }

    pub fn home(&self) -> Option<PathBuf> {
        self.var("HOME").map(PathBuf::from)
    }

    /// The CPU's GOARCH. On a Mac, `hw.optional.arm64` is 1 on Apple Silicon even when this
    /// process is translated (where `uname -m` says x86_64).
    pub fn machine_arch(&self) -> String {
        if self.os == "darwin" && self.sysctl_is("hw.optional.arm64", "1") {
            return "arm64".into();
        }
        goarch_of_machine(&self.machine).to_string()
    }

    /// This process runs under Rosetta (`sysctl.proc_translated` = 1; absent means native).
    pub fn translated(&self) -> bool {
        self.os == "darwin" && self.sysctl_is("sysctl.proc_translated", "1")
    }

    fn sysctl_is(&self, name: &str, want: &str) -> bool {
        self.sysctl.get(name).is_some_and(|v| v.trim() == want)
    }

    /// PATH's directories in order, each once.
    pub fn path_dirs(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        if let Some(p) = self.env.var_str("PATH") {
            for d in std::env::split_paths(&p) {
                if !d.as_os_str().is_empty() && !out.contains(&d) {
                    out.push(d);
                }
            }
        }
        out
    }

    /// The first executable `name` on PATH, as the shell would find it.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        self.path_dirs()
            .into_iter()
            .map(|d| d.join(name))
            .find(|p| self.is_executable(p))
    }

    pub fn read(&self, p: &Path) -> Option<Vec<u8>> {
        fs::read(p).ok()
    }

    pub fn read_string(&self, p: &Path) -> Option<String> {
        self.read(p)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// The first `n` bytes (a binary header, a script's first line).
    pub fn head(&self, p: &Path, n: usize) -> Option<Vec<u8>> {
        let mut buf = vec![0; n];
        let mut f = fs::File::open(p).ok()?;
        let got = f.read(&mut buf).ok()?;
        buf.truncate(got);
        Some(buf)
    }

    /// Permission bits (`stat`, following links).
    // mode_t is u32 on Linux but u16 on macOS, where the cast is needed.
    #[allow(clippy::unnecessary_cast)]
    pub fn mode(&self, p: &Path) -> Option<u32> {
        nix::sys::stat::stat(p)
            .ok()
            .map(|s| s.st_mode as u32 & 0o7777)
    }

    pub fn exists(&self, p: &Path) -> bool {
        p.exists()
    }

    pub fn is_dir(&self, p: &Path) -> bool {
        p.is_dir()
    }

    pub fn is_file(&self, p: &Path) -> bool {
        p.is_file()
    }

    pub fn is_executable(&self, p: &Path) -> bool {
        p.is_file() && self.mode(p).is_some_and(|m| m & 0o111 != 0)
    }

    /// A symlink whose target does not exist.
    pub fn is_dangling(&self, p: &Path) -> bool {
        fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) && !p.exists()
    }

    pub fn is_symlink(&self, p: &Path) -> bool {
        fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
    }

    pub fn link_target(&self, p: &Path) -> Option<PathBuf> {
        fs::read_link(p).ok()
    }

    pub fn canonical(&self, p: &Path) -> Option<PathBuf> {
        fs::canonicalize(p).ok()
    }

    /// Names in a directory, sorted.
    pub fn list(&self, dir: &Path) -> Vec<OsString> {
        let mut names: Vec<OsString> = fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.file_name())).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Two paths name the same directory or file (symlinks resolved); lexically equal if either
    /// cannot be resolved.
    pub fn same(&self, a: &Path, b: &Path) -> bool {
        match (self.canonical(a), self.canonical(b)) {
            (Some(x), Some(y)) => x == y,
            _ => clean(a) == clean(b),
        }
    }

    /// `p` is `dir` or below it (symlinks resolved where possible).
    pub fn inside(&self, p: &Path, dir: &Path) -> bool {
        let r = |x: &Path| self.canonical(x).unwrap_or_else(|| clean(x));
        r(p).starts_with(r(dir))
    }

    /// A path for findings, with HOME shown as `~`. As it is, since `doctor --json` carries it:
    /// `render_text` makes the findings visible for the terminal.
    pub fn show(&self, p: &Path) -> String {
        let home = self.env.var_str("HOME");
        crate::plan::tilde_dir(p.as_os_str(), home.as_deref())
    }
}

/// A path without `.`, `..` (taken lexically) and trailing slashes.
pub fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// GOARCH for a `uname -m` machine name.
pub fn goarch_of_machine(m: &str) -> &str {
    match m {
        "x86_64" | "amd64" => "amd64",
        "aarch64" | "arm64" | "arm64e" => "arm64",
        "i386" | "i686" | "i586" => "386",
        "armv7l" | "armv6l" | "arm" => "arm",
        "ppc64le" => "ppc64le",
        other => other,
    }
}

/// `sysctlbyname(3)`: nix has no wrapper for it, so this is the one call made through the libc
/// that nix re-exports. Values doctor reads are 32-bit integers. ENOENT (an Intel Mac has no
/// `sysctl.proc_translated`) is None, which Apple documents as "native".
#[cfg(target_os = "macos")]
fn sysctl_by_name(name: &str) -> Option<String> {
    let cname = std::ffi::CString::new(name).ok()?;
    let mut value: i32 = 0;
    let mut len = std::mem::size_of::<i32>();
    // SAFETY: `value` is a valid i32 and `len` its size; the name is NUL-terminated.
    let rc = unsafe {
        nix::libc::sysctlbyname(
            cname.as_ptr(),
            (&mut value as *mut i32).cast(),
            &mut len,
            std::ptr::null_mut(),
            0,
        )
    };
    (rc == 0).then(|| value.to_string())
}

#[cfg(not(target_os = "macos"))]
fn sysctl_by_name(_name: &str) -> Option<String> {
    None
}

/// Lossy text of an OsStr, for messages.
pub fn text(v: &OsStr) -> String {
    v.to_string_lossy().into_owned()
}
