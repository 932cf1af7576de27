//! `allow`, `deny`, `prune`: the user's side of the trust store (SPEC §4).

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::config::{self, Config, Ctx};
use crate::env;
use crate::env::Vars as _;
use crate::env::PID_VAR;
use crate::go::vars;
use crate::plan;
use crate::trust::{Dirs, Global, Store};

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
    let bytes = fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let cfg = config::parse(path, &bytes)
        .map_err(|e| anyhow::anyhow!("not allowed, the file has an error: {e}"))?;
    Ok((bytes, cfg))
}

/// What a config will do, as `allow` shows it before approving, and how many of its settings are
/// risky (SPEC §4: they are listed with the review and counted on stderr).
fn review(cfg: &Config, outside: &dyn env::Vars, global: &Global) -> (String, usize) {
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
            super::toolchain_text(spec, &cfg.dir, outside, global)
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
    for e in &cfg.env {
        match ctx.value(e) {
            Ok(Some(v)) => {
                let _ = writeln!(out, "  set       {}={:?}", e.name, v.to_string_lossy());
                values.push((e.name.clone(), Some(v.to_string_lossy().into_owned())));
            }
            Ok(None) => {
                let _ = writeln!(out, "  unset     {}", e.name);
                values.push((e.name.clone(), None));
            }
            Err(m) => {
                let _ = writeln!(out, "  error     {}: {m}", e.name);
            }
        }
    }
    for p in &cfg.prepend {
        let _ = writeln!(
            out,
            "  PATH      {} (in front)",
            ctx.expand_dir(p).to_string_lossy()
        );
    }
    for p in &cfg.append {
        let _ = writeln!(
            out,
            "  PATH      {} (at the end)",
            ctx.expand_dir(p).to_string_lossy()
        );
    }
    let risks = vars::risks(&values);
    for r in &risks {
        let _ = writeln!(out, "  RISK      {r}");
    }
    (out, risks.len())
}

/// The hint SPEC §4 asks for when `allow` runs in a shell without the hook.
fn hook_hint() -> Option<String> {
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
    let line = match name {
        "zsh" => "eval \"$(goenvhook init zsh)\"   # in ~/.zshrc",
        "fish" => "goenvhook init fish | source   # in ~/.config/fish/config.fish",
        _ => "eval \"$(goenvhook init bash)\"   # in ~/.bashrc",
    };
    Some(format!("the goenvhook hook is not active in this shell, so nothing will load on cd; add this line and open a new shell:\n  {line}"))
}

pub fn allow(arg: Option<&Path>, parents: bool) -> Result<()> {
    // A named file is approved alone; otherwise the nearest directory's configs, its
    // .goenv.toml and the developer's .goenv.local.toml beside it, each reviewed on its own.
    let named = match arg {
        Some(a) if a.is_file() => Some(super::target_config(Some(a))?),
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
                let bytes = fs::read(&sib).unwrap_or_default();
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
    // The inherited chain: approved with --parents, otherwise named if it still needs approval.
    let mut unapproved_parent = None;
    let mut next = inherits(&todo)
        .then(|| level_dir.parent().map(Path::to_path_buf))
        .flatten();
    while let Some(dir) = next.take() {
        let level = super::nearest_level(&config::find_all(&dir));
        if level.is_empty() {
            break;
        }
        let mut parsed = Vec::new();
        for parent in level {
            let (bytes, cfg) = read_parsed(&parent)?;
            parsed.push((parent, bytes, cfg));
        }
        next = inherits(&parsed)
            .then(|| {
                parsed[0]
                    .0
                    .parent()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
            })
            .flatten();
        for (parent, bytes, cfg) in parsed {
            if parents {
                todo.push((parent, bytes, cfg));
            } else if unapproved_parent.is_none()
                && store.verdict(&parent, &bytes, &global)? != crate::trust::Verdict::Allowed
            {
                unapproved_parent = Some(parent);
            }
        }
    }
    let mut risky = 0;
    for (p, bytes, cfg) in &todo {
        let (text, n) = review(cfg, &outside, &global);
        print!("allowed {text}");
        risky += n;
        store.allow(p, bytes)?;
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
    if let Some(h) = hook_hint() {
        super::say(&h, false);
    }
    Ok(())
}

fn start_dir(arg: Option<&Path>) -> Result<PathBuf> {
    match arg {
        Some(a) if a.is_dir() => a
            .canonicalize()
            .with_context(|| format!("could not resolve {}", a.display())),
        Some(a) if a.is_file() => Ok(PathBuf::from("/nonexistent-goenvhook")),
        Some(a) => bail!("{} does not exist", a.display()),
        None => super::cwd().context("could not determine the current directory"),
    }
}

pub fn deny(arg: Option<&Path>) -> Result<()> {
    let path = super::target_config(arg)?;
    store()?.deny(&path)?;
    println!(
        "denied {}: goenvhook will not load it or mention it (undo with goenvhook allow)",
        path.display()
    );
    Ok(())
}

pub fn prune() -> Result<()> {
    let (removed, kept) = store()?.prune()?;
    println!("removed {removed} trust record(s) whose file is gone or changed; {kept} kept");
    Ok(())
}
