//! Parsing a config: the TOML with positions, every key and value checked with an error that
//! names the line and the fix, and Go's own grammar for its variables. Also the one writer of
//! TOML strings.

use std::fmt::Write as _;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{Config, ConfigError, EnvEntry, Value};
use crate::go::select::GoSpec;
use crate::go::vars::{self, Join};

const TOP_KEYS: &[&str] = &["go", "inherit", "env", "path"];
const PATH_KEYS: &[&str] = &["prepend", "append"];

struct Src<'a> {
    path: &'a Path,
    text: &'a str,
    /// `(offset, line, col)` of the first character at or after every `MARK_EVERY` bytes, so that
    /// a position costs at most `MARK_EVERY` bytes of scanning. `pos` runs for every `[env]` entry;
    /// counting from the start of the file each time made a 1 MiB config of short entries take
    /// minutes to parse (found while writing the fuzz targets).
    marks: Vec<(usize, usize, usize)>,
}

const MARK_EVERY: usize = 256;

impl<'a> Src<'a> {
    fn new(path: &'a Path, text: &'a str) -> Src<'a> {
        let mut marks = vec![(0, 1, 1)];
        let (mut line, mut col) = (1, 1);
        for (i, c) in text.char_indices() {
            if i >= marks[marks.len() - 1].0 + MARK_EVERY {
                marks.push((i, line, col));
            }
            (line, col) = if c == '\n' {
                (line + 1, 1)
            } else {
                (line, col + 1)
            };
        }
        Src { path, text, marks }
    }

    /// Line and column (in characters), from 1, of a byte offset.
    fn pos(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let m = self.marks.partition_point(|m| m.0 <= offset) - 1;
        let (from, mut line, mut col) = self.marks[m];
        for c in self.text[from..offset].chars() {
            (line, col) = if c == '\n' {
                (line + 1, 1)
            } else {
                (line, col + 1)
            };
        }
        (line, col)
    }

    fn err(&self, offset: usize, msg: impl Into<String>) -> ConfigError {
        let (line, col) = self.pos(offset);
        ConfigError {
            path: self.path.to_path_buf(),
            line,
            col,
            msg: msg.into(),
        }
    }
}

/// Parses and validates a config. `path` must be absolute; its parent is the project directory.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Config, ConfigError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let src = Src::new(
                path,
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
            );
            return Err(src.err(
                e.valid_up_to(),
                "the file is not valid UTF-8; save it as UTF-8",
            ));
        }
    };
    let src = Src::new(path, text);
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        src.err(
            at,
            format!("{}; fix the TOML syntax", e.message().trim_end()),
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut cfg = Config {
        path: path.to_path_buf(),
        dir,
        go: None,
        inherit: false,
        env: Vec::new(),
        prepend: Vec::new(),
        append: Vec::new(),
    };
    for (key, value) in doc.get_ref().iter() {
        let k: &str = key.get_ref();
        let at = key.span().start;
        let vat = value.span().start;
        match k {
            "go" => cfg.go = Some(parse_go(&src, vat, value.get_ref())?),
            "inherit" => match value.get_ref() {
                DeValue::Boolean(b) => cfg.inherit = *b,
                _ => return Err(src.err(vat, "inherit must be true or false")),
            },
            "env" => {
                let t = table(&src, vat, "env", value.get_ref())?;
                for (name, v) in t.iter() {
                    cfg.env
                        .push(parse_env_entry(&src, name.get_ref(), name.span().start, v)?);
                }
                let get = |n: &str| match cfg.env.iter().find(|e| e.name == n).map(|e| &e.value) {
                    Some(Value::Str(s)) => Some(s.as_str()),
                    _ => None,
                };
                vars::check_port(get("GOOS"), get("GOARCH")).map_err(|m| src.err(vat, m))?;
            }
            "path" => {
                let t = table(&src, vat, "path", value.get_ref())?;
                for (name, v) in t.iter() {
                    let list = match name.get_ref().as_ref() {
                        "prepend" => &mut cfg.prepend,
                        "append" => &mut cfg.append,
                        other => {
                            return Err(unknown_key(
                                &src,
                                name.span().start,
                                other,
                                "[path]",
                                PATH_KEYS,
                            ))
                        }
                    };
                    *list = path_entries(&src, v)?;
                }
            }
            other => return Err(unknown_key(&src, at, other, "the top level", TOP_KEYS)),
        }
    }
    Ok(cfg)
}

fn unknown_key(src: &Src, at: usize, key: &str, place: &str, known: &[&str]) -> ConfigError {
    let hint = match vars::suggest(key, known) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!("the keys allowed here are: {}", known.join(", ")),
    };
    let extra = if place == "the top level"
        && vars::valid_name(key)
        && key.chars().any(|c| c.is_ascii_uppercase())
    {
        format!(" (to set the variable {key}, put it under [env])")
    } else {
        String::new()
    };
    src.err(
        at,
        format!("unknown key \"{key}\" in {place}; {hint}{extra}"),
    )
}

fn table<'a, 'i>(
    src: &Src,
    at: usize,
    name: &str,
    v: &'a DeValue<'i>,
) -> Result<&'a DeTable<'i>, ConfigError> {
    v.as_table().ok_or_else(|| {
        src.err(
            at,
            format!("{name} must be a table: write [{name}] on its own line"),
        )
    })
}

fn parse_go(src: &Src, at: usize, v: &DeValue) -> Result<GoSpec, ConfigError> {
    let Some(s) = v.as_str() else {
        return Err(src.err(at, "go must be a string, e.g. go = \"1.22\""));
    };
    let s = s.trim();
    let spec = match s {
        "go.mod" => GoSpec::GoMod,
        "latest" => GoSpec::Latest,
        "system" => GoSpec::System,
        f if crate::go::versionfile::is_version_file(f) => GoSpec::File(f.to_string()),
        p if p.starts_with('/')
            || p.starts_with("~/")
            || p.starts_with("./")
            || p.starts_with("../") =>
        {
            GoSpec::Path(p.to_string())
        }
        v => {
            let bare = v.strip_prefix("go").unwrap_or(v);
            if !looks_like_version(bare) {
                return Err(src.err(
                    at,
                    format!(
                        "go = \"{v}\" is not a Go version; use \"1.22\", \"1.22.10\", \"go.mod\", \".go-version\", \".tool-versions\", \"latest\", \"system\" or a GOROOT path"
                    ),
                ));
            }
            GoSpec::Version(bare.to_string())
        }
    };
    Ok(spec)
}

/// `1.22`, `1.22.10`, `1.23rc1`: Go's version grammar (`internal/gover`) without judging the
/// numbers.
fn looks_like_version(v: &str) -> bool {
    let num_end = v.find(|c: char| c.is_ascii_lowercase()).unwrap_or(v.len());
    let (nums, pre) = v.split_at(num_end);
    let parts: Vec<&str> = nums.split('.').collect();
    let nums_ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0] == "1";
    let pre_ok = pre.is_empty() || {
        let k = pre.trim_end_matches(|c: char| c.is_ascii_digit());
        matches!(k, "rc" | "beta" | "alpha") && k.len() < pre.len() && parts.len() == 2
    };
    nums_ok && pre_ok
}

fn parse_env_entry(
    src: &Src,
    name: &str,
    at: usize,
    v: &toml::Spanned<DeValue>,
) -> Result<EnvEntry, ConfigError> {
    if !vars::valid_name(name) {
        return Err(src.err(
            at,
            format!("\"{name}\" is not a valid variable name; use letters, digits and _, not starting with a digit"),
        ));
    }
    if let Some(why) = vars::reserved(name) {
        return Err(src.err(at, format!("{name} cannot be set in [env]: {why}")));
    }
    if let Some(s) = vars::go_typo(name) {
        return Err(src.err(
            at,
            format!("unknown variable {name}; did you mean {s}? (fix the name in [env])"),
        ));
    }
    let vat = v.span().start;
    let value = match v.get_ref() {
        DeValue::String(s) => {
            check_expansions(src, vat, s)?;
            Value::Str(s.to_string())
        }
        DeValue::Boolean(false) => Value::Unset,
        DeValue::Boolean(true) => {
            return Err(src.err(
                vat,
                format!(
                "{name} = true is not a value; write a string (\"1\", \"on\") or false to unset it"
            ),
            ))
        }
        DeValue::Array(items) => list_value(src, name, vat, items)?,
        DeValue::Integer(i) => {
            return Err(src.err(
                vat,
                format!("{name} must be a string: write {name} = \"{}\"", i.as_str()),
            ))
        }
        other => {
            return Err(src.err(
                vat,
                format!(
                    "{name} must be a string, a list of strings, or false (found {})",
                    other.type_str()
                ),
            ))
        }
    };
    // Go's own grammar for its variables, where the value is known before
    // expansion; values with ${...} are checked again once expanded.
    let raw = as_go_reads(name, &value);
    if let Some(raw) = raw {
        vars::check(name, &raw, false).map_err(|m| src.err(vat, m))?;
    }
    let (line, col) = src.pos(at);
    Ok(EnvEntry {
        name: name.to_string(),
        value,
        line,
        col,
    })
}

/// A TOML array for `name`: allowed only for list variables, each entry a string without the
/// variable's separator (GOFLAGS: one Go can read back once quoted).
fn list_value(
    src: &Src,
    name: &str,
    vat: usize,
    items: &toml::de::DeArray,
) -> Result<Value, ConfigError> {
    let Some(join) = vars::join_for(name) else {
        return Err(src.err(
            vat,
            format!("{name} is not a list variable; write one string (lists are for GOPROXY, GOPRIVATE, GOFLAGS, *PATH and other list variables)"),
        ));
    };
    let mut list = Vec::with_capacity(items.len());
    for item in items.iter() {
        let iat = item.span().start;
        let Some(s) = item.get_ref().as_str() else {
            return Err(src.err(iat, format!("every entry of {name} must be a string")));
        };
        if let Join::Sep(sep) = join {
            if s.as_bytes().contains(&sep) {
                return Err(src.err(
                    iat,
                    format!("an entry of {name} contains '{}', its separator; split it into two entries", sep as char),
                ));
            }
        }
        if join == Join::GoFlags && quote_goflag(s).is_none() {
            return Err(src.err(
                iat,
                format!("GOFLAGS entry {s:?} has white space and both quote kinds; Go cannot read it back, drop one kind of quote"),
            ));
        }
        check_expansions(src, iat, s)?;
        list.push(s.to_string());
    }
    Ok(Value::List(list))
}

/// The value as the variable will hold it (a list joined the way Go reads it), before
/// expansion; None for `false` and for a list of a variable that takes none.
fn as_go_reads(name: &str, value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::List(items) => match vars::join_for(name) {
            Some(Join::GoFlags) => items
                .iter()
                .map(|i| quote_goflag(i))
                .collect::<Option<Vec<_>>>()
                .map(|q| q.join(" ")),
            Some(Join::Sep(c)) => Some(items.join(&(c as char).to_string())),
            None => None,
        },
        Value::Unset => None,
    }
}

fn path_entries(src: &Src, v: &toml::Spanned<DeValue>) -> Result<Vec<String>, ConfigError> {
    let Some(items) = v.get_ref().as_array() else {
        return Err(src.err(
            v.span().start,
            "must be a list of directories, e.g. [\"./bin\"]",
        ));
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let at = item.span().start;
        let Some(s) = item.get_ref().as_str() else {
            return Err(src.err(at, "every PATH entry must be a string"));
        };
        if s.contains(':') {
            return Err(src.err(
                at,
                format!("PATH entry {s:?} contains ':'; give each directory as its own entry"),
            ));
        }
        if !(s.starts_with('/')
            || s.starts_with("./")
            || s.starts_with("../")
            || s.starts_with("~/")
            || matches!(s, "." | ".." | "~")
            || s.starts_with("${"))
        {
            return Err(src.err(
                at,
                format!("PATH entry {s:?} is relative to wherever the shell is; write \"./{s}\" (relative to this file) or an absolute path"),
            ));
        }
        check_expansions(src, at, s)?;
        out.push(s.to_string());
    }
    Ok(out)
}

/// A TOML basic string: the one writer of TOML text for the files goenvhook writes (`import`,
/// `edit`'s template). Control characters, DEL included, are escaped as TOML requires.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `${NAME}` and `${NAME:-default}` must be complete; `$$` is a literal `$`.
fn check_expansions(src: &Src, at: usize, s: &str) -> Result<(), ConfigError> {
    // TOML can spell a NUL (\u0000); no environment variable can hold one, and a shell would
    // silently drop it, so the value would not arrive as written.
    if s.contains('\0') {
        return Err(src.err(
            at,
            "a value cannot contain a NUL byte (\\u0000): no environment variable can hold one; remove it",
        ));
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' && b.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            let Some(close) = s[i..].find('}') else {
                return Err(src.err(
                    at,
                    format!(
                        "unterminated ${{ in {s:?}; close it with }} (write $$ for a literal $)"
                    ),
                ));
            };
            let inner = &s[i + 2..i + close];
            let name = inner.split_once(":-").map_or(inner, |(n, _)| n);
            if !vars::valid_name(name) {
                return Err(src.err(
                    at,
                    format!("${{{inner}}} in {s:?} is not ${{NAME}} or ${{NAME:-default}}; write $$ for a literal $"),
                ));
            }
            i += close + 1;
            continue;
        }
        i += 1;
    }
    Ok(())
}

/// Quotes a GOFLAGS entry the one way Go's parser reads back: wholly wrapped in ' or ", no escapes.
pub fn quote_goflag(s: &str) -> Option<String> {
    if !s.chars().any(char::is_whitespace) && !s.starts_with(['\'', '"']) {
        return Some(s.to_string());
    }
    if !s.contains('\'') {
        Some(format!("'{s}'"))
    } else if !s.contains('"') {
        Some(format!("\"{s}\""))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Ctx;
    use crate::env::Env;

    fn p(text: &str) -> Result<Config, ConfigError> {
        parse(Path::new("/proj/.goenv.toml"), text.as_bytes())
    }

    #[test]
    fn full_example_parses() {
        let c = p(r#"
go = "1.22"
inherit = true
[env]
GOPROXY = ["https://goproxy.cn", "https://proxy.golang.org", "direct"]
GOFLAGS = ["-mod=mod", "-ldflags=-s -w"]
GOEXPERIMENT = false
[path]
prepend = ["./bin", "./tools/bin"]
append = []
"#)
        .unwrap();
        assert_eq!(c.go, Some(GoSpec::Version("1.22".into())));
        assert!(c.inherit);
        assert_eq!(c.prepend, vec!["./bin", "./tools/bin"]);
        let env = Env::new();
        let ctx = Ctx {
            outside: &env,
            dir: Path::new("/proj"),
        };
        let flags = c.env.iter().find(|e| e.name == "GOFLAGS").unwrap();
        assert_eq!(
            ctx.value(flags).unwrap().unwrap(),
            "-mod=mod '-ldflags=-s -w'"
        );
        let proxy = c.env.iter().find(|e| e.name == "GOPROXY").unwrap();
        assert_eq!(
            ctx.value(proxy).unwrap().unwrap(),
            "https://goproxy.cn,https://proxy.golang.org,direct"
        );
        assert_eq!(ctx.expand("./bin"), "/proj/bin");
        assert_eq!(ctx.expand("../x"), "/x");
    }

    #[test]
    fn errors_have_positions_and_fixes() {
        let e = p("inheirt = true\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.msg.contains("did you mean \"inherit\""), "{e}");
        let e = p("[env]\nGOPRVATE = \"x\"\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.msg.contains("did you mean GOPRIVATE"), "{e}");
        let e = p("[env]\nDEPLOY = [\"a\"]\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.msg.contains("not a list variable"));
        let e = p("[env]\nPATH = \"/x\"\n").unwrap_err();
        assert!(e.msg.contains("[path]"));
        for nul in [
            "[env]\nX = \"a\\u0000b\"\n",
            "[env]\nGOPATH = [\"/a\", \"\\u0000\"]\n",
            "[path]\nappend = [\"/a\\u0000\"]\n",
        ] {
            let e = p(nul).unwrap_err();
            assert!(e.msg.contains("NUL byte"), "{nul}: {e}");
        }
        let e = p("[path]\nprepend = [\"bin\"]\n").unwrap_err();
        assert!(e.msg.contains("./bin"), "{e}");
        let e = p("[env]\nA = \"${oops\"\n").unwrap_err();
        assert!(e.msg.contains("unterminated"));
        let e = p("go = \"1.x\"\n").unwrap_err();
        assert!(e.msg.contains("not a Go version"));
        let e = p("[env\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("/proj/.goenv.toml:1:"));
        let e = p("[env]\nCGO_ENABLED = 0\n").unwrap_err();
        assert!(e.msg.contains("CGO_ENABLED = \"0\""));
    }

    #[test]
    fn version_files() {
        let c = p("go = \".go-version\"\n").unwrap();
        assert_eq!(c.go, Some(GoSpec::File(".go-version".into())));
        let c = p("go = \"../.tool-versions\"\n").unwrap();
        assert_eq!(c.go, Some(GoSpec::File("../.tool-versions".into())));
        let e = p("go = \"go-version\"\n").unwrap_err();
        assert!(e.msg.contains("\".go-version\""), "{e}");
    }

    #[test]
    fn positions_match_a_count_from_the_start() {
        let text = "a = 1\né = \"ü\"\n\n".repeat(100) + &"x".repeat(700) + "\n€";
        let src = Src::new(Path::new("/p"), &text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(src.pos(offset), (line, col), "at byte {offset}");
        }
    }

    #[test]
    fn many_entries_parse_in_linear_time() {
        // Each entry's position was counted from the start of the file: these 20,000 entries
        // took 18 s in a debug build, a 1 MiB config (MAX_BYTES) of 80,000 six minutes (70 s
        // released). Positions now cost a bounded scan each.
        let mut text = String::from("[env]\n");
        for i in 0..20_000 {
            text.push_str(&format!("V{i} = \"x\"\n"));
        }
        let c = p(&text).unwrap();
        let last = c.env.iter().find(|e| e.name == "V19999").unwrap();
        assert_eq!((last.line, last.col), (20_001, 1));
    }

    #[test]
    fn versions() {
        for ok in ["1.22", "1.22.10", "1.23rc1"] {
            assert!(looks_like_version(ok), "{ok}");
        }
        for bad in ["1", "2.1", "1.22.1rc1", "1.x", "1.22."] {
            assert!(!looks_like_version(bad), "{bad}");
        }
    }

    #[test]
    fn goflags_quoting() {
        assert_eq!(quote_goflag("-a=b").unwrap(), "-a=b");
        assert_eq!(quote_goflag("-x=a b").unwrap(), "'-x=a b'");
        assert_eq!(quote_goflag("-x=it's b").unwrap(), "\"-x=it's b\"");
        assert!(quote_goflag("-x='a' \"b\"").is_none());
    }
}
