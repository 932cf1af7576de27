//! Environment values as bytes, and PATH-style list edits that remember positions so they can be
//! undone exactly. Pure: no I/O, no knowledge of shells, configs or trust.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The process environment (or a computed one), sorted so that output is deterministic.
pub type Env = BTreeMap<OsString, OsString>;

/// Reads the whole environment without assuming UTF-8 (STYLE rule 5).
pub fn current() -> Env {
    std::env::vars_os().collect()
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

/// Splits a PATH-style value on `:`. An empty value is an empty list (not one empty entry), so that
/// prepending to an empty PATH does not add a trailing `:` (which would mean "current directory").
pub fn split_list(v: &OsStr) -> Vec<OsString> {
    if v.is_empty() {
        return Vec::new();
    }
    v.as_bytes()
        .split(|b| *b == b':')
        .map(|p| OsString::from_vec(p.to_vec()))
        .collect()
}

pub fn join_list(entries: &[OsString]) -> OsString {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        out.extend_from_slice(e.as_bytes());
    }
    OsString::from_vec(out)
}

/// What applying prepend/append entries did to a PATH-style list, enough to undo it entry by entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListEdit {
    /// Entries that were not in the list before.
    pub added: Vec<OsString>,
    /// Entries that were already in the list and were moved: (original index, entry). Sorted by index.
    pub moved: Vec<(usize, OsString)>,
    /// The variable was unset before (as opposed to empty).
    pub was_unset: bool,
}

impl ListEdit {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.moved.is_empty()
    }
}

/// Puts `prepend` in front (in order) and `append` at the end of `base`. An entry already present
/// is moved, not duplicated, and its old position is remembered.
pub fn apply_list(
    base: &[OsString],
    prepend: &[OsString],
    append: &[OsString],
) -> (Vec<OsString>, ListEdit) {
    let mut managed: Vec<&OsString> = Vec::new();
    for e in prepend.iter().chain(append) {
        if !managed.contains(&e) {
            managed.push(e);
        }
    }
    let mut edit = ListEdit::default();
    let mut rest = Vec::with_capacity(base.len());
    for (i, e) in base.iter().enumerate() {
        if managed.contains(&e) {
            edit.moved.push((i, e.clone()));
        } else {
            rest.push(e.clone());
        }
    }
    for e in &managed {
        if !base.contains(e) {
            edit.added.push((*e).clone());
        }
    }
    let mut out = Vec::with_capacity(base.len() + managed.len());
    let mut seen: Vec<&OsString> = Vec::new();
    for e in prepend {
        if !seen.contains(&e) {
            seen.push(e);
            out.push(e.clone());
        }
    }
    out.extend(rest);
    for e in append {
        if !seen.contains(&e) {
            seen.push(e);
            out.push(e.clone());
        }
    }
    (out, edit)
}

/// Undoes `edit` on `current`: removes one occurrence of every entry goenvhook placed, then puts
/// moved entries back at their old indices. Entries the user added since stay where they are;
/// with no user change the result is exactly the list before `apply_list`.
pub fn revert_list(current: &[OsString], edit: &ListEdit) -> Vec<OsString> {
    let mut out: Vec<OsString> = current.to_vec();
    let placed = edit.added.iter().chain(edit.moved.iter().map(|(_, e)| e));
    for e in placed {
        if let Some(pos) = out.iter().position(|x| x == e) {
            out.remove(pos);
        }
    }
    for (i, e) in &edit.moved {
        let at = (*i).min(out.len());
        out.insert(at, e.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Vec<OsString> {
        split_list(OsStr::new(s))
    }

    #[test]
    fn apply_then_revert_is_identity() {
        for base in ["", "/a:/b:/c", "/a::/b:", ":", "/x:/bin:/a:/bin"] {
            for (pre, app) in [("/bin", ""), ("/n:/a", "/c:/z"), ("/z:/z", "/b")] {
                let b = l(base);
                let (out, edit) = apply_list(&b, &l(pre), &l(app));
                assert_eq!(
                    revert_list(&out, &edit),
                    b,
                    "base={base} pre={pre} app={app}"
                );
            }
        }
    }

    #[test]
    fn moved_entry_goes_to_front_and_back_again() {
        let (out, edit) = apply_list(&l("/usr/bin:/go/bin:/bin"), &l("/go/bin"), &[]);
        assert_eq!(join_list(&out), "/go/bin:/usr/bin:/bin");
        assert_eq!(edit.moved, vec![(1, OsString::from("/go/bin"))]);
        assert_eq!(
            join_list(&revert_list(&out, &edit)),
            "/usr/bin:/go/bin:/bin"
        );
    }

    #[test]
    fn user_additions_survive_revert() {
        let (out, edit) = apply_list(&l("/usr/bin:/bin"), &l("/p/bin"), &l("/p/tail"));
        let mut user = vec![OsString::from("/mine")];
        user.extend(out);
        let back = revert_list(&user, &edit);
        assert_eq!(join_list(&back), "/mine:/usr/bin:/bin");
    }

    #[test]
    fn empty_list_round_trip() {
        assert!(l("").is_empty());
        assert_eq!(join_list(&l("a::b:")), "a::b:");
    }
}
