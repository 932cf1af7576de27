//! The timer behind `scripts/bench.sh`: runs every case once per round, in an order shuffled
//! each round, so the drift of a shared machine falls on every case alike. (hyperfine times each
//! command's runs as one block; rotating the blocks still left 8% between two scenarios doing
//! the same work in one run of the benchmark. A rotation of single runs is not enough either:
//! it put one command right after direnv, a Go program whose run slows the start after it, in
//! three rounds out of four.) The shuffle has a fixed seed, so runs are repeatable. Processes
//! are started with posix_spawn from argument and environment arrays built once, as hyperfine
//! does, so a case with 2,000 variables pays for them in its exec, not in this runner.
//!
//!   interleave OUT.json ROUNDS WARMUP CASE [,, CASE]...
//!   CASE: [name=NAME] [cd=DIR] [envfile=FILE] [VAR=VALUE]... [-VAR]... /ABSOLUTE/PROGRAM ARG...
//!
//! A case starts from this runner's environment; `envfile` adds its `VAR=VALUE` lines, then
//! `VAR=VALUE` sets and `-VAR` removes. Writes `{"cases": [{"name", "median", "times"}]}` (seconds).

use std::ffi::{CString, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::time::Instant;

use nix::libc;

struct Case {
    name: String,
    dir: Option<CString>,
    argv: Vec<CString>,
    envp: Vec<CString>,
}

fn cstring(bytes: Vec<u8>) -> CString {
    CString::new(bytes).expect("no NUL in an argument or variable")
}

fn parse(words: &[OsString]) -> Case {
    let mut env: Vec<(Vec<u8>, Vec<u8>)> = std::env::vars_os()
        .map(|(k, v)| (k.into_vec(), v.into_vec()))
        .collect();
    let mut set = |k: &[u8], v: Option<&[u8]>| {
        env.retain(|(name, _)| name != k);
        if let Some(v) = v {
            env.push((k.to_vec(), v.to_vec()));
        }
    };
    let (mut name, mut dir) = (None, None);
    let mut rest = words;
    while let Some((w, tail)) = rest.split_first() {
        let w = w.as_bytes();
        if w.starts_with(b"/") {
            break;
        }
        rest = tail;
        let split = w
            .iter()
            .position(|b| *b == b'=')
            .map(|i| (&w[..i], &w[i + 1..]));
        match split {
            Some((b"name", v)) => name = Some(String::from_utf8_lossy(v).into_owned()),
            Some((b"cd", v)) => dir = Some(cstring(v.to_vec())),
            Some((b"envfile", v)) => {
                let text = std::fs::read(std::ffi::OsStr::from_bytes(v)).expect("envfile");
                for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                    let i = line.iter().position(|b| *b == b'=').expect("VAR=VALUE");
                    set(&line[..i], Some(&line[i + 1..]));
                }
            }
            Some((k, v)) => set(k, Some(v)),
            None => set(w.strip_prefix(b"-").expect("-VAR"), None),
        }
    }
    assert!(!rest.is_empty(), "a case needs an absolute program path");
    let argv: Vec<CString> = rest
        .iter()
        .map(|a| cstring(a.as_bytes().to_vec()))
        .collect();
    let name = name.unwrap_or_else(|| {
        let words: Vec<String> = rest
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        words.join(" ")
    });
    let envp = env
        .into_iter()
        .map(|(mut k, v)| {
            k.push(b'=');
            k.extend(v);
            cstring(k)
        })
        .collect();
    Case {
        name,
        dir,
        argv,
        envp,
    }
}

/// One run of `case`, from the spawn to the end of the wait, in seconds.
fn run(case: &Case) -> f64 {
    let ptrs = |v: &[CString]| -> Vec<*mut libc::c_char> {
        v.iter()
            .map(|c| c.as_ptr().cast_mut())
            .chain([std::ptr::null_mut()])
            .collect()
    };
    let (argv, envp) = (ptrs(&case.argv), ptrs(&case.envp));
    let start = Instant::now();
    // SAFETY: the arrays are NUL-terminated arrays of pointers into CStrings that outlive the
    // call; the file actions are initialised before use and destroyed after it.
    unsafe {
        let mut actions: libc::posix_spawn_file_actions_t = std::mem::zeroed();
        libc::posix_spawn_file_actions_init(&mut actions);
        let null = c"/dev/null";
        for fd in [1, 2] {
            libc::posix_spawn_file_actions_addopen(
                &mut actions,
                fd,
                null.as_ptr(),
                libc::O_WRONLY,
                0,
            );
        }
        if let Some(dir) = &case.dir {
            libc::posix_spawn_file_actions_addchdir_np(&mut actions, dir.as_ptr());
        }
        let mut pid = 0;
        let rc = libc::posix_spawn(
            &mut pid,
            argv[0],
            &actions,
            std::ptr::null(),
            argv.as_ptr(),
            envp.as_ptr(),
        );
        libc::posix_spawn_file_actions_destroy(&mut actions);
        assert_eq!(rc, 0, "could not start {}", case.name);
        let mut status = 0;
        assert_eq!(libc::waitpid(pid, &mut status, 0), pid);
        assert!(libc::WIFEXITED(status), "{} ended by a signal", case.name);
    }
    start.elapsed().as_secs_f64()
}

fn main() {
    // `cargo bench` adds `--bench`.
    let args: Vec<OsString> = std::env::args_os()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [out, rounds, warmup, cases @ ..] = args.as_slice() else {
        panic!("usage: interleave OUT.json ROUNDS WARMUP CASE [,, CASE]...");
    };
    let number =
        |s: &OsString| -> usize { s.to_str().and_then(|s| s.parse().ok()).expect("a number") };
    let (rounds, warmup) = (number(rounds), number(warmup));
    let cases: Vec<Case> = cases.split(|w| w == ",,").map(parse).collect();
    let mut times = vec![Vec::with_capacity(rounds); cases.len()];
    let mut order: Vec<usize> = (0..cases.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..warmup + rounds {
        // Fisher-Yates with xorshift64: good enough to spread who follows whom.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let t = run(&cases[k]);
            if round >= warmup {
                times[k].push(t);
            }
        }
    }
    let report: Vec<serde_json::Value> = cases
        .iter()
        .zip(times)
        .map(|(case, mut t)| {
            t.sort_by(f64::total_cmp);
            serde_json::json!({"name": case.name, "median": t[t.len() / 2], "times": t})
        })
        .collect();
    let text = serde_json::json!({ "cases": report }).to_string();
    std::fs::write(out, text).expect("write the report");
}
