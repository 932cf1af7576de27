//! Variables in an `.envrc`: `export`, `unset` and `NAME=value`, and the substitution of a
//! `$VAR` by what the file set before, so a later line sees an earlier assignment.

use super::envrc::{Envrc, Var};
use super::envrc_values::{env_value, goroot, literal, render};
use super::lex::{Piece, Word};
use super::{EnvVal, Origin};
use crate::go::vars;

impl Envrc<'_> {
    /// `export NAME=value NAME...`: each argument assigned or exported in turn.
    pub(super) fn export(&mut self, args: &[Word], line: usize) -> Result<(), String> {
        if args.is_empty() || args[0].raw.starts_with('-') {
            return Err("export options are not translated".into());
        }
        let mut errors = Vec::new();
        for a in args {
            let r = if a.raw.contains('=') {
                self.assign(a, line, true)
            } else {
                self.export_existing(&a.raw, line)
            };
            if let Err(e) = r {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// `unset NAME...`: the config unsets each name.
    pub(super) fn unset(&mut self, args: &[Word], line: usize) -> Result<(), String> {
        let names: Vec<&Word> = args.iter().filter(|a| a.raw != "-v").collect();
        if names.iter().any(|a| a.raw.starts_with('-')) {
            return Err("unset -f (functions) is not translated".into());
        }
        for a in names {
            let n = a.literal().ok_or("unset of a computed name")?;
            self.settable(&n)?;
            self.vars.insert(n.clone(), Var::Unset);
            self.d
                .set_env(&n, EnvVal::Unset, self.origin(line, &format!("unset {n}")));
        }
        Ok(())
    }

    /// Names a config may set from `export`/`unset`.
    fn settable(&self, name: &str) -> Result<(), String> {
        if name == "PATH" {
            return Ok(());
        }
        if let Some(why) = vars::reserved(name) {
            return Err(format!("{name} cannot be set by goenvhook: {why}"));
        }
        if name.starts_with("DIRENV_") {
            return Err(format!("{name} belongs to direnv"));
        }
        Ok(())
    }

    fn export_existing(&mut self, name: &str, line: usize) -> Result<(), String> {
        if !vars::valid_name(name) {
            return Err(format!("{name} is not a variable name"));
        }
        if let Some(Var::Set {
            pieces,
            list,
            exported: false,
            ..
        }) = self.vars.get(name).cloned()
        {
            return self.set_var(name, pieces, list, true, self.origin(line, ""));
        }
        // Exporting a name the environment already has (or not) changes nothing.
        Ok(())
    }

    /// `NAME=value` (an `export` argument when `exported`).
    pub(super) fn assign(&mut self, w: &Word, line: usize, exported: bool) -> Result<(), String> {
        let mut pieces = w.pieces.clone();
        let Some(Piece::Lit(first)) = pieces.first_mut() else {
            return Err("a computed variable name".into());
        };
        let (name, rest) = first.split_once('=').ok_or("not an assignment")?;
        let name = name.to_string();
        if !vars::valid_name(&name) {
            return Err(format!("{name} is not a variable name"));
        }
        *first = rest.to_string();
        if name == "PATH" {
            return self.assign_path(&pieces, line);
        }
        let pieces = self.subst(&pieces)?;
        // Already exported in this file: a plain assignment changes the exported value.
        let exported =
            exported || matches!(self.vars.get(&name), Some(Var::Set { exported: true, .. }));
        self.set_var(&name, pieces, false, exported, self.origin(line, ""))
    }

    /// Records a variable and, when exported, its config entry.
    pub(super) fn set_var(
        &mut self,
        name: &str,
        pieces: Vec<Piece>,
        list: bool,
        exported: bool,
        origin: Origin,
    ) -> Result<(), String> {
        self.settable(name)?;
        let line = origin.line;
        if name == "PATH" {
            return Err("PATH is only translated from PATH_add or export PATH=dir:$PATH".into());
        }
        if exported {
            if name == "GOROOT" {
                let go = goroot(&pieces)?;
                self.goroot_bin = Some(format!("{}/bin", render(&pieces, true)?));
                let mut o = origin;
                o.note = "GOROOT: goenvhook also puts its bin first on PATH".into();
                self.d.set_go(go, o);
            } else {
                let value = env_value(name, &pieces, list)?;
                self.d.set_env(name, value, origin.clone());
            }
        }
        self.vars.insert(
            name.to_string(),
            Var::Set {
                pieces,
                list,
                exported,
                line,
            },
        );
        Ok(())
    }

    /// Replaces references to variables the file set before with their values, `~` with HOME.
    pub(super) fn subst(&self, pieces: &[Piece]) -> Result<Vec<Piece>, String> {
        let mut out = Vec::new();
        for p in pieces {
            match p {
                Piece::Lit(l) if l.is_empty() => {}
                Piece::Lit(_) => out.push(p.clone()),
                Piece::Tilde => out.push(Piece::Var {
                    name: "HOME".into(),
                    default: None,
                }),
                Piece::Var { name, default } => match self.vars.get(name) {
                    None if name == "PATH" && self.path_changed => {
                        return Err("$PATH after the file changed PATH is not translated".into())
                    }
                    None => out.push(p.clone()),
                    Some(Var::Unset) => {
                        if let Some(d) = default {
                            out.push(Piece::Lit(d.clone()));
                        }
                    }
                    Some(Var::Opaque(what)) => {
                        return Err(format!("${name} refers to {what}"));
                    }
                    Some(Var::Set { pieces, .. }) => match default {
                        None => out.extend(pieces.iter().cloned()),
                        Some(d) => {
                            let lit = literal(pieces);
                            match lit {
                                Some(s) if s.is_empty() => out.push(Piece::Lit(d.clone())),
                                Some(s) => out.push(Piece::Lit(s)),
                                None => {
                                    return Err(format!(
                                    "${{{name}:-...}} of a value that is only known at load time"
                                ))
                                }
                            }
                        }
                    },
                },
            }
        }
        Ok(out)
    }
}
