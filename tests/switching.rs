//! Files teams keep while they switch, with real Go in bash, zsh and fish: `go = ".go-version"`
//! and `go = ".tool-versions"` select from those files and re-select when they are edited, and
//! `.goenv.local.toml` overrides apply on top, in chain order, each file approved on its own.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{field, install_sdk, Sandbox, Step::*, SHELLS};

fn machine() -> Sandbox {
    let mut sb = Sandbox::new();
    install_sdk("1.22.10", &sb.home.join("sdk/go1.22.10"));
    install_sdk("1.23.2", &sb.home.join("sdk/go1.23.2"));
    sb.extra_env.push(("GOPROXY".into(), "off".into()));
    sb
}

/// GV=<go env GOVERSION>, GR=<go env GOROOT>, GF=<go env GOFLAGS> as the go command reports them.
fn probe<'a>() -> [common::Step<'a>; 3] {
    [
        Run("go env GOVERSION 2>&1 | sed 's/^/GV=/'"),
        Run("go env GOROOT 2>&1 | sed 's/^/GR=/'"),
        Run("go env GOFLAGS 2>&1 | sed 's/^/GF=/'"),
    ]
}

#[test]
fn version_files_select_and_edits_reselect() {
    for sh in SHELLS {
        let sb = machine();
        sb.write("gv/.goenv.toml", "go = \".go-version\"\n");
        sb.write("gv/.go-version", "1.22.10\n");
        sb.write("tv/.goenv.toml", "go = \".tool-versions\"\n");
        sb.write("tv/.tool-versions", "nodejs 20.11.0\ngolang 1.23\n");
        // A monorepo service reading the root's file.
        sb.write("mono/.go-version", "go1.23.2\n");
        sb.write("mono/svc/.goenv.toml", "go = \"../.go-version\"\n");
        for p in ["gv", "tv", "mono/svc"] {
            sb.allow(&format!("{p}/.goenv.toml"));
        }
        let edit = |rel: &str, text: &str| format!("printf '{text}' > {}", sb.path(rel).display());
        let e1 = edit("gv/.go-version", "1.23.2\\n");
        let e2 = edit("tv/.tool-versions", "golang 1.22.10\\n");
        let e3 = edit("gv/.go-version", "1.x\\n");
        let mut steps = vec![Cd("gv"), Prompt];
        steps.extend(probe());
        steps.extend([Mark("edit"), Run(&e1), Prompt]);
        steps.extend(probe());
        steps.extend([Mark("quiet"), Prompt, Mark("tv"), Cd("tv"), Prompt]);
        steps.extend(probe());
        steps.extend([Run(&e2), Prompt]);
        steps.extend(probe());
        steps.extend([Cd("mono/svc"), Prompt]);
        steps.extend(probe());
        steps.extend([
            Cd("gv"),
            Prompt,
            Mark("bad"),
            Run(&e3),
            Prompt,
            Prompt,
            Show("GOROOT"),
        ]);
        let r = sb.run(sh, &steps);
        let out = &r.stdout;
        let sdk = |v: &str| sb.home.join(format!("sdk/go{v}"));
        let want = [
            ("go1.22.10", sdk("1.22.10")),
            ("go1.23.2", sdk("1.23.2")),
            ("go1.23.2", sdk("1.23.2")),
            ("go1.22.10", sdk("1.22.10")),
            ("go1.23.2", sdk("1.23.2")),
        ];
        for (i, (v, root)) in want.iter().enumerate() {
            assert_eq!(field(out, "GV=", i), *v, "{sh}: probe {i}\n{}", r.stderr);
            assert_eq!(
                PathBuf::from(field(out, "GR=", i)),
                *root,
                "{sh}: probe {i}"
            );
        }
        let edit = r.messages_after("edit");
        assert!(
            edit.len() == 1 && edit[0].contains("go1.23.2") && edit[0].contains("~GOROOT"),
            "{sh}: an edit of .go-version re-selects at the next prompt: {edit:?}"
        );
        let quiet: Vec<String> = r.messages_after("quiet");
        assert!(
            quiet.is_empty(),
            "{sh}: no reload on the prompt after: {quiet:?}"
        );
        let bad = r.messages_after("bad");
        assert_eq!(bad.len(), 1, "{sh}: one error, once: {bad:?}");
        assert!(
            bad[0].contains(".go-version:1: 1.x is not a Go version"),
            "{sh}: {bad:?}"
        );
        assert_eq!(r.shown("GOROOT", 0), None, "{sh}: nothing half applied");
    }
}

/// parent, parent local, child, child local: each later file wins, PATH entries of the later
/// file go in front.
#[test]
fn local_overrides_apply_in_chain_order() {
    for sh in SHELLS {
        let sb = machine();
        sb.write(
            "mono/.goenv.toml",
            "go = \"1.22.10\"\n[env]\nGOFLAGS = \"-mod=mod\"\nDEPLOY_ENV = \"prod\"\nTEAM = \"payments\"\n[path]\nprepend = [\"./tools\"]\n",
        );
        sb.write(
            "mono/.goenv.local.toml",
            "[env]\nGOFLAGS = \"-mod=vendor\"\nNETRC = \"~/.netrc-me\"\n[path]\nprepend = [\"./mytools\"]\n",
        );
        sb.write(
            "mono/svc/.goenv.toml",
            "inherit = true\n[env]\nDEPLOY_ENV = \"staging\"\n[path]\nprepend = [\"./bin\"]\n",
        );
        sb.write(
            "mono/svc/.goenv.local.toml",
            "go = \"1.23.2\"\n[env]\nDEPLOY_ENV = \"dev\"\nTEAM = false\n[path]\nprepend = [\"./mybin\"]\n",
        );
        // A local file with no .goenv.toml beside it is that directory's config.
        sb.write("solo/.goenv.local.toml", "[env]\nDEPLOY_ENV = \"mine\"\n");
        let allow = |args: &[&str], rel: &str| {
            let out = sb.goenvhook(args, &sb.path(rel));
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            (
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        };
        // Only the project's file: the local one beside it still needs its own approval.
        let (_, err) = allow(&["allow", ".goenv.toml"], "mono");
        assert!(
            err.contains(".goenv.local.toml beside it is not allowed"),
            "{sh}: {err}"
        );
        let steps_before = vec![Mark("unapproved"), Cd("mono"), Prompt, Show("GOFLAGS")];
        let r = sb.run(sh, &steps_before);
        assert_eq!(r.shown("GOFLAGS", 0), None, "{sh}: nothing loads");
        let m = r.messages_after("unapproved");
        assert!(
            m.len() == 1 && m[0].contains("mono/.goenv.local.toml is not allowed"),
            "{sh}: {m:?}"
        );
        // `allow` with no file named approves the directory's configs, the local one too.
        let (out, _) = allow(&["allow"], "mono");
        assert!(
            out.contains("mono/.goenv.local.toml") && out.contains("your own overrides"),
            "{sh}: {out}"
        );
        let (out, _) = allow(&["allow"], "mono/svc");
        assert!(
            out.contains("svc/.goenv.toml") && out.contains("svc/.goenv.local.toml"),
            "{sh}: {out}"
        );
        // A local file counts only beside a .goenv.toml: alone it is not a config.
        let out = sb.goenvhook(&["allow"], &sb.path("solo"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains("counts only beside a .goenv.toml"),
            "{sh}: {err}"
        );

        let mut steps = vec![Cd("mono"), Prompt];
        steps.extend(probe());
        steps.extend([Show("DEPLOY_ENV"), Show("NETRC"), Show("PATH")]);
        steps.extend([Cd("mono/svc"), Prompt]);
        steps.extend(probe());
        steps.extend([Show("DEPLOY_ENV"), Show("TEAM"), Show("PATH")]);
        // Deleting the developer's file: the project loads without it at the next prompt.
        let rm = format!("rm {}", sb.path("mono/svc/.goenv.local.toml").display());
        steps.extend([Run(&rm), Prompt]);
        steps.extend(probe());
        steps.extend([Show("DEPLOY_ENV"), Show("TEAM")]);
        steps.extend([Cd("solo"), Prompt, Show("DEPLOY_ENV"), Cd("/"), Prompt]);
        steps.extend([Show("DEPLOY_ENV"), Show("GOFLAGS"), Show("PATH")]);
        let r = sb.run(sh, &steps);
        let out = &r.stdout;
        let root = &sb.root;
        let sdk = |v: &str| sb.home.join(format!("sdk/go{v}/bin")).display().to_string();
        // The parent with its local file.
        assert_eq!(field(out, "GV=", 0), "go1.22.10", "{sh}\n{}", r.stderr);
        assert_eq!(field(out, "GF=", 0), "-mod=vendor", "{sh}");
        assert_eq!(
            r.shown_str("DEPLOY_ENV", 0).as_deref(),
            Some("prod"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("NETRC", 0),
            Some(sb.home.join(".netrc-me").display().to_string()),
            "{sh}"
        );
        let path = r.shown_str("PATH", 0).unwrap();
        let front = format!(
            "{}:{}/mono/mytools:{}/mono/tools:",
            sdk("1.22.10"),
            root.display(),
            root.display()
        );
        assert!(path.starts_with(&front), "{sh}: {path}");
        // The child: parent, parent local, child, child local.
        assert_eq!(
            field(out, "GV=", 1),
            "go1.23.2",
            "{sh}: child local's go wins"
        );
        assert_eq!(
            field(out, "GF=", 1),
            "-mod=vendor",
            "{sh}: parent local's GOFLAGS"
        );
        assert_eq!(r.shown_str("DEPLOY_ENV", 1).as_deref(), Some("dev"), "{sh}");
        assert_eq!(
            r.shown("TEAM", 0),
            None,
            "{sh}: unset by the child's local file"
        );
        let path = r.shown_str("PATH", 1).unwrap();
        let r0 = root.display();
        let front = format!(
            "{}:{r0}/mono/svc/mybin:{r0}/mono/svc/bin:{r0}/mono/mytools:{r0}/mono/tools:",
            sdk("1.23.2")
        );
        assert!(path.starts_with(&front), "{sh}: {path}");
        // Without the child's local file.
        assert_eq!(field(out, "GV=", 2), "go1.22.10", "{sh}");
        assert_eq!(
            r.shown_str("DEPLOY_ENV", 2).as_deref(),
            Some("staging"),
            "{sh}"
        );
        assert_eq!(r.shown_str("TEAM", 1).as_deref(), Some("payments"), "{sh}");
        assert_eq!(
            r.shown("DEPLOY_ENV", 3),
            None,
            "{sh}: a lone local file is not a config"
        );
        // Everything back outside.
        assert_eq!(r.shown("DEPLOY_ENV", 4), None, "{sh}");
        assert_eq!(r.shown("GOFLAGS", 0), None, "{sh}");
        assert_eq!(
            r.shown_str("PATH", 2).unwrap(),
            format!(
                "{}:/usr/local/bin:/usr/bin:/bin",
                std::path::Path::new(common::BIN)
                    .parent()
                    .unwrap()
                    .display()
            ),
            "{sh}: PATH byte-identical after leaving"
        );
    }
}

#[test]
fn status_and_deny_name_the_local_file() {
    let sb = machine();
    sb.write("p/.goenv.toml", "[env]\nGOFLAGS = \"-mod=mod\"\n");
    sb.write("p/.goenv.local.toml", "[env]\nGOFLAGS = \"-mod=vendor\"\n");
    sb.allow("p/.goenv.toml");
    let out = sb.goenvhook(&["status"], &sb.path("p"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("local")
            && l.contains("p/.goenv.local.toml")
            && l.contains("(not allowed)")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("config")
            && l.contains("p/.goenv.toml")
            && l.contains("(allowed)")),
        "{text}"
    );
    // deny with no file named denies the project's file, not the developer's.
    let out = sb.goenvhook(&["deny"], &sb.path("p"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("p/.goenv.toml") && !text.contains("local"),
        "{text}"
    );
    let status = String::from_utf8(sb.goenvhook(&["status"], &sb.path("p")).stdout).unwrap();
    assert!(status.contains("(denied)"), "{status}");
    // status shows what the version file says and what it selects.
    sb.write("q/.goenv.toml", "go = \".tool-versions\"\n");
    sb.write("q/.tool-versions", "golang 1.23\n");
    let status = String::from_utf8(sb.goenvhook(&["status"], &sb.path("q")).stdout).unwrap();
    assert!(
        status.contains("toolchain   .tool-versions (1.23) → go1.23.2"),
        "{status}"
    );
    fs::remove_file(sb.path("p/.goenv.toml")).unwrap();
    let status = String::from_utf8(sb.goenvhook(&["status"], &sb.path("p")).stdout).unwrap();
    assert!(
        status
            .lines()
            .any(|l| l.starts_with("config") && l.contains("none")),
        "a local file alone is not a config: {status}"
    );
}
