//! goenvhook: a per-directory environment hook for Go developers. A project's `.goenv.toml`,
//! once allowed, is applied on `cd` into the project and reverted exactly on `cd` out.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod doctor;
pub mod env;
pub mod go;
pub mod guard;
pub mod import;
pub mod paths;
pub mod plan;
pub mod shell;
pub mod state;
pub mod text;
pub mod trust;
pub mod watch;
