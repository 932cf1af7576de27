//! The hook's behaviour at the prompt (entering and leaving, user edits, nesting, config edits,
//! new shells, messages, hostile environments), each run through the real bash, zsh and fish
//! with the real snippet.

mod common;

use common::{Sandbox, Step, Step::*, SHELLS};

const PROJ: &str = r#"
[env]
GOPROXY = ["https://goproxy.cn", "direct"]
GOFLAGS = ["-mod=mod", "-ldflags=-s -w"]
GOEXPERIMENT = false
[path]
prepend = ["./bin"]
"#;

fn project(sb: &Sandbox, rel: &str, text: &str) {
    sb.write(&format!("{rel}/.goenv.toml"), text);
    sb.mkdir(&format!("{rel}/bin"));
    sb.allow(&format!("{rel}/.goenv.toml"));
}

#[test]
fn enter_applies_and_leave_restores_byte_identical() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        sb.mkdir("proj/sub");
        let r = sb.run(
            sh,
            &[
                Set("GOEXPERIMENT", "rangefunc"),
                Set(
                    "PATH",
                    &format!(
                        "/opt/x:{}:/usr/bin:/bin:/opt/x",
                        common::BIN.rsplit_once('/').unwrap().0
                    ),
                ),
                Show("PATH"),
                Mark("enter"),
                Cd("proj"),
                Prompt,
                Show("GOPROXY"),
                Show("GOFLAGS"),
                Show("GOEXPERIMENT"),
                Show("PATH"),
                Mark("sub"),
                Cd("proj/sub"),
                Prompt,
                Prompt,
                Mark("leave"),
                Cd("/"),
                Prompt,
                Show("GOPROXY"),
                Show("GOFLAGS"),
                Show("GOEXPERIMENT"),
                Show("PATH"),
                Show("GOENVHOOK_STATE"),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://goproxy.cn,direct"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("GOFLAGS", 0).as_deref(),
            Some("-mod=mod '-ldflags=-s -w'"),
            "{sh}"
        );
        assert_eq!(r.shown("GOEXPERIMENT", 0), None, "{sh}: false unsets");
        let before = r.shown_str("PATH", 0).unwrap();
        let inside = r.shown_str("PATH", 1).unwrap();
        assert_eq!(
            inside,
            format!("{}:{before}", sb.path("proj/bin").display()),
            "{sh}"
        );
        let enter = r.messages_after("enter");
        assert_eq!(enter.len(), 1, "{sh}: one line on enter: {enter:?}");
        assert!(
            enter[0].starts_with("goenvhook: loaded "),
            "{sh}: {enter:?}"
        );
        for name in ["+GOPROXY", "+GOFLAGS", "-GOEXPERIMENT", "~PATH"] {
            assert!(enter[0].contains(name), "{sh}: {name} in {enter:?}");
        }
        assert!(
            r.messages_after("sub").is_empty(),
            "{sh}: subdirectory is silent"
        );
        assert_eq!(r.shown("GOPROXY", 1), None, "{sh}");
        assert_eq!(r.shown("GOFLAGS", 1), None, "{sh}");
        assert_eq!(
            r.shown_str("GOEXPERIMENT", 1).as_deref(),
            Some("rangefunc"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("PATH", 2).unwrap(),
            before,
            "{sh}: PATH byte-identical after leave"
        );
        assert_eq!(
            r.shown("GOENVHOOK_STATE", 0),
            None,
            "{sh}: no state left outside projects"
        );
        let leave = r.messages_after("leave");
        assert_eq!(leave.len(), 1, "{sh}: {leave:?}");
        assert!(
            leave[0].starts_with("goenvhook: unloaded"),
            "{sh}: {leave:?}"
        );
    }
}

#[test]
fn user_changes_inside_survive_leaving() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        let r = sb.run(
            sh,
            &[
                Set("GOPROXY", "https://before.example"),
                Cd("proj"),
                Prompt,
                Set("GOFLAGS", "-v"),
                Run(if sh == "fish" {
                    "set -gx PATH /mine $PATH"
                } else {
                    "export PATH=/mine:$PATH"
                }),
                Mark("leave"),
                Cd("/"),
                Prompt,
                Show("GOPROXY"),
                Show("GOFLAGS"),
                Show("PATH"),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://before.example"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("GOFLAGS", 0).as_deref(),
            Some("-v"),
            "{sh}: user's value kept"
        );
        let path = r.shown_str("PATH", 0).unwrap();
        assert!(path.starts_with("/mine:"), "{sh}: user entry stays: {path}");
        assert!(
            !path.contains("proj/bin"),
            "{sh}: our entry removed: {path}"
        );
        let leave = r.messages_after("leave");
        assert_eq!(leave.len(), 1, "{sh}: {leave:?}");
        assert!(leave[0].contains("kept GOFLAGS"), "{sh}: {leave:?}");
    }
}

#[test]
fn prepending_an_existing_entry_moves_it_and_moves_it_back() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.mkdir("tools");
        let tools = sb.path("tools");
        project(
            &sb,
            "proj",
            &format!(
                "[path]\nprepend = [\"{}\"]\nappend = [\"/usr/bin\"]\n",
                tools.display()
            ),
        );
        let original = format!("/usr/bin:{}:/bin", tools.display());
        let r = sb.run(
            sh,
            &[
                Set("PATH", &original),
                Cd("proj"),
                Prompt,
                Show("PATH"),
                Cd("/"),
                Prompt,
                Show("PATH"),
            ],
        );
        assert_eq!(
            r.shown_str("PATH", 0).unwrap(),
            format!("{}:/bin:/usr/bin", tools.display()),
            "{sh}"
        );
        assert_eq!(r.shown_str("PATH", 1).unwrap(), original, "{sh}");
    }
}

#[test]
fn moving_between_projects_is_one_prompt_and_one_message() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(
            &sb,
            "a",
            "[env]\nGOPROXY = \"https://a.example\"\nONLY_A = \"1\"\n",
        );
        project(&sb, "b", "[env]\nGOPROXY = \"https://b.example\"\n");
        let r = sb.run(
            sh,
            &[
                Cd("a"),
                Prompt,
                Mark("move"),
                Cd("b"),
                Prompt,
                Show("GOPROXY"),
                Show("ONLY_A"),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://b.example"),
            "{sh}"
        );
        assert_eq!(r.shown("ONLY_A", 0), None, "{sh}");
        let m = r.messages_after("move");
        assert_eq!(m.len(), 1, "{sh}: {m:?}");
        assert!(
            m[0].contains("left") && m[0].contains("~GOPROXY") && m[0].contains("-ONLY_A"),
            "{sh}: {m:?}"
        );
    }
}

#[test]
fn nested_nearest_wins_and_inherit_stacks() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "mono", "[env]\nGOPRIVATE = \"git.corp.example.com\"\nGOPROXY = \"https://corp\"\n[path]\nprepend = [\"./bin\"]\n");
        project(
            &sb,
            "mono/svc",
            "inherit = true\n[env]\nGOPROXY = \"https://svc\"\n[path]\nprepend = [\"./bin\"]\n",
        );
        project(&sb, "mono/alone", "[env]\nGOPROXY = \"https://alone\"\n");
        let r = sb.run(
            sh,
            &[
                Cd("mono/svc"),
                Prompt,
                Show("GOPROXY"),
                Show("GOPRIVATE"),
                Show("PATH"),
                Cd("mono/alone"),
                Prompt,
                Show("GOPROXY"),
                Show("GOPRIVATE"),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://svc"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("GOPRIVATE", 0).as_deref(),
            Some("git.corp.example.com"),
            "{sh}"
        );
        let want = format!(
            "{}:{}:",
            sb.path("mono/svc/bin").display(),
            sb.path("mono/bin").display()
        );
        assert!(
            r.shown_str("PATH", 0).unwrap().starts_with(&want),
            "{sh}: child's entries first"
        );
        assert_eq!(
            r.shown_str("GOPROXY", 1).as_deref(),
            Some("https://alone"),
            "{sh}"
        );
        assert_eq!(
            r.shown("GOPRIVATE", 1),
            None,
            "{sh}: no inherit, no parent values"
        );
    }
}

#[test]
fn inherited_chain_needs_every_file_allowed() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.write("mono/.goenv.toml", "[env]\nGOPRIVATE = \"x.example\"\n");
        project(
            &sb,
            "mono/svc",
            "inherit = true\n[env]\nGOPROXY = \"https://svc\"\n",
        );
        let r = sb.run(sh, &[Mark("in"), Cd("mono/svc"), Prompt, Show("GOPROXY")]);
        assert_eq!(r.shown("GOPROXY", 0), None, "{sh}");
        let m = r.messages_after("in");
        assert!(
            m.len() == 1 && m[0].contains("mono/.goenv.toml is not allowed"),
            "{sh}: {m:?}"
        );
    }
}

#[test]
fn edits_are_noticed_even_in_the_same_second() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        let cfg = sb.path("proj/.goenv.toml");
        project(&sb, "proj", "[env]\nGOPROXY = \"https://one.example\"\n");
        // Same size and the mtime put back: only the content (and ctime) differ.
        let edit = format!(
            "touch -r {c} {ref}; printf '[env]\\nGOPROXY = \"https://two.example\"\\n' > {c}; touch -r {ref} {c}",
            c = cfg.display(),
            ref = sb.path("ref").display()
        );
        let r = sb.run(
            sh,
            &[
                Cd("proj"),
                Prompt,
                Show("GOPROXY"),
                Mark("edit"),
                Run(&edit),
                Prompt,
                Show("GOPROXY"),
                Mark("again"),
                Prompt,
                Prompt,
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://one.example"),
            "{sh}"
        );
        assert_eq!(
            r.shown("GOPROXY", 1),
            None,
            "{sh}: changed content is reverted until allowed"
        );
        let m = r.messages_after("edit");
        assert_eq!(m.len(), 1, "{sh}: {m:?}");
        assert!(
            m[0].contains("not allowed") && m[0].contains("unloaded"),
            "{sh}: {m:?}"
        );
        assert!(r.messages_after("again").is_empty(), "{sh}: said once");
    }
}

#[test]
fn touch_or_restoring_approved_bytes_is_silent() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        let cfg = sb.path("proj/.goenv.toml");
        project(&sb, "proj", "[env]\nGOPROXY = \"https://one.example\"\n");
        let c = cfg.display();
        let r = sb.run(
            sh,
            &[
                Cd("proj"),
                Prompt,
                Mark("touch"),
                Run(&format!("touch {c}")),
                Prompt,
                Run(&format!(
                    "cp {c} {c}.bak; echo '# scratch' >> {c}; mv {c}.bak {c}"
                )),
                Prompt,
                Prompt,
                Show("GOPROXY"),
            ],
        );
        assert!(r.messages_after("touch").is_empty(), "{sh}: {}", r.stderr);
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://one.example"),
            "{sh}"
        );
    }
}

#[test]
fn deleted_config_reverts_and_created_config_says_not_allowed_once() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", "[env]\nGOPROXY = \"https://one.example\"\n");
        sb.mkdir("other");
        let r = sb.run(
            sh,
            &[
                Cd("proj"),
                Prompt,
                Mark("delete"),
                Run(&format!("rm {}", sb.path("proj/.goenv.toml").display())),
                Prompt,
                Show("GOPROXY"),
                Cd("other"),
                Prompt,
                Mark("create"),
                Run("echo '[env]' > .goenv.toml"),
                Prompt,
                Prompt,
                Prompt,
            ],
        );
        assert_eq!(r.shown("GOPROXY", 0), None, "{sh}");
        let d = r.messages_after("delete");
        assert!(d.len() == 1 && d[0].contains("unloaded"), "{sh}: {d:?}");
        let c = r.messages_after("create");
        assert_eq!(c.len(), 1, "{sh}: {c:?}");
        assert!(
            c[0].contains("other/.goenv.toml is not allowed"),
            "{sh}: {c:?}"
        );
    }
}

#[test]
fn new_shell_inside_reapplies_over_rc_and_leaving_restores_rc_values() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(
            &sb,
            "proj",
            "[env]\nGOPROXY = \"https://proj\"\nGONOSUMDB = \"x.example\"\n",
        );
        // The child shell's "rc file": sets GOPROXY, then installs the hook.
        let child = match sh {
            "fish" => format!(
                "set -gx GOPROXY https://rc; {b} init fish | source; emit fish_prompt; printf 'C1=%s|%s\\n' $GOPROXY $GONOSUMDB; cd /; emit fish_prompt; printf 'C2=%s|%s\\n' $GOPROXY \"$GONOSUMDB\"",
                b = common::BIN
            ),
            _ => format!(
                "export GOPROXY=https://rc; eval \"$({b} init {sh})\"; for c in \"${{PROMPT_COMMAND[@]:-}}\" $precmd_functions; do eval \"$c\"; done; printf 'C1=%s|%s\\n' \"$GOPROXY\" \"$GONOSUMDB\"; cd /; for c in \"${{PROMPT_COMMAND[@]:-}}\" $precmd_functions; do eval \"$c\"; done; printf 'C2=%s|%s\\n' \"$GOPROXY\" \"${{GONOSUMDB:-}}\"",
                b = common::BIN
            ),
        };
        let args = match sh {
            "bash" => "--norc --noprofile -c",
            "zsh" => "-f -c",
            _ => "--no-config -c",
        };
        let quoted = String::from_utf8(common::sh_quote(sh, child.as_bytes())).unwrap();
        let r = sb.run(
            sh,
            &[Cd("proj"), Prompt, Run(&format!("{sh} {args} {quoted}"))],
        );
        assert!(
            r.stdout.contains("C1=https://proj|x.example"),
            "{sh}: {}\n{}",
            r.stdout,
            r.stderr
        );
        assert!(
            r.stdout.contains("C2=https://rc|\n"),
            "{sh}: {}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn cd_inside_a_function_loads_once_at_the_next_prompt() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "a", "[env]\nGOPROXY = \"https://a\"\n");
        project(&sb, "b", "[env]\nGOPROXY = \"https://b\"\n");
        let (a, b) = (sb.path("a"), sb.path("b"));
        let func = if sh == "fish" {
            format!(
                "function hop; cd {}; cd {}; cd {}; printenv GOPROXY; or echo none; end",
                a.display(),
                b.display(),
                a.display()
            )
        } else {
            format!(
                "hop() {{ cd {}; cd {}; cd {}; printenv GOPROXY || echo none; }}",
                a.display(),
                b.display(),
                a.display()
            )
        };
        let r = sb.run(
            sh,
            &[
                Run(&func),
                Mark("hop"),
                Run("hop"),
                Mark("prompt"),
                Prompt,
                Show("GOPROXY"),
            ],
        );
        assert!(
            r.messages_after("hop").is_empty(),
            "{sh}: no load inside the function: {}",
            r.stderr
        );
        assert!(r.stdout.contains("none\n"), "{sh}");
        assert_eq!(r.messages_after("prompt").len(), 1, "{sh}");
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://a"),
            "{sh}"
        );
    }
}

#[test]
fn zsh_cd_typed_at_the_prompt_activates_at_once() {
    let sb = Sandbox::new();
    project(&sb, "proj", "[env]\nGOPROXY = \"https://proj\"\n");
    let r = sb.run(
        "zsh",
        &[Run(&format!(
            "cd {} && printenv GOPROXY",
            sb.path("proj").display()
        ))],
    );
    assert!(
        r.stdout.contains("https://proj"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn quiet_keeps_only_errors_and_no_colour_off_a_terminal() {
    for sh in SHELLS {
        let mut sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        sb.write("bad/.goenv.toml", "[env]\nGOPRVATE = \"x\"\n");
        sb.write(
            "xdg/config/goenvhook/config.toml",
            &format!("prefixes = [\"{}\"]\n", sb.path("bad").display()),
        );
        sb.extra_env.push(("GOENVHOOK_QUIET".into(), "1".into()));
        let r = sb.run(
            sh,
            &[
                Cd("proj"),
                Prompt,
                Show("GOPROXY"),
                Cd("bad"),
                Mark("bad"),
                Prompt,
                Prompt,
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://goproxy.cn,direct"),
            "{sh}"
        );
        let all: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| !l.starts_with("#mark"))
            .collect();
        assert_eq!(all.len(), 1, "{sh}: only the error: {all:?}");
        assert!(
            all[0].contains(
                "bad/.goenv.toml:2:1: unknown variable GOPRVATE; did you mean GOPRIVATE?"
            ),
            "{sh}: {all:?}"
        );
        assert!(
            !r.stderr.contains('\x1b'),
            "{sh}: no colour when stderr is not a terminal"
        );
    }
}

#[test]
fn exit_status_nounset_prompt_command_array_and_double_install() {
    let sb = Sandbox::new();
    project(&sb, "proj", PROJ);
    let bin = common::BIN;
    let bash = format!(
        r#"set -u
PROMPT_COMMAND=(other_hook)
other_hook() {{ echo "other saw $?"; }}
eval "$({bin} init bash)"
eval "$({bin} init bash)"
echo "entries=${{#PROMPT_COMMAND[@]}} first=${{PROMPT_COMMAND[0]}}"
cd proj
false; _goenvhook_hook; echo "status=$?"
for c in "${{PROMPT_COMMAND[@]}}"; do false; eval "$c"; done
echo "GOPROXY=$GOPROXY"
"#
    );
    let r = sb.run_script("bash", &bash, &sb.root);
    assert!(
        r.stdout.contains("entries=2 first=_goenvhook_hook"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("status=1"), "{}", r.stdout);
    assert!(
        r.stdout.contains("GOPROXY=https://goproxy.cn,direct"),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("unbound"), "{}", r.stderr);

    let bash_string = format!(
        "set -u\nPROMPT_COMMAND='echo pc'\neval \"$({bin} init bash)\"\neval \"$({bin} init bash)\"\necho \"pc=$PROMPT_COMMAND\"\n"
    );
    let r = sb.run_script("bash", &bash_string, &sb.root);
    assert!(
        r.stdout.contains("pc=_goenvhook_hook;echo pc\n"),
        "{}",
        r.stdout
    );

    let zsh = format!(
        "setopt nounset\neval \"$({bin} init zsh)\"\neval \"$({bin} init zsh)\"\necho \"pre=${{#precmd_functions}} chpwd=${{#chpwd_functions}}\"\ncd proj\nfalse; _goenvhook_hook; echo \"status=$?\"\necho \"GOPROXY=$GOPROXY\"\n"
    );
    let r = sb.run_script("zsh", &zsh, &sb.root);
    assert!(
        r.stdout.contains("pre=1 chpwd=1"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("status=1"), "{}", r.stdout);
    assert!(
        r.stdout.contains("GOPROXY=https://goproxy.cn,direct"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );

    let fish = format!(
        "{bin} init fish | source\n{bin} init fish | source\necho handlers=(functions --handlers-type generic | string match '*__goenvhook_prompt*' | count)\ncd proj\nfalse; emit fish_prompt; echo status=$status\necho GOPROXY=$GOPROXY\n"
    );
    let r = sb.run_script("fish", &fish, &sb.root);
    assert!(
        r.stdout.contains("handlers=1"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stdout.contains("GOPROXY=https://goproxy.cn,direct"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn hostile_environment_never_breaks_the_prompt() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        sb.mkdir("gone");
        let r = sb.run(
            sh,
            &[
                Set("GOENVHOOK_STATE", "gh1 v:GOPROXY:=x:zz%"),
                Mark("garbled"),
                Cd("proj"),
                Prompt,
                Prompt,
                Show("GOPROXY"),
                Set(
                    "PATH",
                    &format!(
                        "::/nonexistent:relative/dir:{}:/usr/bin:/bin::",
                        common::BIN.rsplit_once('/').unwrap().0
                    ),
                ),
                Show("PATH"),
                Mark("nonsense"),
                Cd("/"),
                Prompt,
                Show("PATH"),
                Cd("gone"),
                Mark("deleted"),
                Run(&format!("rmdir {}", sb.path("gone").display())),
                Prompt,
                Prompt,
                Run("echo alive"),
            ],
        );
        let g = r.messages_after("garbled");
        assert_eq!(g.len(), 1, "{sh}: one message for a garbled state: {g:?}");
        assert!(g[0].contains("ignored a GOENVHOOK_STATE"), "{sh}: {g:?}");
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://goproxy.cn,direct"),
            "{sh}"
        );
        // (fish itself turns empty PATH entries into "." when PATH is set.)
        assert_eq!(
            r.shown("PATH", 1),
            r.shown("PATH", 0),
            "{sh}: a nonsense PATH comes back as it was"
        );
        assert!(
            r.shown_str("PATH", 1).unwrap().contains("relative/dir"),
            "{sh}"
        );
        assert!(r.messages_after("deleted").is_empty(), "{sh}: {}", r.stderr);
        assert!(r.stdout.contains("alive"), "{sh}: {}", r.stderr);
    }
}

#[test]
fn unreadable_trust_store_is_one_message() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        if unsafe_is_root() {
            // root reads anything; make the store a file instead of a directory.
            let dir = sb.path("xdg/data/goenvhook/trust");
            std::fs::remove_dir_all(&dir).unwrap();
            std::fs::write(&dir, "not a directory").unwrap();
        } else {
            let dir = sb.path("xdg/data/goenvhook/trust");
            std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o000))
                .unwrap();
        }
        let r = sb.run(
            sh,
            &[
                Mark("in"),
                Cd("proj"),
                Prompt,
                Prompt,
                Prompt,
                Show("GOPROXY"),
            ],
        );
        let m = r.messages_after("in");
        assert_eq!(m.len(), 1, "{sh}: {m:?}");
        assert!(
            m[0].contains("could not read the trust store"),
            "{sh}: {m:?}"
        );
        assert_eq!(r.shown("GOPROXY", 0), None, "{sh}");
    }
}

fn unsafe_is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

#[test]
fn snippet_survives_the_binary_moving() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        // Install a copy, init from it, then delete it: the snippet falls back to PATH.
        let copy = sb.path("old/goenvhook");
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::copy(common::BIN, &copy).unwrap();
        let init = match sh {
            "fish" => format!("{} init fish | source", copy.display()),
            _ => format!("eval \"$({} init {sh})\"", copy.display()),
        };
        let prompt = match sh {
            "bash" => "_goenvhook_hook",
            "zsh" => "_goenvhook_hook",
            _ => "emit fish_prompt",
        };
        let script = format!(
            "{init}\nrm {}\ncd {}\n{prompt}\nprintenv GOPROXY\n",
            copy.display(),
            sb.path("proj").display()
        );
        let r = sb.run_script(sh, &script, &sb.root);
        assert!(
            r.stdout.contains("https://goproxy.cn,direct"),
            "{sh}: {}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn exec_runs_with_the_project_environment_from_a_clean_base() {
    let sb = Sandbox::new();
    project(&sb, "a", "[env]\nGOPROXY = \"https://a\"\nONLY_A = \"1\"\n");
    project(&sb, "b", "[env]\nGOPROXY = \"https://b\"\n");
    let b = sb.path("b");
    let script = format!(
        "cd a; _goenvhook_hook; {bin} exec --dir {b} -- sh -c 'echo \"$GOPROXY ${{ONLY_A:-none}}\"; exit 7'; echo code=$?",
        bin = common::BIN,
        b = b.display()
    );
    let r = sb.run_script(
        "bash",
        format!("eval \"$({} init bash)\"\n{script}", common::BIN),
        &sb.root,
    );
    assert!(
        r.stdout.contains("https://b none\n"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("code=7"), "{}", r.stdout);
    sb.write("c/.goenv.toml", "[env]\nX = \"1\"\n");
    let out = sb.goenvhook(&["exec", "--", "true"], &sb.path("c"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not allowed"));
}

#[test]
fn works_next_to_zoxide() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        project(&sb, "proj", PROJ);
        let (zinit, query) = match sh {
            "fish" => (
                "zoxide init fish | source",
                "zoxide query proj; or echo zoxide-broken",
            ),
            _ => (
                if sh == "zsh" {
                    "eval \"$(zoxide init zsh)\""
                } else {
                    "eval \"$(zoxide init bash)\""
                },
                "zoxide query proj || echo zoxide-broken",
            ),
        };
        let r = sb.run(
            sh,
            &[
                Run(zinit),
                Run(&format!("zoxide add {}", sb.path("proj").display())),
                Mark("z"),
                Run("z proj"),
                Prompt,
                Show("GOPROXY"),
                Cd("/"),
                Prompt,
                Show("GOPROXY"),
                Run(query),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://goproxy.cn,direct"),
            "{sh}: {}",
            r.stderr
        );
        assert_eq!(r.shown("GOPROXY", 1), None, "{sh}");
        assert!(
            r.stdout.contains(&sb.path("proj").display().to_string()),
            "{sh}: {}",
            r.stdout
        );
        assert!(!r.stdout.contains("zoxide-broken"), "{sh}");
        assert_eq!(
            r.messages_after("z").len(),
            2,
            "{sh}: {:?}",
            r.messages_after("z")
        );
    }
}

/// A variable changed by hand inside a project keeps its value when goenvhook evaluates the
/// project again without any file having changed (here: the racy window right after the config
/// was written, where every prompt reads it again), as it does on the prompts it skips. An edit
/// of the config applies its value anew.
#[test]
fn a_hand_change_survives_an_evaluation_of_the_same_files() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://p.example\"\n");
        sb.allow("p/.goenv.toml");
        let edit = format!(
            "printf '[env]\\nGOPROXY = \"https://q.example\"\\n' > {} && {} allow {} >/dev/null 2>&1",
            sb.path("p/.goenv.toml").display(),
            common::BIN,
            sb.path("p").display()
        );
        let r = sb.run(
            sh,
            &[
                Step::Cd("p"),
                Step::Prompt,
                Step::Set("GOPROXY", "mine"),
                Step::Prompt,
                Step::Prompt,
                Step::Show("GOPROXY"),
                Step::Run(&edit),
                Step::Prompt,
                Step::Show("GOPROXY"),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("mine"),
            "{sh}: {}",
            r.stderr
        );
        assert_eq!(
            r.shown_str("GOPROXY", 1).as_deref(),
            Some("https://q.example"),
            "{sh}: {}",
            r.stderr
        );
    }
}
