//! `goenvhook status [--json]`: the config and its inherited chain with the trust verdict of each,
//! the toolchain and where it comes from, what is applied in this shell now, and what the user
//! changed since.

use std::convert::Infallible;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::config::{self, Ctx};
use crate::env::{self, Vars};
use crate::go::vars;
use crate::plan;
use crate::trust::{Store, Verdict};

struct ConfigLine {
    path: PathBuf,
    verdict: String,
    error: Option<String>,
}

struct Applied {
    name: String,
    value: Option<String>,
    changed: bool,
}

/// The chain as the hook walks it, with the trust verdict and any error of each config, but
/// going past a config that is not allowed (status shows the whole chain). It stops at a config
/// that cannot be read or parsed.
fn chain_lines(
    found: &[PathBuf],
    store: Option<&Store>,
    global: &crate::config::Global,
) -> (Vec<ConfigLine>, Vec<config::Config>) {
    let mut lines = Vec::new();
    let Ok(chain) = config::walk_chain(found, |path, read| -> Result<_, Infallible> {
        let line = |verdict: &str, error| ConfigLine {
            path: path.to_path_buf(),
            verdict: verdict.into(),
            error,
        };
        let bytes = match read {
            Ok((bytes, _)) => bytes,
            Err(m) => {
                lines.push(line("unreadable", Some(m)));
                return Ok(None);
            }
        };
        let verdict = match store.map(|s| s.verdict(path, &bytes, global)) {
            Some(Ok(Verdict::Allowed)) => "allowed",
            Some(Ok(Verdict::Denied)) => "denied",
            Some(Ok(Verdict::NotAllowed)) => "not allowed",
            Some(Err(_)) | None => "trust store unreadable",
        };
        let parsed = config::parse(path, &bytes);
        lines.push(line(
            verdict,
            parsed.as_ref().err().map(ToString::to_string),
        ));
        Ok(parsed.ok())
    });
    (lines, chain)
}

pub fn run(as_json: bool) -> Result<()> {
    let cwd = super::cwd().context("could not determine the current directory")?;
    let o = super::outside();
    // What the nearest config gives a shell that has nothing loaded: editors ask from outside any
    // shell, so this does not depend on what this shell applied.
    let project = as_json.then(|| super::project_view(&cwd, &o).0);
    let super::Outside {
        state,
        env: outside,
        home,
        dirs,
        global,
    } = o;
    let store = dirs.trust.clone().map(|dir| Store { dir });

    let found = config::find_all(&cwd);
    let (configs, chain) = chain_lines(&found, store.as_ref(), &global);
    let toolchain = chain
        .iter()
        .find_map(|c| c.go.as_ref().map(|spec| (c, spec)))
        .map(|(c, spec)| super::toolchain_text(spec, &c.dir, &outside, &global));
    let mut values = Vec::new();
    for cfg in &chain {
        let ctx = Ctx {
            outside: &outside,
            dir: &cfg.dir,
        };
        for e in &cfg.env {
            if let Ok(v) = ctx.value(e) {
                values.push((e.name.clone(), v.map(|v| v.to_string_lossy().into_owned())));
            }
        }
    }
    let risks = vars::risks(&values);

    // What this shell has applied now, from the state.
    let mut applied = Vec::new();
    let mut path_added = Vec::new();
    let mut path_moved = Vec::new();
    let project_loaded = state.as_ref().and_then(|s| s.project.clone());
    if let Some(s) = &state {
        for v in &s.vars {
            let now = env::Process.var(&v.name);
            let changed = match v.applied {
                Some(h) => now.as_deref().map(env::hash_os) != Some(h),
                None => now.is_some(),
            };
            applied.push(Applied {
                name: v.name.to_string_lossy().into_owned(),
                value: now.map(|n| n.to_string_lossy().into_owned()),
                changed,
            });
        }
        path_added = s
            .path
            .added
            .iter()
            .map(|e| e.to_string_lossy().into_owned())
            .collect();
        path_moved = s
            .path
            .moved
            .iter()
            .map(|m| (m.index, m.entry.to_string_lossy().into_owned()))
            .collect();
    }
    let hooked = std::env::var_os(crate::env::PID_VAR).is_some();

    let mut out = String::new();
    let show = |p: &OsStr| plan::show_dir(p, home.as_deref());
    if let Some(project) = project {
        let configs: Vec<Value> = configs
            .iter()
            .map(|c| {
                json!({"path": c.path.to_string_lossy(), "verdict": c.verdict, "error": c.error})
            })
            .collect();
        let applied: Vec<Value> = applied
            .iter()
            .map(|a| json!({"name": a.name, "value": a.value, "changed_in_shell": a.changed}))
            .collect();
        let moved: Vec<Value> = path_moved
            .iter()
            .map(|(i, e)| json!({"entry": e, "from": i}))
            .collect();
        let doc = json!({
            "directory": show(cwd.as_os_str()),
            "hook_active": hooked,
            "configs": configs,
            "toolchain": toolchain,
            "loaded": project_loaded.as_deref().map(|p| p.to_string_lossy()),
            "applied": applied,
            "path": {"added": path_added, "moved": moved},
            "risks": risks,
            "project": project,
        });
        let _ = writeln!(out, "{doc}");
    } else {
        let _ = writeln!(out, "directory   {}", show(cwd.as_os_str()));
        if configs.is_empty() {
            let _ = writeln!(out, "config      none here or above");
        }
        for c in &configs {
            let nearest = c.path.parent() == configs[0].path.parent();
            let label = match (config::is_local(&c.path), nearest) {
                (true, _) => "local",
                (false, true) => "config",
                (false, false) => "inherits",
            };
            let _ = writeln!(
                out,
                "{label:<11} {}  ({})",
                show(c.path.as_os_str()),
                c.verdict
            );
            if let Some(e) = &c.error {
                let _ = writeln!(out, "            error: {e}");
            }
        }
        if let Some(t) = &toolchain {
            let _ = writeln!(out, "toolchain   {t}");
        }
        match &project_loaded {
            Some(p) => {
                let _ = writeln!(out, "loaded      {}", show(p));
            }
            None => {
                let _ = writeln!(out, "loaded      nothing in this shell");
            }
        }
        for a in &applied {
            let value = a
                .value
                .as_deref()
                .map_or("(unset)".to_string(), |v| format!("{v:?}"));
            let note = if a.changed {
                "  (changed in this shell since it was applied)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}={value}{note}", a.name);
        }
        for e in &path_added {
            let _ = writeln!(out, "  PATH + {e}");
        }
        for (i, e) in &path_moved {
            let _ = writeln!(out, "  PATH moved to the front: {e} (was entry {i})");
        }
        for r in &risks {
            let _ = writeln!(out, "risk        {r}");
        }
        if !hooked {
            let _ = writeln!(
                out,
                "hook        not active in this shell (see goenvhook init)"
            );
        }
    }
    // The human form is made visible as a whole (JSON escapes its own control characters).
    let out = if as_json {
        out.into()
    } else {
        crate::text::visible_lines(&out)
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
