//! Everything goenvhook knows about Go, in one home that config, plan, the commands and doctor
//! import: the variable table and grammars, version order, SDK discovery and binary headers,
//! go.mod/go.work, the `go env -w` file, and `go = ...` selection. Spawns no process; imports
//! only `env` beside it.

pub mod envfile;
pub mod gomod;
pub mod sdk;
pub mod select;
pub mod vars;
pub mod version;
pub mod versionfile;
