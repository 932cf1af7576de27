//! Go's version order and toolchain names (`internal/gover`): `1.22`, `1.22.10`,
//! `go1.23rc1`. Pure: no I/O.

use std::cmp::Ordering;

/// The newest Go minor release this build knows (major, minor): go1.27, August 2026. A
/// `go = "<version>"` past it is refused at `allow` (`select::unreleased`).
pub const NEWEST_KNOWN: (u64, u64) = (1, 27);

/// A Go version in `internal/gover` terms: `1.22`, `1.22.10`, `1.23rc1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: Option<u64>,
    /// "" for a release, else "alpha" / "beta" / "rc".
    pub kind: String,
    pub pre: u64,
}

impl Version {
    /// Parses `1.22.10`, `go1.22.10`, `go1.22.0-bigcorp`, `go1.22.0 X:boringcrypto`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        let s = s.strip_prefix("go").unwrap_or(s);
        let s = s.split([' ', '\t', '-']).next()?;
        let num_end = s.find(|c: char| c.is_ascii_lowercase()).unwrap_or(s.len());
        let (nums, tail) = s.split_at(num_end);
        let mut parts = nums.split('.');
        let num = |p: Option<&str>| -> Option<u64> {
            let p = p?;
            if p.is_empty()
                || (p.len() > 1 && p.starts_with('0'))
                || !p.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            p.parse().ok()
        };
        let major = num(parts.next())?;
        let minor = num(parts.next())?;
        let patch = match parts.next() {
            Some(p) => Some(num(Some(p))?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        let kind: String = tail.chars().take_while(char::is_ascii_lowercase).collect();
        let pre_str = &tail[kind.len()..];
        let pre = if kind.is_empty() {
            if !pre_str.is_empty() {
                return None;
            }
            0
        } else {
            // A prerelease after a patch number is invalid (`1.21.0rc1`).
            if patch.is_some() {
                return None;
            }
            num(Some(pre_str))?
        };
        // Before 1.21, `1.20` means `1.20.0`.
        let patch = if patch.is_none() && kind.is_empty() && major == 1 && minor < 21 {
            Some(0)
        } else {
            patch
        };
        Some(Version {
            major,
            minor,
            patch,
            kind,
            pre,
        })
    }

    /// A release one can install: no prerelease kind and a patch number.
    pub fn is_release(&self) -> bool {
        self.kind.is_empty() && self.patch.is_some()
    }

    pub fn same_minor(&self, o: &Version) -> bool {
        self.major == o.major && self.minor == o.minor
    }

    /// The toolchain name Go uses (`go1.22.10`; a language version becomes its `.0` release).
    pub fn toolchain(&self) -> String {
        match (self.patch, self.kind.as_str()) {
            (Some(p), _) => format!("go{}.{}.{p}", self.major, self.minor),
            (None, "") => format!("go{}.{}.0", self.major, self.minor),
            (None, k) => format!("go{}.{}{k}{}", self.major, self.minor, self.pre),
        }
    }
}

impl Ord for Version {
    /// Major, minor, then patch (a language version with no patch sorts below its releases),
    /// then kind ("" lowest, as a missing prerelease), then the prerelease number.
    fn cmp(&self, o: &Self) -> Ordering {
        let patch = |v: &Version| v.patch.map_or(-1, i128::from);
        let kind = |v: &Version| {
            if v.kind.is_empty() {
                String::new()
            } else {
                v.kind.clone()
            }
        };
        (self.major, self.minor)
            .cmp(&(o.major, o.minor))
            .then(patch(self).cmp(&patch(o)))
            .then_with(|| match (self.kind.is_empty(), o.kind.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => kind(self).cmp(&kind(o)),
            })
            .then(self.pre.cmp(&o.pre))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn order_matches_go() {
        // `internal/gover`'s order, verified with go1.27.3's go/version.Compare
        let sorted = [
            "go1.9",
            "go1.10",
            "go1.18beta1",
            "go1.18rc1",
            "go1.18",
            "go1.20rc1",
            "go1.20",
            "go1.21",
            "go1.21rc1",
            "go1.21rc2",
            "go1.21.0",
            "go1.21.9",
            "go1.21.10",
            "go1.22.0",
        ];
        for w in sorted.windows(2) {
            assert!(v(w[0]) < v(w[1]), "{} < {}", w[0], w[1]);
        }
        assert_eq!(v("go1.20"), v("go1.20.0"));
        assert_eq!(v("go1.22.0-bigcorp"), v("go1.22.0"));
        assert_eq!(v("go1.22.0 X:boringcrypto"), v("go1.22.0"));
        for bad in ["go1.21.0rc1", "go1.021", "1", "go1.x"] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(v("1.23").toolchain(), "go1.23.0");
        assert!(!v("1.23").is_release() && v("1.23.1").is_release() && !v("1.23rc1").is_release());
    }
}
