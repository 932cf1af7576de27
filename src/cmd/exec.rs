//! `goenvhook exec [--dir D] -- CMD...`: run a command with a project's environment, computed from a
//! clean base (a project loaded in the caller's shell is reverted first). The process is replaced,
//! so the exit code is the command's.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::config;
use crate::env;
use crate::plan::{self, Problem, Prompt};
use crate::trust::Dirs;

pub fn run(dir: Option<PathBuf>, command: &[OsString]) -> Result<i32> {
    let dir = match dir {
        Some(d) => d
            .canonicalize()
            .with_context(|| format!("could not resolve --dir {}", d.display()))?,
        None => super::cwd().context("could not determine the current directory")?,
    };
    let dirs = Dirs::from_env(|k| std::env::var_os(k));
    let at = Prompt {
        env: &env::Process,
        dirs: &dirs,
        found: config::find_all(&dir),
        now: plan::now_secs(),
    };
    let ev = plan::full(at, plan::read_state(&env::Process));
    match ev.problem {
        Some(Problem::NotAllowed(p)) => bail!(
            "{} is not allowed; run 'goenvhook allow {}' first",
            p.display(),
            p.display()
        ),
        Some(Problem::Error(m)) => bail!("{m}"),
        None => {}
    }
    let (prog, args) = command.split_first().context("no command given")?;
    // The command inherits this environment with the project's changes (the revert of a project
    // loaded in the calling shell included), exactly what the hook would apply.
    let mut cmd = Command::new(prog);
    cmd.args(args);
    for (name, value) in &ev.changes {
        match value {
            Some(v) => cmd.env(name, v),
            None => cmd.env_remove(name),
        };
    }
    let err = cmd.exec();
    let code = if err.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    };
    super::say(
        &format!("could not run {}: {err}", prog.to_string_lossy()),
        true,
    );
    Ok(code)
}
