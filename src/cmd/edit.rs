//! `goenvhook edit`: open $VISUAL or $EDITOR on the nearest .goenv.toml (or a new one here).
pub fn run() -> anyhow::Result<i32> {
    Ok(2)
}
