//! `goenvhook init <shell>`: print the hook snippet with this binary's path filled in.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use anyhow::Result;

use crate::shell::{self, Shell};

/// The path the snippet should call. Prefer the name the user invoked (a PATH entry such as
/// /opt/homebrew/bin/goenvhook survives upgrades) over /proc/self/exe, which resolves symlinks
/// into versioned directories. The snippet falls back to PATH if this path disappears.
fn self_path() -> PathBuf {
    let argv0 = std::env::args_os()
        .next()
        .map(PathBuf::from)
        .unwrap_or_default();
    if argv0.is_absolute() {
        return argv0;
    }
    if argv0.components().count() > 1 {
        if let Ok(abs) = std::path::absolute(&argv0) {
            return abs;
        }
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.is_absolute())
        .map(|d| d.join(&argv0))
        .find(|c| c.is_file());
    on_path
        .or_else(|| std::env::current_exe().ok())
        .unwrap_or_else(|| PathBuf::from(OsString::from("goenvhook")))
}

pub fn run(shell: Shell) -> Result<()> {
    let path = self_path();
    let cli = crate::cli::command();
    let subcommands: Vec<&str> = cli
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| n.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    let text = shell::snippet(shell, path.as_os_str().as_bytes(), &subcommands).unwrap_or_default();
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(())
}
