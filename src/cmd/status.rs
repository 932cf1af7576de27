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
use crate::text;
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
    let report = Report {
        directory: plan::tilde_dir(cwd.as_os_str(), home.as_deref()),
        home,
        hooked: std::env::var_os(crate::env::PID_VAR).is_some(),
        configs,
        toolchain,
        risks: vars::risks(&values),
        now: state.as_ref().map(in_this_shell).unwrap_or_default(),
        loaded: state.and_then(|s| s.project),
    };
    let out = match project {
        Some(project) => report.json(project),
        // The human form is also made visible as a whole (a config error may span lines).
        None => text::visible_lines(&report.text()).into_owned(),
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

/// What this shell has applied now, from its state.
#[derive(Default)]
struct Now {
    applied: Vec<Applied>,
    path_added: Vec<String>,
    /// (the entry's old position, the entry)
    path_moved: Vec<(usize, String)>,
}

fn in_this_shell(s: &crate::state::State) -> Now {
    let applied = s
        .vars
        .iter()
        .map(|v| {
            let now = env::Process.var(&v.name);
            let changed = match v.applied {
                Some(h) => now.as_deref().map(env::hash_os) != Some(h),
                None => now.is_some(),
            };
            Applied {
                name: v.name.to_string_lossy().into_owned(),
                value: now.map(|n| n.to_string_lossy().into_owned()),
                changed,
            }
        })
        .collect();
    Now {
        applied,
        path_added: s
            .path
            .added
            .iter()
            .map(|e| e.to_string_lossy().into_owned())
            .collect(),
        path_moved: s
            .path
            .moved
            .iter()
            .map(|m| (m.index, m.entry.to_string_lossy().into_owned()))
            .collect(),
    }
}

/// Everything status shows, gathered once and written as text or JSON. Paths and values are
/// kept as they are, for JSON (which escapes control characters itself and must give programs
/// the real names); `text` makes each one visible on its line.
struct Report {
    /// The working directory with HOME as `~` (`plan::tilde_dir`).
    directory: String,
    home: Option<std::ffi::OsString>,
    hooked: bool,
    configs: Vec<ConfigLine>,
    toolchain: Option<String>,
    risks: Vec<String>,
    now: Now,
    loaded: Option<std::ffi::OsString>,
}

impl Report {
    fn show(&self, p: &OsStr) -> String {
        plan::show_dir(p, self.home.as_deref())
    }

    /// One field of a line of the text form, shown whole on that line.
    fn one(s: &str) -> std::borrow::Cow<'_, str> {
        text::visible(s)
    }

    fn json(&self, project: Value) -> String {
        let configs: Vec<Value> = self
            .configs
            .iter()
            .map(|c| {
                json!({"path": c.path.to_string_lossy(), "verdict": c.verdict, "error": c.error})
            })
            .collect();
        let applied: Vec<Value> = self
            .now
            .applied
            .iter()
            .map(|a| json!({"name": a.name, "value": a.value, "changed_in_shell": a.changed}))
            .collect();
        let moved: Vec<Value> = self
            .now
            .path_moved
            .iter()
            .map(|(i, e)| json!({"entry": e, "from": i}))
            .collect();
        let doc = json!({
            "directory": self.directory,
            "hook_active": self.hooked,
            "configs": configs,
            "toolchain": self.toolchain,
            "loaded": self.loaded.as_deref().map(|p| p.to_string_lossy()),
            "applied": applied,
            "path": {"added": self.now.path_added, "moved": moved},
            "risks": self.risks,
            "project": project,
        });
        format!("{doc}\n")
    }

    fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "directory   {}", Self::one(&self.directory));
        if self.configs.is_empty() {
            let _ = writeln!(out, "config      none here or above");
        }
        for c in &self.configs {
            let nearest = c.path.parent() == self.configs[0].path.parent();
            let label = match (config::is_local(&c.path), nearest) {
                (true, _) => "local",
                (false, true) => "config",
                (false, false) => "inherits",
            };
            let _ = writeln!(
                out,
                "{label:<11} {}  ({})",
                self.show(c.path.as_os_str()),
                c.verdict
            );
            if let Some(e) = &c.error {
                let _ = writeln!(out, "            error: {e}");
            }
        }
        if let Some(t) = &self.toolchain {
            let _ = writeln!(out, "toolchain   {}", Self::one(t));
        }
        match &self.loaded {
            Some(p) => {
                let _ = writeln!(out, "loaded      {}", self.show(p));
            }
            None => {
                let _ = writeln!(out, "loaded      nothing in this shell");
            }
        }
        for a in &self.now.applied {
            let value = a
                .value
                .as_deref()
                .map_or("(unset)".to_string(), |v| format!("{v:?}"));
            let note = if a.changed {
                "  (changed in this shell since it was applied)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}={value}{note}", Self::one(&a.name));
        }
        for e in &self.now.path_added {
            let _ = writeln!(out, "  PATH + {}", Self::one(e));
        }
        for (i, e) in &self.now.path_moved {
            let _ = writeln!(
                out,
                "  PATH moved to the front: {} (was entry {i})",
                Self::one(e)
            );
        }
        for r in &self.risks {
            let _ = writeln!(out, "risk        {}", Self::one(r));
        }
        if !self.hooked {
            let _ = writeln!(
                out,
                "hook        not active in this shell (see goenvhook init)"
            );
        }
        out
    }
}
