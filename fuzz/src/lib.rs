//! The bodies of goenvhook's fuzz targets, one function per target. The targets in
//! fuzz_targets/ call them under libFuzzer, and tests/fuzz_corpus.rs includes this very file
//! (`#[path]`) to replay the committed corpus in the normal `cargo test`, so both run the same code.
//! Each body must not panic, hang or allocate without bound on any input; the assertions are the
//! properties that must hold for every input.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use goenvhook::config::{self, Ctx, EnvEntry, Value};
use goenvhook::env::{self, Env};
use goenvhook::go::gomod::mod_lines;
use goenvhook::go::select::{choose, GoSpec};
use goenvhook::go::vars;
use goenvhook::plan;
use goenvhook::shell::{self, Change, Shell};
use goenvhook::state::State;

/// The environment outside the project that expansions read in the config target.
fn outside() -> Env {
    let mut e = Env::new();
    for (k, v) in [
        ("HOME", "/home/u"),
        ("GOFLAGS", "-mod=mod"),
        ("GOPATH", "/home/u/go"),
        ("EMPTY", ""),
    ] {
        e.insert(k.into(), v.into());
    }
    e
}

/// `config::parse` on any bytes, then what a prompt does with a config that parsed: every value
/// expanded (`Ctx::value`), checked by Go's grammar once resolved, and every `[path]` entry
/// expanded as a directory.
pub fn config(data: &[u8]) {
    let Ok(cfg) = config::parse(Path::new("/proj/sub/.goenv.toml"), data) else {
        return;
    };
    let env = outside();
    let ctx = Ctx {
        outside: &env,
        dir: &cfg.dir,
    };
    for e in &cfg.env {
        if let Ok(Some(v)) = ctx.value(e) {
            if let Some(v) = v.to_str() {
                let _ = vars::check(&e.name, v, true);
            }
        }
    }
    for p in cfg.prepend.iter().chain(&cfg.append) {
        let _ = ctx.expand_dir(p);
    }
}

/// The `${...}` expander on strings no parser vetted. The input is split on NUL: the value to
/// expand, then `NAME=value` lines (the outside environment), then the config's directory, then
/// list items; the value is expanded plainly, as a directory, and as a string and a list entry of
/// a plain, a `,`-list, a `:`-list and the GOFLAGS variable.
pub fn expand(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let raw = parts.next().unwrap_or("");
    let mut env = Env::new();
    for line in parts.next().unwrap_or("").lines() {
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        env.insert(k.into(), v.into());
    }
    let dir = match parts.next() {
        Some(d) if !d.is_empty() => d,
        _ => "/proj",
    };
    let mut items: Vec<String> = parts.map(str::to_string).collect();
    items.push(raw.to_string());
    let ctx = Ctx {
        outside: &env,
        dir: Path::new(dir),
    };
    let plain = ctx.expand(raw);
    let _ = ctx.expand_dir(raw);
    // Text that has no `$` and no `~/`, `./`, `../` prefix is taken as written.
    if !raw.contains('$') && !["~/", "./", "../"].iter().any(|p| raw.starts_with(p)) {
        assert_eq!(plain.as_bytes(), raw.as_bytes());
    }
    for name in ["X", "GOPROXY", "GOPATH", "GOFLAGS"] {
        for value in [Value::Str(raw.to_string()), Value::List(items.clone())] {
            let entry = EnvEntry {
                name: name.into(),
                value,
                line: 1,
                col: 1,
            };
            let _ = ctx.value(&entry);
        }
    }
}

/// `State::decode` on any bytes. A state that decodes encodes to a state that decodes to the same
/// thing, and encoding is canonical. Then what a prompt does with a decoded state: the racy test,
/// and undoing its PATH edit on a PATH made of the entries it names.
pub fn state(data: &[u8]) {
    let Ok(s) = State::decode(OsStr::from_bytes(data)) else {
        return;
    };
    let enc = s.encode();
    let again = State::decode(&enc).expect("an encoded state decodes");
    assert_eq!(again, s, "decode(encode(s)) == s");
    assert_eq!(again.encode(), enc, "encoding is canonical");
    let _ = s.is_racy();
    let _ = s.is_empty();
    let path: Vec<&[u8]> = s
        .path
        .added
        .iter()
        .chain(s.path.moved.iter().map(|m| &m.entry))
        .map(|e| e.as_bytes())
        .collect();
    let _ = env::join_list(&env::revert_list(&path, &s.path));
    // What the hook prints for this state when it restores the outside environment: only
    // assignments of literal values to variable names, in every shell, whatever the state holds
    // (anything that starts a shell can set this variable).
    let outside = outside();
    let (restored, _) = plan::revert(&outside, Some(&s));
    let changes: Vec<Change> = restored.over.into_iter().collect();
    for sh in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let code = shell::render(sh, &changes);
        if let Err(why) = only_assignments(sh, &code) {
            panic!(
                "{sh:?} code for a decoded state {why}:\n{}",
                String::from_utf8_lossy(&code)
            );
        }
    }
}

/// Checks that `code` (the renderer's output) is one block of `export NAME=<single-quoted>` /
/// `unset NAME` lines (bash, zsh) or `set -gx NAME <quoted>...` / `set -eg NAME` lines (fish),
/// each NAME a variable name: nothing a shell could run or expand.
pub fn only_assignments(sh: Shell, code: &[u8]) -> Result<(), String> {
    if code.is_empty() {
        return Ok(());
    }
    let fish = sh == Shell::Fish;
    let (open, close): (&[u8], &[u8]) = if fish {
        (b"begin\n", b"end\n")
    } else {
        (b"{\n", b"}\n")
    };
    let mut rest = code
        .strip_prefix(open)
        .and_then(|r| r.strip_suffix(close))
        .ok_or("is not one block")?;
    // The name after a keyword, up to a space or the end of the line.
    let name = |r: &[u8]| -> Result<usize, String> {
        let n = r
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        let n = n.unwrap_or(r.len());
        if env::is_name(&r[..n]) {
            Ok(n)
        } else {
            Err(format!("names {:?}", String::from_utf8_lossy(&r[..n])))
        }
    };
    // One single-quoted piece: posix has no escapes inside, fish has \\ and \'.
    let quoted = |r: &[u8]| -> Result<usize, String> {
        let mut i = 1;
        loop {
            match r.get(i) {
                None => return Err("has an unterminated quote".into()),
                Some(b'\'') => return Ok(i + 1),
                Some(b'\\') if fish => i += 2,
                Some(_) => i += 1,
            }
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix(if fish { &b"set -eg "[..] } else { b"unset " }) {
            rest = &r[name(r)?..];
        } else if let Some(r) = rest.strip_prefix(if fish { &b"set -gx "[..] } else { b"export " })
        {
            rest = &r[name(r)?..];
            if fish {
                // Words: quoted pieces and \xHH bytes, glued together, each word after a space.
                while let Some(r) = rest.strip_prefix(b" ") {
                    rest = r;
                    let mut any = false;
                    loop {
                        if rest.first() == Some(&b'\'') {
                            rest = &rest[quoted(rest)?..];
                        } else if rest.starts_with(b"\\x")
                            && rest.len() >= 4
                            && rest[2..4].iter().all(u8::is_ascii_hexdigit)
                        {
                            rest = &rest[4..];
                        } else {
                            break;
                        }
                        any = true;
                    }
                    if !any {
                        return Err("has a word that is not quoted".into());
                    }
                }
            } else {
                rest = rest.strip_prefix(b"=").ok_or("has an export without =")?;
                loop {
                    if rest.first() != Some(&b'\'') {
                        return Err("has a value that is not quoted".into());
                    }
                    rest = &rest[quoted(rest)?..];
                    match rest.strip_prefix(b"\\'") {
                        // `'\''`: a quote between two quoted runs; the next run follows.
                        Some(r) if r.first() == Some(&b'\'') => rest = r,
                        _ => break,
                    }
                }
            }
        } else {
            return Err(format!(
                "has a line that is not an assignment: {:?}",
                String::from_utf8_lossy(&rest[..rest.len().min(40)])
            ));
        }
        rest = rest
            .strip_prefix(b"\n")
            .ok_or("has more after an assignment")?;
    }
    Ok(())
}

/// The go.mod reader: `mod_lines` on the text, then `go = "go.mod"` resolved against it with no
/// SDK installed. `dir` is an empty directory of the caller's; its go.mod is overwritten.
pub fn gomod(dir: &Path, data: &[u8]) {
    let _ = mod_lines(&String::from_utf8_lossy(data));
    std::fs::write(dir.join("go.mod"), data).expect("write go.mod");
    let home = OsString::from("/home/u");
    let _ = choose(&GoSpec::GoMod, dir, Some(&home), &[]);
}
