//! The pieces of an expanded `.envrc` word (see `lex`) as goenvhook writes them: `${NAME}`,
//! `$$`, a leading `./` for `$PWD`, ':'-lists split into entries, and GOROOT as a `go =` path.
//! Pure functions: what a variable holds is decided by `envrc_vars`.

use super::lex::Piece;
use super::EnvVal;
use crate::go::vars::{self, Join};

/// Splits pieces at the `:` in literal text.
pub(super) fn split_entries(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut out = vec![Vec::new()];
    for p in pieces {
        match p {
            Piece::Lit(s) => {
                let mut parts = s.split(':');
                if let Some(first) = parts.next() {
                    if !first.is_empty() {
                        out.last_mut()
                            .expect("non-empty")
                            .push(Piece::Lit(first.into()));
                    }
                }
                for part in parts {
                    out.push(Vec::new());
                    if !part.is_empty() {
                        out.last_mut()
                            .expect("non-empty")
                            .push(Piece::Lit(part.into()));
                    }
                }
            }
            other => out.last_mut().expect("non-empty").push(other.clone()),
        }
    }
    out
}

/// The text of `pieces` when every one is literal (no variable left to expand).
pub(super) fn literal(pieces: &[Piece]) -> Option<String> {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

pub(super) fn is_pwd(p: &Piece) -> bool {
    matches!(p, Piece::Var { name, default: None } if name == "PWD")
}

pub(super) fn pwd() -> Piece {
    Piece::Var {
        name: "PWD".into(),
        default: None,
    }
}

/// Pieces in goenvhook's value syntax: `${NAME}`, `${NAME:-text}`, `$$`, and `$PWD` at the start
/// as `./`. Text that goenvhook would read differently (a leading `./` or `~/`) is refused.
pub(super) fn render(pieces: &[Piece], path_entry: bool) -> Result<String, String> {
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        match p {
            _ if is_pwd(p) && i == 0 => {
                out.push_str("./");
                if let Some(Piece::Lit(next)) = pieces.get(1) {
                    if !next.starts_with('/') && !next.is_empty() {
                        return Err("$PWD followed by text is not a directory".into());
                    }
                }
            }
            Piece::Var { name, .. } if name == "PWD" => {
                return Err("$PWD inside a value is not translated: goenvhook reads ./ as the project directory only at the start".into())
            }
            Piece::Var {
                name,
                default: None,
            } => out.push_str(&format!("${{{name}}}")),
            Piece::Var {
                name,
                default: Some(d),
            } => {
                if d.contains('}') {
                    return Err("a default containing } is not translated".into());
                }
                out.push_str(&format!("${{{name}:-{d}}}"));
            }
            Piece::Tilde => out.push_str("${HOME}"),
            Piece::Lit(s) => {
                let s = if i == 1 && pieces.first().is_some_and(is_pwd) {
                    s.strip_prefix('/').unwrap_or(s)
                } else {
                    s.as_str()
                };
                if i == 0 && (s.starts_with("./") || s.starts_with("../") || s.starts_with("~/") || (path_entry && matches!(s, "." | ".." | "~"))) {
                    return Err(format!("the value {s:?} is relative text in the shell, but goenvhook would read it as a path from the project (or HOME); write $PWD/... in the .envrc if a path is meant"));
                }
                out.push_str(&s.replace('$', "$$"));
            }
        }
    }
    Ok(out)
}

/// A variable's config value: a string, or for ':'-list variables built by path_add (or with
/// $PWD inside), a list whose empty entries drop out.
pub(super) fn env_value(name: &str, pieces: &[Piece], list: bool) -> Result<EnvVal, String> {
    let colon = vars::join_for(name) == Some(Join::Sep(b':'));
    let pwd_inside = pieces.iter().skip(1).any(is_pwd);
    if colon && (list || pwd_inside) {
        let mut items = Vec::new();
        for e in split_entries(pieces) {
            if e.is_empty() {
                continue;
            }
            items.push(render(&e, false)?);
        }
        return Ok(EnvVal::List(items));
    }
    Ok(EnvVal::Str(render(pieces, false)?))
}

/// `export GOROOT=...` as `go = "<path>"`: a literal absolute path, `~/...` or `$HOME/...`.
pub(super) fn goroot(pieces: &[Piece]) -> Result<String, String> {
    let home = |p: &Piece| matches!(p, Piece::Var { name, default: None } if name == "HOME");
    match pieces {
        [Piece::Lit(s)] if s.starts_with('/') => Ok(s.trim_end_matches('/').to_string()),
        [h, Piece::Lit(s)] if home(h) && s.starts_with('/') => {
            Ok(format!("~{}", s.trim_end_matches('/')))
        }
        [p, Piece::Lit(s)] if is_pwd(p) && s.starts_with('/') => {
            Ok(format!(".{}", s.trim_end_matches('/')))
        }
        _ => Err("GOROOT is only translated from a plain path (goenvhook selects it with go = \"/path\")".into()),
    }
}
