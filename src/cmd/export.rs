//! `goenvhook export <shell>`: what the hook runs before every prompt. Prints nothing when nothing
//! changed; otherwise the whole update as one write on stdout and at most one line on stderr.

use std::ffi::OsStr;
use std::io::Write;

use anyhow::Result;

use crate::config;
use crate::env;
use crate::env::STATE_VAR;
use crate::plan::{self, Inputs};
use crate::shell::{self, Shell};
use crate::state::State;
use crate::trust::Dirs;

pub fn run(shell: Shell, fresh: bool) -> Result<()> {
    let raw = std::env::var_os(STATE_VAR);
    let (state, garbled) = match raw.as_deref().map(State::decode) {
        None => (None, None),
        Some(Ok(s)) => (Some(s), None),
        Some(Err(why)) => (None, Some(why)),
    };
    let found = super::cwd()
        .map(|d| config::find_all_here(&d))
        .unwrap_or_default();
    let dirs = Dirs::from_env(|k| std::env::var_os(k));
    if !fresh && garbled.is_none() && plan::unchanged(state.as_ref(), &found, &dirs) {
        return Ok(());
    }

    let ev = plan::evaluate(&Inputs {
        env: &env::Process,
        state: state.as_ref(),
        found,
        dirs: &dirs,
        now: plan::now_secs(),
    });
    let out = shell::render(shell, &ev.changes);
    if !out.is_empty() {
        std::io::stdout().write_all(&out)?;
    }
    let lossy = if shell == Shell::Json {
        shell::lossy_in_json(&ev.changes)
    } else {
        Vec::new()
    };
    if !lossy.is_empty() {
        super::say(
            &format!(
                "{} hold(s) bytes that are not UTF-8, which JSON cannot carry: the JSON shows U+FFFD in their place; use 'goenvhook exec' to run a program with the exact bytes",
                lossy.join(" ")
            ),
            false,
        );
    }
    let quiet = ev.global.quiet
        || std::env::var_os("GOENVHOOK_QUIET")
            .is_some_and(|v| !v.is_empty() && v != OsStr::new("0"));
    if let Some(why) = garbled {
        super::say(
            &format!("ignored a {STATE_VAR} it cannot read ({why}); variables a project set before stay as they are"),
            true,
        );
    } else if let Some((line, error)) = ev.message {
        if error || !quiet {
            super::say(&line, error);
        }
    }
    Ok(())
}
