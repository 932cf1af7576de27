//! `goenvhook import`: translates the files other tools keep in a project (direnv's `.envrc`,
//! `.go-version`, `.tool-versions`, `mise.toml`, gvm's `.gvmrc`) into a `.goenv.toml`, each line
//! commented with the file and line it came from, and validated with `config::parse`. Nothing
//! in those files is ever executed; what cannot be translated faithfully is listed, not guessed.

pub mod dotenv;
pub mod envrc;
mod envrc_blocks;
mod envrc_paths;
mod envrc_stdlib;
mod envrc_values;
mod envrc_vars;
pub mod lex;
pub mod versions;

use std::fmt::Write as _;
use std::path::Path;

use crate::config;

/// Where a line of the result came from: `.envrc:4`, with an optional short note (`layout go`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub note: String,
}

impl Origin {
    pub fn new(file: &str, line: usize, note: impl Into<String>) -> Origin {
        Origin {
            file: file.to_string(),
            line,
            note: note.into(),
        }
    }

    fn text(&self) -> String {
        if self.note.is_empty() {
            format!("{}:{}", self.file, self.line)
        } else {
            format!("{}:{} {}", self.file, self.line, self.note)
        }
    }
}

/// A value in goenvhook's syntax (`${VAR}`, `$$`, leading `./`), ready to be written as TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvVal {
    Str(String),
    List(Vec<String>),
    Unset,
}

/// A line (or range of lines) that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub file: String,
    pub first: usize,
    pub last: usize,
    pub text: String,
    pub why: String,
}

/// The translation so far. Later settings of a name replace earlier ones, as in the shell.
#[derive(Debug, Default)]
pub struct Draft {
    pub go: Option<(String, Origin)>,
    pub inherit: Option<Origin>,
    pub env: Vec<(String, EnvVal, Origin)>,
    pub prepend: Vec<(String, Origin)>,
    pub append: Vec<(String, Origin)>,
    pub skipped: Vec<Skip>,
    /// Things the user should know that are not a skipped line (a version file that lost).
    pub notes: Vec<String>,
    /// The files read, in order.
    pub read: Vec<String>,
}

impl Draft {
    pub fn set_env(&mut self, name: &str, value: EnvVal, origin: Origin) {
        if let Some(e) = self.env.iter_mut().find(|e| e.0 == name) {
            e.1 = value;
            e.2 = origin;
        } else {
            self.env.push((name.to_string(), value, origin));
        }
    }

    /// A later source of the Go version replaces an earlier one; the user is told.
    pub fn set_go(&mut self, value: String, origin: Origin) {
        if let Some((old, o)) = &self.go {
            self.notes.push(format!(
                "go: {}:{} wins over {}:{} ({old})",
                origin.file, origin.line, o.file, o.line
            ));
        }
        self.go = Some((value, origin));
    }

    pub fn skip(&mut self, file: &str, first: usize, last: usize, text: &str, why: &str) {
        self.skipped.push(Skip {
            file: file.to_string(),
            first,
            last,
            text: text.trim().lines().next().unwrap_or("").to_string(),
            why: why.to_string(),
        });
    }
}

/// What a rendered line is, so a validation error can be traced back to its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Go,
    Inherit,
    Env(usize),
    Prepend(usize),
    Append(usize),
}

/// Renders the draft as a `.goenv.toml`, with the item behind each line (1-based).
fn render(d: &Draft) -> (String, Vec<(usize, Item)>) {
    let mut lines: Vec<(String, Option<Item>)> = Vec::new();
    let mut push = |l: String, item: Option<Item>| lines.push((l, item));
    push(
        format!(
            "# Imported by goenvhook from {}. Review it, then run 'goenvhook allow'.",
            if d.read.is_empty() {
                "nothing".to_string()
            } else {
                d.read.join(", ")
            }
        ),
        None,
    );
    let commented = |code: String, o: &Origin| format!("{code:<40} # {}", o.text());
    if let Some((v, o)) = &d.go {
        push(
            commented(format!("go = {}", config::toml_string(v)), o),
            Some(Item::Go),
        );
    }
    if let Some(o) = &d.inherit {
        push(commented("inherit = true".into(), o), Some(Item::Inherit));
    }
    if !d.env.is_empty() {
        push(String::new(), None);
        push("[env]".into(), None);
        for (i, (name, v, o)) in d.env.iter().enumerate() {
            let value = match v {
                EnvVal::Str(s) => config::toml_string(s),
                EnvVal::Unset => "false".into(),
                EnvVal::List(items) => format!(
                    "[{}]",
                    items
                        .iter()
                        .map(|s| config::toml_string(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            push(
                commented(format!("{name} = {value}"), o),
                Some(Item::Env(i)),
            );
        }
    }
    if !d.prepend.is_empty() || !d.append.is_empty() {
        push(String::new(), None);
        push("[path]".into(), None);
        for (key, list, item) in [
            ("prepend", &d.prepend, Item::Prepend as fn(usize) -> Item),
            ("append", &d.append, Item::Append),
        ] {
            if list.is_empty() {
                continue;
            }
            push(format!("{key} = ["), None);
            for (i, (p, o)) in list.iter().enumerate() {
                push(
                    commented(format!("  {},", config::toml_string(p)), o),
                    Some(item(i)),
                );
            }
            push("]".into(), None);
        }
    }
    if !d.skipped.is_empty() || !d.notes.is_empty() {
        push(String::new(), None);
    }
    let mut skipped: Vec<&Skip> = d.skipped.iter().collect();
    let rank = |f: &str| d.read.iter().position(|r| r == f).unwrap_or(usize::MAX);
    skipped.sort_by_key(|s| (rank(&s.file), s.first));
    for s in skipped {
        push(format!("# not imported: {}", skip_text(s)), None);
    }
    for n in &d.notes {
        push(format!("# note: {n}"), None);
    }
    let mut text = String::new();
    let mut map = Vec::new();
    for (i, (l, item)) in lines.into_iter().enumerate() {
        text.push_str(l.trim_end());
        text.push('\n');
        if let Some(it) = item {
            map.push((i + 1, it));
        }
    }
    (text, map)
}

pub fn skip_text(s: &Skip) -> String {
    let lines = if s.first == s.last {
        format!("{}:{}", s.file, s.first)
    } else {
        format!("{}:{}-{}", s.file, s.first, s.last)
    };
    let text: String = s.text.chars().take(60).collect();
    let more = if s.text.chars().count() > 60 {
        "..."
    } else {
        ""
    };
    format!("{lines} `{text}{more}`: {}", s.why)
}

/// The result of an import: the config text (valid per `config::parse`) and what was left out.
pub struct Imported {
    pub text: String,
    pub skipped: Vec<Skip>,
    pub notes: Vec<String>,
    pub read: Vec<String>,
}

/// Reads the version-manager and direnv files of `dir` (or only `only`, a file name in it),
/// translates them and validates the result as `dir/.goenv.toml`. A setting goenvhook refuses
/// (a GOPRIVATE with spaces, an empty GOFLAGS) is moved to the not-imported list with the reason.
pub fn import(dir: &Path, only: Option<&str>) -> anyhow::Result<Imported> {
    let mut d = Draft::default();
    versions::read_all(dir, only, &mut d)?;
    if only.is_none_or(|o| o == envrc::FILE) {
        envrc::read(dir, &mut d)?;
    }
    let target = dir.join(config::FILE_NAME);
    loop {
        let (text, map) = render(&d);
        let err = match config::parse(&target, text.as_bytes()) {
            Ok(_) => {
                return Ok(Imported {
                    text,
                    skipped: d.skipped,
                    notes: d.notes,
                    read: d.read,
                })
            }
            Err(e) => e,
        };
        let Some(&(_, item)) = map.iter().find(|(l, _)| *l == err.line) else {
            anyhow::bail!(
                "the imported config does not validate: {}: {}",
                err.line,
                err.msg
            );
        };
        let (o, text) = match item {
            Item::Go => {
                let (v, o) = d.go.take().expect("rendered");
                (o, format!("go {v}"))
            }
            Item::Inherit => (d.inherit.take().expect("rendered"), "source_up".into()),
            Item::Env(i) => {
                let (n, _, o) = d.env.remove(i);
                (o, n)
            }
            Item::Prepend(i) => {
                let (p, o) = d.prepend.remove(i);
                (o, p)
            }
            Item::Append(i) => {
                let (p, o) = d.append.remove(i);
                (o, p)
            }
        };
        d.skip(&o.file, o.line, o.line, &text, &err.msg);
    }
}

/// Writes the config through a temporary file and a rename, so a reader never sees half of it.
pub fn write(target: &Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let tmp = target.with_file_name(format!(".goenv.toml.import-{}", std::process::id()));
    std::fs::write(&tmp, text).with_context(|| format!("could not write {}", tmp.display()))?;
    std::fs::rename(&tmp, target).with_context(|| format!("could not write {}", target.display()))
}

/// A line diff of `old` and `new` (`-`, `+` and ` ` prefixes), for the preview.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence table; configs are small.
    let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, "{}", format!("  {}", a[i]).trim_end());
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || t[i + 1][j] >= t[i][j + 1]) {
            let _ = writeln!(out, "{}", format!("- {}", a[i]).trim_end());
            i += 1;
        } else {
            let _ = writeln!(out, "{}", format!("+ {}", b[j]).trim_end());
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs() {
        assert_eq!(diff("", "a\nb\n"), "+ a\n+ b\n");
        assert_eq!(diff("a\nb\nc\n", "a\nc\nd\n"), "  a\n- b\n  c\n+ d\n");
    }

    #[test]
    fn toml_strings() {
        assert_eq!(
            crate::config::toml_string("a\"b\\c\n\u{1}"),
            "\"a\\\"b\\\\c\\n\\u0001\""
        );
    }
}
