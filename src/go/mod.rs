//! Everything goenvhook knows about Go, in one home that config, plan, the commands and doctor
//! import: the variable table and grammars, version order, SDK discovery and binary headers,
//! go.mod/go.work, the `go env -w` file, `go = ...` selection, what an installed release knows
//! (`release`) and whether the files a value names are there (`files`). Spawns no process; imports
//! only `env` beside it.

pub mod envfile;
pub mod files;
pub mod gomod;
pub mod release;
pub mod sdk;
pub mod select;
pub mod vars;
pub mod version;
pub mod versionfile;
