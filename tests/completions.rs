//! Generated and documented surfaces stay current. Completions under completions/ and the man
//! page man/goenvhook.1 are generated from the CLI definition; these tests fail when they are
//! stale. Regenerate with:
//!   UPDATE_COMPLETIONS=1 cargo test --test completions
//!   UPDATE_MAN=1 cargo test --test completions

use clap_complete::{generate, Shell};
use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

#[test]
fn completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        (Shell::Bash, "goenvhook.bash"),
        (Shell::Zsh, "_goenvhook"),
        (Shell::Fish, "goenvhook.fish"),
    ] {
        let mut buf = Vec::new();
        generate(shell, &mut goenvhook::cli::command(), "goenvhook", &mut buf);
        assert_current(&dir.join(file), &buf, update, "UPDATE_COMPLETIONS");
    }
}

/// A generated file equals what is committed; with `update`, it is written first.
fn assert_current(path: &std::path::Path, generated: &[u8], update: bool, var: &str) {
    if update {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, generated).unwrap();
    }
    let committed = std::fs::read(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale; run: {var}=1 cargo test --test completions",
        path.display()
    );
}

/// The config reference (docs/config.md) lists every Go variable goenvhook knows
/// (go::vars::TABLE).
#[test]
fn config_reference_lists_every_go_variable() {
    let reference = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md"),
    )
    .unwrap();
    for var in goenvhook::go::vars::TABLE {
        assert!(
            reference.contains(&format!("| `{}` |", var.name)),
            "docs/config.md's table of Go's variables does not list {}",
            var.name
        );
    }
}

/// One page: clap_mangen's title, name, synopsis, description and options, then every command
/// with its arguments (clap_mangen would point at one page per command), then the hand-written
/// sections of `cli::MAN_SECTIONS`. The version is the package's, without the commit, so the page
/// does not go stale at every commit.
fn man_page() -> Vec<u8> {
    let mut cmd = goenvhook::cli::command().version(env!("CARGO_PKG_VERSION"));
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    man.render_options_section(&mut out).unwrap();

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let mut head = vec![bold(format!("goenvhook {}", sub.get_name()))];
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            if arg.get_id() == "help" {
                continue;
            }
            head.push(roman(" "));
            head.extend(arg_inlines(arg, false));
        }
        roff.control("TP", []);
        roff.text(head);
        if let Some(about) = sub.get_about() {
            roff.text([roman(about.to_string())]);
        }
        let args: Vec<_> = sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && a.get_id() != "help" && a.get_help().is_some())
            .collect();
        if !args.is_empty() {
            roff.control("RS", []);
            for arg in args {
                roff.control("TP", []);
                roff.text(arg_inlines(arg, true));
                let mut help = arg.get_help().unwrap().to_string();
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect();
                if !values.is_empty() {
                    help.push_str(&format!(" [possible values: {}]", values.join(", ")));
                }
                roff.text([roman(help)]);
            }
            roff.control("RE", []);
        }
    }
    for (title, body) in goenvhook::cli::MAN_SECTIONS {
        roff.control("SH", [*title]);
        for para in body.split("\n\n") {
            if para.starts_with("  ") {
                roff.control("PP", []);
                roff.control("nf", []);
                for line in para.lines() {
                    roff.text([roman(line.trim_start())]);
                }
                roff.control("fi", []);
            } else {
                roff.control("PP", []);
                roff.text([roman(para.replace('\n', " "))]);
            }
        }
    }
    roff.to_writer(&mut out).unwrap();
    out
}

/// `--json`, `--format <TEMPLATE>`, `<shell>`, `<command>...`.
fn arg_inlines(arg: &clap::Arg, long_form: bool) -> Vec<clap_mangen::roff::Inline> {
    let value = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|v| v.to_string())
        .unwrap_or_else(|| arg.get_id().to_string());
    let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
    let dots = if many { "..." } else { "" };
    match arg.get_long() {
        Some(long) => {
            let mut v = vec![bold(format!("--{long}"))];
            if arg.get_num_args().is_some_and(|n| n.takes_values()) {
                v.extend([roman(" "), italic(format!("<{value}>"))]);
            }
            if !long_form && !arg.is_required_set() {
                v.insert(0, roman("["));
                v.push(roman("]"));
            }
            v
        }
        None if arg.is_last_set() => vec![roman(format!("-- <{value}>{dots}"))],
        None if arg.is_required_set() || long_form => vec![italic(format!("<{value}>{dots}"))],
        None => vec![roman(format!("[<{value}>]{dots}"))],
    }
}

#[test]
fn man_page_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/goenvhook.1");
    let update = std::env::var_os("UPDATE_MAN").is_some();
    assert_current(&path, &man_page(), update, "UPDATE_MAN");
}

/// man renders the page without a warning (groff's -ww lint), and it shows every command.
#[test]
fn man_page_renders_cleanly() {
    let out = std::process::Command::new("man")
        .args(["--warnings=w", "-l", "-Tutf8"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/goenvhook.1"))
        .env("MANWIDTH", "100")
        .output()
        .expect("man (the test command installs man-db)");
    // Not a terminal: grotty marks bold as `c\bc`; keep the last of each pair.
    let mut text = String::new();
    for c in String::from_utf8_lossy(&out.stdout).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    let text = text.replace("\u{8}", "");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for sub in goenvhook::cli::command().get_subcommands() {
        if !sub.is_hide_set() {
            assert!(
                text.contains(&format!("goenvhook {}", sub.get_name())),
                "{} missing:\n{text}",
                sub.get_name()
            );
        }
    }
}

/// goenvhook.toml(5): the config file's reference, generated from the variable table and the
/// table of refused names, so it cannot drift from what goenvhook checks.
fn config_man_page() -> Vec<u8> {
    use goenvhook::go::vars::{reserved_names, Join, TABLE};
    let mut roff = Roff::new();
    roff.control(
        "TH",
        [
            "goenvhook.toml",
            "5",
            concat!("goenvhook ", env!("CARGO_PKG_VERSION")),
        ],
    );
    roff.control("SH", ["NAME"]);
    roff.text([roman(
        ".goenv.toml, .goenv.local.toml - a project's Go environment for goenvhook",
    )]);
    roff.control("SH", ["SYNOPSIS"]);
    roff.text([roman(
        "A project commits a .goenv.toml at its root. After goenvhook allow, the shell hook applies it on every cd into the project and puts back what was there on cd out. A .goenv.local.toml beside it holds your own overrides (keep it out of git); it is approved on its own.",
    )]);
    roff.control("SH", ["KEYS"]);
    for (key, text) in [
        ("go", "The toolchain: \"1.22\" (the newest installed 1.22.x), \"1.22.10\", \"go.mod\" (the go and toolchain lines), \"latest\", \"system\" (leave GOROOT and PATH alone), a GOROOT path, or \".go-version\" / \".tool-versions\" (read from that file). A release that is not installed is fetched by an installed go through GOTOOLCHAIN."),
        ("inherit", "true: apply the nearest .goenv.toml above this one first, then this one on top."),
        ("[env]", "Variables to set inside the project: a string, a list of strings (joined the way the variable is read, see below), or false to unset it."),
        ("[path] prepend, append", "Directories to put in front of or at the end of PATH. Each must come out as one absolute directory: './' and '../' are relative to the file's directory, '~/' is HOME."),
    ] {
        roff.control("TP", []);
        roff.text([bold(key)]);
        roff.text([roman(text)]);
    }
    roff.control("SH", ["VALUES"]);
    roff.text([roman(
        "'./' and '../' at the start of a value are relative to the file's directory and '~/' is HOME. ${NAME} and ${NAME:-default} read the environment outside the project; $$ is a literal $. Every Go variable is checked the way the go command parses it, against the release that will run, when the file is allowed and again at each load, after expansion: a value go would reject, ignore or misread is an error.",
    )]);
    roff.control("SH", ["GO VARIABLES"]);
    for var in TABLE {
        let list = match var.join {
            Some(Join::Sep(c)) => format!(" A list is joined with '{}'.", c as char),
            Some(Join::GoFlags) => {
                " A list is joined with spaces, an entry holding a space quoted whole.".into()
            }
            None => String::new(),
        };
        roff.control("TP", []);
        roff.text([bold(var.name)]);
        let what = var.what;
        let since = var.since.map_or(String::new(), |(maj, min)| {
            format!(" Read by go{maj}.{min} and newer; set for an older go, it is an error.")
        });
        roff.text([roman(format!(
            "{}{}.{list}{since}",
            what[..1].to_uppercase(),
            &what[1..]
        ))]);
    }
    roff.control("SH", ["NAMES A CONFIG CANNOT SET"]);
    roff.text([roman(format!(
        "Variables a shell owns or computes, and goenvhook's own, are refused with an error naming the shell that reserves them ('*' stands for any ending): {}.",
        reserved_names().join(", ")
    ))]);
    roff.control("SH", ["FILES"]);
    roff.text([roman(
        "~/.config/goenvhook/config.toml ($XDG_CONFIG_HOME): the global config (prefixes, quiet, sdk_dirs, fast_path). ~/.local/share/goenvhook/trust ($XDG_DATA_HOME): one record per approval.",
    )]);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([bold("goenvhook"), roman("(1)")]);
    roff.to_roff().into_bytes()
}

#[test]
fn config_man_page_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/goenvhook.toml.5");
    let update = std::env::var_os("UPDATE_MAN").is_some();
    assert_current(&path, &config_man_page(), update, "UPDATE_MAN");
    let out = std::process::Command::new("man")
        .args(["--warnings=w", "-l", "-Tutf8"])
        .arg(&path)
        .env("MANWIDTH", "100")
        .output()
        .expect("man (the test command installs man-db)");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `goenvhook help init` shows each shell's own rc line, the one install.sh writes.
#[test]
fn help_init_shows_each_shells_line() {
    for shell in ["bash", "zsh", "fish"] {
        let (rc, line) = goenvhook::shell::rc_line(shell);
        let shown = goenvhook::cli::INIT_LINES
            .lines()
            .find(|l| l.trim_start().starts_with(shell))
            .unwrap_or_else(|| panic!("no {shell} line"));
        assert!(shown.contains(rc) && shown.ends_with(line), "{shown}");
    }
}
