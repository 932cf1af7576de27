//! The hook itself: active in this shell, the binary the rc files' `goenvhook init` line names
//! exists, and no second hook manager (direnv, gvm's `cd`, goenv, asdf, mise) fights it.

use std::path::{Path, PathBuf};

use super::{init_line, Finding, Host, Known};

/// The shell start-up files doctor reads, in the order the shells read them.
pub fn rc_files(h: &Host) -> Vec<PathBuf> {
    let Some(home) = h.home() else {
        return Vec::new();
    };
    let zdot = h.var("ZDOTDIR").map_or_else(|| home.clone(), PathBuf::from);
    let config = crate::paths::config_home(&|k| h.var(k).map(Into::into))
        .unwrap_or_else(|| home.join(".config"));
    let mut out: Vec<PathBuf> = [".bash_profile", ".bash_login", ".profile", ".bashrc"]
        .iter()
        .map(|n| home.join(n))
        .collect();
    out.extend(
        [".zshenv", ".zprofile", ".zshrc", ".zlogin"]
            .iter()
            .map(|n| zdot.join(n)),
    );
    let fish = config.join("fish");
    out.push(fish.join("config.fish"));
    for n in h.list(&fish.join("conf.d")) {
        if n.to_string_lossy().ends_with(".fish") {
            out.push(fish.join("conf.d").join(n));
        }
    }
    out.into_iter().filter(|p| h.is_file(p)).collect()
}

/// Every non-comment line of every rc file: (file, 1-based line, text).
fn rc_lines(h: &Host) -> Vec<(PathBuf, usize, String)> {
    let mut out = Vec::new();
    for f in rc_files(h) {
        let Some(text) = h.read_string(&f) else {
            continue;
        };
        for (i, l) in text.lines().enumerate() {
            let t = l.trim();
            if !t.is_empty() && !t.starts_with('#') {
                out.push((f.clone(), i + 1, t.to_string()));
            }
        }
    }
    out
}

pub fn active(h: &Host, _k: &Known) -> Vec<Finding> {
    let pid = h.var(crate::env::PID_VAR);
    let mine = pid
        .as_deref()
        .and_then(|p| p.parse::<u32>().ok())
        .is_some_and(|p| p == h.ppid || p == h.pid);
    vec![match (mine, pid) {
        (true, Some(p)) => Finding::ok("hook.active", format!("the goenvhook hook is active in this shell (pid {p})")),
        (_, Some(p)) => Finding::warn(
            "hook.active",
            format!("GOENVHOOK_PID={p} was inherited from another shell: the hook does not run in this one, so .goenv.toml does not follow cd"),
            init_line(h),
        ),
        // Run from a script, an editor or CI, with the line already in an rc file: nothing to
        // add (the hook runs in interactive shells), so no fix that contradicts hook.binary.
        _ => match installed_in(h) {
            Some(at) => Finding::ok(
                "hook.active",
                format!("the goenvhook hook is installed ({at}) but not running here: doctor runs outside an interactive shell, so it checks the environment goenvhook exec would give"),
            ),
            None => Finding::warn(
                "hook.active",
                "the goenvhook hook is not active in this shell, so .goenv.toml does not follow cd (doctor checks the environment goenvhook exec would give)",
                init_line(h),
            ),
        },
    }]
}

/// `~/.bashrc:12` for the first rc line that runs `goenvhook init`, if any.
fn installed_in(h: &Host) -> Option<String> {
    rc_lines(h)
        .into_iter()
        .find(|(_, _, line)| init_program(line).is_some())
        .map(|(file, n, _)| format!("{}:{n}", h.show(&file)))
}

/// The program an rc line runs `init` with: the word before ` init ` that names goenvhook.
fn init_program(line: &str) -> Option<String> {
    let at = line.find(" init ")?;
    let word = line[..at].rsplit([' ', '(', '"', '\'', '`']).next()?;
    word.ends_with("goenvhook").then(|| word.to_string())
}

pub fn binary(h: &Host, _k: &Known) -> Vec<Finding> {
    let mut out = Vec::new();
    for (file, n, line) in rc_lines(h) {
        let Some(prog) = init_program(&line) else {
            continue;
        };
        let home = h.home().unwrap_or_default();
        let expanded = if let Some(rest) = prog
            .strip_prefix("~/")
            .or_else(|| prog.strip_prefix("$HOME/"))
            .or_else(|| prog.strip_prefix("${HOME}/"))
        {
            Some(home.join(rest))
        } else if prog.contains('/') {
            Some(PathBuf::from(&prog))
        } else {
            h.which(&prog)
        };
        let at = format!("{}:{n}", h.show(&file));
        match expanded {
            Some(p) if h.is_executable(&p) => out.push(Finding::ok(
                "hook.binary",
                format!("{at} runs {} init, which exists", h.show(&p)),
            )),
            found => {
                let now = h
                    .exe
                    .as_deref()
                    .map_or("goenvhook".to_string(), |p| p.display().to_string());
                let what = match found {
                    Some(p) => format!("{} does not exist or is not executable", h.show(&p)),
                    None => format!("{prog} is not on PATH"),
                };
                // The shell reports it at start-up and runs go all the same, without the
                // project's settings.
                out.push(Finding::warn(
                    "hook.binary",
                    format!(
                        "{at} runs {prog} init, but {what}: the hook cannot start in new shells, where go runs without the project's settings"
                    ),
                    init_rewrite(h, &file, n, &prog, &now),
                ));
            }
        }
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "hook.binary",
            "no rc file runs goenvhook init (nothing to check)",
        ));
    }
    out
}

/// Rewrites line `n` of an rc file to run `now` where it runs `prog` (with `-i.bak`, as GNU and
/// BSD sed both take it).
fn init_rewrite(h: &Host, file: &Path, n: usize, prog: &str, now: &str) -> String {
    let script = format!(
        "{n}s|{} init|{} init|",
        super::sed_escape(prog, true),
        super::sed_escape(now, false)
    );
    super::sed(h, &script, file)
}

/// Deletes the line that loads gvm from each rc file (the shell keeps gvm's `cd` until it is
/// restarted); with no rc file, undoes it in this shell.
fn gvm_removal(h: &Host) -> String {
    let files: Vec<String> = rc_files(h).iter().map(|f| super::sh_path(h, f)).collect();
    if files.is_empty() {
        return "unset -f cd; unset GVM_ROOT".into();
    }
    format!("sed -i.bak '/gvm\\/scripts\\/gvm/d' {}", files.join(" "))
}

/// Other tools that change Go's environment before each prompt, by what their rc line says.
fn manager(h: &Host, line: &str) -> Option<(&'static str, &'static str)> {
    let home = h.home().unwrap_or_default();
    let data = |var: &str, rel: &str| {
        h.var(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(rel))
    };
    if line.contains("direnv hook") || line.contains("direnv export") {
        return Some(("direnv", "direnv and goenvhook both rewrite the environment before every prompt; an .envrc that sets GOROOT, PATH or GO* variables undoes the project's (goenvhook import turns an .envrc into a .goenv.toml)"));
    }
    if line.contains("gvm/scripts/gvm") {
        return Some((
            "gvm",
            "gvm redefines cd to run gvm use, which re-exports GOROOT, GOPATH and PATH on every cd",
        ));
    }
    if line.contains("goenv init") {
        return Some((
            "goenv",
            "goenv puts its shims first on PATH and exports GOROOT and a per-version GOPATH",
        ));
    }
    if (line.contains("asdf.sh") || line.contains("asdf.fish") || line.contains("asdf.bash"))
        && h.is_dir(&data("ASDF_DATA_DIR", ".asdf").join("installs/golang"))
    {
        return Some((
            "asdf",
            "asdf manages go here: its shims and set-env hooks export GOROOT, GOPATH and GOBIN",
        ));
    }
    if line.contains("mise activate") {
        let mise = h
            .var("MISE_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                crate::paths::data_home(&|k| h.var(k).map(Into::into)).map(|d| d.join("mise"))
            })
            .unwrap_or_else(|| home.join(".local/share/mise"));
        if h.is_dir(&mise.join("installs/go")) {
            return Some(("mise", "mise manages go here: mise activate re-exports GOROOT, GOBIN and PATH before every prompt"));
        }
    }
    None
}

pub fn conflicts(h: &Host, _k: &Known) -> Vec<Finding> {
    let mut out = Vec::new();
    for (file, n, line) in rc_lines(h) {
        if let Some((tool, why)) = manager(h, &line) {
            out.push(Finding::warn(
                "hook.conflict",
                format!("{}:{n} runs {tool} ({line}): {why}", h.show(&file)),
                super::sed_delete(h, &file, n),
            ));
        }
    }
    // gvm's cd function, exported by bash into this environment.
    if h.env.contains_key(std::ffi::OsStr::new("BASH_FUNC_cd%%")) || h.var("GVM_ROOT").is_some() {
        out.push(Finding::warn(
            "hook.conflict",
            "gvm is loaded in this shell (GVM_ROOT or an exported cd function): gvm's cd runs gvm use on every directory change",
            gvm_removal(h),
        ));
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "hook.conflict",
            "no other hook manager in the rc files",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_programs() {
        assert_eq!(
            init_program("eval \"$(goenvhook init zsh)\"").as_deref(),
            Some("goenvhook")
        );
        assert_eq!(
            init_program("eval \"$(/opt/x/goenvhook init bash)\"").as_deref(),
            Some("/opt/x/goenvhook")
        );
        assert_eq!(
            init_program("~/bin/goenvhook init fish | source").as_deref(),
            Some("~/bin/goenvhook")
        );
        assert_eq!(
            init_program("command -v goenvhook >/dev/null && eval \"$(goenvhook init bash)\"")
                .as_deref(),
            Some("goenvhook")
        );
        assert_eq!(
            init_program("command -q goenvhook; and goenvhook init fish | source").as_deref(),
            Some("goenvhook")
        );
        assert_eq!(init_program("mise init zsh"), None);
    }
}
