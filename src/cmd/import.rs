//! `goenvhook import [PATH] [--write] [--force]`: previews (or writes) the `.goenv.toml` that
//! `import::import` translates from a project's `.envrc` and version files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::config;
use crate::import;
use crate::text;

pub fn run(arg: Option<&Path>, write: bool, force: bool) -> Result<()> {
    let resolve = |p: &Path| {
        p.canonicalize()
            .with_context(|| format!("could not resolve {}", p.display()))
    };
    let (dir, only): (PathBuf, Option<String>) = match arg {
        Some(p) if p.is_dir() => (resolve(p)?, None),
        Some(p) if p.is_file() => {
            let parent = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (resolve(parent)?, Some(name))
        }
        Some(p) => bail!("{} does not exist", p.display()),
        None => (
            super::cwd().context("could not determine the current directory")?,
            None,
        ),
    };
    let imported = import::import(&dir, only.as_deref())?;
    if imported.read.is_empty() {
        bail!(
            "nothing to import in {}: no .envrc, .go-version, .tool-versions, mise.toml, .mise.toml or .gvmrc",
            dir.display()
        );
    }
    let target = dir.join(config::FILE_NAME);
    let old = fs::read_to_string(&target).ok();
    // The path on the header's one line; the preview's own lines kept, any other control
    // character in what it quotes from the project's files shown.
    let shown = text::visible(&target.to_string_lossy()).into_owned();
    let header = match &old {
        Some(_) => format!("--- {shown} (changes)\n"),
        None => format!("--- {shown} (new file)\n"),
    };
    let preview = import::diff(old.as_deref().unwrap_or(""), &imported.text);
    print!("{header}{}", text::visible_lines(&preview));
    if !imported.skipped.is_empty() {
        super::say(
            &format!(
                "{} line(s) not imported, listed at the end with the reason; nothing was run",
                imported.skipped.len()
            ),
            false,
        );
    }
    if !write {
        super::say(
            &format!(
                "preview only; run 'goenvhook import --write' to write {}",
                target.display()
            ),
            false,
        );
        return Ok(());
    }
    if old.is_some() && !force {
        bail!(
            "{} already exists; the preview above shows what would change; run with --force to replace it",
            target.display()
        );
    }
    import::write(&target, &imported.text)?;
    super::say(
        &format!(
            "wrote {}; review it, then run 'goenvhook allow'",
            target.display()
        ),
        false,
    );
    Ok(())
}
