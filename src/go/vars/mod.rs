//! What goenvhook knows about variable names, one concern a file: Go's own variables as one table
//! (`table`: grammar, description and list separator of each, the real ports), the value checks
//! those grammars drive (`check`), which names a config may set and "did you mean" (`names`), and
//! which settings run code or weaken verification and are shown as RISK (`risk`). Data and pure
//! functions only, no I/O. Everything is re-exported here, so callers name `go::vars::ITEM`.

mod check;
mod names;
mod risk;
mod table;

pub use check::{check, check_port, goflags_fields, GO_FLAGS};
pub use names::{
    edit_distance, go_typo, reserved, reserved_names, suggest, valid_name, By, Reserved, RESERVED,
};
pub use risk::{risks, runner_for, Runner, Runs, RUNNERS};
pub use table::{join_for, lookup, GoVar, Grammar, Join, GO_VARS, PORTS, TABLE};
