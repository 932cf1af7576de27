//! `goenvhook doctor`: every way a Go setup breaks, found and explained with the exact fix. One
//! family of checks per file, each a function from the host snapshot (host.rs) and what goenvhook
//! knows (the project, the selected SDK, the installed SDKs) to findings. Runs no program; only
//! `--run-go` (rungo.rs) runs the selected `go env -json` to compare.

pub mod arch;
pub mod cgo;
pub mod editors;
pub mod goenvfile;
pub mod gopath;
pub mod goroot;
pub mod hook;
pub mod host;
pub mod modules;
pub mod path;
pub mod private;
pub mod project;
pub mod rungo;
pub mod versions;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use host::Host;

use crate::config;
use crate::config::Global;
use crate::env::{Env, Vars};
use crate::go::envfile::{self, Location};
use crate::go::sdk::{self, Sdk};
use crate::go::select::{self, Choice};
use crate::plan::{self, Problem};
use crate::trust::Dirs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    Warn,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Error => "error",
        }
    }
}

/// One result: a stable id (documented in the README and docs/troubleshooting.md), ok/warn/error
/// (error: a go command the user runs will fail; warn: it works, but not as the user likely
/// expects), one line of why, and the fix to paste (empty when ok): a bash/zsh command line or
/// a `.goenv.toml` line. A check that looks at several things (every go on PATH) gives one
/// finding per problem, all with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub id: &'static str,
    pub status: Status,
    pub message: String,
    pub fix: String,
}

/// Every finding id, in report order (the README documents each; a test keeps them in step).
pub const IDS: &[&str] = &[
    "hook.active",
    "hook.binary",
    "hook.conflict",
    "project.config",
    "project.go",
    "path.go",
    "path.shim",
    "path.distro",
    "path.first",
    "goroot.tree",
    "sdk.unusable",
    "goenvfile.file",
    "goenvfile.key",
    "gopath.gopath",
    "gopath.bin",
    "gopath.go111module",
    "arch.go",
    "arch.rosetta",
    "arch.toolchains",
    "versions.gomod",
    "modules.offline",
    "modules.vendor",
    "private.lint",
    "private.risk",
    "private.netrc",
    "cgo.cc",
    "editors.vscode",
    "editors.goland",
    "rungo.diff",
    "rungo.run",
];

impl Finding {
    pub fn ok(id: &'static str, message: impl Into<String>) -> Finding {
        debug_assert!(IDS.contains(&id), "undocumented finding id {id}");
        Finding {
            id,
            status: Status::Ok,
            message: message.into(),
            fix: String::new(),
        }
    }

    pub fn warn(id: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Finding {
        debug_assert!(IDS.contains(&id), "undocumented finding id {id}");
        Finding {
            id,
            status: Status::Warn,
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn error(id: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Finding {
        debug_assert!(IDS.contains(&id), "undocumented finding id {id}");
        Finding {
            id,
            status: Status::Error,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// The user's go env file as found.
#[derive(Debug, Clone)]
pub struct EnvFile {
    pub location: Location,
    pub lines: Vec<envfile::Line>,
}

impl EnvFile {
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(p) => Some(p),
            _ => None,
        }
    }
}

/// What goenvhook knows besides the host: the project here, what it selects, the installed SDKs.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The nearest `.goenv.toml` and its directory.
    pub config: Option<PathBuf>,
    pub project: Option<PathBuf>,
    /// Names the project sets or unsets (GOROOT and GOTOOLCHAIN included when it selects a Go).
    pub project_vars: Vec<String>,
    /// Why the project could not be applied (not allowed, an error), as the hook would say it.
    pub problem: Option<(String, bool)>,
    /// `go = ...` as written, and the SDK it selects (or the installed one that fetches it).
    pub go_spec: Option<String>,
    pub selected: Option<Sdk>,
    /// A release the selected SDK fetches through GOTOOLCHAIN because it is not installed.
    pub wanted: Option<String>,
    /// A `go = ...` that cannot be resolved.
    pub select_error: Option<String>,
    pub sdks: Vec<Sdk>,
    pub envfile: Option<EnvFile>,
}

/// Where a Go setting's value comes from, in the go command's order: the environment, then the
/// user go env file, then `$GOROOT/go.env`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env,
    /// The user go env file, at this line.
    File(usize),
    /// `$GOROOT/go.env`.
    GorootEnv,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub value: String,
    pub from: Source,
}

impl Setting {
    /// "(from the environment)", "(from ~/.config/go/env:3)", "(from $GOROOT/go.env)".
    pub fn origin(&self, h: &Host, k: &Known) -> String {
        match &self.from {
            Source::Env => "from the environment".into(),
            Source::File(n) => format!(
                "from {}:{n}",
                k.envfile
                    .as_ref()
                    .and_then(EnvFile::path)
                    .map_or("the go env file".into(), |p| h.show(p))
            ),
            Source::GorootEnv => "from $GOROOT/go.env".into(),
        }
    }
}

/// A Go setting as the go command resolves it: a non-empty environment value, else the user go
/// env file, else (for the keys go.env may set) `$GOROOT/go.env` of `root`.
pub fn setting(h: &Host, k: &Known, key: &str, root: Option<&Path>) -> Option<Setting> {
    if let Some(v) = h.var(key) {
        return Some(Setting {
            value: v,
            from: Source::Env,
        });
    }
    if let Some(l) = k.envfile.as_ref().and_then(|f| envfile::get(&f.lines, key)) {
        if !l.value.is_empty() {
            return Some(Setting {
                value: l.value.clone(),
                from: Source::File(l.line),
            });
        }
    }
    if key == "GOROOT" {
        return None;
    }
    let text = h.read_string(&envfile::goroot_file(root?))?;
    let lines = envfile::parse(&text);
    envfile::get(&lines, key)
        .filter(|l| !l.value.is_empty())
        .map(|l| Setting {
            value: l.value.clone(),
            from: Source::GorootEnv,
        })
}

/// The go that runs when the user types `go` here: the first `go` on PATH that resolves, its
/// real path, and the GOROOT above it (None for a shim or a copied binary).
#[derive(Debug, Clone)]
pub struct RunningGo {
    pub path: PathBuf,
    pub real: PathBuf,
    pub root: Option<PathBuf>,
}

/// The GOROOT above a go binary, as the go command infers it: two levels up from the resolved
/// executable, holding `pkg/tool`.
pub fn root_of(h: &Host, go: &Path) -> Option<PathBuf> {
    let real = h.canonical(go)?;
    let bin = real.parent()?;
    let found = [bin.parent(), bin.parent().and_then(Path::parent)]
        .into_iter()
        .flatten()
        .find(|r| h.is_dir(&r.join("pkg/tool")))
        .map(Path::to_path_buf);
    found
}

pub fn running_go(h: &Host) -> Option<RunningGo> {
    let path = h.which("go")?;
    let real = h.canonical(&path)?;
    let root = root_of(h, &path);
    Some(RunningGo { path, real, root })
}

/// The GOROOT the go command uses here: GOROOT from the environment, else the user file's, else
/// the one above the running go.
pub fn effective_goroot(h: &Host, k: &Known) -> Option<(PathBuf, Source)> {
    if let Some(s) = setting(h, k, "GOROOT", None) {
        return Some((PathBuf::from(s.value), s.from));
    }
    running_go(h)?.root.map(|r| (r, Source::Env))
}

/// Every check, in the order they print.
pub const CHECKS: &[fn(&Host, &Known) -> Vec<Finding>] = &[
    hook::active,
    hook::binary,
    hook::conflicts,
    project::config,
    path::each_go,
    path::shims,
    path::distro,
    path::first,
    goroot::tree,
    goroot::sdks,
    goenvfile::file,
    goenvfile::keys,
    gopath::gopath,
    gopath::bin,
    gopath::go111module,
    arch::go,
    arch::rosetta,
    arch::toolchains,
    versions::gomod,
    modules::offline,
    modules::vendor,
    private::lint,
    private::risks,
    private::credentials,
    cgo::compiler,
    editors::vscode,
    editors::goland,
];

pub fn run(h: &Host, k: &Known) -> Vec<Finding> {
    CHECKS.iter().flat_map(|c| c(h, k)).collect()
}

/// What goenvhook knows here, and the environment go would run with. In a shell whose hook is
/// active that is the shell's environment as it is (the hook ran before this prompt, and what the
/// user changed since is what go sees); elsewhere (a script, CI, a shell without the hook) it is
/// this environment with the project applied exactly as `goenvhook exec` applies it.
pub fn snapshot(cwd: PathBuf) -> (Host, Known) {
    let mut env: Env = std::env::vars_os().collect();
    let dirs = Dirs::from_env(|k| std::env::var_os(k));
    let found = config::find_all(&cwd);
    let state = plan::read_state(&crate::env::Process);
    let at = plan::Prompt {
        env: &crate::env::Process,
        dirs: &dirs,
        found: found.clone(),
        now: plan::now_secs(),
    };
    let ev = plan::full(at, state.clone());
    let state = state.ok().flatten();
    let hooked = std::env::var(crate::env::PID_VAR)
        .ok()
        .and_then(|p| p.parse::<u32>().ok())
        .is_some_and(|p| p == std::os::unix::process::parent_id() || p == std::process::id());
    if !hooked {
        for (name, value) in &ev.changes {
            match value {
                Some(v) => env.insert(name.clone(), v.clone()),
                None => env.remove(name),
            };
        }
    }
    let mut known = Known {
        config: found.first().cloned(),
        project: found
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf),
        ..Known::default()
    };
    let home = env.var_str("HOME");
    known.problem = ev.problem.as_ref().map(|p| match p {
        Problem::NotAllowed(path) => (
            format!(
                "{} is not allowed, so doctor checks the environment without it",
                plan::tilde_dir(path.as_os_str(), home.as_deref())
            ),
            false,
        ),
        Problem::Error(m) => (m.clone(), true),
    });
    // The environment outside any project: where SDKs are discovered, as a load does.
    let outside = plan::revert(&crate::env::Process, state.as_ref()).0;
    let global = Global::load(dirs.global_config.as_deref(), home.as_deref()).unwrap_or_default();
    known.sdks = sdk::discover(&outside, &global.sdk_dirs);
    for cfg in &ev.chain {
        for e in &cfg.env {
            if !known.project_vars.contains(&e.name) {
                known.project_vars.push(e.name.clone());
            }
        }
    }
    select_go(&mut known, &ev.chain, home.as_deref());
    let host = Host::probe(env, cwd);
    let location = envfile::location(&host.os, |k| host.env.var_str(k));
    let lines = match &location {
        Location::File(p) => host
            .read_string(p)
            .map(|t| envfile::parse(&t))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    known.envfile = Some(EnvFile { location, lines });
    (host, known)
}

/// What the project's `go = ...` selects among the installed SDKs, into `known`.
fn select_go(known: &mut Known, chain: &[config::Config], home: Option<&std::ffi::OsStr>) {
    if let Some((cfg, spec)) = chain.iter().find_map(|c| c.go.as_ref().map(|g| (c, g))) {
        known.go_spec = Some(spec.as_written().to_string());
        match select::choose(spec, &cfg.dir, home, &known.sdks) {
            Ok(Choice::Use(s)) => {
                known.selected = Some(s);
                known.project_vars.push("GOROOT".into());
            }
            Ok(Choice::Missing {
                wanted, fallback, ..
            }) => {
                known.wanted = Some(wanted);
                if fallback.is_some() {
                    known
                        .project_vars
                        .extend(["GOROOT".into(), "GOTOOLCHAIN".into()]);
                }
                known.selected = fallback;
            }
            Ok(Choice::Keep) => {}
            Err(e) => known.select_error = Some(e),
        }
    }
}

/// A Go variable's value as `allow` checks it: the grammar, against the release that runs here
/// (the selected SDK or the go on PATH), and the files it names. One checker, so doctor and
/// allow never disagree about a value.
pub fn check_value(h: &Host, k: &Known, name: &str, value: &str) -> Result<(), String> {
    let release: Box<dyn crate::go::vars::Release> = match effective_goroot(h, k) {
        Some((root, _)) => Box::new(crate::go::release::Release::at(&root)),
        None => Box::new(crate::go::vars::Unknown),
    };
    crate::go::vars::check_with(name, value, &*release)?;
    crate::go::files::check(name, value)
}

/// Any error finding: doctor exits 1.
pub fn exit_code(findings: &[Finding]) -> i32 {
    i32::from(findings.iter().any(|f| f.status == Status::Error))
}

/// The report for people: one line per finding, its fix indented below, a count at the end.
/// `colour` only on a terminal and never with NO_COLOR (the caller decides).
pub fn render_text(findings: &[Finding], colour: bool) -> String {
    let mut out = String::new();
    let width = findings.iter().map(|f| f.id.len()).max().unwrap_or(0);
    for f in findings {
        let word = f.status.as_str();
        let shown = if colour {
            let code = match f.status {
                Status::Ok => "32",
                Status::Warn => "33",
                Status::Error => "31",
            };
            format!("\x1b[{code}m{word:<5}\x1b[0m")
        } else {
            format!("{word:<5}")
        };
        // Findings quote paths, values and what go printed: every control character is
        // shown, not obeyed, by the terminal (the colour codes around the status word are
        // added here, after), and a line break inside a finding (go's error output, a name
        // holding a newline) continues under the message, so it cannot pass for a finding.
        let pad = format!("\n      {:width$}  ", "");
        let block = |s: &str| crate::text::visible_lines(s).replace('\n', &pad);
        let _ = writeln!(out, "{shown} {:<width$}  {}", f.id, block(&f.message));
        if !f.fix.is_empty() {
            let _ = writeln!(out, "      {:<width$}  fix: {}", "", block(&f.fix));
        }
    }
    let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
    let _ = writeln!(
        out,
        "{} ok, {} warn, {} error",
        count(Status::Ok),
        count(Status::Warn),
        count(Status::Error)
    );
    out
}

/// `--json`: an array of `{"id", "status", "message", "fix"}`.
pub fn render_json(findings: &[Finding]) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "id": f.id,
                "status": f.status.as_str(),
                "message": f.message,
                "fix": f.fix,
            })
        })
        .collect();
    let mut s = serde_json::Value::Array(items).to_string();
    s.push('\n');
    s
}

/// The command that installs the hook for the user's shell: appends its rc line.
pub fn init_line(h: &Host) -> String {
    let shell = h.var("SHELL").unwrap_or_default();
    let name = Path::new(&shell)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (rc, line) = crate::shell::rc_line(&name);
    // rc is `~/.bashrc` and the like: left unquoted so the shell expands the tilde.
    format!("echo {} >> {rc}", sh(line))
}

/// A word for a bash or zsh command line: as it is when it needs no quoting, else in single
/// quotes. Fixes are pasted into the shell, so every path and value in one goes through this.
pub fn sh(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./,:=+@%".contains(&b));
    if plain {
        word.to_string()
    } else {
        String::from_utf8_lossy(&crate::shell::quote_posix(word.as_bytes())).into_owned()
    }
}

/// A file for a fix: `~/rest` under HOME (the shell expands a leading tilde), else quoted.
pub fn sh_path(h: &Host, p: &Path) -> String {
    let home = h.home();
    match home.as_deref().and_then(|home| p.strip_prefix(home).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", sh(&rest.to_string_lossy())),
        _ => sh(&p.to_string_lossy()),
    }
}

/// `sudo ` for a path outside HOME, which a user's own shell usually cannot change.
pub fn sudo(h: &Host, p: &Path) -> &'static str {
    match h.home() {
        Some(home) if p.starts_with(&home) => "",
        _ => "sudo ",
    }
}

/// Deletes line `n` of a file; `-i.bak` works with GNU and BSD sed alike and keeps a copy.
pub fn sed_delete(h: &Host, file: &Path, n: usize) -> String {
    sed(h, &format!("{n}d"), file)
}

/// `s` for a sed `s|regex|replacement|` command: `regex` true escapes what a basic regular
/// expression treats specially, false what a replacement does; `|` always.
pub fn sed_escape(s: &str, regex: bool) -> String {
    let special = if regex { "\\.[]*^$|" } else { "\\&|" };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if special.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs one sed command on a file in place (`-i.bak` works with GNU and BSD sed alike).
pub fn sed(h: &Host, script: &str, file: &Path) -> String {
    format!("sed -i.bak {} {}", sh(script), sh_path(h, file))
}

/// Puts a directory first on PATH in this shell.
pub fn path_first(dir: &Path) -> String {
    format!("export PATH={}:\"$PATH\"", sh(&dir.to_string_lossy()))
}

/// Takes a directory off PATH in this shell.
pub fn path_without(dir: &Path) -> String {
    format!(
        "export PATH=\"$(printf %s \"$PATH\" | tr : '\\n' | grep -vxF {} | paste -sd: -)\"",
        sh(&dir.to_string_lossy())
    )
}

/// `go env ARGS`, run by the local go when GOTOOLCHAIN names a release: go switches toolchains
/// before `go env -u` and most `go env -w` (only `go env -w GOTOOLCHAIN=...` is exempt), and the
/// switch fails wherever that release cannot be downloaded.
pub fn go_env(h: &Host, k: &Known, args: &str) -> String {
    let root = effective_goroot(h, k).map(|(r, _)| r);
    let pinned =
        setting(h, k, "GOTOOLCHAIN", root.as_deref()).is_some_and(|t| t.value.starts_with("go1"));
    if pinned && !args.starts_with("-w GOTOOLCHAIN=") {
        format!("GOTOOLCHAIN=local go env {args}")
    } else {
        format!("go env {args}")
    }
}

/// Removes a setting where its value comes from: the project's `.goenv.toml` (opened by
/// `goenvhook edit`), the environment (`unset`), the go env file (`go env -u`). go.env's values
/// cannot be removed, only overridden in the go env file with Go's default.
pub fn unset_fix(h: &Host, k: &Known, name: &str, from: &Source) -> String {
    match from {
        Source::Env if k.project_vars.iter().any(|v| v == name) => "goenvhook edit".into(),
        Source::Env => format!("unset {name}"),
        Source::File(_) => go_env(h, k, &format!("-u {name}")),
        Source::GorootEnv => {
            let default = match name {
                "GOPROXY" => "https://proxy.golang.org,direct",
                "GOSUMDB" => "sum.golang.org",
                "GOTOOLCHAIN" => "auto",
                _ => "",
            };
            go_env(h, k, &format!("-w {}", sh(&format!("{name}={default}"))))
        }
    }
}

/// Gives a setting a new value where its value comes from: a `.goenv.toml` line when the project
/// sets it, `go env -w` for the go env file, else `export` in this shell.
pub fn set_fix(h: &Host, k: &Known, name: &str, value: &str, from: Option<&Source>) -> String {
    if k.project_vars.iter().any(|v| v == name) {
        return format!("{name} = {}", crate::config::toml_string(value));
    }
    match from {
        Some(Source::File(_) | Source::GorootEnv) => {
            go_env(h, k, &format!("-w {}", sh(&format!("{name}={value}"))))
        }
        _ => format!("export {}", sh(&format!("{name}={value}"))),
    }
}

/// Unpacks the Go release `name` (go1.X.Y) for this machine into `dest`, replacing what is there.
pub fn unpack_fix(h: &Host, name: &str, dest: &Path) -> String {
    let (s, d) = (sudo(h, dest), sh(&dest.to_string_lossy()));
    format!(
        "{s}rm -rf {d} && {s}mkdir -p {d} && curl -fsSL https://go.dev/dl/{name}.{}-{}.tar.gz | {s}tar -xz -C {d} --strip-components=1",
        h.os,
        h.machine_arch()
    )
}

/// The fix that gives this project a Go: the `.goenv.toml` line selecting the newest installed
/// release, or (none installed) the command that unpacks the current release where goenvhook
/// finds it (~/sdk/goX.Y.Z, golang.org/dl's layout).
pub fn install_fix(h: &Host, k: &Known) -> String {
    let newest = k
        .sdks
        .iter()
        .filter(|s| s.usable() && s.version.as_ref().is_some_and(|v| v.is_release()))
        .max_by(|a, b| a.version.cmp(&b.version));
    match newest {
        Some(s) => format!("go = \"{}\"", s.name.trim_start_matches("go")),
        None => format!(
            "v=$(curl -fsSL 'https://go.dev/VERSION?m=text' | head -n 1) && mkdir -p ~/sdk/$v && curl -fsSL https://go.dev/dl/$v.{}-{}.tar.gz | tar -xz -C ~/sdk/$v --strip-components=1",
            h.os,
            h.machine_arch()
        ),
    }
}

/// For tests: a host from an explicit environment with no project.
pub fn fixture_env(pairs: &[(&str, &str)]) -> Env {
    pairs
        .iter()
        .map(|(k, v)| (OsString::from(k), OsString::from(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_text_shapes() {
        let f = vec![
            Finding::ok("path.go", "fine"),
            Finding::error("cgo.cc", "broken \"x\"", "do y"),
        ];
        let v: serde_json::Value = serde_json::from_str(&render_json(&f)).unwrap();
        assert_eq!(v[1]["id"], "cgo.cc");
        assert_eq!(v[1]["status"], "error");
        assert_eq!(v[1]["message"], "broken \"x\"");
        assert_eq!(v[1]["fix"], "do y");
        assert_eq!(v[0]["fix"], "");
        let t = render_text(&f, false);
        assert!(t.contains("error cgo.cc   broken"), "{t}");
        assert!(t.contains("fix: do y"), "{t}");
        assert!(!t.contains('\x1b'));
        assert!(render_text(&f, true).contains("\x1b[31merror"));
        assert_eq!(exit_code(&f), 1);
        assert_eq!(exit_code(&f[..1]), 0);
    }
}
