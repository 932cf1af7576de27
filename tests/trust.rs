//! Trust: allow (path + content, review, refusal of broken files, --parents, the hook hint),
//! deny, prune, trusted prefixes, CI, and concurrent allows.

mod common;

use std::fs;

use common::{Sandbox, Step::*, SHELLS};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn allow_shows_what_the_file_does_and_refuses_a_broken_file() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "go = \"1.22\"\n[env]\nGOPROXY = [\"https://a\", \"direct\"]\nCGO_ENABLED = false\n[path]\nprepend = [\"./bin\"]\n");
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert!(out.status.success());
    let o = text(&out.stdout);
    assert!(o.contains("go        1.22"), "{o}");
    assert!(o.contains("set       GOPROXY=\"https://a,direct\""), "{o}");
    assert!(o.contains("unset     CGO_ENABLED"), "{o}");
    assert!(
        o.contains(&format!(
            "PATH      {} (in front)",
            sb.path("p/bin").display()
        )),
        "{o}"
    );

    sb.write(
        "q/.goenv.toml",
        "[env]\nGOPROXY = \"x\"\ninheirt = true\n[env]\n",
    );
    let out = sb.goenvhook(&["allow"], &sb.path("q"));
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains(&format!("{}:", sb.path("q/.goenv.toml").display())),
        "{e}"
    );
    assert!(e.contains("not allowed"), "{e}");
    assert!(
        !sb.path("xdg/data/goenvhook/trust").exists()
            || fs::read_dir(sb.path("xdg/data/goenvhook/trust"))
                .unwrap()
                .count()
                == 1
    );

    let out = sb.goenvhook(&["allow"], &sb.root);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no .goenv.toml in"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn allow_hints_when_the_hook_is_not_active() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nA = \"1\"\n");
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    let e = text(&out.stderr);
    assert!(
        e.contains("hook is not active") && e.contains("init bash"),
        "{e}"
    );
    for sh in SHELLS {
        let r = sb.run(sh, &[Cd("p"), Run(&format!("{} allow", common::BIN))]);
        assert!(!r.stderr.contains("not active"), "{sh}: {}", r.stderr);
    }
}

#[test]
fn trust_is_path_and_content() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.write("a/.goenv.toml", "[env]\nA = \"1\"\n");
        sb.allow("a/.goenv.toml");
        sb.write("b/.goenv.toml", "[env]\nA = \"1\"\n");
        let r = sb.run(
            sh,
            &[
                Cd("a"),
                Prompt,
                Show("A"),
                Mark("b"),
                Cd("b"),
                Prompt,
                Show("A"),
            ],
        );
        assert_eq!(r.shown_str("A", 0).as_deref(), Some("1"), "{sh}");
        assert_eq!(
            r.shown("A", 1),
            None,
            "{sh}: same bytes at another path need their own allow"
        );
        assert!(
            r.messages_after("b")
                .iter()
                .any(|l| l.contains("not allowed")),
            "{sh}"
        );
    }
}

#[test]
fn deny_is_silent_wins_over_prefixes_and_is_undone_by_allow() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.write("work/p/.goenv.toml", "[env]\nA = \"1\"\n");
        sb.write(
            "xdg/config/goenvhook/config.toml",
            &format!("prefixes = [\"{}\"]\n", sb.path("work").display()),
        );
        let cfg = sb.path("work/p/.goenv.toml");
        let bin = common::BIN;
        let r = sb.run(
            sh,
            &[
                Cd("work/p"),
                Prompt,
                Show("A"),
                Mark("deny"),
                Run(&format!("{bin} deny >/dev/null")),
                Prompt,
                Show("A"),
                Run(&format!("echo '# edit' >> {}", cfg.display())),
                Prompt,
                Cd("/"),
                Prompt,
                Cd("work/p"),
                Prompt,
                Show("A"),
                Mark("allow"),
                Run(&format!("{bin} allow >/dev/null 2>&1")),
                Prompt,
                Show("A"),
            ],
        );
        assert_eq!(
            r.shown_str("A", 0).as_deref(),
            Some("1"),
            "{sh}: trusted prefix needs no allow"
        );
        assert_eq!(r.shown("A", 1), None, "{sh}: deny unloads");
        assert_eq!(r.shown("A", 2), None, "{sh}: deny wins over the prefix");
        let d = r.messages_after("deny");
        assert!(
            d.iter().all(|l| !l.contains("not allowed")),
            "{sh}: deny is silent: {d:?}"
        );
        assert_eq!(
            r.shown_str("A", 3).as_deref(),
            Some("1"),
            "{sh}: allow undoes deny"
        );
    }
}

#[test]
fn ci_is_not_trusted_implicitly() {
    let mut sb = Sandbox::new();
    sb.extra_env.push(("CI".into(), "true".into()));
    sb.write("p/.goenv.toml", "[env]\nA = \"1\"\n");
    let r = sb.run("bash", &[Cd("p"), Prompt, Show("A")]);
    assert_eq!(r.shown("A", 0), None);
    let out = sb.goenvhook(&["exec", "--", "true"], &sb.path("p"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn allow_parents_approves_the_chain() {
    let sb = Sandbox::new();
    sb.write("m/.goenv.toml", "[env]\nPARENT = \"1\"\n");
    sb.write("m/s/.goenv.toml", "inherit = true\n[env]\nCHILD = \"1\"\n");
    let out = sb.goenvhook(&["allow"], &sb.path("m/s"));
    assert!(
        text(&out.stderr).contains("--parents"),
        "{}",
        text(&out.stderr)
    );
    let r = sb.run("bash", &[Cd("m/s"), Prompt, Show("CHILD")]);
    assert_eq!(r.shown("CHILD", 0), None);
    let out = sb.goenvhook(&["allow", "--parents"], &sb.path("m/s"));
    assert!(out.status.success());
    let r = sb.run("bash", &[Cd("m/s"), Prompt, Show("CHILD"), Show("PARENT")]);
    assert_eq!(r.shown_str("CHILD", 0).as_deref(), Some("1"));
    assert_eq!(r.shown_str("PARENT", 0).as_deref(), Some("1"));
}

#[test]
fn prune_removes_records_of_changed_and_deleted_files() {
    let sb = Sandbox::new();
    for p in ["a", "b", "c"] {
        sb.write(&format!("{p}/.goenv.toml"), "[env]\nA = \"1\"\n");
        sb.allow(&format!("{p}/.goenv.toml"));
    }
    sb.write("b/.goenv.toml", "[env]\nA = \"2\"\n");
    fs::remove_file(sb.path("c/.goenv.toml")).unwrap();
    let out = sb.goenvhook(&["prune"], &sb.root);
    assert!(
        text(&out.stdout).contains("removed 2 trust record(s)"),
        "{}",
        text(&out.stdout)
    );
    let r = sb.run("bash", &[Cd("a"), Prompt, Show("A")]);
    assert_eq!(r.shown_str("A", 0).as_deref(), Some("1"));
}

#[test]
fn concurrent_allows_never_corrupt_the_store() {
    let sb = Sandbox::new();
    let n = 24;
    for i in 0..n {
        sb.write(
            &format!("p{i}/.goenv.toml"),
            &format!("[env]\nI = \"{i}\"\n"),
        );
    }
    let children: Vec<_> = (0..n)
        .flat_map(|i| [i, i])
        .map(|i| {
            std::process::Command::new(common::BIN)
                .args(["allow", sb.path(&format!("p{i}")).to_str().unwrap()])
                .env_clear()
                .envs(sb.base_env())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let names: Vec<String> = fs::read_dir(sb.path("xdg/data/goenvhook/trust"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), n, "{names:?}");
    assert!(
        names.iter().all(|n| n.starts_with("allow-")),
        "no temporary files left: {names:?}"
    );
    for i in [0, n / 2, n - 1] {
        let r = sb.run("bash", &[Cd(&format!("p{i}")), Prompt, Show("I")]);
        assert_eq!(r.shown_str("I", 0), Some(i.to_string()));
    }
}

#[test]
fn allow_reviews_risky_settings_but_still_approves() {
    let sb = Sandbox::new();
    sb.write(
        "p/.goenv.toml",
        "[env]\nGOFLAGS = [\"-toolexec=/usr/bin/env\", \"-mod=mod\"]\nGOPROXY = \"http://proxy.corp,direct\"\nGOINSECURE = \"git.corp\"\nGOSUMDB = \"off\"\nGONOSUMDB = \"github.com\"\nCC = \"/opt/cc\"\n",
    );
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert!(out.status.success());
    let o = text(&out.stdout);
    for needle in [
        "RISK      GOFLAGS -toolexec=/usr/bin/env",
        "plain http",
        "GOINSECURE",
        "GOSUMDB=off",
        "GONOSUMDB github.com",
        "CC=/opt/cc",
    ] {
        assert!(o.contains(needle), "{needle} in:\n{o}");
    }
    assert!(
        text(&out.stderr).contains("allowed with 7 risky setting(s)"),
        "{}",
        text(&out.stderr)
    );
    let r = sb.run("bash", &[Cd("p"), Prompt, Show("GOSUMDB")]);
    assert_eq!(
        r.shown_str("GOSUMDB", 0).as_deref(),
        Some("off"),
        "approved all the same"
    );
    sb.write(
        "q/.goenv.toml",
        "[env]\nGOPROXY = \"https://goproxy.cn,direct\"\n",
    );
    let out = sb.goenvhook(&["allow"], &sb.path("q"));
    assert!(!text(&out.stdout).contains("RISK") && !text(&out.stderr).contains("risky"));
}

#[test]
fn status_shows_chain_verdicts_toolchain_and_what_the_user_changed() {
    let sb = Sandbox::new();
    sb.write(
        "m/.goenv.toml",
        "[env]\nGOPRIVATE = \"git.corp.example.com\"\n",
    );
    sb.write("m/s/.goenv.toml", "inherit = true\ngo = \"system\"\n[env]\nGOPROXY = \"https://a.example,direct\"\nGOFLAGS = \"-mod=mod\"\n[path]\nprepend = [\"./bin\"]\n");
    let out = sb.goenvhook(&["allow", "--parents"], &sb.path("m/s"));
    assert!(out.status.success());
    let bin = common::BIN;
    let r = sb.run(
        "bash",
        &[
            Cd("m/s"),
            Prompt,
            Set("GOFLAGS", "-v"),
            Run(&format!("{bin} status --json")),
            Run(&format!("{bin} status")),
        ],
    );
    let json = r
        .stdout
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("{}\n{}", r.stdout, r.stderr));
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["configs"][0]["verdict"], "allowed", "{json}");
    assert_eq!(v["hook_active"], true);
    assert_eq!(v["toolchain"], "system → GOROOT and PATH left as they are");
    let applied = |name: &str| {
        v["applied"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not applied in {json}"))
    };
    assert_eq!(
        applied("GOFLAGS"),
        serde_json::json!({"name": "GOFLAGS", "value": "-v", "changed_in_shell": true})
    );
    assert_eq!(applied("GOPROXY")["value"], "https://a.example,direct");
    assert_eq!(applied("GOPROXY")["changed_in_shell"], false);
    assert_eq!(applied("GOPRIVATE")["value"], "git.corp.example.com");
    assert_eq!(
        v["path"]["added"],
        serde_json::json!([sb.path("m/s/bin").display().to_string()])
    );
    assert!(
        r.stdout.contains("inherits")
            && r.stdout
                .contains("(changed in this shell since it was applied)"),
        "{}",
        r.stdout
    );
    // Not allowed, and broken, files show their verdicts and errors.
    sb.write(
        "m/s/.goenv.toml",
        "inherit = true\n[env]\nGOPRVATE = \"x\"\n",
    );
    let out = sb.goenvhook(&["status"], &sb.path("m/s"));
    let o = text(&out.stdout);
    assert!(
        o.contains("(not allowed)") && o.contains("did you mean GOPRIVATE"),
        "{o}"
    );
}
