//! What goenvhook writes for a person, made safe for a terminal. A path, a name or a value can
//! hold any bytes, and a directory named `x\e]2;PWNED\a` would otherwise set the terminal's title
//! (or clear its screen) the moment goenvhook mentions it. Every line meant to be read, on stderr
//! and on the human-readable stdout of every command, goes through one of these two functions.
//! JSON output does not: serde_json escapes control characters itself.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every control character shown: ESC as `\e`, any other C0 control (newline and tab
/// included), DEL and the C1 controls (U+0080–U+009F, which some terminals obey like ESC
/// sequences) as `\xHH` or `\u{HH}`. For one line: a path, a name, a value, a message.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// `visible` for a block of lines: newlines and tabs stay, every other control character is
/// shown. For multi-line output that goenvhook lays out itself (a review, a report).
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let shown = |c: char| !c.is_control() || keep(c);
    if s.chars().all(shown) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if shown(c) => out.push(c),
            '\x1b' => out.push_str("\\e"),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown() {
        assert_eq!(visible("plain/path é"), "plain/path é");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("x\x1b]2;PWNED\x07\x1b[2J"),
            "x\\e]2;PWNED\\x07\\e[2J"
        );
        assert_eq!(visible("a\nb\tc\x7f"), "a\\x0ab\\x09c\\x7f");
        assert_eq!(visible("c1:\u{9b}2J"), "c1:\\x9b2J");
        assert_eq!(visible_lines("one\n\ttwo\x1b[2J\n"), "one\n\ttwo\\e[2J\n");
        assert_eq!(visible_lines("\r"), "\\x0d");
    }
}
