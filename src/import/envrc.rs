//! direnv's `.envrc` → `.goenv.toml`: `export`, `unset`, `PATH_add`, `path_add`, `use go`,
//! `layout go`, `dotenv`, `source_up`, read line by line as direnv's bash would run them (a later
//! `$VAR` sees an earlier `export VAR=`), without running anything. Lines it cannot translate
//! exactly are listed with the reason.
//!
//! This file reads the lines and sends each command to its handler: blocks and logical lines
//! are in `envrc_blocks`, variables in `envrc_vars`, PATH and lists in `envrc_paths`, the rest of
//! direnv's stdlib in `envrc_stdlib`, and the value syntax written in `envrc_values`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::envrc_blocks::{block_kind, logical_line, not_static, Block, Lexed, OPENERS};
use super::envrc_stdlib::untranslated;
use super::lex::{LexError, Piece, Word};
use super::{Draft, Origin};
use crate::go::vars;

pub const FILE: &str = ".envrc";

/// What the `.envrc` has done to a variable so far.
#[derive(Debug, Clone)]
pub(super) enum Var {
    /// Set to this value (pieces after substitution). `list`: built by path_add, so an entry
    /// that expands to nothing is dropped (as direnv's path_add does with an unset variable).
    Set {
        pieces: Vec<Piece>,
        list: bool,
        exported: bool,
        line: usize,
    },
    Unset,
    /// Set by something goenvhook cannot see into (`use go` runs the user's direnvrc).
    Opaque(String),
}

pub(super) struct Envrc<'a> {
    pub(super) dir: &'a Path,
    pub(super) d: &'a mut Draft,
    pub(super) vars: HashMap<String, Var>,
    /// Functions the file defines: calling one is not translated, and a definition of
    /// `use_go` or `PATH_add` means those words no longer mean direnv's.
    pub(super) funcs: HashMap<String, usize>,
    /// PATH was changed by the file (`$PATH` after that means the changed PATH).
    pub(super) path_changed: bool,
    /// The bin directory of a GOROOT set with `export GOROOT=`; goenvhook puts it first itself.
    pub(super) goroot_bin: Option<String>,
}

impl<'a> Envrc<'a> {
    pub(super) fn new(dir: &'a Path, d: &'a mut Draft) -> Envrc<'a> {
        Envrc {
            dir,
            d,
            vars: HashMap::new(),
            funcs: HashMap::new(),
            path_changed: false,
            goroot_bin: None,
        }
    }
}

/// Reads `dir/.envrc` into the draft, if there is one.
pub fn read(dir: &Path, d: &mut Draft) -> Result<()> {
    let path = dir.join(FILE);
    let text = match std::fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
    };
    d.read.push(FILE.to_string());
    let mut e = Envrc::new(dir, d);
    e.run(&text);
    // An assignment that is never exported sets a shell variable only (unless the name was
    // already exported in the user's shell, which the file cannot tell).
    let mut locals: Vec<(usize, String)> = e
        .vars
        .iter()
        .filter_map(|(n, v)| match v {
            Var::Set {
                exported: false,
                line,
                ..
            } => Some((*line, n.clone())),
            _ => None,
        })
        .collect();
    locals.sort();
    for (line, name) in locals {
        e.d.skip(FILE, line, line, &format!("{name}=..."), &format!("{name} is assigned without export: direnv exports it only if your shell already did; write export {name}=... if the project needs it"));
    }
    Ok(())
}

impl Envrc<'_> {
    pub(super) fn run(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        let mut block: Option<Block> = None;
        while i < lines.len() {
            let first = i + 1;
            let (buf, lexed) = logical_line(&lines, &mut i);
            let last = i;
            // Block structure first: everything inside if/case/loops/functions is skipped as one.
            let (delta, opener) = self.structure(&lexed, &buf, first);
            if let Some(open) = block.take() {
                block = self.inside_block(open, delta, last);
                continue;
            }
            if let Some(o) = opener {
                if delta > 0 {
                    block = Some(Block {
                        start: first,
                        kind: block_kind(&o),
                        depth: delta,
                        text: buf,
                    });
                    continue;
                }
                if delta == 0 && OPENERS.contains(&o.as_str()) {
                    self.d
                        .skip(FILE, first, last, &buf, &not_static(block_kind(&o)));
                    continue;
                }
            }
            self.commands(lexed, &buf, first, last);
        }
        if let Some(b) = block {
            self.d.skip(
                FILE,
                b.start,
                lines.len(),
                &b.text,
                &format!("{} is not translated (and is never closed)", b.kind),
            );
        }
    }

    /// The commands of the logical line `buf` (lines `first` to `last`), outside any block; a
    /// line that does not lex, or a command that cannot be translated, is left out.
    fn commands(&mut self, lexed: Lexed, buf: &str, first: usize, last: usize) {
        let cmds = match lexed {
            Ok(c) => c,
            Err(LexError::Unterminated) => {
                self.d
                    .skip(FILE, first, last, buf, "a quote is never closed");
                return;
            }
            Err(LexError::Unsupported(what)) => {
                self.d.skip(
                    FILE,
                    first,
                    last,
                    buf,
                    &format!("{what} is not translated (goenvhook never runs commands)"),
                );
                return;
            }
        };
        for cmd in cmds {
            if let Err(why) = self.command(&cmd, first) {
                let text: Vec<&str> = cmd.iter().map(|w| w.raw.as_str()).collect();
                self.d.skip(FILE, first, last, &text.join(" "), &why);
            }
        }
    }

    pub(super) fn origin(&self, line: usize, note: &str) -> Origin {
        Origin::new(FILE, line, note)
    }

    /// One command: an assignment, or a direnv stdlib command handed to its family's handler.
    fn command(&mut self, cmd: &[Word], line: usize) -> Result<(), String> {
        let args = &cmd[1..];
        // NAME=... as written (not "NA"ME=, not a quoted '=').
        let assignment = matches!(cmd[0].pieces.first(), Some(Piece::Lit(l))
        if l.split_once('=').is_some_and(|(n, _)| {
            vars::valid_name(n) && cmd[0].raw.starts_with(&format!("{n}="))
        }));
        if assignment {
            if !args.is_empty() {
                return Err("an assignment before a command is not translated".into());
            }
            return self.assign(&cmd[0], line, false);
        }
        let Some(name) = cmd[0].literal() else {
            return Err("a command named by a variable is not translated".into());
        };
        if let Some(at) = self.funcs.get(name.as_str()) {
            return Err(format!(
                "calls {name}, a function defined at line {at}; goenvhook does not run functions"
            ));
        }
        match name.as_str() {
            "export" => self.export(args, line),
            "unset" => self.unset(args, line),
            "PATH_add" | "path_add" => self.path_add_command(&name, args, line),
            "use" => self.use_go(args, line),
            "layout" => self.layout(args, line),
            "dotenv" | "dotenv_if_exists" => self.dotenv(&name, args, line),
            "source_up" | "source_up_if_exists" => self.source_up(&name, args, line),
            other => Err(untranslated(other)),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::import::EnvVal;

    pub(crate) fn import(envrc: &str) -> Draft {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join(".envrc"), envrc).unwrap();
        std::fs::write(
            t.path().join(".env"),
            "DA=1\nDB=\"x $DA ${HOME} $A\"\nDC='$DA'\n",
        )
        .unwrap();
        let mut d = Draft::default();
        read(t.path(), &mut d).unwrap();
        d
    }

    pub(crate) fn env(d: &Draft, name: &str) -> EnvVal {
        d.env
            .iter()
            .find(|e| e.0 == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", d.env))
            .1
            .clone()
    }

    pub(crate) fn s(v: &str) -> EnvVal {
        EnvVal::Str(v.into())
    }

    #[test]
    fn forms() {
        let d = import(
            r#"export A=1 B='x $y' C="pre ${A}-$HOME \$ \\"
export GOPATH=~/go
unset GOFLAGS
X=local
export X
export D=$X/$NOPE/${NOPE:-def}
PATH_add bin ./tools/../scripts
export PATH=$PWD/node:$PATH:/opt/x
path_add MANPATH share/man
layout go
use golang 1.22.3
dotenv
source_up
"#,
        );
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        assert_eq!(env(&d, "C"), s("pre 1-${HOME} $$ \\"));
        assert_eq!(
            env(&d, "GOPATH"),
            EnvVal::List(vec!["./.direnv/go".into(), "${HOME}/go".into()])
        );
        assert_eq!(env(&d, "GOFLAGS"), EnvVal::Unset);
        assert_eq!(env(&d, "D"), s("local/${NOPE}/${NOPE:-def}"));
        assert_eq!(
            env(&d, "MANPATH"),
            EnvVal::List(vec!["./share/man".into(), "${MANPATH}".into()])
        );
        assert_eq!(env(&d, "X"), s("local"));
        let pre: Vec<&str> = d.prepend.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(pre, ["./.direnv/go/bin", "./node", "./bin", "./scripts"]);
        assert_eq!(d.append[0].0, "/opt/x");
        assert_eq!(d.go.as_ref().unwrap().0, "1.22.3");
        assert!(d.inherit.is_some());
    }

    #[test]
    fn functions_and_overridden_stdlib() {
        let d = import(
            "function use_go {\n  export GOROOT=/opt/go/$1\n}\nuse go 1.22\nPATH_add() { :; }\nPATH_add bin\nexport OK=1\n",
        );
        let lines: Vec<(usize, usize)> = d.skipped.iter().map(|s| (s.first, s.last)).collect();
        assert_eq!(lines, [(1, 3), (4, 4), (5, 5), (6, 6)], "{:#?}", d.skipped);
        assert!(
            d.skipped[1].why.contains("use_go is defined"),
            "{:?}",
            d.skipped[1]
        );
        assert!(
            d.skipped[3].why.contains("defined at line 5"),
            "{:?}",
            d.skipped[3]
        );
        assert!(d.go.is_none() && d.prepend.is_empty());
        assert_eq!(env(&d, "OK"), s("1"));
    }

    #[test]
    fn not_imported() {
        let d = import(
            r#"export A=$(git rev-parse --show-toplevel)
if [ -f local.sh ]; then
  export B=1
fi
has go && export C=1
my_fn() {
  export D=1
}
my_fn
nvm use 18
export E='./x'
export F="$PWD/a:$PWD/b"
export GOFLAGS="-modfile=$PWD/go.dev.mod"
LOCAL=1
export PATH=bin:$PATH
"#,
        );
        let lines: Vec<(usize, usize)> = d.skipped.iter().map(|s| (s.first, s.last)).collect();
        assert_eq!(
            lines,
            [
                (1, 1),
                (2, 4),
                (5, 5),
                (6, 8),
                (9, 9),
                (10, 10),
                (11, 11),
                (12, 12),
                (13, 13),
                (15, 15),
                (14, 14)
            ],
            "{:#?}",
            d.skipped
        );
        assert!(d.skipped[0].why.contains("command substitution"));
        assert!(d.skipped[1].why.contains("conditional"));
        assert!(d.skipped[3].why.contains("function"));
        assert!(d.skipped[4].why.contains("defined at line 6"));
        assert!(
            d.skipped[7].why.contains("$PWD inside"),
            "{:?}",
            d.skipped[7]
        );
        assert!(d.skipped[9].why.contains("relative"), "{:?}", d.skipped[9]);
        assert!(d.env.is_empty(), "{:?}", d.env);
    }
}
