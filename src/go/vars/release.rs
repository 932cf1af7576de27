//! What the go that will run knows, as the value checks ask it: its version, and the names its
//! own tree defines (GOEXPERIMENT experiments, GODEBUG settings, GOFIPS140 modules). A trait, so
//! the checks stay free of I/O: `go::release` reads an installed tree, tests use fixed answers.

use crate::go::version::Version;

pub trait Release {
    /// The release, when it is known (`go1.24.11`).
    fn version(&self) -> Option<&Version>;
    /// The GOEXPERIMENT names it knows, lower-case; None when its tree cannot be read.
    fn experiments(&self) -> Option<&[String]>;
    /// The GODEBUG keys it knows (the go command's table and the runtime's own).
    fn godebugs(&self) -> Option<&[String]>;
    /// Whether it has the GOFIPS140 module `v` names (`v1.0.0`, `inprocess`).
    fn fips140(&self, v: &str) -> Option<bool>;
}

/// No release known: only the grammar is checked.
pub struct Unknown;

impl Release for Unknown {
    fn version(&self) -> Option<&Version> {
        None
    }
    fn experiments(&self) -> Option<&[String]> {
        None
    }
    fn godebugs(&self) -> Option<&[String]> {
        None
    }
    fn fips140(&self, _: &str) -> Option<bool> {
        None
    }
}
