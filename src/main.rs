//! Entry point: parse arguments, dispatch, and the one place that prints an error and picks the
//! exit code.
//!
//! `no_main`: the hook runs before every prompt, and std's runtime set-up before `main` (reading
//! /proc/self/maps for the main thread's stack guard, installing a sigaltstack, ignoring SIGPIPE)
//! was a fifth of a no-op prompt's instructions (callgrind). goenvhook needs none of it: argv still
//! comes through std (glibc passes it to std's .init_array hook), and stdout is flushed here.

#![no_main]

use std::io::Write;
use std::path::PathBuf;

use goenvhook::{cli, cmd, shell::Shell};

#[no_mangle]
pub extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    let code = run();
    let _ = std::io::stdout().flush();
    code
}

/// The hook's own call, `export <shell> [--fresh] [--guard]`, exactly as the snippets write it.
/// Building clap's whole command tree cost a third of a no-op prompt (callgrind), so this form
/// skips it; every other form, including anything malformed, goes through clap.
fn hook_call() -> Option<(Shell, cmd::export::Flags)> {
    let mut args = std::env::args_os().skip(1);
    if args.next()? != "export" {
        return None;
    }
    let shell = Shell::parse(args.next()?.to_str()?)?;
    let mut flags = cmd::export::Flags::default();
    for a in args {
        match a.to_str()? {
            "--fresh" if !flags.fresh => flags.fresh = true,
            "--guard" if !flags.guard => flags.guard = true,
            _ => return None,
        }
    }
    Some((shell, flags))
}

/// `exec [--dir D] -- CMD...`, the form editors and wrappers use for every `go` and `gopls` they
/// start: it skips building clap's command tree too. Anything else goes through clap.
fn exec_call() -> Option<(Option<PathBuf>, Vec<std::ffi::OsString>)> {
    let mut args = std::env::args_os().skip(1);
    if args.next()? != "exec" {
        return None;
    }
    let mut dir = None;
    match args.next()? {
        a if a == "--dir" => {
            dir = Some(PathBuf::from(args.next()?));
            if args.next()? != "--" {
                return None;
            }
        }
        a if a == "--" => {}
        _ => return None,
    }
    let command: Vec<std::ffi::OsString> = args.collect();
    (!command.is_empty()).then_some((dir, command))
}

fn run() -> std::ffi::c_int {
    if let Some((shell, flags)) = hook_call() {
        return finish(cmd::export::run(shell, flags).map(|()| 0));
    }
    if let Some((dir, command)) = exec_call() {
        return finish(cmd::exec::run(dir, &command));
    }
    // `prompt` with no arguments runs on every prompt of a prompt tool: no clap either.
    if std::env::args_os().skip(1).eq(["prompt"]) {
        return finish(cmd::prompt::run(None));
    }
    let m = cli::command().get_matches();
    let shell = |sub: &clap::ArgMatches| {
        sub.get_one::<String>("shell")
            .and_then(|s| Shell::parse(s))
            .unwrap_or(Shell::Bash)
    };
    let path = |sub: &clap::ArgMatches| sub.get_one::<PathBuf>("path").cloned();
    let result = match m.subcommand() {
        Some(("export", sub)) => {
            let flags = cmd::export::Flags {
                fresh: sub.get_flag("fresh"),
                guard: sub.get_flag("guard"),
            };
            cmd::export::run(shell(sub), flags).map(|()| 0)
        }
        Some(("init", sub)) => cmd::init::run(shell(sub)).map(|()| 0),
        Some(("allow", sub)) => {
            cmd::allow::allow(path(sub).as_deref(), sub.get_flag("parents")).map(|()| 0)
        }
        Some(("deny", sub)) => cmd::allow::deny(path(sub).as_deref()).map(|()| 0),
        Some(("status", sub)) => cmd::status::run(sub.get_flag("json")).map(|()| 0),
        Some(("list", sub)) => cmd::list::run(sub.get_flag("json")).map(|()| 0),
        Some(("doctor", sub)) => cmd::doctor::run(sub.get_flag("json"), sub.get_flag("run-go")),
        Some(("import", sub)) => cmd::import::run(
            path(sub).as_deref(),
            sub.get_flag("write"),
            sub.get_flag("force"),
        )
        .map(|()| 0),
        Some(("prune", _)) => cmd::allow::prune().map(|()| 0),
        Some(("prompt", sub)) => {
            cmd::prompt::run(sub.get_one::<String>("format").map(String::as_str))
        }
        Some(("exec", sub)) => {
            let command: Vec<std::ffi::OsString> = sub
                .get_many("command")
                .map(|v| v.cloned().collect())
                .unwrap_or_default();
            cmd::exec::run(sub.get_one::<PathBuf>("dir").cloned(), &command)
        }
        Some(("watch", sub)) => cmd::watch::run(sub.get_one::<PathBuf>("dir").cloned()),
        Some(("edit", _)) => cmd::edit::run(),
        _ => Ok(2),
    };
    finish(result)
}

fn finish(result: anyhow::Result<i32>) -> std::ffi::c_int {
    match result {
        Ok(code) => code,
        Err(e) => {
            cmd::say(&format!("{e:#}"), true);
            1
        }
    }
}
