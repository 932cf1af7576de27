//! A truly interactive shell in a private tmux server: type lines, read the screen. For prompts
//! drawn by real prompt tools (starship), which only an interactive shell runs.

use std::process::Command;
use std::time::{Duration, Instant};

use super::Sandbox;

pub struct Tmux {
    pub sock: String,
}

impl Tmux {
    /// Starts `shell_cmd` in `dir` with exactly the sandbox's environment (values without spaces).
    pub fn start(sb: &Sandbox, dir: &std::path::Path, shell_cmd: &str) -> Tmux {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let sock = format!(
            "goenvhook-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            sb.root.file_name().unwrap().to_string_lossy()
        );
        let env: Vec<String> = sb
            .base_env()
            .iter()
            .map(|(k, v)| format!("{}={}", k.to_string_lossy(), v.to_string_lossy()))
            .collect();
        let cmd = format!(
            "cd {} && exec env -i {} {shell_cmd}",
            dir.display(),
            env.join(" ")
        );
        let ok = Command::new("tmux")
            .args([
                "-L",
                &sock,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
                &cmd,
            ])
            .env("TERM", "xterm")
            .status()
            .expect("tmux (the test command installs it)");
        assert!(ok.success());
        Tmux { sock }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.sock, "capture-pane", "-p", "-J", "-S", "-1000"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `screen`, with the terminal's escape sequences (colours) kept.
    pub fn screen_with_escapes(&self) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.sock,
                "capture-pane",
                "-p",
                "-e",
                "-J",
                "-S",
                "-1000",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` and then presses `key` (`Tab`, `C-c`), with no Enter.
    pub fn type_then(&self, text: &str, key: &str) {
        for args in [&["send-keys", "-l", text][..], &["send-keys", key]] {
            let ok = Command::new("tmux")
                .args(["-L", &self.sock])
                .args(args)
                .status()
                .unwrap();
            assert!(ok.success());
        }
    }

    pub fn send(&self, line: &str) {
        let ok = Command::new("tmux")
            .args(["-L", &self.sock, "send-keys", "-l", line])
            .status()
            .unwrap();
        assert!(ok.success());
        Command::new("tmux")
            .args(["-L", &self.sock, "send-keys", "Enter"])
            .status()
            .unwrap();
    }

    /// Waits until a screen line starts with `prefix` (output, not the echoed command line) and
    /// returns it.
    pub fn line(&self, prefix: &str) -> String {
        self.nth_line(prefix, 0)
    }

    /// Waits until line number `n` (0-based) starting with `prefix` is on screen and returns it.
    /// Polls the pane; fails after 60 s (a prompt tool under a loaded CI machine can be slow).
    pub fn nth_line(&self, prefix: &str, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if let Some(l) = screen.lines().filter(|l| l.starts_with(prefix)).nth(n) {
                return l.to_string();
            }
            assert!(
                Instant::now() < deadline,
                "no line #{n} starting with {prefix:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.sock, "kill-server"])
            .status();
    }
}
