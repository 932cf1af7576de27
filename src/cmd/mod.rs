//! One file per subcommand. Shared here: how a command finds "the config" it is about, and how
//! people-facing lines are printed (stderr, one prefix, colour only on a terminal).

pub mod allow;
pub mod exec;
pub mod export;
pub mod init;
pub mod list;
pub mod prompt;
pub mod status;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::config;

/// The working directory as the kernel reports it (symlinks resolved, so trust records and the
/// hook agree on one path). A deleted directory falls back to $PWD.
pub fn cwd() -> Option<PathBuf> {
    std::env::current_dir().ok().or_else(|| {
        std::env::var_os("PWD")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    })
}

/// The config a command like `allow` means: PATH itself if it is a file, else the nearest
/// `.goenv.toml` from PATH (or the working directory) upward. Directories are resolved so that
/// the path matches the one the hook sees.
pub fn target_config(arg: Option<&Path>) -> Result<PathBuf> {
    let start = match arg {
        Some(p) if p.is_dir() => p
            .canonicalize()
            .with_context(|| format!("could not resolve {}", p.display()))?,
        Some(p) if p.exists() => {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let dir = dir
                .canonicalize()
                .with_context(|| format!("could not resolve {}", dir.display()))?;
            return Ok(dir.join(p.file_name().unwrap_or_default()));
        }
        Some(p) => bail!("{} does not exist", p.display()),
        None => cwd().context("could not determine the current directory")?,
    };
    match config::find_all(&start).into_iter().next() {
        Some(p) => Ok(p),
        None => bail!(
            "no {} in {} or any directory above it; create one (see the README's config reference)",
            config::FILE_NAME,
            start.display()
        ),
    }
}

/// A line for the user on stderr, with the `goenvhook:` prefix. Colour only on a terminal and
/// never with NO_COLOR (https://no-color.org).
pub fn say(line: &str, error: bool) {
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = match (colour, error) {
        (true, true) => format!("\x1b[31mgoenvhook:\x1b[0m {line}\n"),
        (true, false) => format!("\x1b[2mgoenvhook:\x1b[0m {line}\n"),
        (false, _) => format!("goenvhook: {line}\n"),
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// `go = ...` and what it selects right now, for `allow` and `status`:
/// `1.22 → go1.22.10 (golang.org/dl, ~/sdk/go1.22.10)`.
pub fn toolchain_text(
    spec: &crate::go::select::GoSpec,
    dir: &Path,
    outside: &dyn crate::env::Vars,
    global: &crate::trust::Global,
) -> String {
    use crate::go::select::GoSpec;
    use crate::go::select::{self, Choice};
    let said = match spec {
        GoSpec::Version(v) => v.clone(),
        GoSpec::GoMod => "go.mod".into(),
        GoSpec::Latest => "latest".into(),
        GoSpec::System => "system".into(),
        GoSpec::Path(p) => p.clone(),
    };
    let home = outside.var_str("HOME");
    let sdks = crate::go::sdk::discover(outside, &global.sdk_dirs);
    let chosen = match select::choose(spec, dir, home.as_deref(), &sdks) {
        Ok(Choice::Keep) => "GOROOT and PATH left as they are".to_string(),
        Ok(Choice::Use(s)) => format!(
            "{} ({}, {})",
            s.name,
            s.installer,
            crate::plan::show_dir(s.root.as_os_str(), home.as_deref())
        ),
        Ok(Choice::Missing {
            wanted,
            fallback: Some(f),
        }) => {
            format!(
                "{wanted} is not installed; {} fetches it (GOTOOLCHAIN={wanted})",
                f.name
            )
        }
        Ok(Choice::Missing {
            wanted,
            fallback: None,
        }) => format!("{wanted} is not installed"),
        Err(e) => format!("error: {e}"),
    };
    format!("{said} → {chosen}")
}

/// What the commands other than the hook work from: this shell's state, the environment outside
/// any loaded project (what a load expands against and discovers SDKs in), and the global config.
pub struct Outside {
    pub state: Option<crate::state::State>,
    pub env: crate::env::Layered<'static>,
    pub home: Option<std::ffi::OsString>,
    pub dirs: crate::trust::Dirs,
    pub global: crate::trust::Global,
}

pub fn outside() -> Outside {
    use crate::env::Vars;
    let state =
        std::env::var_os(crate::env::STATE_VAR).and_then(|s| crate::state::State::decode(&s).ok());
    let env = crate::plan::revert(&crate::env::Process, state.as_ref()).0;
    let home = env.var_str("HOME");
    let dirs = crate::trust::Dirs::from_env(|k| std::env::var_os(k));
    let global = crate::trust::Global::load(dirs.global_config.as_deref(), home.as_deref())
        .unwrap_or_default();
    Outside {
        state,
        env,
        home,
        dirs,
        global,
    }
}
