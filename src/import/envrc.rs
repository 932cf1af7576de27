//! direnv's `.envrc` → `.goenv.toml`: `export`, `unset`, `PATH_add`, `path_add`, `use go`,
//! `layout go`, `dotenv`, `source_up`, read line by line as direnv's bash would run them (a later
//! `$VAR` sees an earlier `export VAR=`), without running anything. Lines it cannot translate
//! exactly are listed with the reason.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use super::lex::{self, LexError, Piece, Word};
use super::{dotenv, Draft, EnvVal, Origin};
use crate::go::vars::{self, Join};

pub const FILE: &str = ".envrc";

/// What the `.envrc` has done to a variable so far.
#[derive(Debug, Clone)]
enum Var {
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

struct Envrc<'a> {
    dir: &'a Path,
    d: &'a mut Draft,
    vars: HashMap<String, Var>,
    /// Functions the file defines: calling one is not translated, and a definition of
    /// `use_go` or `PATH_add` means those words no longer mean direnv's.
    funcs: HashMap<String, usize>,
    /// PATH was changed by the file (`$PATH` after that means the changed PATH).
    path_changed: bool,
    /// The bin directory of a GOROOT set with `export GOROOT=`; goenvhook puts it first itself.
    goroot_bin: Option<String>,
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
    let mut e = Envrc {
        dir,
        d,
        vars: HashMap::new(),
        funcs: HashMap::new(),
        path_changed: false,
        goroot_bin: None,
    };
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

/// The variables the nearest `.envrc` above `dir` sets (read the same way, never run).
fn parent_sets(dir: &Path) -> Vec<String> {
    let Some(parent) = dir.ancestors().skip(1).find(|d| d.join(FILE).is_file()) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read(parent.join(FILE)) else {
        return Vec::new();
    };
    let mut scratch = Draft::default();
    let mut e = Envrc {
        dir: parent,
        d: &mut scratch,
        vars: HashMap::new(),
        funcs: HashMap::new(),
        path_changed: false,
        goroot_bin: None,
    };
    e.run(&String::from_utf8_lossy(&text));
    e.vars.into_keys().collect()
}

const OPENERS: &[&str] = &["if", "case", "for", "while", "until", "select", "{"];
const CLOSERS: &[&str] = &["fi", "esac", "done", "}"];

/// The first word of each command of a line, roughly (for block structure when the line does
/// not lex), and every standalone `{`.
fn rough_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in line.split([';', '\n']) {
        let mut words = seg.split_whitespace();
        if let Some(w) = words.next() {
            out.push(w.to_string());
        }
        out.extend(words.filter(|w| *w == "{").map(str::to_string));
    }
    out
}

fn block_kind(word: &str) -> &'static str {
    match word {
        "if" | "case" => "a conditional",
        "for" | "while" | "until" | "select" => "a loop",
        _ => "a function or { } group",
    }
}

/// Whether the text ends inside a backslash line continuation.
fn continues(text: &str) -> bool {
    text.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

impl Envrc<'_> {
    fn run(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        // An open block: (first line, kind, depth).
        let mut block: Option<(usize, &'static str, i32, String)> = None;
        while i < lines.len() {
            let first = i + 1;
            let mut buf = lines[i].to_string();
            i += 1;
            let mut lexed = lex::lex(&buf);
            while (lexed == Err(LexError::Unterminated) || continues(&buf)) && i < lines.len() {
                buf.push('\n');
                buf.push_str(lines[i]);
                i += 1;
                lexed = lex::lex(&buf);
            }
            let last = i;
            // Block structure first: everything inside if/case/loops/functions is skipped as one.
            let words: Vec<String> = match &lexed {
                Ok(cmds) => cmds
                    .iter()
                    .flat_map(|c| {
                        let mut v: Vec<String> =
                            c.first().map(|w| w.raw.clone()).into_iter().collect();
                        v.extend(
                            c.iter()
                                .skip(1)
                                .filter(|w| w.raw == "{")
                                .map(|w| w.raw.clone()),
                        );
                        v
                    })
                    .collect(),
                Err(_) => rough_words(&buf),
            };
            let mut delta = 0;
            let mut opener = None;
            for w in &words {
                if OPENERS.contains(&w.as_str()) {
                    delta += 1;
                    opener.get_or_insert(w.clone());
                } else if CLOSERS.contains(&w.as_str()) {
                    delta -= 1;
                }
                // `name() {` defines a function.
                if let Some(name) = w.strip_suffix("()") {
                    self.funcs.insert(name.to_string(), first);
                    opener.get_or_insert("{".into());
                }
            }
            // So does `function name {`.
            for c in lexed.iter().flatten() {
                if let [kw, name, ..] = c.as_slice() {
                    if kw.raw == "function" {
                        let name = name.raw.trim_end_matches("()").to_string();
                        self.funcs.insert(name, first);
                        opener.get_or_insert("{".into());
                    }
                }
            }
            if let Some((start, kind, depth, text)) = block.take() {
                let depth = depth + delta;
                if depth > 0 {
                    block = Some((start, kind, depth, text));
                } else {
                    self.d.skip(
                        FILE,
                        start,
                        last,
                        &text,
                        &format!("{kind} is not translated; goenvhook configs are static, write the settings that apply to you"),
                    );
                }
                continue;
            }
            if let Some(o) = opener {
                if delta > 0 {
                    block = Some((first, block_kind(&o), delta, buf.clone()));
                    continue;
                }
                if delta == 0 && OPENERS.contains(&o.as_str()) {
                    self.d.skip(FILE, first, last, &buf, &format!("{} is not translated; goenvhook configs are static, write the settings that apply to you", block_kind(&o)));
                    continue;
                }
            }
            let cmds = match lexed {
                Ok(c) => c,
                Err(LexError::Unterminated) => {
                    self.d
                        .skip(FILE, first, last, &buf, "a quote is never closed");
                    continue;
                }
                Err(LexError::Unsupported(what)) => {
                    self.d.skip(
                        FILE,
                        first,
                        last,
                        &buf,
                        &format!("{what} is not translated (goenvhook never runs commands)"),
                    );
                    continue;
                }
            };
            for cmd in cmds {
                if let Err(why) = self.command(&cmd, first) {
                    let text: Vec<&str> = cmd.iter().map(|w| w.raw.as_str()).collect();
                    self.d.skip(FILE, first, last, &text.join(" "), &why);
                }
            }
        }
        if let Some((start, kind, _, text)) = block {
            self.d.skip(
                FILE,
                start,
                lines.len(),
                &text,
                &format!("{kind} is not translated (and is never closed)"),
            );
        }
    }

    fn origin(&self, line: usize, note: &str) -> Origin {
        Origin::new(FILE, line, note)
    }

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
        let direnv_fn = |n: &str| self.funcs.contains_key(n);
        match name.as_str() {
            "export" => {
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
            "unset" => {
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
            "PATH_add" => {
                if args.is_empty() {
                    return Err("PATH_add without a directory".into());
                }
                self.path_add("PATH", args, line, "PATH_add")
            }
            "path_add" => {
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
            "use" => {
                let what = args.first().and_then(Word::literal).unwrap_or_default();
                if direnv_fn(&format!("use_{what}")) {
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
            "layout" => {
                let what = args.first().and_then(Word::literal).unwrap_or_default();
                if what != "go" || args.len() != 1 {
                    return Err(format!("layout {what} is not a Go layout"));
                }
                if direnv_fn("layout_go") {
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
            "dotenv" | "dotenv_if_exists" => {
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
                            .skip(&shown, e.line, e.line, &e.key, "not a valid variable name");
                        continue;
                    }
                    let r = self.subst(&pieces).and_then(|p| {
                        own.insert(e.key.clone(), p.clone());
                        self.set_var(
                            &e.key,
                            p,
                            false,
                            true,
                            Origin::new(&shown, e.line, format!("({name} at {FILE}:{line})")),
                        )
                    });
                    if let Err(m) = r {
                        self.d.skip(&shown, e.line, e.line, &e.key, &why(m));
                    }
                }
                Ok(())
            }
            "source_up" | "source_up_if_exists" => {
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
            "watch_file" | "watch_dir" => {
                Err("nothing to translate: goenvhook watches the files it reads itself".into())
            }
            "strict_env" | "unstrict_env" => {
                Err("nothing to translate: goenvhook runs no shell code".into())
            }
            "log_status" | "log_error" | "echo" | "printf" | ":" | "true" => {
                Err("prints only; nothing to translate".into())
            }
            "source" | "." | "source_env" | "source_env_if_exists" | "source_url" => Err(
                "sourcing another file is not translated; copy its settings by hand (personal ones belong in .goenv.local.toml)"
                    .into(),
            ),
            "[" | "[[" | "test" => Err("a test is not translated".into()),
            other => Err(format!("{other} is not a command goenvhook translates")),
        }
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
    fn assign(&mut self, w: &Word, line: usize, exported: bool) -> Result<(), String> {
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
    fn set_var(
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
    fn subst(&self, pieces: &[Piece]) -> Result<Vec<Piece>, String> {
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

    /// direnv's `path_add VAR dirs...`: each directory made absolute (relative to the `.envrc`,
    /// lexically normalised), put in front of VAR in the order given.
    fn path_add(
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
            self.path_changed = true;
            let mut all = rendered;
            all.append(&mut self.d.prepend);
            self.d.prepend = all;
            return Ok(());
        }
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
        self.set_var(var, pieces, true, true, self.origin(line, note))
    }

    /// `export PATH=dir:$PATH` / `$PATH:dir`: entries in front of and after `$PATH`.
    fn assign_path(&mut self, pieces: &[Piece], line: usize) -> Result<(), String> {
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
        self.path_changed = true;
        front.append(&mut self.d.prepend);
        self.d.prepend = front;
        self.d.append.extend(back);
        Ok(())
    }
}

/// Splits pieces at the `:` in literal text.
fn split_entries(pieces: &[Piece]) -> Vec<Vec<Piece>> {
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
fn literal(pieces: &[Piece]) -> Option<String> {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

fn is_pwd(p: &Piece) -> bool {
    matches!(p, Piece::Var { name, default: None } if name == "PWD")
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

fn pwd() -> Piece {
    Piece::Var {
        name: "PWD".into(),
        default: None,
    }
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

/// Pieces in goenvhook's value syntax: `${NAME}`, `${NAME:-text}`, `$$`, and `$PWD` at the start
/// as `./`. Text that goenvhook would read differently (a leading `./` or `~/`) is refused.
fn render(pieces: &[Piece], path_entry: bool) -> Result<String, String> {
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
fn env_value(name: &str, pieces: &[Piece], list: bool) -> Result<EnvVal, String> {
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
fn goroot(pieces: &[Piece]) -> Result<String, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn import(envrc: &str) -> Draft {
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

    fn env(d: &Draft, name: &str) -> EnvVal {
        d.env
            .iter()
            .find(|e| e.0 == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", d.env))
            .1
            .clone()
    }

    fn s(v: &str) -> EnvVal {
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
    fn dotenv_values() {
        let d = import("export A=outer\ndotenv\n");
        assert_eq!(env(&d, "DA"), s("1"));
        assert_eq!(env(&d, "DB"), s("x 1 ${HOME} outer"));
        assert_eq!(env(&d, "DC"), s("$$DA"));
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
