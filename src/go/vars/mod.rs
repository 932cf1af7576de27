//! What goenvhook knows about variable names, one concern a file: Go's own variables as one table
//! (`table`: grammar, description, list separator and first release of each, the real ports),
//! the value checks those grammars drive (`check`; the module-fetching variables in `fetch`,
//! GOFLAGS in `flags`, URLs as go parses them in `url`), what the release that will run knows
//! (`release`), which names a config may set and "did you mean" (`names`), and
//! which settings run code or weaken verification and are shown as RISK (`risk`). Data and pure
//! functions only, no I/O. Everything is re-exported here, so callers name `go::vars::ITEM`.

mod check;
mod fetch;
mod flags;
mod names;
mod release;
mod risk;
mod table;
pub mod url;

pub use check::{check, check_port, check_with, host_port};
pub use flags::{goflags_fields, GO_FLAGS};
pub use names::{
    edit_distance, go_typo, reserved, reserved_names, suggest, valid_name, By, Reserved, RESERVED,
};
pub use release::{Release, Unknown};
pub use risk::{risks, runner_for, Runner, Runs, RUNNERS};
pub use table::{join_for, lookup, GoVar, Grammar, Join, GO_VARS, PORTS, TABLE, VALUES_SINCE};
