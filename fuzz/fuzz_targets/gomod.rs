#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

/// One directory per fuzzing process; each input overwrites its go.mod.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("goenvhook-fuzz-gomod-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a temporary directory");
        d
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| goenvhook_fuzz::gomod(dir(), data));
