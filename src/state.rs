//! The one exported variable goenvhook keeps per shell: what it watched (file stamps) and what it
//! applied (previous values, hashes of applied values, PATH edits with positions). Encode, decode and
//! stamp comparison; no decisions about what to apply.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::env::{escape, is_name, unescape, ListEdit, Moved};

/// The format's name, first in the variable. A shell keeps its state across a binary upgrade, so
/// every later goenvhook reads every gh1 state (tests/upgrade.rs holds the first release's as a
/// fixture). Records may be added (`pn` was); an older binary stops at a record it does not know,
/// says so once and leaves the environment as it is. A change an older reader would misread
/// needs a new name.
const MAGIC: &str = "gh1";

/// How long after a stamp's time a change might still be invisible to it: file timestamps have
/// coarse granularity (whole seconds on some file systems), so a write in the same tick as our read
/// keeps the same mtime and size. Within this window the content is re-checked (the "racy git" rule),
/// which catches an edit made in the same second as the load.
const RACY_SECS: i64 = 2;

/// Identity and change marks of a file or directory. ctime cannot be set by `touch -d`, so an edit
/// that restores the old mtime is still seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub ino: u64,
    pub size: u64,
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
}

pub fn stamp(path: &Path) -> Option<Stamp> {
    fs::metadata(path).ok().as_ref().map(stamp_of)
}

pub fn stamp_of(m: &fs::Metadata) -> Stamp {
    Stamp {
        ino: m.ino(),
        size: m.size(),
        mtime: (m.mtime(), m.mtime_nsec()),
        ctime: (m.ctime(), m.ctime_nsec()),
    }
}

impl Stamp {
    fn newest_secs(&self) -> i64 {
        self.mtime.0.max(self.ctime.0)
    }
}

/// A file whose content matters (a config in the active chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub path: PathBuf,
    pub stamp: Option<Stamp>,
    pub hash: u64,
}

/// A variable goenvhook set or unset: its value before, and a hash of what goenvhook put there
/// (None when goenvhook unset it), to tell a later change by the user from our own value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRecord {
    pub name: OsString,
    pub prev: Option<OsString>,
    pub applied: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Wall-clock seconds when the stamps were taken.
    pub t: i64,
    /// Hash of the last notice shown, so a notice is printed once, not on every prompt.
    pub notice: u64,
    /// Display name of the loaded project; None when nothing is applied.
    pub project: Option<OsString>,
    /// The Go release the loaded project selected (`go1.22.10`), for prompt segments; None when
    /// it selects none. Record `g`, optional: a state written before it existed still decodes.
    pub go: Option<OsString>,
    /// Every config found from the working directory upward, nearest first.
    pub found: Vec<PathBuf>,
    /// Configs whose content was read.
    pub files: Vec<Watched>,
    pub trust: Option<Stamp>,
    pub global: Option<Stamp>,
    pub vars: Vec<VarRecord>,
    pub path: ListEdit,
}

impl State {
    /// True when a stamp is so close to `t` that an unseen edit could share it.
    pub fn is_racy(&self) -> bool {
        let stamps = self
            .files
            .iter()
            .filter_map(|w| w.stamp)
            .chain(self.trust)
            .chain(self.global);
        stamps
            .into_iter()
            // Saturating: `t` comes from the environment, and a state with t = i64::MIN (found by
            // the state fuzz target) overflowed here; such a state is racy, so its files are read
            // again.
            .any(|s| s.newest_secs() >= self.t.saturating_sub(RACY_SECS))
    }

    /// A time (seconds since the epoch) that every stamp is older than and any later change
    /// will be newer than, even on a file system with whole-second times: `t` less the racy
    /// window. None while the state is racy.
    pub fn settled_at(&self) -> Option<i64> {
        (!self.is_racy()).then(|| self.t.saturating_sub(RACY_SECS))
    }

    /// Equal apart from the time the stamps were taken.
    pub fn same_as(&self, other: &State) -> bool {
        State {
            t: 0,
            ..self.clone()
        } == State {
            t: 0,
            ..other.clone()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.project.is_none()
            && self.found.is_empty()
            && self.vars.is_empty()
            && self.path.is_empty()
            && self.notice == 0
    }

    pub fn encode(&self) -> OsString {
        let mut out: Vec<u8> = MAGIC.as_bytes().to_vec();
        let mut rec = |fields: &[&[u8]]| {
            out.push(b' ');
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(b':');
                }
                escape(f, &mut out);
            }
        };
        rec(&[b"t", self.t.to_string().as_bytes()]);
        if self.notice != 0 {
            rec(&[b"n", format!("{:x}", self.notice).as_bytes()]);
        }
        if let Some(p) = &self.project {
            rec(&[b"P", p.as_bytes()]);
        }
        if let Some(g) = &self.go {
            rec(&[b"g", g.as_bytes()]);
        }
        for f in &self.found {
            rec(&[b"f", f.as_os_str().as_bytes()]);
        }
        for w in &self.files {
            rec(&[
                b"c",
                w.path.as_os_str().as_bytes(),
                stamp_str(w.stamp).as_bytes(),
                format!("{:x}", w.hash).as_bytes(),
            ]);
        }
        rec(&[b"T", stamp_str(self.trust).as_bytes()]);
        rec(&[b"G", stamp_str(self.global).as_bytes()]);
        for v in &self.vars {
            let prev = match &v.prev {
                None => b"-".to_vec(),
                Some(p) => [b"=".as_slice(), p.as_bytes()].concat(),
            };
            let applied = v.applied.map_or("-".to_string(), |h| format!("{h:x}"));
            rec(&[b"v", v.name.as_bytes(), &prev, applied.as_bytes()]);
        }
        for e in &self.path.added {
            rec(&[b"pa", e.as_bytes()]);
        }
        for m in &self.path.moved {
            rec(&[b"pm", m.index.to_string().as_bytes(), m.entry.as_bytes()]);
            // The neighbours, in their own record so that a state stays readable by the first
            // release of the gh1 format, which knew only `pm` (an older binary given this record
            // stops reading the state and says so once; see tests/upgrade.rs).
            let side = |n: &Option<Option<OsString>>| match n {
                Some(Some(e)) => [b"=".as_slice(), e.as_bytes()].concat(),
                _ => b"-".to_vec(),
            };
            if m.next.is_some() || m.prev.is_some() {
                rec(&[b"pn", &side(&m.prev), &side(&m.next)]);
            }
        }
        if self.path.was_unset {
            rec(&[b"pu"]);
        }
        OsString::from_vec(out)
    }

    pub fn decode(raw: &OsStr) -> Result<State, String> {
        let raw = raw.as_bytes();
        let mut recs = raw.split(|b| *b == b' ');
        if recs.next() != Some(MAGIC.as_bytes()) {
            return Err("it was not written by this version of goenvhook".into());
        }
        let mut s = State::default();
        for rec in recs {
            let r = Record::split(rec)?;
            match r.fields[0] {
                b"t" => s.t = r.num(1)?,
                b"n" => s.notice = r.hex(1)?,
                b"P" => s.project = Some(r.os(1)?),
                b"g" => s.go = Some(r.os(1)?),
                b"f" => s.found.push(PathBuf::from(r.os(1)?)),
                b"c" => s.files.push(Watched {
                    path: PathBuf::from(r.os(1)?),
                    stamp: r.stamp(2)?,
                    hash: r.hex(3)?,
                }),
                b"T" => s.trust = r.stamp(1)?,
                b"G" => s.global = r.stamp(1)?,
                b"v" => s.vars.push(r.var()?),
                b"pa" => s.path.added.push(r.os(1)?),
                b"pm" => s.path.moved.push(Moved {
                    index: usize::try_from(r.num(1)?).map_err(|_| malformed())?,
                    entry: r.os(2)?,
                    next: None,
                    prev: None,
                }),
                b"pn" => {
                    let m = s.path.moved.last_mut().ok_or_else(malformed)?;
                    m.prev = Some(r.optional(1)?);
                    m.next = Some(r.optional(2)?);
                }
                b"pu" => s.path.was_unset = true,
                other => {
                    return Err(format!(
                        "unknown record {:?}",
                        String::from_utf8_lossy(other)
                    ))
                }
            }
        }
        s.path.moved.sort_by_key(|m| m.index);
        Ok(s)
    }
}

fn malformed() -> String {
    "a record is malformed".into()
}

/// One record of the state variable, split at `:`. Fields are borrowed; only a field with a
/// %-escape is copied. Decoding runs on every prompt, and allocating each field was a third of
/// a no-op's instructions.
struct Record<'a> {
    fields: [&'a [u8]; 4],
    count: usize,
}

impl<'a> Record<'a> {
    fn split(rec: &'a [u8]) -> Result<Record<'a>, String> {
        let mut r = Record {
            fields: [&[][..]; 4],
            count: 0,
        };
        for (i, field) in rec.split(|b| *b == b':').enumerate() {
            *r.fields.get_mut(i).ok_or("a record has too many fields")? = field;
            r.count = i + 1;
        }
        Ok(r)
    }

    fn field(&self, i: usize) -> Result<Cow<'a, [u8]>, String> {
        if i >= self.count {
            return Err("a record is truncated".into());
        }
        unescape(self.fields[i])
    }

    fn os(&self, i: usize) -> Result<OsString, String> {
        self.field(i).map(|c| OsString::from_vec(c.into_owned()))
    }

    fn num(&self, i: usize) -> Result<i64, String> {
        parse_num(&self.field(i)?).ok_or_else(malformed)
    }

    fn hex(&self, i: usize) -> Result<u64, String> {
        parse_hex(&self.field(i)?).ok_or_else(malformed)
    }

    fn stamp(&self, i: usize) -> Result<Option<Stamp>, String> {
        parse_stamp(&self.field(i)?).ok_or_else(malformed)
    }

    /// `=value` or `-` (none).
    fn optional(&self, i: usize) -> Result<Option<OsString>, String> {
        match self.field(i)?.split_first() {
            Some((b'=', rest)) => Ok(Some(OsString::from_vec(rest.to_vec()))),
            Some((b'-', [])) => Ok(None),
            _ => Err(malformed()),
        }
    }

    /// A `v` record: name, previous value, hash of the value applied (`-`: unset by goenvhook).
    fn var(&self) -> Result<VarRecord, String> {
        let applied = match &*self.field(3)? {
            b"-" => None,
            _ => Some(self.hex(3)?),
        };
        // The name is printed unquoted into shell code when the variable is restored, and this
        // variable can be set by anything that starts a shell (a terminal profile, `docker run
        // -e`, CI): one bad name refuses the state.
        let name = self.os(1)?;
        if !is_name(name.as_bytes()) {
            return Err(format!(
                "a record names {:?}, which is not a variable name",
                String::from_utf8_lossy(name.as_bytes())
            ));
        }
        Ok(VarRecord {
            name,
            prev: self.optional(2)?,
            applied,
        })
    }
}

fn stamp_str(s: Option<Stamp>) -> String {
    match s {
        None => "-".into(),
        Some(s) => format!(
            "{}.{}.{}.{}.{}.{}",
            s.ino, s.size, s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1
        ),
    }
}

/// Outer None: malformed; inner None: the file did not exist.
fn parse_stamp(b: &[u8]) -> Option<Option<Stamp>> {
    if b == b"-" {
        return Some(None);
    }
    let n: Vec<i64> = b
        .split(|c| *c == b'.')
        .map(parse_num)
        .collect::<Option<_>>()?;
    let [ino, size, ms, mns, cs, cns] = n[..] else {
        return None;
    };
    Some(Some(Stamp {
        ino: u64::try_from(ino).ok()?,
        size: u64::try_from(size).ok()?,
        mtime: (ms, mns),
        ctime: (cs, cns),
    }))
}

fn parse_num(b: &[u8]) -> Option<i64> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

fn parse_hex(b: &[u8]) -> Option<u64> {
    u64::from_str_radix(std::str::from_utf8(b).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_hostile_bytes() {
        let s = State {
            t: 1_700_000_000,
            notice: 0xdead,
            project: Some(OsString::from_vec(b"my proj\xff:%".to_vec())),
            go: Some("go1.22.10".into()),
            found: vec![PathBuf::from("/a b/.goenv.toml")],
            files: vec![Watched {
                path: PathBuf::from("/a b/.goenv.toml"),
                stamp: Some(Stamp {
                    ino: 5,
                    size: 10,
                    mtime: (1, 2),
                    ctime: (3, 4),
                }),
                hash: 42,
            }],
            trust: None,
            global: Some(Stamp {
                ino: 1,
                size: 0,
                mtime: (0, 0),
                ctime: (-1, 0),
            }),
            vars: vec![
                VarRecord {
                    name: "GOPROXY".into(),
                    prev: None,
                    applied: Some(7),
                },
                VarRecord {
                    name: "X".into(),
                    prev: Some("a b\n'\"$".into()),
                    applied: None,
                },
                VarRecord {
                    name: "E".into(),
                    prev: Some("".into()),
                    applied: Some(1),
                },
            ],
            path: ListEdit {
                added: vec!["/p/bin".into()],
                moved: vec![
                    Moved {
                        index: 3,
                        entry: "/usr/local/go/bin".into(),
                        next: Some(Some("/a b".into())),
                        prev: Some(None),
                    },
                    Moved {
                        index: 4,
                        entry: "/last".into(),
                        next: Some(None),
                        prev: Some(Some("/x".into())),
                    },
                    Moved {
                        index: 5,
                        entry: "/from-an-old-state".into(),
                        next: None,
                        prev: None,
                    },
                ],
                was_unset: true,
            },
        };
        let enc = s.encode();
        assert!(!enc.as_bytes().contains(&b'\n'));
        assert_eq!(State::decode(&enc).unwrap(), s);
    }

    #[test]
    fn a_state_without_the_go_record_still_decodes() {
        let s = State::decode(OsStr::new("gh1 t:5 P:/p T:- G:-")).unwrap();
        assert_eq!(s.project.as_deref(), Some(OsStr::new("/p")));
        assert_eq!(s.go, None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for g in [
            "",
            "gh1 v",
            "gh1 t:x",
            "gh9 t:1",
            "gh1 c:/x:1.2:ff",
            "gh1 n:%G1",
            "gh1 pm:-1:x",
            "gh1 zz:1",
            "gh1 t:0 T:- G:- v:X%3Btouch%20/tmp/pw%3BY:=a:-",
            "gh1 t:0 v::-:-",
            "gh1 t:0 v:1A:-:-",
            "gh1 t:0 v:A%0AB:-:-",
            "gh1 t:0 v:A%24(id):-:-",
        ] {
            assert!(State::decode(OsStr::new(g)).is_err(), "{g}");
        }
    }

    #[test]
    fn racy_window() {
        let st = Stamp {
            ino: 1,
            size: 1,
            mtime: (100, 0),
            ctime: (100, 0),
        };
        let mut s = State {
            t: 101,
            trust: Some(st),
            ..Default::default()
        };
        assert!(s.is_racy());
        s.t = 103;
        assert!(!s.is_racy());
        // A hostile or garbled time: no overflow, and the files are checked again.
        let s = State::decode(OsStr::new("gh1 t:-9223372036854775808 T:1.1.1.1.1.1")).unwrap();
        assert!(s.is_racy());
    }
}
