//! `goenvhook export <shell>`: what the hook runs before every prompt. Prints nothing when nothing
//! changed; otherwise the whole update as one write on stdout and at most one line on stderr.

use std::io::Write;

use anyhow::Result;

use crate::config;
use crate::env;
use crate::plan::{self, Prompt};
use crate::shell::{self, Shell};
use crate::trust::Dirs;

pub fn run(shell: Shell, fresh: bool) -> Result<()> {
    let found = super::cwd()
        .map(|d| config::find_all_here(&d))
        .unwrap_or_default();
    let dirs = Dirs::from_env(|k| std::env::var_os(k));
    let at = Prompt {
        env: &env::Process,
        dirs: &dirs,
        found,
        now: plan::now_secs(),
    };
    let Some(ev) = plan::prompt(at, fresh) else {
        return Ok(());
    };
    let out = shell::render(shell, &ev.changes);
    if !out.is_empty() {
        std::io::stdout().write_all(&out)?;
    }
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
