//! Environment values as bytes, PATH-style list edits that remember positions so they can be
//! undone exactly, and the kernel's limits on an environment's size. No knowledge of shells,
//! configs or trust; the only I/O is reading those limits and this process's environment size.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The variables goenvhook keeps for itself: the state of what it applied (state.rs), and the
/// pid of the shell whose hook set it (so `allow` can tell whether the hook is active).
pub const STATE_VAR: &str = "GOENVHOOK_STATE";
pub const PID_VAR: &str = "GOENVHOOK_PID";

/// A variable name every shell can set and every program can read: a letter or `_`, then letters,
/// digits or `_`. Anything else is refused wherever a name comes from (a config, the state
/// variable), and the shell renderer never prints one: a name is written unquoted.
pub fn is_name(name: &[u8]) -> bool {
    matches!(name.first(), Some(c) if *c == b'_' || c.is_ascii_alphabetic())
        && name.iter().all(|c| *c == b'_' || c.is_ascii_alphanumeric())
}

/// A whole environment as a sorted map (tests, and the few places that need every variable).
pub type Env = BTreeMap<OsString, OsString>;

/// Read access to an environment, one variable at a time. The process environment is never copied
/// whole: with 2,000 variables, building and cloning a map of it was 25x the rest of a load
/// (callgrind), so goenvhook looks up only the names it needs.
pub trait Vars {
    fn var(&self, name: &OsStr) -> Option<OsString>;

    fn var_str(&self, name: &str) -> Option<OsString> {
        self.var(OsStr::new(name))
    }
}

impl Vars for Env {
    fn var(&self, name: &OsStr) -> Option<OsString> {
        self.get(name).cloned()
    }
}

/// This process's environment, read with getenv, without assuming UTF-8.
pub struct Process;

impl Vars for Process {
    fn var(&self, name: &OsStr) -> Option<OsString> {
        if name.is_empty() || name.as_bytes().contains(&b'=') {
            return None;
        }
        std::env::var_os(name)
    }
}

/// An environment with some variables set (Some) or unset (None) on top of another.
pub struct Layered<'a> {
    pub under: &'a dyn Vars,
    pub over: BTreeMap<OsString, Option<OsString>>,
}

impl<'a> Layered<'a> {
    pub fn new(under: &'a dyn Vars) -> Layered<'a> {
        Layered {
            under,
            over: BTreeMap::new(),
        }
    }

    pub fn set(&mut self, name: OsString, value: Option<OsString>) {
        self.over.insert(name, value);
    }
}

impl Vars for Layered<'_> {
    fn var(&self, name: &OsStr) -> Option<OsString> {
        match self.over.get(name) {
            Some(v) => v.clone(),
            None => self.under.var(name),
        }
    }
}

/// A stable 64-bit FNV-1a hash. Used to recognise a value goenvhook applied without storing the
/// value itself in the state variable (a 100 KB value must not be copied into the state).
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

pub fn hash_os(v: &OsStr) -> u64 {
    hash64(v.as_bytes())
}

/// Splits a PATH-style value on `:`, borrowing the entries (a PATH can have thousands). An empty
/// value is an empty list (not one empty entry), so that prepending to an empty PATH does not add
/// a trailing `:` (which would mean "current directory").
pub fn split_list(v: &OsStr) -> Vec<&[u8]> {
    let b = v.as_bytes();
    if b.is_empty() {
        return Vec::new();
    }
    // A PATH can have thousands of entries, and a byte-by-byte split of a 60 KB PATH was a fifth
    // of a load (callgrind). Eight bytes at a time: a byte of `w ^ COLONS` is zero exactly where
    // there is a ':', and `!((x & LOW7) + LOW7 | x | LOW7)` sets the top bit of exactly those
    // bytes (no carry crosses a byte, so there are no false hits).
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const COLONS: u64 = 0x3a3a_3a3a_3a3a_3a3a;
    let mut out = Vec::with_capacity(b.len() / 16 + 1);
    let mut start = 0;
    let mut chunks = b.chunks_exact(8);
    for (n, chunk) in chunks.by_ref().enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ COLONS;
        let mut hits = !(((x & LOW7) + LOW7) | x | LOW7);
        while hits != 0 {
            let at = n * 8 + (hits.trailing_zeros() / 8) as usize;
            out.push(&b[start..at]);
            start = at + 1;
            hits &= hits - 1;
        }
    }
    let tail = b.len() - chunks.remainder().len();
    for (i, c) in chunks.remainder().iter().enumerate() {
        if *c == b':' {
            out.push(&b[start..tail + i]);
            start = tail + i + 1;
        }
    }
    out.push(&b[start..]);
    out
}

pub fn join_list(entries: &[&[u8]]) -> OsString {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.len() + 1).sum());
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        out.extend_from_slice(e);
    }
    OsString::from_vec(out)
}

/// An entry that was already in the list and was moved to the front or the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Its index in the list before.
    pub index: usize,
    pub entry: OsString,
    /// The entries around it before: `next` is `Some(None)` when it was last, `prev` when it was
    /// first; `None` when not known (a state written before goenvhook remembered them). Putting
    /// an entry back beside its old neighbours keeps the user's order when they add entries while
    /// inside a project; an index alone would be off by one for every entry they added in front.
    pub next: Option<Option<OsString>>,
    pub prev: Option<Option<OsString>>,
}

/// What applying prepend/append entries did to a PATH-style list, enough to undo it entry by entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListEdit {
    /// Entries that were not in the list before.
    pub added: Vec<OsString>,
    /// Entries that were already in the list and were moved. Sorted by index.
    pub moved: Vec<Moved>,
    /// The variable was unset before (as opposed to empty).
    pub was_unset: bool,
}

impl ListEdit {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.moved.is_empty()
    }
}

/// `apply_list` on a PATH-style value. When no entry to place is already in the list (the usual
/// case), the result is the new entries around the value as it was, and the list is never split:
/// a search for each entry runs at memchr speed, while splitting a 2,000-entry PATH was a fifth
/// of a load.
pub fn apply_value(
    base: &OsStr,
    prepend: &[OsString],
    append: &[OsString],
) -> (OsString, ListEdit) {
    let b = base.as_bytes();
    let absent = |m: &OsString| match (std::str::from_utf8(b), m.to_str()) {
        (Ok(hay), Some(needle)) => !needle.is_empty() && !hay.contains(needle),
        _ => false,
    };
    if !prepend.iter().chain(append).all(absent) {
        return apply_list(&split_list(base), prepend, append);
    }
    let mut out = Joined::with_capacity(
        b.len()
            + prepend
                .iter()
                .chain(append)
                .map(|e| e.len() + 1)
                .sum::<usize>(),
    );
    out.place(prepend);
    if !b.is_empty() {
        out.push(b);
    }
    out.place(append);
    let edit = ListEdit {
        added: out
            .placed
            .iter()
            .map(|e| OsString::from_vec(e.to_vec()))
            .collect(),
        ..ListEdit::default()
    };
    (OsString::from_vec(out.bytes), edit)
}

/// A PATH-style value being written: entries joined with ':', each entry goenvhook places
/// written once however often the configs name it.
struct Joined<'a> {
    bytes: Vec<u8>,
    first: bool,
    placed: Vec<&'a [u8]>,
}

impl<'a> Joined<'a> {
    fn with_capacity(n: usize) -> Joined<'a> {
        Joined {
            bytes: Vec::with_capacity(n + 1),
            first: true,
            placed: Vec::new(),
        }
    }

    fn push(&mut self, e: &[u8]) {
        if !self.first {
            self.bytes.push(b':');
        }
        self.first = false;
        self.bytes.extend_from_slice(e);
    }

    fn place(&mut self, entries: &'a [OsString]) {
        for e in entries {
            if !self.placed.contains(&e.as_bytes()) {
                self.placed.push(e.as_bytes());
                self.push(e.as_bytes());
            }
        }
    }
}

/// Puts `prepend` in front (in order) and `append` at the end of `base`. An entry already present
/// is moved, not duplicated, and its old position is remembered.
pub fn apply_list(
    base: &[&[u8]],
    prepend: &[OsString],
    append: &[OsString],
) -> (OsString, ListEdit) {
    let mut managed: Vec<&[u8]> = Vec::new();
    for e in prepend.iter().chain(append) {
        if !managed.contains(&e.as_bytes()) {
            managed.push(e.as_bytes());
        }
    }
    let mut edit = ListEdit::default();
    // The result is written joined, in order, with no list of entries in between: with a
    // 2,000-entry PATH every fresh 4 KiB page is a page fault, and they were most of a load.
    let size = base.iter().map(|e| e.len() + 1).sum::<usize>()
        + managed.iter().map(|e| e.len() + 1).sum::<usize>();
    let mut out = Joined::with_capacity(size);
    out.place(prepend);
    for (i, e) in base.iter().enumerate() {
        if managed.contains(e) {
            edit.moved.push(Moved {
                index: i,
                entry: OsString::from_vec(e.to_vec()),
                next: Some(base.get(i + 1).map(|n| OsString::from_vec(n.to_vec()))),
                prev: Some(
                    i.checked_sub(1)
                        .and_then(|p| base.get(p))
                        .map(|n| OsString::from_vec(n.to_vec())),
                ),
            });
        } else {
            out.push(e);
        }
    }
    for e in &managed {
        if !base.contains(e) {
            edit.added.push(OsString::from_vec(e.to_vec()));
        }
    }
    out.place(append);
    (OsString::from_vec(out.bytes), edit)
}

/// Undoes `edit` on `current`: removes one occurrence of every entry goenvhook placed, then puts
/// each moved entry that is still there back before the entry that followed it (last ones
/// first, so a neighbour that was moved too is already back), else after the one before it, else
/// at its old index. Entries the
/// user added since stay where they are, in their order; with no user change the result is
/// exactly the list before `apply_list`.
pub fn revert_list<'a>(current: &[&'a [u8]], edit: &'a ListEdit) -> Vec<&'a [u8]> {
    let mut out: Vec<&[u8]> = current.to_vec();
    let mut remove = |e: &OsString| match out.iter().position(|x| *x == e.as_bytes()) {
        Some(pos) => {
            out.remove(pos);
            true
        }
        None => false,
    };
    for e in &edit.added {
        remove(e);
    }
    // apply_list placed one copy of each moved entry (duplicates in the list before collapse into
    // it). A moved entry the user removed while inside stays removed: it was theirs to remove.
    let mut there: Vec<&OsString> = Vec::new();
    let mut seen: Vec<&OsString> = Vec::new();
    for m in &edit.moved {
        if !seen.contains(&&m.entry) {
            seen.push(&m.entry);
            if remove(&m.entry) {
                there.push(&m.entry);
            }
        }
    }
    for m in edit
        .moved
        .iter()
        .rev()
        .filter(|m| there.contains(&&m.entry))
    {
        // The occurrence nearest the old position, in case the neighbour appears twice (an
        // empty entry, a PATH with duplicates).
        let find = |n: &OsString, near: usize| {
            (0..out.len())
                .filter(|&i| out[i] == n.as_bytes())
                .min_by_key(|&i| i.abs_diff(near))
        };
        let before_next = match &m.next {
            Some(None) => Some(out.len()),
            Some(Some(n)) => find(n, m.index),
            None => None,
        };
        let after_prev = || match &m.prev {
            Some(None) => Some(0),
            Some(Some(p)) => find(p, m.index.saturating_sub(1)).map(|i| i + 1),
            None => None,
        };
        let at = before_next
            .or_else(after_prev)
            .unwrap_or(m.index.min(out.len()));
        out.insert(at, m.entry.as_bytes());
    }
    out
}

/// What the kernel lets one `execve` carry, so a project can never leave a shell in which every
/// program fails with "Argument list too long" (E2BIG), the hook included.
///
/// Linux (fs/exec.c): each `NAME=value` string, with its NUL, is at most MAX_ARG_STRLEN (32
/// pages, 128 KiB on 4 KiB pages); all argument and environment strings plus one pointer per
/// string must fit in a quarter of the stack limit (`ulimit -s`), at most 6 MiB and at least
/// 128 KiB. Elsewhere (macOS) there is no per-string limit and the total is `sysconf(ARG_MAX)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecLimits {
    /// The largest `NAME=value\0` string.
    pub per_string: usize,
    /// The most bytes the environment's strings and pointers may take, with `ARGV_MARGIN` already
    /// set aside for the command line of the programs the user runs.
    pub total: usize,
}

/// Bytes kept free for a command's own arguments when goenvhook judges an environment's size.
pub const ARGV_MARGIN: usize = 64 * 1024;

impl ExecLimits {
    /// This system's limits (the stack limit is inherited, so the shell and its children share
    /// it). Read once per process.
    pub fn current() -> ExecLimits {
        static LIMITS: std::sync::OnceLock<ExecLimits> = std::sync::OnceLock::new();
        *LIMITS.get_or_init(ExecLimits::read)
    }

    fn read() -> ExecLimits {
        #[cfg(target_os = "linux")]
        {
            use nix::sys::resource::{getrlimit, Resource, RLIM_INFINITY};
            let page = nix::unistd::sysconf(nix::unistd::SysconfVar::PAGE_SIZE)
                .ok()
                .flatten()
                .and_then(|p| usize::try_from(p).ok())
                .unwrap_or(4096);
            let stack = getrlimit(Resource::RLIMIT_STACK).map_or(8 << 20, |(soft, _)| soft);
            let stack = if stack == RLIM_INFINITY {
                u64::MAX
            } else {
                stack
            };
            let total = usize::try_from((stack / 4).min(6 << 20)).unwrap_or(6 << 20);
            ExecLimits::from_parts(32 * page, total.max(128 * 1024))
        }
        #[cfg(not(target_os = "linux"))]
        {
            let total = nix::unistd::sysconf(nix::unistd::SysconfVar::ARG_MAX)
                .ok()
                .flatten()
                .and_then(|p| usize::try_from(p).ok())
                .unwrap_or(1 << 20);
            ExecLimits::from_parts(total, total)
        }
    }

    pub fn from_parts(per_string: usize, total: usize) -> ExecLimits {
        ExecLimits {
            per_string,
            total: total.saturating_sub(ARGV_MARGIN),
        }
    }

    /// Why `name=value` cannot be in an environment, or None when it can.
    pub fn check_var(&self, name: &OsStr, value_len: usize) -> Option<String> {
        let size = name.len() + 1 + value_len + 1;
        (size > self.per_string).then(|| {
            format!(
                "{} would be {size} bytes, over the kernel's limit of {} bytes for one environment variable (MAX_ARG_STRLEN), and with it every program started from the shell would fail with \"Argument list too long\"; shorten the value",
                name.to_string_lossy(),
                self.per_string
            )
        })
    }

    /// Why this process's environment, changed by `delta_bytes` (strings with their NULs) and
    /// `delta_count` strings, would be too large for the programs run from it, or None when it
    /// fits. An update that does not grow the environment always fits (this process started with
    /// it); otherwise the strings are counted only when a quick bound (every string as short as
    /// `a=` and its NUL) does not already show that it fits.
    pub fn check_update(&self, delta_bytes: isize, delta_count: isize) -> Option<String> {
        if delta_bytes <= 0 {
            return None;
        }
        let ptr = std::mem::size_of::<usize>();
        if let Some(now) = process_env_len() {
            let bytes = now.saturating_add_signed(delta_bytes);
            if bytes + (bytes / 3 + 1) * ptr <= self.total {
                return None;
            }
        }
        let now = process_env();
        let bytes = now.len().saturating_add_signed(delta_bytes);
        let count = now
            .iter()
            .filter(|b| **b == 0)
            .count()
            .saturating_add_signed(delta_count);
        let need = bytes + (count + 1) * ptr;
        (need > self.total).then(|| {
            format!(
                "the environment would be {need} bytes, over the {} bytes the kernel lets a program start with (a quarter of the stack limit, less {} KiB kept for arguments), and with it every program started from the shell would fail with \"Argument list too long\"; make the values smaller or raise 'ulimit -s'",
                self.total,
                ARGV_MARGIN / 1024
            )
        })
    }
}

/// How many bytes this process's environment strings take, from the two addresses Linux shows
/// in /proc/self/stat (`env_start`, `env_end`): a 300-byte read instead of a copy of the whole
/// environment. None where that is not available.
fn process_env_len() -> Option<usize> {
    use std::io::Read;
    // One plain read into a buffer that holds the whole line (a few hundred bytes): fs::read's
    // probing cost a stat and five reads (strace).
    let mut buf = [0u8; 2048];
    let mut f = std::fs::File::open("/proc/self/stat").ok()?;
    let mut len = 0;
    while len < buf.len() {
        match f.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    let stat = &buf[..len];
    // Fields after the command name, which is in parentheses and may hold anything.
    let close = stat.iter().rposition(|b| *b == b')')?;
    let fields: Vec<&[u8]> = stat[close + 1..]
        .split(|b| *b == b' ')
        .filter(|f| !f.is_empty())
        .collect();
    // proc(5): env_start and env_end are fields 50 and 51; the list starts at field 3.
    let num = |i: usize| -> Option<usize> {
        std::str::from_utf8(fields.get(i)?)
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    let (start, end) = (num(47)?, num(48)?);
    (end > start).then(|| end - start)
}

/// This process's environment as `execve` counts it: every `NAME=value\0` string. On Linux
/// one read of /proc/self/environ (the environment the shell passed, which goenvhook never
/// changes), not a copy of every variable.
fn process_env() -> Vec<u8> {
    use std::io::Read;
    let mut buf = vec![0u8; 16 * 1024];
    // Plain reads into a buffer of the usual size: /proc reports no length, and read_to_end's
    // probing cost a stat, a seek and extra reads (strace).
    if let Ok(mut f) = std::fs::File::open("/proc/self/environ") {
        let mut len = 0;
        loop {
            if len == buf.len() {
                buf.resize(len * 2, 0);
            }
            match f.read(&mut buf[len..]) {
                Ok(0) => {
                    buf.truncate(len);
                    return buf;
                }
                Ok(n) => len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
    buf.clear();
    for (k, v) in std::env::vars_os() {
        buf.extend_from_slice(k.as_bytes());
        buf.push(b'=');
        buf.extend_from_slice(v.as_bytes());
        buf.push(0);
    }
    buf
}

/// %-escapes every byte outside a small safe set, so a field never holds a separator (the state
/// variable and the SDK memo use it).
pub(crate) fn escape(bytes: &[u8], out: &mut Vec<u8>) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"/._,~+=@-".contains(&b) {
            out.push(b);
        } else {
            out.extend(format!("%{b:02X}").as_bytes());
        }
    }
}

/// The inverse of `escape`; borrows when there is nothing to undo.
pub(crate) fn unescape(field: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    if !field.contains(&b'%') {
        return Ok(Cow::Borrowed(field));
    }
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        if field[i] == b'%' {
            let hex = field
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            let b = hex
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a bad %-escape")?;
            out.push(b);
            i += 3;
        } else {
            out.push(field[i]);
            i += 1;
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Vec<&[u8]> {
        split_list(OsStr::new(s))
    }

    fn o(s: &str) -> Vec<OsString> {
        l(s).into_iter()
            .map(|e| OsString::from_vec(e.to_vec()))
            .collect()
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_environment_size_from_proc_stat_is_exact() {
        assert_eq!(process_env_len(), Some(process_env().len()));
    }

    #[test]
    fn split_matches_a_plain_split() {
        let cases: Vec<Vec<u8>> = vec![
            b"a".to_vec(),
            b":".to_vec(),
            b"::".to_vec(),
            b"/usr/bin:/bin".to_vec(),
            b"12345678:".to_vec(),
            b":12345678".to_vec(),
            b"1234567:9:bcdefgh::::::::x".to_vec(),
            (0..=255u8).cycle().take(1000).collect(),
            b"\xff\x3a\xba:\x3b\x39:\xfa".to_vec(),
        ];
        for c in cases {
            let plain: Vec<&[u8]> = c.split(|b| *b == b':').collect();
            assert_eq!(split_list(OsStr::from_bytes(&c)), plain, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn split_matches_a_plain_split_on_any_bytes(
            v in proptest::collection::vec(proptest::prop_oneof![proptest::strategy::Just(b':'), 0u8..=255], 0..200)
        ) {
            let plain: Vec<&[u8]> = if v.is_empty() { Vec::new() } else { v.split(|b| *b == b':').collect() };
            proptest::prop_assert_eq!(split_list(OsStr::from_bytes(&v)), plain);
        }
    }

    proptest::proptest! {
        /// The fast path gives exactly what splitting gives, entries found or not.
        #[test]
        fn apply_value_matches_apply_list(
            base in proptest::collection::vec(proptest::prop_oneof!["/[a-c]{0,2}", "[a-c]{1,2}", ""], 0..6),
            pre in proptest::collection::vec("/[a-c]{1,2}", 0..3),
            app in proptest::collection::vec("/[a-c]{1,2}", 0..3),
        ) {
            let base = base.join(":");
            let pre: Vec<OsString> = pre.into_iter().map(OsString::from).collect();
            let app: Vec<OsString> = app.into_iter().map(OsString::from).collect();
            let fast = apply_value(OsStr::new(&base), &pre, &app);
            let slow = apply_list(&split_list(OsStr::new(&base)), &pre, &app);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn apply_then_revert_is_identity() {
        for base in ["", "/a:/b:/c", "/a::/b:", ":", "/x:/bin:/a:/bin"] {
            for (pre, app) in [("/bin", ""), ("/n:/a", "/c:/z"), ("/z:/z", "/b")] {
                let b = l(base);
                let (pre, app) = (o(pre), o(app));
                let (out, edit) = apply_list(&b, &pre, &app);
                assert_eq!(
                    revert_list(&split_list(&out), &edit),
                    b,
                    "base={base} pre={pre:?} app={app:?}"
                );
            }
        }
    }

    #[test]
    fn moved_entry_goes_to_front_and_back_again() {
        let go = o("/go/bin");
        let (out, edit) = apply_list(&l("/usr/bin:/go/bin:/bin"), &go, &[]);
        assert_eq!(out, "/go/bin:/usr/bin:/bin");
        assert_eq!(
            edit.moved,
            vec![Moved {
                index: 1,
                entry: "/go/bin".into(),
                next: Some(Some("/bin".into())),
                prev: Some(Some("/usr/bin".into())),
            }]
        );
        assert_eq!(
            join_list(&revert_list(&split_list(&out), &edit)),
            "/usr/bin:/go/bin:/bin"
        );
    }

    #[test]
    fn user_additions_survive_revert() {
        let (pre, app) = (o("/p/bin"), o("/p/tail"));
        let (out, edit) = apply_list(&l("/usr/bin:/bin"), &pre, &app);
        let mut user: Vec<&[u8]> = vec![b"/mine"];
        user.extend(split_list(&out));
        let back = revert_list(&user, &edit);
        assert_eq!(join_list(&back), "/mine:/usr/bin:/bin");
    }

    #[test]
    fn empty_list_round_trip() {
        assert!(l("").is_empty());
        assert_eq!(join_list(&l("a::b:")), "a::b:");
    }
}
