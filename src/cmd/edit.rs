//! `goenvhook edit`: open $VISUAL or $EDITOR on the nearest .goenv.toml, or on a new one in the
//! current directory started from a commented template; after the editor exits, validate and
//! approve what was saved with the review `allow` shows. Bytes the user did not change approve
//! nothing new; an invalid file is kept as written and never approved.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::config;
use crate::env::Vars;
use crate::go::gomod;
use crate::trust::{Store, Verdict};

pub fn run() -> Result<i32> {
    let cwd = super::cwd().context("could not determine the current directory")?;
    let o = super::outside();
    let (path, created) = match config::find_all(&cwd).into_iter().next() {
        Some(p) => (p, false),
        None => {
            let p = cwd.join(config::FILE_NAME);
            fs::write(&p, template(&cwd, &o.env))
                .with_context(|| format!("could not create {}", p.display()))?;
            (p, true)
        }
    };
    let original = fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
    let editor = editor()?;
    let interactive = std::io::stdin().is_terminal();
    loop {
        if let Err(e) = open(&editor, &path) {
            // A template nobody touched is not left behind.
            if created && fs::read(&path).is_ok_and(|b| b == original) {
                let _ = fs::remove_file(&path);
            }
            return Err(e);
        }
        let bytes = fs::read(&path).with_context(|| {
            format!(
                "could not read {} after editing; nothing approved",
                path.display()
            )
        })?;
        if bytes == original {
            return unchanged(&path, &bytes, created, &o);
        }
        match config::parse(&path, &bytes) {
            Ok(_) => {
                super::allow::allow(Some(&path), false)?;
                return Ok(0);
            }
            Err(e) if interactive => {
                super::say(&e.to_string(), true);
                if !ask("re-open the editor to fix it?") {
                    bail!("not approved; {} is kept as written", path.display());
                }
            }
            Err(e) => {
                // Two lines, as in the interactive case: each `say` line is one line.
                super::say(&e.to_string(), true);
                bail!("not approved; {} is kept as written", path.display());
            }
        }
    }
}

/// Saved as it was: nothing new is approved. A template nobody filled in is not left behind.
fn unchanged(path: &Path, bytes: &[u8], created: bool, o: &super::Outside) -> Result<i32> {
    let shown = crate::plan::show_dir(path.as_os_str(), o.home.as_deref());
    if created {
        fs::remove_file(path).with_context(|| format!("could not remove {}", path.display()))?;
        super::say(
            &format!("no changes; {shown} was not created and nothing was approved"),
            false,
        );
        return Ok(0);
    }
    let verdict = o
        .dirs
        .trust
        .clone()
        .and_then(|dir| Store { dir }.verdict(path, bytes, &o.global).ok());
    let what = match verdict {
        Some(Verdict::Allowed) => "it stays allowed".to_string(),
        Some(Verdict::Denied) => "it stays denied".to_string(),
        _ => "it is not allowed; run 'goenvhook allow' to approve it as it is".to_string(),
    };
    super::say(
        &format!("no changes to {shown}; nothing new approved ({what})"),
        false,
    );
    Ok(0)
}

/// $VISUAL, else $EDITOR, split into words the way a shell would (`code --wait`), else vi, as git
/// does.
fn editor() -> Result<Vec<OsString>> {
    for var in ["VISUAL", "EDITOR"] {
        let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
            continue;
        };
        let text = value
            .to_str()
            .with_context(|| format!("${var} is not valid UTF-8"))?;
        let words = shell_words::split(text)
            .with_context(|| format!("could not split ${var} ({text}) into words"))?;
        if !words.is_empty() {
            return Ok(words.into_iter().map(OsString::from).collect());
        }
    }
    Ok(vec!["vi".into()])
}

fn open(editor: &[OsString], path: &Path) -> Result<()> {
    let (prog, args) = editor.split_first().context("no editor")?;
    let status = Command::new(prog)
        .args(args)
        .arg(path)
        .status()
        .with_context(|| {
            format!(
                "could not run the editor {}; set VISUAL or EDITOR",
                prog.to_string_lossy()
            )
        })?;
    if !status.success() {
        bail!(
            "the editor {} exited with {status}; nothing approved, {} is kept as it is",
            prog.to_string_lossy(),
            path.display()
        );
    }
    Ok(())
}

/// A yes/no question on stderr, answered on stdin; the default is yes, end of input is no.
fn ask(question: &str) -> bool {
    eprint!("goenvhook: {} [Y/n] ", crate::text::visible(question));
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => false,
        Ok(_) => matches!(line.trim().to_ascii_lowercase().as_str(), "" | "y" | "yes"),
    }
}

/// The new file: everything commented out, with what the directory and the environment suggest
/// (the go.work/go.mod's go line, the current GOPROXY and GOPRIVATE).
pub fn template(dir: &Path, env: &dyn Vars) -> String {
    let mut t = String::from(
        "# This project's Go environment: goenvhook applies it on cd into this directory and\n\
         # reverts it on cd out. Uncomment what the project needs; saving in 'goenvhook edit'\n\
         # approves it for you, others run 'goenvhook allow'. Reference: man goenvhook.toml\n\n",
    );
    let gomod = gomod::gomod_files(dir)
        .into_iter()
        .find_map(|p| Some((fs::read_to_string(&p).ok()?, p)));
    t.push_str("# The toolchain: a version (\"1.22\", \"1.22.10\"), \"go.mod\", \"latest\", \"system\" or a path.\n");
    match gomod.as_ref().map(|(text, p)| (gomod::mod_lines(text), p)) {
        Some(((go, toolchain), p)) => {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let said: Vec<String> = [("go", go), ("toolchain", toolchain)]
                .into_iter()
                .filter_map(|(k, v)| Some(format!("{k} {}", v?)))
                .collect();
            let _ = writeln!(
                t,
                "# go = \"go.mod\"   # follows {name}: {}",
                if said.is_empty() {
                    "it has no go line yet".to_string()
                } else {
                    said.join(", ")
                }
            );
        }
        None => t.push_str("# go = \"latest\"\n"),
    }
    t.push_str("\n# Also apply the nearest .goenv.toml above this one first (monorepos).\n# inherit = true\n\n[env]\n");
    let current = |name: &str| {
        env.var_str(name)
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string_lossy().into_owned())
    };
    match current("GOPROXY") {
        Some(v) => {
            let _ = writeln!(t, "# GOPROXY = {}   # as set now", config::toml_string(&v));
        }
        None => {
            t.push_str("# GOPROXY = [\"https://proxy.golang.org\", \"direct\"]   # Go's default\n")
        }
    }
    match current("GOPRIVATE") {
        Some(v) => {
            let _ = writeln!(t, "# GOPRIVATE = {}   # as set now", config::toml_string(&v));
        }
        None => t.push_str(
            "# GOPRIVATE = [\"git.example.com/*\"]   # fetched directly, not through the proxy or sum database\n",
        ),
    }
    t.push_str(
        "# GOFLAGS = [\"-mod=mod\"]\n# CGO_ENABLED = \"0\"\n\n[path]\n# prepend = [\"./bin\"]   # in front of PATH\n",
    );
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;

    #[test]
    fn the_template_is_a_valid_empty_config_with_suggestions() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("go.mod"), "module m\n\ngo 1.22.3\n").unwrap();
        let env = Env::from([
            ("GOPROXY".into(), "https://goproxy.cn,direct".into()),
            ("GOPRIVATE".into(), "git.corp.example.com/\"q\"".into()),
        ]);
        let t = template(tmp.path(), &env);
        assert!(
            t.contains("# go = \"go.mod\"   # follows go.mod: go 1.22.3\n"),
            "{t}"
        );
        assert!(t.contains("# GOPROXY = \"https://goproxy.cn,direct\"   # as set now"));
        assert!(t.contains(r#"# GOPRIVATE = "git.corp.example.com/\"q\""   # as set now"#));
        let cfg = config::parse(&tmp.path().join(".goenv.toml"), t.as_bytes()).unwrap();
        assert!(cfg.go.is_none() && cfg.env.is_empty() && cfg.prepend.is_empty());
        // Each suggestion, uncommented, is valid too.
        let on = t.replace("# go = ", "go = ").replace("# GOPR", "GOPR");
        let cfg = config::parse(&tmp.path().join(".goenv.toml"), on.as_bytes()).unwrap();
        assert_eq!(cfg.env.len(), 2);

        let t = template(tmp.path().join("none").as_path(), &Env::new());
        assert!(t.contains("# go = \"latest\"") && t.contains("Go's default"));
        let on = t.replace("# GOPR", "GOPR");
        config::parse(Path::new("/x/.goenv.toml"), on.as_bytes()).unwrap();
    }
}
