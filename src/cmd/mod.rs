//! One file per subcommand. Shared here: how a command finds "the config" it is about, and how
//! people-facing lines are printed (stderr, one prefix, colour only on a terminal).

pub mod allow;
pub mod doctor;
pub mod edit;
pub mod exec;
pub mod export;
pub mod import;
pub mod init;
pub mod list;
pub mod prompt;
pub mod status;
pub mod watch;

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
    // The project file of the nearest directory that has one; its local file only when alone.
    let level = nearest_level(&config::find_all(&start));
    match level
        .iter()
        .find(|p| !config::is_local(p))
        .or(level.first())
    {
        Some(p) => Ok(p.clone()),
        None if start.join(config::LOCAL_FILE_NAME).is_file() => bail!(
            "{} counts only beside a {}, and there is none in {} or above it; create one (an empty one will do) or rename it",
            config::LOCAL_FILE_NAME,
            config::FILE_NAME,
            start.display()
        ),
        None => bail!(
            "no {} in {} or any directory above it; create one ('goenvhook edit' starts from a template; man goenvhook.toml is the reference)",
            config::FILE_NAME,
            start.display()
        ),
    }
}

/// The configs of the nearest directory in `found` (`config::find_all`'s list): its
/// `.goenv.local.toml` and `.goenv.toml`, either or both.
pub fn nearest_level(found: &[PathBuf]) -> Vec<PathBuf> {
    let Some(first) = found.first() else {
        return Vec::new();
    };
    found
        .iter()
        .take_while(|p| p.parent() == first.parent())
        .cloned()
        .collect()
}

/// A line for the user on stderr, with the `goenvhook:` prefix. Colour only on a terminal and
/// never with NO_COLOR (https://no-color.org).
pub fn say(line: &str, error: bool) {
    // Made visible before the colour codes are added: a path or value in the line is shown, not
    // obeyed, by the terminal.
    let line = crate::text::visible(line);
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
/// `1.22 → go1.22.10 (golang.org/dl, ~/sdk/go1.22.10)`. As it is, since `status --json` carries
/// it: text for a person passes it through `text::visible`.
pub fn toolchain_text(
    spec: &crate::go::select::GoSpec,
    dir: &Path,
    outside: &dyn crate::env::Vars,
    global: &crate::config::Global,
) -> String {
    use crate::go::select::GoSpec;
    use crate::go::select::{self, Choice};
    let said = match spec {
        GoSpec::File(p) => {
            use crate::go::versionfile;
            let read = std::fs::read_to_string(versionfile::resolve(dir, p)).ok();
            match read.and_then(|t| versionfile::parse(p, &t).ok()) {
                Some(w) => format!("{p} ({})", w.version),
                None => p.clone(),
            }
        }
        other => other.as_written().to_string(),
    };
    let home = outside.var_str("HOME");
    let chosen = match select::select(spec, dir, home.as_deref(), outside, &global.sdk_dirs) {
        Ok(Choice::Keep) => "GOROOT and PATH left as they are".to_string(),
        Ok(Choice::Use(s)) => format!(
            "{} ({}, {})",
            s.name,
            s.installer,
            crate::plan::tilde_dir(s.root.as_os_str(), home.as_deref())
        ),
        Ok(Choice::Missing {
            wanted,
            fallback: Some(f),
            nearest,
        }) => {
            format!(
                "{wanted} is not installed{}; {} downloads {wanted} on first use (GOTOOLCHAIN={wanted})",
                select::nearest_note(nearest.as_deref()),
                f.name
            )
        }
        Ok(Choice::Missing {
            wanted,
            fallback: None,
            nearest,
        }) => format!(
            "{wanted} is not installed{}",
            select::nearest_note(nearest.as_deref())
        ),
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
    pub global: crate::config::Global,
}

pub fn outside() -> Outside {
    use crate::env::Vars;
    let state =
        std::env::var_os(crate::env::STATE_VAR).and_then(|s| crate::state::State::decode(&s).ok());
    let env = crate::plan::revert(&crate::env::Process, state.as_ref()).0;
    let home = env.var_str("HOME");
    let dirs = crate::trust::Dirs::from_env(|k| std::env::var_os(k));
    let global = crate::config::Global::load(dirs.global_config.as_deref(), home.as_deref())
        .unwrap_or_default();
    Outside {
        state,
        env,
        home,
        dirs,
        global,
    }
}

/// The project's environment for `dir` as a shell with nothing loaded would get it, with the
/// trust verdict and any error: the object `watch` prints and `status --json` shows as `project`.
/// `env` is what `export json` prints in such a shell (null = unset), minus goenvhook's own state
/// variable (its stamps and time would make every line differ).
pub fn project_view(dir: &Path, o: &Outside) -> (serde_json::Value, crate::plan::Evaluation) {
    use crate::plan::{self, Problem, Prompt};
    use serde_json::{json, Map, Value};
    let found = config::find_all(dir);
    let at = Prompt {
        env: &o.env,
        dirs: &o.dirs,
        found: found.clone(),
        now: plan::now_secs(),
    };
    // Nothing loaded: no state, whatever this shell holds.
    let ev = plan::full(at, Ok(None));
    let mut env = Map::new();
    for (name, value) in &ev.changes {
        if name == crate::env::STATE_VAR {
            continue;
        }
        let v = value.as_ref().map_or(Value::Null, |v| {
            Value::String(v.to_string_lossy().into_owned())
        });
        env.insert(name.to_string_lossy().into_owned(), v);
    }
    let home = o.home.as_deref();
    let (verdict, error) = match (&ev.problem, found.first()) {
        (_, None) => (Value::Null, Value::Null),
        (Some(Problem::NotAllowed(p)), _) => (
            json!("not allowed"),
            json!(format!(
                "{} is not allowed; review it, then run 'goenvhook allow' to load it",
                plan::tilde_dir(p.as_os_str(), home)
            )),
        ),
        (Some(Problem::Error(m)), _) => (json!("error"), json!(m)),
        (None, Some(_)) if ev.chain.is_empty() => (json!("denied"), Value::Null),
        (None, Some(_)) => (json!("allowed"), Value::Null),
    };
    let view = json!({
        "dir": dir.to_string_lossy(),
        "config": found.first().map(|p| p.to_string_lossy()),
        "verdict": verdict,
        "error": error,
        "env": env,
    });
    (view, ev)
}
