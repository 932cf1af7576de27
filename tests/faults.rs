//! Faults: a broken trust store, a full disk, odd files named `.goenv.toml`, a symlink
//! loop, a 4,000-byte path, 50 concurrent allow/deny/prune, and signals in the middle of export,
//! allow and prune. Each gives at most one message and leaves the environment and the trust store
//! as they were.

mod common;

use std::fs;
use std::process::{Command, Stdio};

use common::{Sandbox, Step::*, BIN, SHELLS};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn trust_dir(sb: &Sandbox) -> std::path::PathBuf {
    sb.path("xdg/data/goenvhook/trust")
}

/// A file where the trust store's directory should be: loads report it once and apply nothing;
/// leaving a project loaded before still works.
#[test]
fn a_file_where_the_trust_store_should_be() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://p.example\"\n");
        sb.write("xdg/data/goenvhook/trust", "not a directory\n");
        let r = sb.run(
            sh,
            &[
                Cd("p"),
                Prompt,
                Prompt,
                Mark("after"),
                Prompt,
                Show("GOPROXY"),
            ],
        );
        let before = r.messages_before_marks();
        assert_eq!(before.len(), 1, "{sh}: {before:?}");
        assert!(before[0].contains("trust store"), "{sh}: {before:?}");
        assert!(
            r.messages_after("after").is_empty(),
            "{sh}: once: {}",
            r.stderr
        );
        assert_eq!(r.shown("GOPROXY", 0), None, "{sh}");
        let out = sb.goenvhook(&["allow"], &sb.path("p"));
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr).lines().count(),
            1,
            "{}",
            text(&out.stderr)
        );
        assert!(
            out.stdout.is_empty(),
            "nothing claimed: {}",
            text(&out.stdout)
        );
    }
}

/// A disk that is full (here: a file size limit of zero) while a record is written: allow fails
/// with one error, claims nothing, and leaves no record, partial or whole.
#[test]
fn a_full_disk_while_writing_a_record() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://p.example\"\n");
    fs::create_dir_all(trust_dir(&sb)).unwrap();
    let out = sb.goenvhook_via_bash(
        "trap '' XFSZ; ulimit -f 0; exec \"$0\" allow",
        &sb.path("p"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        out.stdout.is_empty(),
        "nothing claimed: {}",
        text(&out.stdout)
    );
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
    let left: Vec<_> = fs::read_dir(trust_dir(&sb))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        !left
            .iter()
            .any(|n| n.to_string_lossy().starts_with("allow-")),
        "no record: {left:?}"
    );
    let r = sb.run("bash", &[Cd("p"), Prompt, Show("GOPROXY")]);
    assert_eq!(r.shown("GOPROXY", 0), None);
}

/// A read-only HOME (a read-only bind mount in a private mount namespace: as root, file modes
/// alone would not stop a write): `allow` fails with one error and claims nothing, and the hook
/// still loads what was approved before and leaves it.
#[test]
fn a_read_only_home() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://p.example\"\n");
    sb.allow("p/.goenv.toml");
    sb.write("q/.goenv.toml", "[env]\nGOPROXY = \"https://q.example\"\n");
    let ro = |line: &str| {
        format!(
            "unshare --mount --propagation private bash -c 'mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && cd \"$2\" && {line}' _ {} {}",
            sb.root.display(),
            sb.path("q").display()
        )
    };
    let out = Command::new("bash")
        .args(["-c", &ro(&format!("exec {BIN} allow"))])
        .env_clear()
        .envs(sb.base_env())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        out.stdout.is_empty(),
        "nothing claimed: {}",
        text(&out.stdout)
    );
    let e = text(&out.stderr);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("Read-only file system"), "{e}");
    // The hook itself writes nothing to HOME: a whole walk works on the read-only tree.
    let script = format!(
        "eval \"$({BIN} init bash)\"; cd {p}; _goenvhook_hook; printf \"in=%s\\n\" \"$GOPROXY\"; cd /; _goenvhook_hook; printf \"out=%s\\n\" \"${{GOPROXY-unset}}\"",
        p = sb.path("p").display()
    );
    std::fs::write(sb.path("walk.sh"), script).unwrap();
    let out = Command::new("bash")
        .args([
            "-c",
            &ro(&format!(
                "bash --norc --noprofile {}",
                sb.path("walk.sh").display()
            )),
        ])
        .env_clear()
        .envs(sb.base_env())
        .output()
        .unwrap();
    let o = text(&out.stdout);
    assert!(
        o.contains("in=https://p.example"),
        "{o}\n{}",
        text(&out.stderr)
    );
    assert!(o.contains("out=unset"), "{o}");
}

/// A FIFO, a socket, a directory, a dangling link and a symlink loop named `.goenv.toml`: none is
/// a config, none hangs the prompt, none prints anything; the project above still loads.
#[test]
fn odd_files_named_goenv_toml() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://p.example\"\n");
    sb.allow("p/.goenv.toml");
    for kind in ["fifo", "socket", "dir", "dangling", "loop"] {
        let d = sb.mkdir(&format!("p/{kind}"));
        let f = d.join(".goenv.toml");
        match kind {
            "fifo" => assert!(Command::new("mkfifo").arg(&f).status().unwrap().success()),
            "socket" => {
                std::mem::forget(std::os::unix::net::UnixListener::bind(&f).unwrap());
            }
            "dir" => fs::create_dir(&f).unwrap(),
            "dangling" => std::os::unix::fs::symlink("/nonexistent/goenv", &f).unwrap(),
            _ => std::os::unix::fs::symlink(".goenv.toml", &f).unwrap(),
        }
    }
    for sh in SHELLS {
        let mut steps = Vec::new();
        for kind in ["fifo", "socket", "dir", "dangling", "loop"] {
            steps.push(Cd("p"));
            steps.push(Prompt);
            steps.push(Mark(kind));
            steps.push(Cd(["p/", kind].concat().leak()));
            steps.push(Prompt);
            steps.push(Show("GOPROXY"));
        }
        let r = sb.run(sh, &steps);
        for (i, kind) in ["fifo", "socket", "dir", "dangling", "loop"]
            .iter()
            .enumerate()
        {
            assert_eq!(
                r.shown_str("GOPROXY", i).as_deref(),
                Some("https://p.example"),
                "{sh}/{kind}: still inside p: {}",
                r.stderr
            );
            assert!(
                r.messages_after(kind).is_empty(),
                "{sh}/{kind}: {}",
                r.stderr
            );
        }
    }
    // allow on such a file names it; it never blocks.
    let out = sb.goenvhook(
        &["allow", sb.path("p/fifo/.goenv.toml").to_str().unwrap()],
        &sb.root,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        text(&out.stderr)
    );
}

/// A project 4,000 bytes deep loads and unloads like any other.
#[test]
fn a_config_on_a_4000_byte_path() {
    let sb = Sandbox::new();
    let mut rel = String::from("deep");
    while sb.path(&rel).as_os_str().len() < 3750 {
        rel.push('/');
        rel.push_str(&"d".repeat(200));
    }
    let last = 4000 - "/.goenv.toml".len() - 1 - sb.path(&rel).as_os_str().len();
    rel.push('/');
    rel.push_str(&"e".repeat(last));
    let cfg = sb.write(
        &format!("{rel}/.goenv.toml"),
        "[env]\nGOPROXY = \"https://deep.example\"\n[path]\nprepend = [\"./bin\"]\n",
    );
    assert_eq!(cfg.as_os_str().len(), 4000);
    sb.allow(&format!("{rel}/.goenv.toml"));
    for sh in SHELLS {
        let r = sb.run(
            sh,
            &[
                Cd(&rel),
                Prompt,
                Show("GOPROXY"),
                Cd("/"),
                Prompt,
                Show("GOPROXY"),
                Show("PATH"),
            ],
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://deep.example"),
            "{sh}: {}",
            r.stderr
        );
        assert_eq!(r.shown("GOPROXY", 1), None, "{sh}");
        assert!(!r.shown_str("PATH", 0).unwrap().contains("deep"), "{sh}");
        assert_eq!(
            r.stderr.lines().count(),
            2,
            "{sh}: loaded, unloaded: {}",
            r.stderr
        );
    }
}

/// 50 processes allowing, denying and pruning the same configs at once: every command succeeds,
/// no temporary file is left, and the store answers consistently afterwards.
#[test]
fn fifty_concurrent_allow_deny_prune() {
    let sb = Sandbox::new();
    for i in 0..5 {
        sb.write(
            &format!("p{i}/.goenv.toml"),
            &format!("[env]\nGOPROXY = \"https://{i}.example\"\n"),
        );
    }
    let children: Vec<_> = (0..50)
        .map(|n| {
            let verb = ["allow", "deny", "prune", "allow", "allow"][n % 5];
            let mut c = Command::new(BIN);
            c.arg(verb);
            if verb != "prune" {
                c.arg(sb.path(&format!("p{}/.goenv.toml", n / 5 % 5)));
            }
            c.current_dir(&sb.root)
                .env_clear()
                .envs(sb.base_env())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let names: Vec<String> = fs::read_dir(trust_dir(&sb))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with(".tmp-")), "{names:?}");
    // Afterwards one more allow of each wins, and every config loads.
    for i in 0..5 {
        sb.allow(&format!("p{i}/.goenv.toml"));
        let out = sb.goenvhook(&["export", "json"], &sb.path(&format!("p{i}")));
        assert!(
            text(&out.stdout).contains(&format!("https://{i}.example")),
            "{}",
            text(&out.stdout)
        );
    }
}

/// SIGTERM and SIGINT at random moments of `export`: its stdout is either empty or the complete
/// update (the shell evaluates it whole or not at all).
#[test]
fn signals_in_the_middle_of_export_never_leave_half_an_update() {
    let sb = Sandbox::new();
    let mut cfg = String::from("[env]\n");
    for i in 0..200 {
        cfg.push_str(&format!("V{i} = \"{}\"\n", "v".repeat(100)));
    }
    sb.write("p/.goenv.toml", &cfg);
    sb.allow("p/.goenv.toml");
    let full = sb.goenvhook(&["export", "bash"], &sb.path("p")).stdout;
    assert!(full.len() > 20_000);
    let mut seen_empty = 0;
    let mut seen_full = 0;
    for n in 0..120u64 {
        let child = Command::new(BIN)
            .args(["export", "bash"])
            .current_dir(sb.path("p"))
            .env_clear()
            .envs(sb.base_env())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the signal over the run: from right away to after it is done.
        std::thread::sleep(std::time::Duration::from_micros(n * 37 % 3000));
        let sig = if n % 2 == 0 { "-TERM" } else { "-INT" };
        let _ = Command::new("kill")
            .arg(sig)
            .arg(child.id().to_string())
            .status();
        let out = child.wait_with_output().unwrap();
        if out.stdout.is_empty() {
            seen_empty += 1;
        } else {
            // The same directory always yields byte-identical code, apart from the state's clock.
            assert_eq!(
                strip_time(&out.stdout),
                strip_time(&full),
                "a partial update was printed"
            );
            seen_full += 1;
        }
    }
    assert!(seen_empty + seen_full == 120);
}

fn strip_time(b: &[u8]) -> String {
    let s = text(b);
    let mut out = String::new();
    for part in s.split(" t:") {
        if out.is_empty() {
            out.push_str(part);
        } else {
            out.push_str(" t:#");
            out.push_str(part.trim_start_matches(|c: char| c.is_ascii_digit()));
        }
    }
    out
}

/// SIGTERM at random moments of `allow` and `prune`: the store holds whole records only, and a
/// later allow and prune clean up after the killed ones.
#[test]
fn signals_in_the_middle_of_allow_and_prune_leave_the_store_whole() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://p.example\"\n");
    for n in 0..60u64 {
        let verb = if n % 3 == 0 { "prune" } else { "allow" };
        let mut c = Command::new(BIN);
        c.arg(verb);
        if verb == "allow" {
            c.arg(sb.path("p/.goenv.toml"));
        }
        let child = c
            .current_dir(&sb.root)
            .env_clear()
            .envs(sb.base_env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(n * 53 % 2500));
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let _ = child.wait_with_output();
        // Every record present is whole: it names the config it approves.
        for e in fs::read_dir(trust_dir(&sb)).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("allow-") {
                assert_eq!(
                    fs::read(e.path()).unwrap(),
                    sb.path("p/.goenv.toml").as_os_str().as_encoded_bytes()
                );
            }
        }
    }
    let out = sb.goenvhook(&["prune"], &sb.root);
    assert!(out.status.success());
    sb.allow("p/.goenv.toml");
    let names: Vec<String> = fs::read_dir(trust_dir(&sb))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".tmp-")),
        "prune removed the killed ones' leftovers: {names:?}"
    );
    assert_eq!(names.len(), 1, "{names:?}");
}
