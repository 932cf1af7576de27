//! The rest of direnv's stdlib in an `.envrc`: `use go`, `layout go`, `dotenv`, `source_up`, and
//! the commands (`watch_file`, `source_env`, `log_status`...) that have nothing to translate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::envrc::{Envrc, Var, FILE};
use super::lex::{Piece, Word};
use super::{dotenv, Draft, Origin};
use crate::go::vars;

impl Envrc<'_> {
    /// `use go <version>` (or `use golang`): the Go version; GOROOT is then whatever the
    /// user's direnvrc makes it.
    pub(super) fn use_go(&mut self, args: &[Word], line: usize) -> Result<(), String> {
        let what = args.first().and_then(Word::literal).unwrap_or_default();
        if self.funcs.contains_key(&format!("use_{what}")) {
            return Err(format!("use_{what} is defined in this file"));
        }
        if !matches!(what.as_str(), "go" | "golang") {
            return Err(format!(
                "use {what} is not a Go toolchain; goenvhook only selects Go"
            ));
        }
        let v = match args.get(1..) {
            Some([v]) => v.literal().ok_or("the version is computed; write it out")?,
            _ => return Err(format!("use {what} needs exactly one version")),
        };
        let v = v.trim();
        self.d
            .set_go(v.to_string(), self.origin(line, &format!("use {what} {v}")));
        self.vars.insert(
            "GOROOT".into(),
            Var::Opaque("GOROOT as set by `use go` (your direnvrc decides it)".into()),
        );
        self.path_changed = true;
        Ok(())
    }

    /// `layout go`: a GOPATH in the project's `.direnv`, its bin on PATH.
    pub(super) fn layout(&mut self, args: &[Word], line: usize) -> Result<(), String> {
        let what = args.first().and_then(Word::literal).unwrap_or_default();
        if what != "go" || args.len() != 1 {
            return Err(format!("layout {what} is not a Go layout"));
        }
        if self.funcs.contains_key("layout_go") {
            return Err("layout_go is defined in this file".into());
        }
        // direnv's stdlib: path_add GOPATH "$(direnv_layout_dir)/go" and
        // PATH_add "$(direnv_layout_dir)/go/bin", the layout dir being $PWD/.direnv.
        let word = |s: &str| Word {
            pieces: vec![Piece::Lit(s.into())],
            raw: s.into(),
            glob: false,
        };
        self.path_add("GOPATH", &[word(".direnv/go")], line, "layout go")?;
        self.path_add("PATH", &[word(".direnv/go/bin")], line, "layout go")
    }

    /// `dotenv [file]` / `dotenv_if_exists [file]`: the file is read now (`.env` by default, or
    /// in a directory) and its entries exported as if the `.envrc` had.
    pub(super) fn dotenv(&mut self, name: &str, args: &[Word], line: usize) -> Result<(), String> {
        let file = match args {
            [] => ".env".to_string(),
            [f] => f.literal().ok_or("the file name is computed")?,
            _ => return Err(format!("{name} with more than one file")),
        };
        let mut path = if file.starts_with('/') {
            PathBuf::from(&file)
        } else {
            self.dir.join(&file)
        };
        if path.is_dir() {
            path = path.join(".env");
        }
        let text = match std::fs::read(&path) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(_) if name == "dotenv_if_exists" => {
                return Err(format!("{} does not exist now, so there is nothing to import; run import again once it does", path.display()))
            }
            Err(e) => return Err(format!("could not read {}: {e}", path.display())),
        };
        let shown = path
            .strip_prefix(self.dir)
            .map_or(path.display().to_string(), |p| p.display().to_string());
        self.d.read.push(shown.clone());
        let entries = dotenv::parse(&text).map_err(|m| format!("{shown}: {m}"))?;
        self.dotenv_entries(&shown, entries, name, line);
        Ok(())
    }

    /// The entries of a `.env` file (`shown`): a `$VAR` of an earlier entry is that entry's
    /// value; an entry that cannot be translated is left out alone.
    fn dotenv_entries(
        &mut self,
        shown: &str,
        entries: Vec<dotenv::Entry>,
        name: &str,
        line: usize,
    ) {
        let mut own: HashMap<String, Vec<Piece>> = HashMap::new();
        for e in entries {
            let why = |m: String| format!("{shown}:{} {}: {m}", e.line, e.key);
            let mut pieces = Vec::new();
            for p in &e.pieces {
                match p {
                    Piece::Var { name, .. } if own.contains_key(name) => {
                        pieces.extend(own[name].iter().cloned())
                    }
                    other => pieces.push(other.clone()),
                }
            }
            if !vars::valid_name(&e.key) {
                self.d
                    .skip(shown, e.line, e.line, &e.key, "not a valid variable name");
                continue;
            }
            let r = self.subst(&pieces).and_then(|p| {
                own.insert(e.key.clone(), p.clone());
                self.set_var(
                    &e.key,
                    p,
                    false,
                    true,
                    Origin::new(shown, e.line, format!("({name} at {FILE}:{line})")),
                )
            });
            if let Err(m) = r {
                self.d.skip(shown, e.line, e.line, &e.key, &why(m));
            }
        }
    }

    /// `source_up`: the parent directory's config is inherited; what the parent's `.envrc`
    /// sets is not known here.
    pub(super) fn source_up(
        &mut self,
        name: &str,
        args: &[Word],
        line: usize,
    ) -> Result<(), String> {
        if !args.is_empty() && args[0].literal().as_deref() != Some(FILE) {
            return Err(format!("{name} of another file name"));
        }
        self.d.inherit = Some(self.origin(
            line,
            &format!("{name}: import the parent's .envrc into its own .goenv.toml too"),
        ));
        // In direnv, later lines see what the parent's .envrc set; goenvhook's ${VAR}
        // reads the value outside the project instead, so such a reference is refused.
        for var in parent_sets(self.dir) {
            self.vars.entry(var).or_insert_with(|| {
                Var::Opaque(format!(
                    "a value the parent's .envrc sets ({name} at line {line}), but goenvhook's ${{VAR}} reads the value outside the project"
                ))
            });
        }
        Ok(())
    }
}

/// The variables the nearest `.envrc` above `dir` sets (read the same way, never run).
fn parent_sets(dir: &Path) -> Vec<String> {
    let Some(parent) = dir.ancestors().skip(1).find(|d| d.join(FILE).is_file()) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read(parent.join(FILE)) else {
        return Vec::new();
    };
    let mut scratch = Draft::default();
    let mut e = Envrc::new(parent, &mut scratch);
    e.run(&String::from_utf8_lossy(&text));
    e.vars.into_keys().collect()
}

/// Why any other command is not imported: direnv's that have nothing to translate, and the rest.
pub(super) fn untranslated(name: &str) -> String {
    match name {
        "watch_file" | "watch_dir" => {
            "nothing to translate: goenvhook watches the files it reads itself".into()
        }
        "strict_env" | "unstrict_env" => "nothing to translate: goenvhook runs no shell code".into(),
        "log_status" | "log_error" | "echo" | "printf" | ":" | "true" => {
            "prints only; nothing to translate".into()
        }
        "source" | "." | "source_env" | "source_env_if_exists" | "source_url" => {
            "sourcing another file is not translated; copy its settings by hand (personal ones belong in .goenv.local.toml)"
                .into()
        }
        "[" | "[[" | "test" => "a test is not translated".into(),
        other => format!("{other} is not a command goenvhook translates"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::envrc::read;
    use super::super::envrc::tests::{env, import, s};
    use super::*;

    #[test]
    fn dotenv_values() {
        let d = import("export A=outer\ndotenv\n");
        assert_eq!(env(&d, "DA"), s("1"));
        assert_eq!(env(&d, "DB"), s("x 1 ${HOME} outer"));
        assert_eq!(env(&d, "DC"), s("$$DA"));
    }

    #[test]
    fn source_up_values_are_not_guessed() {
        let t = tempfile::tempdir().unwrap();
        let child = t.path().join("svc");
        std::fs::create_dir_all(&child).unwrap();
        std::fs::write(
            t.path().join(".envrc"),
            "export GOFLAGS=-mod=mod\nexport GOPRIVATE=a\n",
        )
        .unwrap();
        std::fs::write(
            child.join(".envrc"),
            "source_up\nexport GOFLAGS=\"$GOFLAGS -race\"\nexport GOPRIVATE=b\nexport X=$GOPRIVATE\n",
        )
        .unwrap();
        let mut d = Draft::default();
        read(&child, &mut d).unwrap();
        assert_eq!(d.skipped.len(), 1, "{:?}", d.skipped);
        assert_eq!(d.skipped[0].first, 2);
        assert!(
            d.skipped[0].why.contains("parent's .envrc"),
            "{:?}",
            d.skipped
        );
        assert_eq!(env(&d, "X"), s("b"), "set again after source_up: known");
    }
}
