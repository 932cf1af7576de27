//! All shell syntax: the init snippets (real files under shell/, embedded) and the code `export`
//! prints, with quoting per shell. bash and zsh share POSIX single quotes; fish has its own rules.
//! No I/O.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Json,
}

impl Shell {
    pub fn parse(name: &str) -> Option<Shell> {
        match name {
            "bash" => Some(Shell::Bash),
            "zsh" => Some(Shell::Zsh),
            "fish" => Some(Shell::Fish),
            "json" => Some(Shell::Json),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Json => "json",
        }
    }
}

const BASH: &str = include_str!("../shell/goenvhook.bash");
const ZSH: &str = include_str!("../shell/goenvhook.zsh");
const FISH: &str = include_str!("../shell/goenvhook.fish");

/// The line that installs the hook, and the rc file it goes in, for a shell named by `$SHELL`'s
/// last component (bash when it is none of the three). Guarded, so a shell started before
/// goenvhook is on PATH starts quietly; scripts/install.sh writes the same lines.
pub fn rc_line(shell_name: &str) -> (&'static str, &'static str) {
    match shell_name {
        "zsh" => (
            "~/.zshrc",
            "command -v goenvhook >/dev/null && eval \"$(goenvhook init zsh)\"",
        ),
        "fish" => (
            "~/.config/fish/config.fish",
            "command -q goenvhook; and goenvhook init fish | source",
        ),
        _ => (
            "~/.bashrc",
            "command -v goenvhook >/dev/null && eval \"$(goenvhook init bash)\"",
        ),
    }
}

/// The init snippet with the binary's path filled in, quoted for that shell, and the
/// subcommands for zsh's fallback completion (names of letters only: no quoting needed).
pub fn snippet(shell: Shell, self_path: &[u8], subcommands: &[&str]) -> Option<String> {
    let (text, quoted) = match shell {
        Shell::Bash => (BASH, quote_posix(self_path)),
        Shell::Zsh => (ZSH, quote_posix(self_path)),
        Shell::Fish => (FISH, quote_fish(self_path)),
        Shell::Json => return None,
    };
    let text = text.replace("@SELF@", &String::from_utf8_lossy(&quoted));
    Some(text.replace("@SUBCOMMANDS@", &subcommands.join(" ")))
}

/// `'...'` with each `'` written as `'\''`. Every other byte, newlines and invalid UTF-8
/// included, is literal inside single quotes in bash and zsh.
pub fn quote_posix(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() + 2);
    quote_posix_into(v, &mut out);
    out
}

/// `quote_posix`, appended to `out`: a long PATH is quoted straight into the output, not copied
/// once more (each fresh 4 KiB page is a page fault, and they were most of a load under a
/// 2,000-entry PATH).
pub fn quote_posix_into(v: &[u8], out: &mut Vec<u8>) {
    out.push(b'\'');
    // Whole runs between quotes are copied at once: values can be 100 KB, PATH thousands of
    // entries. The common case has no quote at all; a fold without an early exit is compiled to
    // vector compares (`contains` on bytes, eight at a time, was a tenth of a load under a
    // 2,000-entry PATH, callgrind).
    if !v.iter().fold(false, |quote, b| quote | (*b == b'\'')) {
        out.extend_from_slice(v);
        out.push(b'\'');
        return;
    }
    for (i, run) in v.split(|b| *b == b'\'').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"'\\''");
        }
        out.extend_from_slice(run);
    }
    out.push(b'\'');
}

/// fish: inside single quotes only `\\` and `\'` are escapes, so a trailing backslash must be
/// doubled (POSIX quoting would swallow the closing quote). Control characters and bytes that are
/// not valid UTF-8 are written outside the quotes as `\xHH`, which fish reads as that raw byte.
pub fn quote_fish(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() + 2);
    let mut open = false;
    let mut rest = v;
    let push_quoted = |out: &mut Vec<u8>, open: &mut bool, bytes: &[u8]| {
        if !*open {
            out.push(b'\'');
            *open = true;
        }
        for &b in bytes {
            if b == b'\\' || b == b'\'' {
                out.push(b'\\');
            }
            out.push(b);
        }
    };
    while !rest.is_empty() {
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (good, tail) = rest.split_at(e.valid_up_to());
                let n = e.error_len().unwrap_or(tail.len());
                (std::str::from_utf8(good).unwrap_or(""), &tail[..n])
            }
        };
        for ch in valid.chars() {
            if ch.is_control() && (ch as u32) < 0x80 {
                if open {
                    out.push(b'\'');
                    open = false;
                }
                out.extend(format!("\\x{:02x}", ch as u32).as_bytes());
            } else {
                let mut buf = [0u8; 4];
                push_quoted(&mut out, &mut open, ch.encode_utf8(&mut buf).as_bytes());
            }
        }
        if !bad.is_empty() {
            if open {
                out.push(b'\'');
                open = false;
            }
            for b in bad {
                out.extend(format!("\\x{b:02x}").as_bytes());
            }
        }
        rest = &rest[valid.len() + bad.len()..];
    }
    if open {
        out.push(b'\'');
    } else if out.is_empty() {
        out.extend_from_slice(b"''");
    }
    out
}

/// The guard's definition for the shell (`crate::guard`): a function of builtins that succeeds
/// only while everything the guard names still holds. None: a guard that always fails, so the
/// next prompt runs goenvhook (the state is racy, or the fast path is off). JSON has no guard.
pub fn render_guard(shell: Shell, g: Option<&crate::guard::Guard>) -> Vec<u8> {
    match shell {
        Shell::Bash | Shell::Zsh => posix_guard(g),
        Shell::Fish => fish_guard(g),
        Shell::Json => Vec::new(),
    }
}

fn posix_guard(g: Option<&crate::guard::Guard>) -> Vec<u8> {
    let mut out = b"_goenvhook_guard() {\n".to_vec();
    let Some(g) = g else {
        out.extend_from_slice(b"  return 1\n}\n");
        return out;
    };
    let q = |v: &[u8], out: &mut Vec<u8>| quote_posix_into(v, out);
    out.extend_from_slice(b"  [[ $PWD == ");
    q(g.pwd.as_bytes(), &mut out);
    match &g.state {
        Some(s) => {
            out.extend_from_slice(b" && -n ${GOENVHOOK_STATE+x} && ${GOENVHOOK_STATE-} == ");
            q(s.as_bytes(), &mut out);
        }
        None => out.extend_from_slice(b" && -z ${GOENVHOOK_STATE+x}"),
    }
    out.extend_from_slice(b" && -d ");
    q(g.pwd.as_bytes(), &mut out);
    out.extend_from_slice(b" ]] || return 1\n");
    for (path, present) in &g.files {
        out.extend_from_slice(if *present { b"  [[ -f " } else { b"  [[ ! -f " });
        q(path.as_os_str().as_bytes(), &mut out);
        out.extend_from_slice(b" ]] || return 1\n");
    }
    if let Some(r) = &g.reference {
        out.extend_from_slice(b"  [[ -e ");
        q(r.as_os_str().as_bytes(), &mut out);
        out.extend_from_slice(b" ]] || return 1\n");
        for w in &g.watched {
            out.extend_from_slice(b"  [[ ");
            q(w.as_os_str().as_bytes(), &mut out);
            out.extend_from_slice(b" -nt ");
            q(r.as_os_str().as_bytes(), &mut out);
            out.extend_from_slice(b" ]] && return 1\n");
        }
    }
    out.extend_from_slice(b"  return 0\n}\n");
    out
}

fn fish_guard(g: Option<&crate::guard::Guard>) -> Vec<u8> {
    let mut out = b"function __goenvhook_guard\n".to_vec();
    let Some(g) = g else {
        out.extend_from_slice(b"    return 1\nend\n");
        return out;
    };
    let line = |out: &mut Vec<u8>, parts: &[&[u8]]| {
        out.extend_from_slice(b"    ");
        for p in parts {
            out.extend_from_slice(p);
        }
        out.push(b'\n');
    };
    let pwd = quote_fish(g.pwd.as_bytes());
    line(&mut out, &[b"test \"$PWD\" = ", &pwd, b"; or return 1"]);
    match &g.state {
        Some(s) => line(
            &mut out,
            &[
                b"set -q GOENVHOOK_STATE; and test \"$GOENVHOOK_STATE\" = ",
                &quote_fish(s.as_bytes()),
                b"; or return 1",
            ],
        ),
        None => line(&mut out, &[b"set -q GOENVHOOK_STATE; and return 1"]),
    }
    line(&mut out, &[b"test -d ", &pwd, b"; or return 1"]);
    for (path, present) in &g.files {
        let p = quote_fish(path.as_os_str().as_bytes());
        let test: &[u8] = if *present {
            b"test -f "
        } else {
            b"not test -f "
        };
        line(&mut out, &[test, &p, b"; or return 1"]);
    }
    if let Some(r) = &g.reference {
        let r = quote_fish(r.as_os_str().as_bytes());
        line(&mut out, &[b"test -e ", &r, b"; or return 1"]);
        for w in &g.watched {
            let w = quote_fish(w.as_os_str().as_bytes());
            line(&mut out, &[b"test ", &w, b" -nt ", &r, b"; and return 1"]);
        }
    }
    out.extend_from_slice(b"    return 0\nend\n");
    out
}

/// The names among `changes` whose name or value is not UTF-8, which JSON output cannot carry
/// byte for byte.
pub fn lossy_in_json(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter(|(n, v)| n.to_str().is_none() || v.as_ref().is_some_and(|v| v.to_str().is_none()))
        .map(|(n, _)| n.to_string_lossy().into_owned())
        .collect()
}

/// One change: set the variable to a value, or unset it.
pub type Change = (OsString, Option<OsString>);

/// The code for a list of changes, as one piece. bash/zsh and fish output is wrapped in one
/// block, so a truncated output is a syntax error as a whole rather than half applied.
/// An empty list renders as nothing at all (JSON: `{}`).
///
/// Names are written unquoted, so a change whose name is not a variable name
/// (`crate::env::is_name`) is left out, wherever it came from: the config and state readers
/// refuse such names already, and this is the last line.
pub fn render(shell: Shell, changes: &[Change]) -> Vec<u8> {
    if changes
        .iter()
        .any(|(n, _)| !crate::env::is_name(n.as_bytes()))
    {
        let named: Vec<Change> = changes
            .iter()
            .filter(|(n, _)| crate::env::is_name(n.as_bytes()))
            .cloned()
            .collect();
        return render(shell, &named);
    }
    let size: usize = changes
        .iter()
        .map(|(n, v)| n.len() + v.as_ref().map_or(0, |v| v.len() + v.len() / 8) + 16)
        .sum();
    let mut out = Vec::with_capacity(size + 16);
    if shell == Shell::Json {
        // JSON strings are Unicode: bytes that are not UTF-8 arrive as U+FFFD (`export` says so
        // on stderr, see `lossy_in_json`).
        let text = |v: &OsString| v.to_string_lossy().into_owned();
        let map: serde_json::Map<String, serde_json::Value> = changes
            .iter()
            .map(|(n, v)| {
                (
                    text(n),
                    v.as_ref()
                        .map_or(serde_json::Value::Null, |v| text(v).into()),
                )
            })
            .collect();
        out.extend(serde_json::Value::Object(map).to_string().into_bytes());
        out.push(b'\n');
        return out;
    }
    if changes.is_empty() {
        return out;
    }
    let fish = shell == Shell::Fish;
    out.extend_from_slice(if fish { b"begin\n" } else { b"{\n" });
    for (name, value) in changes {
        let n = name.as_bytes();
        match (fish, value) {
            (false, Some(v)) => {
                out.extend_from_slice(b"export ");
                out.extend_from_slice(n);
                out.push(b'=');
                quote_posix_into(v.as_bytes(), &mut out);
            }
            (false, None) => {
                out.extend_from_slice(b"unset ");
                out.extend_from_slice(n);
            }
            (true, Some(v)) => {
                out.extend_from_slice(b"set -gx ");
                out.extend_from_slice(n);
                // fish keeps *PATH variables as lists and joins them with ':' on export.
                if n.ends_with(b"PATH") {
                    if !v.is_empty() {
                        for part in v.as_bytes().split(|b| *b == b':') {
                            out.push(b' ');
                            out.extend(quote_fish(part));
                        }
                    }
                } else {
                    out.push(b' ');
                    out.extend(quote_fish(v.as_bytes()));
                }
            }
            (true, None) => {
                out.extend_from_slice(b"set -eg ");
                out.extend_from_slice(n);
            }
        }
        out.push(b'\n');
    }
    out.extend_from_slice(if fish { b"end\n" } else { b"}\n" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_quotes() {
        assert_eq!(quote_posix(b"it's"), b"'it'\\''s'");
        assert_eq!(quote_posix(b""), b"''");
    }

    #[test]
    fn fish_quotes() {
        assert_eq!(quote_fish(b"a\\"), b"'a\\\\'");
        assert_eq!(quote_fish(b"it's"), b"'it\\'s'");
        assert_eq!(quote_fish(b""), b"''");
        assert_eq!(quote_fish(b"a\nb"), b"'a'\\x0a'b'");
        assert_eq!(quote_fish(b"\xffz"), b"\\xff'z'");
        assert_eq!(quote_fish("é$".as_bytes()), "'é$'".as_bytes());
    }

    #[test]
    fn render_shapes() {
        let ch = vec![("A".into(), Some("x y".into())), ("B".into(), None)];
        assert_eq!(render(Shell::Bash, &ch), b"{\nexport A='x y'\nunset B\n}\n");
        assert_eq!(
            render(Shell::Fish, &ch),
            b"begin\nset -gx A 'x y'\nset -eg B\nend\n"
        );
        assert_eq!(render(Shell::Json, &ch), b"{\"A\":\"x y\",\"B\":null}\n");
        assert!(render(Shell::Zsh, &[]).is_empty());
    }

    #[test]
    fn a_name_that_is_not_a_variable_name_is_never_printed() {
        for bad in [
            "X;touch /tmp/pw;Y",
            "",
            "1A",
            "A B",
            "A\nB",
            "$(id)",
            "A=B",
            "é",
        ] {
            let ch = vec![
                (OsString::from(bad), Some("v".into())),
                ("OK".into(), Some("1".into())),
                (OsString::from(bad), None),
            ];
            for sh in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Json] {
                let out = render(sh, &ch);
                let want = render(sh, &[("OK".into(), Some("1".into()))]);
                assert_eq!(out, want, "{sh:?} {bad:?}");
            }
        }
    }
}
