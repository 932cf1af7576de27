//! `goenvhook export <shell>`: what the hook runs before every prompt that its fast-path guard
//! does not skip. Prints nothing when nothing changed (but the guard's new definition, when the
//! shell keeps one); otherwise the whole update as one write on stdout and at most one line on
//! stderr.

use std::io::Write;

use anyhow::Result;

use crate::config;
use crate::env::{self, STATE_VAR};
use crate::guard;
use crate::plan::{self, Prompt, Prompted};
use crate::shell::{self, Shell};
use crate::trust::Dirs;

/// How the hook called `export`: `fresh` on a new shell's first prompt (evaluate whatever the
/// stamps say), `guard` when the shell keeps a fast-path guard (print its new definition too).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub fresh: bool,
    pub guard: bool,
}

pub fn run(shell: Shell, flags: Flags) -> Result<()> {
    let cwd = super::cwd();
    let found = cwd
        .as_deref()
        .map(config::find_all_here)
        .unwrap_or_default();
    let dirs = Dirs::from_env(|k| std::env::var_os(k));
    let at = Prompt {
        env: &env::Process,
        dirs: &dirs,
        found,
        now: plan::now_secs(),
    };
    let (ev, live) = match plan::prompt(at, flags.fresh) {
        Prompted::Same(live) => (None, live),
        Prompted::Evaluated(mut ev) => {
            let live = ev.live.take();
            (Some(ev), live)
        }
    };
    let mut out = ev
        .as_ref()
        .map(|ev| shell::render(shell, &ev.changes))
        .unwrap_or_default();
    if flags.guard {
        // The global config's switch: an evaluation with a config in view has read it; with
        // none in view (or nothing evaluated) it is read here, only when the guard failed.
        let in_view = live.as_ref().is_some_and(|s| !s.found.is_empty());
        let off = guard::off_in(&env::Process)
            || match ev.as_ref().filter(|_| in_view) {
                Some(ev) => ev.global.no_fast_path,
                None => global(&dirs).no_fast_path,
            };
        let raw = match ev
            .as_ref()
            .and_then(|ev| ev.changes.iter().find(|(n, _)| n == STATE_VAR))
        {
            Some((_, v)) => v.clone(),
            None => std::env::var_os(STATE_VAR),
        };
        let g = cwd
            .filter(|_| !off)
            .and_then(|d| guard::build(&env::Process, &dirs, &d, live.as_ref(), raw));
        out.extend(shell::render_guard(shell, g.as_ref()));
    }
    if !out.is_empty() {
        std::io::stdout().write_all(&out)?;
    }
    let Some(ev) = ev else { return Ok(()) };
    if shell == Shell::Json {
        let lossy = shell::lossy_in_json(&ev.changes);
        if !lossy.is_empty() {
            super::say(
                &format!(
                    "{} hold(s) bytes that are not UTF-8, which JSON cannot carry: the JSON shows U+FFFD in their place; use 'goenvhook exec' to run a program with the exact bytes",
                    lossy.join(" ")
                ),
                false,
            );
        }
    }
    if let Some((line, error)) = ev.message {
        super::say(&line, error);
    }
    Ok(())
}

/// The global config, read only when nothing was evaluated (an evaluation has it already).
fn global(dirs: &Dirs) -> crate::config::Global {
    let home = std::env::var_os("HOME");
    crate::config::Global::load(dirs.global_config.as_deref(), home.as_deref()).unwrap_or_default()
}
