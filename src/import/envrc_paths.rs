//! Directories on PATH and other ':'-lists in an `.envrc`: `PATH_add`, `path_add VAR`,
//! `export PATH=dir:$PATH`, and direnv's `expand_path` that makes each directory absolute.

use std::path::{Component, Path};

use super::envrc::{Envrc, Var};
use super::envrc_values::{is_pwd, literal, pwd, render, split_entries};
use super::lex::{Piece, Word};
use super::Origin;
use crate::go::vars::{self, Join};

impl Envrc<'_> {
    /// `PATH_add dirs...` and `path_add VAR dirs...`.
    pub(super) fn path_add_command(
        &mut self,
        name: &str,
        args: &[Word],
        line: usize,
    ) -> Result<(), String> {
        if name == "PATH_add" {
            if args.is_empty() {
                return Err("PATH_add without a directory".into());
            }
            return self.path_add("PATH", args, line, "PATH_add");
        }
        let var = args
            .first()
            .and_then(Word::literal)
            .filter(|v| vars::valid_name(v))
            .ok_or("path_add needs a variable name and a directory")?;
        if args.len() < 2 {
            return Err("path_add without a directory".into());
        }
        self.path_add(&var, &args[1..], line, &format!("path_add {var}"))
    }

    /// direnv's `path_add VAR dirs...`: each directory made absolute (relative to the `.envrc`,
    /// lexically normalised), put in front of VAR in the order given.
    pub(super) fn path_add(
        &mut self,
        var: &str,
        dirs: &[Word],
        line: usize,
        note: &str,
    ) -> Result<(), String> {
        let mut entries: Vec<Vec<Piece>> = Vec::new();
        for w in dirs {
            if w.glob {
                return Err("a glob is not translated".into());
            }
            entries.push(expand_path(&self.subst(&w.pieces)?)?);
        }
        if var == "PATH" {
            let mut rendered = Vec::new();
            for e in &entries {
                let s = render(e, true)?;
                if self.goroot_bin.as_deref() == Some(s.as_str()) {
                    // go = <GOROOT> already puts it first.
                    continue;
                }
                rendered.push((s, self.origin(line, note)));
            }
            self.prepend_path(rendered);
            return Ok(());
        }
        self.prepend_list(var, entries, self.origin(line, note))
    }

    /// Puts entries in front of the PATH entries so far (which a later `$PATH` cannot see).
    fn prepend_path(&mut self, mut entries: Vec<(String, Origin)>) {
        self.path_changed = true;
        entries.append(&mut self.d.prepend);
        self.d.prepend = entries;
    }

    /// `path_add` of a variable other than PATH: the entries, then what it held before.
    fn prepend_list(
        &mut self,
        var: &str,
        entries: Vec<Vec<Piece>>,
        origin: Origin,
    ) -> Result<(), String> {
        if vars::join_for(var) != Some(Join::Sep(b':')) {
            return Err(format!(
                "{var} is not a list goenvhook joins with ':' (names ending in PATH are)"
            ));
        }
        let old = match self.vars.get(var) {
            Some(Var::Set { pieces, .. }) => pieces.clone(),
            Some(Var::Unset) => Vec::new(),
            Some(Var::Opaque(what)) => return Err(format!("{var} is {what}")),
            None => vec![Piece::Var {
                name: var.into(),
                default: None,
            }],
        };
        let mut pieces = Vec::new();
        for e in entries {
            if !pieces.is_empty() {
                pieces.push(Piece::Lit(":".into()));
            }
            pieces.extend(e);
        }
        if !old.is_empty() {
            pieces.push(Piece::Lit(":".into()));
            pieces.extend(old);
        }
        self.set_var(var, pieces, true, true, origin)
    }

    /// `export PATH=dir:$PATH` / `$PATH:dir`: entries in front of and after `$PATH`.
    pub(super) fn assign_path(&mut self, pieces: &[Piece], line: usize) -> Result<(), String> {
        // Here $PATH is fine after earlier changes: they are the prepend/append lists so far.
        let changed = std::mem::replace(&mut self.path_changed, false);
        let pieces = self.subst(pieces);
        self.path_changed = changed;
        let pieces = pieces?;
        let entries = split_entries(&pieces);
        let is_path = |e: &Vec<Piece>| matches!(e.as_slice(), [Piece::Var { name, default: None }] if name == "PATH");
        let at: Vec<usize> = (0..entries.len())
            .filter(|&i| is_path(&entries[i]))
            .collect();
        let [at] = at.as_slice() else {
            return Err(
                "PATH is only translated as dir:$PATH or $PATH:dir (goenvhook never replaces PATH)"
                    .into(),
            );
        };
        let mut front = Vec::new();
        let mut back = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if i == *at {
                continue;
            }
            if let Some(Piece::Lit(l)) = e.first() {
                if !l.starts_with('/') {
                    return Err(format!(
                        "the PATH entry {l:?} is relative to wherever the shell is; write $PWD/{l}"
                    ));
                }
            }
            let s = render(e, true)?;
            if i < *at {
                front.push((s, self.origin(line, "")));
            } else {
                back.push((s, self.origin(line, "")));
            }
        }
        self.prepend_path(front);
        self.d.append.extend(back);
        Ok(())
    }
}

/// direnv's expand_path: relative to the `.envrc`'s directory, `.` and `..` folded lexically.
fn expand_path(pieces: &[Piece]) -> Result<Vec<Piece>, String> {
    let lit = literal(pieces);
    let rest: String = match (lit, pieces.first()) {
        (Some(s), _) => s,
        (None, Some(first)) if is_pwd(first) => {
            let rest = literal(&pieces[1..]);
            match rest {
                Some(r) => format!(".{r}"),
                None => return Ok(pieces.to_vec()),
            }
        }
        _ => {
            // A directory built from variables: kept as written (its `..` cannot be folded).
            let mut out = pieces.to_vec();
            if let Some(Piece::Lit(l)) = out.first_mut() {
                if !l.starts_with('/') {
                    out.insert(0, Piece::Lit("/".into()));
                    out.insert(0, pwd());
                }
            }
            return Ok(out);
        }
    };
    if rest.starts_with('/') {
        return Ok(vec![Piece::Lit(normalize(Path::new(&rest), true))]);
    }
    let n = normalize(Path::new(&rest), false);
    Ok(if n.is_empty() {
        vec![pwd()]
    } else {
        vec![pwd(), Piece::Lit(format!("/{n}"))]
    })
}

fn normalize(p: &Path, absolute: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                if parts.last().is_some_and(|l| l != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".into());
                }
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}
