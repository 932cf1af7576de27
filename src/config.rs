//! `.goenv.toml`: finding it upward from a directory, parsing it with positions, and turning its
//! values into environment bytes. Knows nothing of trust, state or shells; reads only the file.

use std::ffi::OsString;
use std::fmt;
use std::fmt::Write as _;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::env::Vars;
use crate::go::select::GoSpec;
use crate::go::vars::{self, Join};
use crate::paths;

pub const FILE_NAME: &str = ".goenv.toml";

/// A problem in a config file, always with a position and the fix, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub msg: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.msg
        )
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
    /// `false`: unset inside the project.
    Unset,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub name: String,
    pub value: Value,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub go: Option<GoSpec>,
    pub inherit: bool,
    pub env: Vec<EnvEntry>,
    pub prepend: Vec<String>,
    pub append: Vec<String>,
}

/// A developer's own overrides beside a `.goenv.toml` (not committed; approved on its own).
pub const LOCAL_FILE_NAME: &str = ".goenv.local.toml";

/// Every `.goenv.toml` from `dir` up to `/`, nearest first, each preceded by the
/// `.goenv.local.toml` beside it if there is one (it applies on top). One `stat` per level: this
/// runs on every prompt, so a local file is looked for only where a project config is (SPEC §2:
/// it sits beside one), not at every level.
pub fn find_all(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            let local = d.join(LOCAL_FILE_NAME);
            if local.is_file() {
                found.push(local);
            }
            found.push(candidate);
        }
        cur = d.parent();
    }
    found
}

/// `find_all` for the directory this process runs in, `dir` being its path as getcwd reports it
/// (symlinks resolved, so each `..` is the next of `dir`'s ancestors). The same answer, found
/// with cheaper lookups: resolving each level's path from `/` made a walk cost the square of the
/// depth (64 levels: 180 µs, 60 ns per path component); here each lookup starts from a
/// directory at most `HOP` levels below it. This runs on every prompt.
pub fn find_all_here(dir: &Path) -> Vec<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use nix::fcntl::{open, OFlag};
        use nix::sys::stat::Mode;
        let flags = OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
        // A shallow directory's paths are short: opening a handle would cost more than it saves.
        if dir.ancestors().nth(HOP).is_none() {
            return find_all(dir);
        }
        if let Ok(fd) = open(".", flags, Mode::empty()) {
            // A deleted working directory (the caller fell back to $PWD) has no `..`: search
            // by path then.
            if nix::sys::stat::fstat(&fd).is_ok_and(|s| s.st_nlink > 0) {
                return find_all_at(dir, fd);
            }
        }
    }
    find_all(dir)
}

/// How many levels a lookup of `find_all_here` climbs at most from its handle.
#[cfg(target_os = "linux")]
const HOP: usize = 8;

/// `find_all(dir)` with every lookup relative to `start`, an open handle on `dir`. Allocates
/// nothing per level (building each relative path with `format!` was half of a 64-level no-op's
/// instructions): the lookup `ups` levels up is a tail of one `../../…/name` buffer.
#[cfg(target_os = "linux")]
fn find_all_at(dir: &Path, start: std::os::fd::OwnedFd) -> Vec<PathBuf> {
    use nix::fcntl::{openat, AtFlags, OFlag};
    use nix::sys::stat::{fstatat, Mode, SFlag};
    use std::ffi::{CStr, OsStr};
    /// `"../"` HOP times, then `name` and a NUL.
    fn climbing(name: &str) -> Vec<u8> {
        let mut b = b"../".repeat(HOP);
        b.extend_from_slice(name.as_bytes());
        b.push(0);
        b
    }
    let (config, local) = (climbing(FILE_NAME), climbing(LOCAL_FILE_NAME));
    fn up(buf: &[u8], ups: usize) -> &CStr {
        CStr::from_bytes_with_nul(&buf[(HOP - ups) * 3..]).expect("one NUL, at the end")
    }
    let mut found = Vec::new();
    let mut anchor = start;
    let mut ups = 0;
    // Levels are walked on the path's bytes (`ancestors()` parses components again for every
    // level): getcwd's path is canonical, so each level up ends at the previous `/`.
    let bytes = dir.as_os_str().as_bytes();
    if !bytes.starts_with(b"/") {
        return find_all(dir);
    }
    let level = |end: usize| {
        Path::new(OsStr::from_bytes(if end == 0 {
            b"/"
        } else {
            &bytes[..end]
        }))
    };
    let mut end = Some(bytes.len() - usize::from(bytes.ends_with(b"/")));
    while let Some(e) = end {
        if ups == HOP {
            let flags = OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
            match openat(&anchor, &config[..3 * HOP], flags, Mode::empty()) {
                Ok(fd) => {
                    anchor = fd;
                    ups = 0;
                }
                Err(_) => {
                    found.extend(find_all(level(e)));
                    return found;
                }
            }
        }
        let is_file = |buf: &[u8]| {
            fstatat(&anchor, up(buf, ups), AtFlags::empty()).is_ok_and(|s| {
                SFlag::from_bits_truncate(s.st_mode & SFlag::S_IFMT.bits()) == SFlag::S_IFREG
            })
        };
        if is_file(&config) {
            let d = level(e);
            if is_file(&local) {
                found.push(d.join(LOCAL_FILE_NAME));
            }
            found.push(d.join(FILE_NAME));
        }
        ups += 1;
        end = (e > 0).then(|| bytes[..e].iter().rposition(|b| *b == b'/').unwrap_or(0));
    }
    found
}

/// No real config comes near this; a larger file is refused before it is parsed, so a prompt never
/// spends time on one (issue 8).
pub const MAX_BYTES: u64 = 1 << 20;

/// Reads a config once (the bytes that are hashed for trust are the bytes that are parsed and
/// applied), refusing a file over `MAX_BYTES` without reading it all.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    read_with_meta(path).map(|(bytes, _)| bytes)
}

/// `read`, with the file's metadata as it was opened, before a byte was read: a stamp taken
/// from it is changed by any later write, so no second `stat` is needed (the hook runs this on
/// every load).
pub fn read_with_meta(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let could_not = |e: std::io::Error| format!("could not read {}: {e}", path.display());
    // Opened without blocking and checked to be a regular file: a FIFO swapped in after the
    // directory was searched would otherwise hang the prompt on open or read.
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
        .map_err(could_not)?;
    let meta = f.metadata().map_err(could_not)?;
    if !meta.is_file() {
        return Err(format!(
            "could not read {}: it is not a regular file; remove it or replace it with a config",
            path.display()
        ));
    }
    let size = meta.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(MAX_BYTES)).unwrap_or(0) + 1);
    if size <= MAX_BYTES {
        f.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(could_not)?;
    }
    if size > MAX_BYTES || bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{} is over {} KiB, larger than any goenvhook config should be, so it was not read; check that it is the file you meant",
            path.display(),
            MAX_BYTES / 1024
        ));
    }
    Ok((bytes, meta))
}

/// Whether `path` is a `.goenv.local.toml`.
pub fn is_local(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == LOCAL_FILE_NAME)
}

/// The one walk of a chain, for the hook, status and allow: from `found[0]` (`find_all`'s list,
/// nearest first), each config is read with the guarded reader and handed to `visit` with its
/// bytes and metadata, or why it could not be read. `visit` returns the parsed config to go on,
/// or None to stop there; the walk goes on while `chain_continues`. Returns what `visit` returned.
pub fn walk_chain<E>(
    found: &[PathBuf],
    mut visit: impl FnMut(
        &Path,
        Result<(Vec<u8>, std::fs::Metadata), String>,
    ) -> Result<Option<Config>, E>,
) -> Result<Vec<Config>, E> {
    let mut chain = Vec::new();
    for (i, path) in found.iter().enumerate() {
        let Some(cfg) = visit(path, read_with_meta(path))? else {
            break;
        };
        let go_on = chain_continues(&cfg, found.get(i + 1).map(PathBuf::as_path));
        chain.push(cfg);
        if !go_on {
            break;
        }
    }
    Ok(chain)
}

/// After `cfg` (an element of `find_all`'s list), whether the chain goes on to `next`: a local
/// file always goes on to the `.goenv.toml` beside it; otherwise `inherit = true` goes on to
/// the next file up.
pub fn chain_continues(cfg: &Config, next: Option<&Path>) -> bool {
    let sibling = is_local(&cfg.path)
        && next.is_some_and(|n| n.parent() == cfg.path.parent() && !is_local(n));
    next.is_some() && (sibling || cfg.inherit)
}

const TOP_KEYS: &[&str] = &["go", "inherit", "env", "path"];
const PATH_KEYS: &[&str] = &["prepend", "append"];

struct Src<'a> {
    path: &'a Path,
    text: &'a str,
    /// `(offset, line, col)` of the first character at or after every `MARK_EVERY` bytes, so that
    /// a position costs at most `MARK_EVERY` bytes of scanning. `pos` runs for every `[env]` entry;
    /// counting from the start of the file each time made a 1 MiB config of short entries take
    /// minutes to parse (found while writing the fuzz targets, issue 8).
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

/// `1.22`, `1.22.10`, `1.23rc1`: Go's version grammar (reference §4.2) without judging the numbers.
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
        DeValue::Array(items) => {
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
            Value::List(list)
        }
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
    // Go's own grammar for its variables (reference §3), where the value is known before
    // expansion; values with ${...} are checked again once expanded.
    let raw = match &value {
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
    };
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

/// What a value's expansions read: the environment outside the project, and HOME.
pub struct Ctx<'a> {
    pub outside: &'a dyn Vars,
    pub dir: &'a Path,
}

impl Ctx<'_> {
    fn home(&self) -> Vec<u8> {
        self.outside
            .var_str("HOME")
            .map(|h| h.into_vec())
            .unwrap_or_default()
    }

    /// `~/`, `./`, `../` at the start (relative to HOME and the config's directory), then `${...}`.
    pub fn expand(&self, raw: &str) -> OsString {
        self.expand_inner(raw, false)
    }

    /// A `[path]` entry: like `expand`, and a bare `.`, `..` or `~` is a directory too. In an
    /// `[env]` value they stay text (a value "." is as likely a separator as a directory).
    pub fn expand_dir(&self, raw: &str) -> OsString {
        self.expand_inner(raw, true)
    }

    /// A `[path]` entry as it goes on PATH: `expand_dir`, then the checks that only the
    /// expanded form can answer. It must be a non-empty absolute path without `:`. A `:` splits
    /// it into several PATH entries, some relative, that leaving the project cannot find again;
    /// an empty or relative entry puts whatever directory the shell is in on PATH. Both can come
    /// from the project's own directory name (`./bin` under `a:b/`) or from a `${VAR}`.
    pub fn path_entry(&self, raw: &str) -> Result<OsString, String> {
        let dir = self.expand_dir(raw);
        let b = dir.as_bytes();
        let home_unset = (raw == "~" || raw.starts_with("~/")) && !self.home().starts_with(b"/");
        let why = if home_unset {
            "HOME is not set to an absolute path here"
        } else if b.is_empty() {
            "that is empty, which PATH reads as the current directory"
        } else if b.contains(&b':') {
            "that holds ':', PATH's separator, so it would become several entries"
        } else if !b.starts_with(b"/") {
            "that is relative, so it would mean a different directory after every cd"
        } else {
            return Ok(dir);
        };
        let fix = if raw.contains("${") {
            "set the variable to one absolute directory, or change the entry"
        } else if b.contains(&b':') {
            "move the project to a directory without ':' in its path, or give an absolute path"
        } else {
            "give an absolute path"
        };
        Err(format!(
            "PATH entry {raw:?} in {} becomes {:?}; {why}: {fix}",
            self.dir.display(),
            dir.to_string_lossy()
        ))
    }

    fn expand_inner(&self, raw: &str, bare: bool) -> OsString {
        let home = self.outside.var_str("HOME");
        let (base, rest) = paths::prefix(raw, home.as_deref(), self.dir, bare);
        let mut out: Vec<u8> = Vec::new();
        if let Some(base) = base {
            out.extend(paths::bytes(&base));
            if !rest.is_empty() && !out.ends_with(b"/") {
                out.push(b'/');
            }
        }
        self.expand_vars(rest, &mut out);
        OsString::from_vec(out)
    }

    fn expand_vars(&self, s: &str, out: &mut Vec<u8>) {
        let mut i = 0;
        let b = s.as_bytes();
        while i < b.len() {
            if b[i] == b'$' && b.get(i + 1) == Some(&b'$') {
                out.push(b'$');
                i += 2;
            } else if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
                // check_expansions guaranteed a closing brace.
                let close = s[i..].find('}').map_or(b.len(), |c| i + c);
                let inner = &s[i + 2..close];
                let (name, default) = match inner.split_once(":-") {
                    Some((n, d)) => (n, Some(d)),
                    None => (inner, None),
                };
                match self.outside.var_str(name) {
                    Some(v) if !v.is_empty() || default.is_none() => out.extend(v.as_bytes()),
                    _ => out.extend(default.unwrap_or("").as_bytes()),
                }
                i = close + 1;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
    }

    /// The bytes a config value becomes, or None for `false` (unset).
    pub fn value(&self, entry: &EnvEntry) -> Result<Option<OsString>, String> {
        match &entry.value {
            Value::Unset => Ok(None),
            Value::Str(s) => Ok(Some(self.expand(s))),
            Value::List(items) => {
                let join = vars::join_for(&entry.name).unwrap_or(Join::Sep(b','));
                let mut out = Vec::new();
                let mut first = true;
                for item in items {
                    let v = self.expand(item);
                    // An entry like "${GOPATH}" that expands to nothing adds nothing: an empty
                    // entry is the working directory in a PATH-like list and an error in Go's.
                    if v.is_empty() && item.contains("${") {
                        continue;
                    }
                    if !std::mem::take(&mut first) {
                        out.push(match join {
                            Join::Sep(c) => c,
                            Join::GoFlags => b' ',
                        });
                    }
                    if join == Join::GoFlags {
                        let s = v.to_string_lossy();
                        let q = quote_goflag(&s).ok_or_else(|| {
                            format!("GOFLAGS entry {s:?} has white space and both quote kinds after expansion")
                        })?;
                        out.extend(q.as_bytes());
                    } else {
                        out.extend(v.as_bytes());
                    }
                }
                Ok(Some(OsString::from_vec(out)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        /// The walk from an open handle finds exactly what `find_all` finds, at any depth
        /// (past several hops) and with configs, local files and odd files at any level.
        #[test]
        fn the_walk_from_a_handle_matches_find_all(
            depth in 0usize..30,
            marks in proptest::collection::vec((0usize..34, 0u8..5), 0..8),
        ) {
            let t = tempfile::tempdir().unwrap();
            let root = t.path().canonicalize().unwrap();
            let mut dir = root.clone();
            for i in 0..depth {
                dir = dir.join(format!("d{i}"));
            }
            std::fs::create_dir_all(&dir).unwrap();
            let levels: Vec<&Path> = dir.ancestors().take_while(|a| a.starts_with(&root)).collect();
            for (at, kind) in marks {
                let d = levels[at % levels.len()];
                // Never write through a link made earlier in the same case: it points outside.
                let fresh = |p: &Path| std::fs::symlink_metadata(p).is_err();
                match kind {
                    0 if fresh(&d.join(FILE_NAME)) => { let _ = std::fs::write(d.join(FILE_NAME), ""); }
                    1 if fresh(&d.join(LOCAL_FILE_NAME)) => { let _ = std::fs::write(d.join(LOCAL_FILE_NAME), ""); }
                    0 | 1 => {}
                    2 => { let _ = std::fs::create_dir(d.join(FILE_NAME)); }
                    3 => { let _ = std::os::unix::fs::symlink("/nonexistent-goenvhook-test/none", d.join(FILE_NAME)); }
                    _ => { let _ = std::os::unix::fs::symlink(FILE_NAME, d.join(LOCAL_FILE_NAME)); }
                }
            }
            let start = nix::fcntl::open(
                &dir,
                nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_DIRECTORY,
                nix::sys::stat::Mode::empty(),
            )
            .unwrap();
            proptest::prop_assert_eq!(find_all_at(&dir, start), find_all(&dir));
        }
    }

    use super::*;
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
    fn expansions() {
        let mut env = Env::new();
        env.insert("HOME".into(), "/home/u".into());
        env.insert("GOFLAGS".into(), "-mod=mod".into());
        env.insert("EMPTY".into(), "".into());
        let ctx = Ctx {
            outside: &env,
            dir: Path::new("/proj"),
        };
        assert_eq!(ctx.expand("${GOFLAGS:-} -race"), "-mod=mod -race");
        assert_eq!(ctx.expand("${NOPE:-x}/${EMPTY:-d}"), "x/d");
        assert_eq!(ctx.expand("~/.netrc"), "/home/u/.netrc");
        assert_eq!(ctx.expand("a$$b$c"), "a$b$c");
        // Found by the escaping property test: a bare "." or "~" is a value, not a directory.
        for text in [".", "..", "~", "~user/x", ".hidden"] {
            assert_eq!(ctx.expand(text), text);
        }
        assert_eq!(ctx.expand_dir("."), "/proj");
        assert_eq!(ctx.expand_dir(".."), "/");
        assert_eq!(ctx.expand_dir("~"), "/home/u");
        assert_eq!(ctx.expand("./.."), "/");
        assert_eq!(ctx.expand("${NOPE}"), "");
        let list = |items: &[&str]| EnvEntry {
            name: "GOPATH".into(),
            value: Value::List(items.iter().map(|s| s.to_string()).collect()),
            line: 1,
            col: 1,
        };
        let v = |items: &[&str]| ctx.value(&list(items)).unwrap().unwrap();
        assert_eq!(v(&["./go", "${NOPE}"]), "/proj/go");
        assert_eq!(v(&["${EMPTY}", "./go", "${GOFLAGS}"]), "/proj/go:-mod=mod");
    }

    #[test]
    fn path_entries_are_checked_once_expanded() {
        let mut env = Env::new();
        env.insert("HOME".into(), "/home/u".into());
        env.insert("REL".into(), "bin".into());
        env.insert("C".into(), "/a:b:.".into());
        env.insert("ABS".into(), "/opt/tools".into());
        let at = |dir: &str, raw: &str| {
            Ctx {
                outside: &env,
                dir: Path::new(dir),
            }
            .path_entry(raw)
        };
        assert_eq!(at("/p", "./bin").unwrap(), "/p/bin");
        assert_eq!(at("/p", "${ABS}/bin").unwrap(), "/opt/tools/bin");
        assert_eq!(at("/p", "~").unwrap(), "/home/u");
        for (dir, raw, why) in [
            ("/x/a:b/proj", "./bin", "':'"),
            ("/p", "${NOPE}", "empty"),
            ("/p", "${REL}", "relative"),
            ("/p", "${C}", "':'"),
        ] {
            let e = at(dir, raw).unwrap_err();
            assert!(
                e.contains(&format!("{raw:?}")) && e.contains(dir) && e.contains(why),
                "{e}"
            );
        }
        let mut no_home = Env::new();
        no_home.insert("HOME".into(), "".into());
        let ctx = Ctx {
            outside: &no_home,
            dir: Path::new("/p"),
        };
        assert!(ctx.path_entry("~/bin").unwrap_err().contains("HOME"));
    }

    #[test]
    fn local_files_in_the_chain() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        let child = root.join("svc");
        std::fs::create_dir_all(&child).unwrap();
        for f in [
            ".goenv.toml",
            ".goenv.local.toml",
            "svc/.goenv.toml",
            "svc/.goenv.local.toml",
        ] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let found = find_all(&child);
        let want: Vec<PathBuf> = [
            "svc/.goenv.local.toml",
            "svc/.goenv.toml",
            ".goenv.local.toml",
            ".goenv.toml",
        ]
        .iter()
        .map(|f| root.join(f))
        .collect();
        assert_eq!(found[..4], want[..]);
        let cfg = |path: &Path, inherit: bool| Config {
            inherit,
            ..parse(path, b"").unwrap()
        };
        // A local file goes on to its sibling whatever it says; a project file by inherit.
        assert!(chain_continues(&cfg(&found[0], false), Some(&found[1])));
        assert!(!chain_continues(&cfg(&found[1], false), Some(&found[2])));
        assert!(chain_continues(&cfg(&found[1], true), Some(&found[2])));
        // A local file alone: its own inherit decides.
        assert!(!chain_continues(&cfg(&found[0], false), Some(&found[2])));
        assert!(chain_continues(&cfg(&found[0], true), Some(&found[2])));
        assert!(!chain_continues(&cfg(&found[3], true), None));
        assert!(is_local(&found[0]) && !is_local(&found[1]));
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
