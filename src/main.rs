//! Entry point: parse arguments, dispatch, and the one place that prints an error and picks the
//! exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use goenvhook::{cli, cmd, shell::Shell};

fn main() -> ExitCode {
    let m = cli::command().get_matches();
    let shell = |sub: &clap::ArgMatches| {
        sub.get_one::<String>("shell")
            .and_then(|s| Shell::parse(s))
            .unwrap_or(Shell::Bash)
    };
    let path = |sub: &clap::ArgMatches| sub.get_one::<PathBuf>("path").cloned();
    let result = match m.subcommand() {
        Some(("export", sub)) => cmd::export::run(shell(sub), sub.get_flag("fresh")).map(|()| 0),
        Some(("init", sub)) => cmd::init::run(shell(sub)).map(|()| 0),
        Some(("allow", sub)) => {
            cmd::allow::allow(path(sub).as_deref(), sub.get_flag("parents")).map(|()| 0)
        }
        Some(("deny", sub)) => cmd::allow::deny(path(sub).as_deref()).map(|()| 0),
        Some(("prune", _)) => cmd::allow::prune().map(|()| 0),
        Some(("exec", sub)) => {
            let command: Vec<std::ffi::OsString> = sub
                .get_many("command")
                .map(|v| v.cloned().collect())
                .unwrap_or_default();
            cmd::exec::run(sub.get_one::<PathBuf>("dir").cloned(), &command)
        }
        _ => Ok(2),
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            cmd::say(&format!("{e:#}"), true);
            ExitCode::from(1)
        }
    }
}
