//! Generated and documented surfaces stay current. Completions under completions/ are generated
//! from the CLI definition; this test fails when they are stale. Regenerate with:
//!   UPDATE_COMPLETIONS=1 cargo test --test completions

use clap_complete::{generate, Shell};

#[test]
fn completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        (Shell::Bash, "goenvhook.bash"),
        (Shell::Zsh, "_goenvhook"),
        (Shell::Fish, "goenvhook.fish"),
    ] {
        let mut buf = Vec::new();
        generate(shell, &mut goenvhook::cli::command(), "goenvhook", &mut buf);
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &buf).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == buf,
            "{} is stale; run: UPDATE_COMPLETIONS=1 cargo test --test completions",
            path.display()
        );
    }
}

/// The README's config reference lists every Go variable goenvhook knows (go::vars::TABLE).
#[test]
fn readme_lists_every_go_variable() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for var in goenvhook::go::vars::TABLE {
        assert!(
            readme.contains(&format!("| `{}` |", var.name)),
            "README does not list {}",
            var.name
        );
    }
}
