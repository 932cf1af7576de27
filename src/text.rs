//! How anything goenvhook writes for a person is made safe for a terminal. A path, a name or a
//! value can hold any bytes, and a directory named `x\e]2;PWNED\a` would otherwise set the
//! terminal's title (or clear its screen) the moment goenvhook mentions it. Every line meant to
//! be read, on stderr and on the human-readable stdout of every command, goes through one of
//! these two functions, before goenvhook adds colour codes of its own. JSON output does not
//! (serde_json escapes control characters itself), and neither does the shell code the hook
//! prints (a shell evaluates it; shell.rs quotes it).

use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every control character shown instead of sent: ESC as `\e`, every other C0 control
/// (newline and tab included), DEL and the C1 controls U+0080–U+009F (which some terminals obey
/// like ESC sequences) as `\xHH`. Anything else, a backslash included, is left as it is; bytes
/// that are not UTF-8 were already replaced by the caller's `to_string_lossy` or `display`.
/// For one line: a path, a name, a value, a message; a newline in it cannot fake a line.
/// Borrows when there is nothing to show.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// `visible` for a block of lines goenvhook laid out itself (a review, a report, a diff):
/// newlines and tabs stay, every other control character is shown.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    // char::is_control is exactly the C0 controls, DEL and the C1 controls.
    let sent = |c: char| c.is_control() && !keep(c);
    if !s.chars().any(sent) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\x1b' => out.push_str("\\e"),
            c if sent(c) => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_controls_is_borrowed_as_it_is() {
        for s in ["", "plain/path é", "a\\e b\\x07", "~/src/ü€😀"] {
            assert!(matches!(visible(s), Cow::Borrowed(t) if t == s), "{s:?}");
            assert!(
                matches!(visible_lines(s), Cow::Borrowed(t) if t == s),
                "{s:?}"
            );
        }
        assert!(matches!(visible_lines("a\n\tb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_shown() {
        assert_eq!(
            visible("x\x1b]2;PWNED\x07\x1b[2J"),
            "x\\e]2;PWNED\\x07\\e[2J"
        );
        assert_eq!(visible("\x00\x01\x1f"), "\\x00\\x01\\x1f");
    }

    #[test]
    fn del_and_c1_controls_are_shown() {
        assert_eq!(visible("a\x7fb"), "a\\x7fb");
        // CSI as one character, then the rest of "clear the screen".
        assert_eq!(visible("c1:\u{9b}2J"), "c1:\\x9b2J");
        assert_eq!(visible("\u{80}\u{9f}\u{a0}"), "\\x80\\x9f\u{a0}");
    }

    #[test]
    fn one_line_shows_newlines_a_block_keeps_them() {
        assert_eq!(visible("a\nb\tc\r"), "a\\x0ab\\x09c\\x0d");
        assert_eq!(
            visible_lines("one\n\ttwo\x1b[2J\r\n"),
            "one\n\ttwo\\e[2J\\x0d\n"
        );
    }
}
