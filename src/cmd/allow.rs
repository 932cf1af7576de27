//! `allow`, `deny`, `prune`: the user's side of the trust store.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::config::Global;
use crate::config::{self, Config, Ctx};
use crate::env;
use crate::env::Vars as _;
use crate::env::PID_VAR;
use crate::go::vars;
use crate::plan;
use crate::text::{self, visible};
use crate::trust::{Dirs, Store};

fn store() -> Result<Store> {
    let dirs = Dirs::from_env(|k| std::env::var_os(k));
    match dirs.trust {
        Some(dir) => Ok(Store { dir }),
        None => {
            bail!("neither HOME nor XDG_DATA_HOME is set, so there is no trust store; set HOME")
        }
    }
}

fn read_parsed(path: &Path) -> Result<(Vec<u8>, Config)> {
    let bytes = config::read(path).map_err(anyhow::Error::msg)?;
    let cfg = parse_for_allow(path, &bytes)?;
    Ok((bytes, cfg))
}

fn parse_for_allow(path: &Path, bytes: &[u8]) -> Result<Config> {
    config::parse(path, bytes)
        .map_err(|e| anyhow::anyhow!("not allowed, the file has an error: {e}"))
}

/// What `allow` shows before approving a config: its text, how many settings are risky (listed
/// with the review and counted on stderr), and the variables it sets, for the size check.
struct Review {
    text: String,
    risky: usize,
    sets: Vec<(OsString, Option<OsString>)>,
    /// Why the config cannot be approved as it is, whatever the shell it loads in, starting with
    /// the file (and line:col for a value).
    refused: Option<String>,
}

/// A value as the review shows it (quoted, or as a plain path), cut to its first and last bytes
/// when long, so a megabyte value does not flood the terminal.
fn shown(v: &OsStr, quoted: bool) -> String {
    const HEAD: usize = 96;
    const TAIL: usize = 32;
    let show = |b: &[u8]| {
        let s = String::from_utf8_lossy(b);
        if quoted {
            format!("{s:?}")
        } else {
            s.into_owned()
        }
    };
    let bytes = v.as_bytes();
    if bytes.len() <= HEAD + TAIL + 16 {
        return show(bytes);
    }
    format!(
        "{}…{} ({} bytes)",
        show(&bytes[..HEAD]),
        show(&bytes[bytes.len() - TAIL..]),
        bytes.len()
    )
}

/// A directory others can write to: anyone able to drop a `go` or `git` there runs it as this
/// user once it is first on PATH. A directory that does not exist yet is judged by the nearest
/// existing one above it (whoever can create it decides what it holds).
fn writable_by_others(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let me = nix::unistd::geteuid().as_raw();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if let Ok(m) = fs::metadata(d) {
            let mode = m.mode();
            return if mode & 0o002 != 0 {
                Some(format!("{} is writable by every user", d.display()))
            } else if mode & 0o020 != 0 && m.gid() != nix::unistd::getegid().as_raw() {
                Some(format!("{} is writable by group {}", d.display(), m.gid()))
            } else if m.uid() != me && m.uid() != 0 {
                Some(format!("{} belongs to user {}", d.display(), m.uid()))
            } else {
                None
            };
        }
        cur = d.parent();
    }
    None
}

/// What the go that will run would reject, ignore or misread in `e`'s expanded value, as
/// `file:line:col: message`. The review refuses it when the file wrote it literally and shows it
/// when it comes from the shell (`${...}`), as a load would refuse it there.
fn value_error(
    cfg: &Config,
    e: &config::EnvEntry,
    v: &OsStr,
    release: &dyn vars::Release,
) -> Option<String> {
    let s = v.to_str()?;
    let m = vars::check_with(&e.name, s, release)
        .and_then(|()| crate::go::files::check(&e.name, s))
        .err()?;
    Some(format!("{}:{}:{}: {m}", cfg.path.display(), e.line, e.col))
}

/// Every path, value and message in the review is made visible on its own line (`plan::show_dir`,
/// `text::visible`): what the project wrote cannot fake a line of the review or drive the terminal.
fn review(cfg: &Config, outside: &dyn env::Vars, global: &Global) -> Review {
    let home = outside.var_str("HOME");
    let mut out = format!(
        "{}\n",
        plan::show_dir(cfg.path.as_os_str(), home.as_deref())
    );
    let ctx = Ctx {
        outside,
        dir: &cfg.dir,
    };
    if let Some(spec) = &cfg.go {
        let _ = writeln!(
            out,
            "  go        {}",
            visible(&super::toolchain_text(spec, &cfg.dir, outside, global))
        );
    }
    if config::is_local(&cfg.path) {
        if cfg.dir.join(config::FILE_NAME).is_file() {
            out.push_str("  local     your own overrides, applied on top of the .goenv.toml beside it (keep it out of git)\n");
        } else {
            out.push_str("  local     your own config; with no .goenv.toml beside it, it is this directory's config (keep it out of git)\n");
        }
    }
    if cfg.inherit {
        out.push_str("  inherits  the nearest .goenv.toml above this one\n");
    }
    let mut values = Vec::new();
    let mut sets = Vec::new();
    // Every refusal names where it is: the file, or file:line:col for a value.
    let at_file = |m: String| format!("{}: {m}", cfg.path.display());
    let mut refused = cfg
        .go
        .as_ref()
        .and_then(crate::go::select::unreleased)
        .map(at_file);
    let release = plan::release_for(outside, std::slice::from_ref(cfg), global);
    for e in &cfg.env {
        match ctx.value(e) {
            Ok(Some(v)) => {
                if let Some(m) = value_error(cfg, e, &v, &*release) {
                    if e.value.expands() {
                        let _ = writeln!(
                            out,
                            "  error     {} (in this shell the project would not load)",
                            visible(&m)
                        );
                    } else {
                        refused.get_or_insert(m);
                    }
                }
                let _ = writeln!(out, "  set       {}={}", e.name, shown(&v, true));
                values.push((e.name.clone(), Some(v.to_string_lossy().into_owned())));
                sets.push((OsString::from(&e.name), Some(v)));
            }
            Ok(None) => {
                let _ = writeln!(out, "  unset     {}", e.name);
                values.push((e.name.clone(), None));
                sets.push((OsString::from(&e.name), None));
            }
            Err(m) => {
                let _ = writeln!(out, "  error     {}: {}", e.name, visible(&m));
            }
        }
    }
    let mut risks = vars::risks(&values);
    for (list, place) in [(&cfg.prepend, "in front"), (&cfg.append, "at the end")] {
        for p in list {
            let dir = match ctx.path_entry(p) {
                Ok(dir) => dir,
                // A literal entry is wrong for good (the project's own directory name holds a
                // ':'): refused. One written with ${...} depends on the shell it loads in:
                // shown, and the hook refuses to load while it is wrong.
                Err(m) if !p.contains("${") => {
                    refused.get_or_insert(at_file(m));
                    continue;
                }
                Err(m) => {
                    let _ = writeln!(
                        out,
                        "  error     {} (in this shell the project would not load)",
                        visible(&m)
                    );
                    continue;
                }
            };
            let _ = writeln!(
                out,
                "  PATH      {} ({place})",
                visible(&shown(&dir, false))
            );
            if place == "in front" {
                if let Some(why) = writable_by_others(Path::new(&dir)) {
                    risks.push(format!("PATH {}: {why}, so they choose what runs as go, git and every other command found there first", Path::new(&dir).display()));
                }
            }
        }
    }
    for r in &risks {
        let _ = writeln!(out, "  RISK      {}", visible(r));
    }
    Review {
        text: out,
        risky: risks.len(),
        sets,
        refused,
    }
}

/// Refuses, before anything is recorded, a config whose values the shell could not carry: one
/// value over the kernel's per-variable limit, or all of them together over the
/// exec limit on top of the current environment.
fn check_size(path: &Path, sets: &[(OsString, Option<OsString>)]) -> Result<()> {
    let limits = env::ExecLimits::current();
    for (n, v) in sets {
        if let Some(m) = v.as_ref().and_then(|v| limits.check_var(n, v.len())) {
            bail!("not allowed: {}: {m}", path.display());
        }
    }
    let (mut bytes, mut count) = (0isize, 0isize);
    for (n, v) in sets {
        let entry =
            |v: Option<OsString>| v.map_or((0, 0), |v| ((n.len() + v.len() + 2) as isize, 1));
        let (old_b, old_c) = entry(std::env::var_os(n));
        let (new_b, new_c) = entry(v.clone());
        bytes += new_b - old_b;
        count += new_c - old_c;
    }
    if let Some(m) = limits.check_update(bytes, count) {
        bail!("not allowed: {}: {m}", path.display());
    }
    Ok(())
}

/// When `allow` runs in a shell without the hook: why nothing will load, and the line to add to
/// the rc file (two lines for `say`, which keeps each on one line).
fn hook_hint() -> Option<(String, String)> {
    // Run from the shell, our parent is the shell; a shell may also exec us in its own process.
    let hooked = std::env::var(PID_VAR)
        .ok()
        .and_then(|p| p.parse::<u32>().ok());
    let active =
        hooked.is_some_and(|p| p == std::os::unix::process::parent_id() || p == std::process::id());
    if active {
        return None;
    }
    let shell = std::env::var_os("SHELL").map(PathBuf::from);
    let name = shell
        .as_deref()
        .and_then(Path::file_name)
        .and_then(OsStr::to_str)
        .unwrap_or("bash");
    let (rc, line) = crate::shell::rc_line(name);
    let line = format!("{line}   # in {rc}");
    Some(("the goenvhook hook is not active in this shell, so nothing will load on cd; add this line and open a new shell:".to_string(), line))
}

pub fn allow(arg: Option<&Path>, parents: bool) -> Result<()> {
    // A named file is approved alone; otherwise the nearest directory's configs, its
    // .goenv.toml and the developer's .goenv.local.toml beside it, each reviewed on its own.
    let named = match arg {
        Some(a) if a.exists() && !a.is_dir() => Some(super::target_config(Some(a))?),
        _ => None,
    };
    let first: Vec<PathBuf> = match &named {
        Some(p) => vec![p.clone()],
        None => {
            let level = super::nearest_level(&config::find_all(&start_dir(arg)?));
            if level.is_empty() {
                vec![super::target_config(arg)?]
            } else {
                level
            }
        }
    };
    let store = store()?;
    let super::Outside {
        env: outside,
        global,
        ..
    } = super::outside();
    let mut todo = Vec::new();
    for p in &first {
        let (bytes, cfg) = read_parsed(p)?;
        todo.push((p.clone(), bytes, cfg));
    }
    // The file beside a named one that still needs approval, so the message can say so.
    let mut unapproved_sibling = None;
    let level_dir = first[0].parent().unwrap_or(Path::new("/")).to_path_buf();
    if named.is_some() {
        for sib in super::nearest_level(&config::find_all(&level_dir)) {
            if !first.contains(&sib) && sib.parent() == Some(level_dir.as_path()) {
                let bytes = config::read(&sib).unwrap_or_default();
                if store.verdict(&sib, &bytes, &global)? != crate::trust::Verdict::Allowed {
                    unapproved_sibling = Some(sib);
                }
            }
        }
    }
    // Whether a directory's configs go on to the next directory up: the .goenv.toml's inherit,
    // or the local file's when it is alone (config::chain_continues).
    let inherits = |level: &[(PathBuf, Vec<u8>, Config)]| {
        level
            .iter()
            .find(|(p, _, _)| !config::is_local(p))
            .or(level.first())
            .is_some_and(|(_, _, c)| c.inherit)
    };
    // The inherited chain, walked as the hook walks it: approved with --parents, otherwise
    // named if it still needs approval.
    let mut unapproved_parent = None;
    if inherits(&todo) {
        let above = level_dir.parent().map(config::find_all).unwrap_or_default();
        config::walk_chain(&above, |parent, read| -> Result<_> {
            let (bytes, _) = read.map_err(anyhow::Error::msg)?;
            let cfg = parse_for_allow(parent, &bytes)?;
            if parents {
                todo.push((parent.to_path_buf(), bytes, cfg.clone()));
            } else if unapproved_parent.is_none()
                && store.verdict(parent, &bytes, &global)? != crate::trust::Verdict::Allowed
            {
                unapproved_parent = Some(parent.to_path_buf());
            }
            Ok(Some(cfg))
        })?;
    }
    // Every file is reviewed and checked before any is recorded, and each "allowed" line is
    // printed only once its record is written: whatever cuts the output short (`| head -n 1`,
    // a closed terminal), what was printed is true.
    let reviews: Vec<Review> = todo
        .iter()
        .map(|(_, _, cfg)| review(cfg, &outside, &global))
        .collect();
    for ((p, _, _), r) in todo.iter().zip(&reviews) {
        if let Some(m) = &r.refused {
            bail!("not allowed: {m}");
        }
        check_size(p, &r.sets)?;
    }
    let mut risky = 0;
    for ((p, bytes, _), r) in todo.iter().zip(&reviews) {
        store.allow(p, bytes)?;
        risky += r.risky;
        let shown = format!("allowed {}", r.text);
        let _ = std::io::stdout().write_all(text::visible_lines(&shown).as_bytes());
    }
    if risky > 0 {
        super::say(
            &format!("allowed with {risky} risky setting(s), marked RISK above; run 'goenvhook deny' if that is not what you expect"),
            false,
        );
    }
    if let Some(p) = unapproved_sibling {
        let home = outside.var_str("HOME");
        super::say(
            &format!(
                "{} beside it is not allowed, so the project does not load yet; run 'goenvhook allow {}' after reviewing it",
                plan::show_dir(p.as_os_str(), home.as_deref()),
                p.display()
            ),
            false,
        );
    }
    if let Some(p) = unapproved_parent {
        super::say(
            &format!("it inherits {}, which is not allowed; run 'goenvhook allow --parents' to approve the chain", p.display()),
            false,
        );
    }
    if let Some((why, line)) = hook_hint() {
        super::say(&why, false);
        super::say(&format!("  {line}"), false);
    }
    Ok(())
}

fn start_dir(arg: Option<&Path>) -> Result<PathBuf> {
    match arg {
        Some(a) if a.is_dir() => a
            .canonicalize()
            .with_context(|| format!("could not resolve {}", a.display())),
        // A file (or a FIFO, a socket...) is the config itself: no search; reading it says what
        // is wrong with it.
        Some(a) if a.exists() => Ok(PathBuf::from("/nonexistent-goenvhook")),
        Some(a) => bail!("{} does not exist", a.display()),
        None => super::cwd().context("could not determine the current directory"),
    }
}

pub fn deny(arg: Option<&Path>) -> Result<()> {
    let path = super::target_config(arg)?;
    store()?.deny(&path)?;
    println!(
        "denied {}: goenvhook will not load it or mention it (undo with goenvhook allow)",
        visible(&path.display().to_string())
    );
    Ok(())
}

pub fn prune() -> Result<()> {
    let (removed, kept) = store()?.prune()?;
    println!("removed {removed} trust record(s) whose file is gone or changed; {kept} kept");
    Ok(())
}
