//! `.env` files as direnv's `dotenv` reads them (pkg/dotenv/parse.go of direnv 2.32, a port of
//! bkeepers/dotenv): `KEY=value`, `export KEY=value`, `KEY: value`, single quotes literal, double
//! quotes with `\n`/`\r` and backslash escapes, and `$VAR`/`${VAR}`/`${VAR:-default}` outside
//! single quotes. Pure: the caller reads the file.

use super::lex::Piece;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub key: String,
    pub pieces: Vec<Piece>,
}

/// All entries in file order. Like direnv, one line it cannot read makes the whole file an error.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    // direnv splits on runs of \r and \n; line numbers here count \n.
    for (i, raw) in text.split('\n').enumerate() {
        for line in raw.split('\r') {
            if let Some((key, value)) =
                parse_line(line).ok_or_else(|| format!("line {}: direnv cannot read it", i + 1))?
            {
                out.push(Entry {
                    line: i + 1,
                    key,
                    pieces: value_pieces(&value)?,
                });
            }
        }
    }
    Ok(out)
}

/// `None` for a line direnv rejects; `Some(None)` for a blank or comment line.
#[allow(clippy::option_option)]
fn parse_line(line: &str) -> Option<Option<(String, String)>> {
    let l = line.trim_start();
    if l.is_empty() || l.starts_with('#') {
        return Some(None);
    }
    let l = match l.strip_prefix("export") {
        Some(r) if r.starts_with(char::is_whitespace) => r.trim_start(),
        _ => l,
    };
    let key_len = l
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(l.len());
    if key_len == 0 {
        return None;
    }
    let (key, rest) = l.split_at(key_len);
    let rest = if let Some(r) = rest.trim_start().strip_prefix('=') {
        r.trim_start()
    } else if let Some(r) = rest.strip_prefix(':') {
        if !r.starts_with(char::is_whitespace) {
            return None;
        }
        r.trim_start()
    } else {
        return None;
    };
    // The rest is: optional value, white space, optional # comment.
    let tail_ok = |t: &str| {
        let t = t.trim_start();
        t.is_empty() || t.starts_with('#')
    };
    // An unquoted value: up to white space or `#`, then only a comment may follow.
    let bare = || {
        let v: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '#')
            .collect();
        tail_ok(&rest[v.len()..]).then_some(v)
    };
    let value = match rest.chars().next() {
        None => String::new(),
        Some(q @ ('\'' | '"')) => {
            // Greedy, as direnv's regexp: up to the last quote that leaves only a comment.
            let end = rest
                .char_indices()
                .skip(1)
                .filter(|&(i, c)| c == q && tail_ok(&rest[i + 1..]))
                .map(|(i, _)| i)
                .last();
            match end {
                Some(e) => rest[..=e].to_string(),
                None => bare()?,
            }
        }
        Some('#') => String::new(),
        Some(_) => bare()?,
    };
    Some(Some((key.to_string(), value)))
}

/// direnv's parseValue: quotes removed, escapes in double quotes, then expansion unless single
/// quoted.
fn value_pieces(value: &str) -> Result<Vec<Piece>, String> {
    if value.chars().count() <= 1 {
        return Ok(vec![Piece::Lit(value.to_string())]);
    }
    let inner = &value[1..value.len() - 1];
    if value.starts_with('\'') && value.ends_with('\'') {
        return Ok(vec![Piece::Lit(inner.to_string())]);
    }
    let text = if value.starts_with('"') && value.ends_with('"') {
        let v = inner.replace("\\n", "\n").replace("\\r", "\r");
        // `\\([^$])` → the character.
        let mut out = String::new();
        let mut chars = v.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(&n)) if n != '$' => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push(c),
            }
        }
        out
    } else {
        value.to_string()
    };
    expand(&text)
}

/// Go's os.Expand, as direnv calls it.
fn expand(s: &str) -> Result<Vec<Piece>, String> {
    let mut out: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    let valid = |n: &str| crate::go::vars::valid_name(n);
    while i < b.len() {
        if b[i] != '$' || i + 1 == b.len() {
            lit.push(b[i]);
            i += 1;
            continue;
        }
        let next = b[i + 1];
        let (name, default, len) = if next == '{' {
            let Some(close) = b[i + 2..].iter().position(|&c| c == '}') else {
                return Err(format!("an unterminated ${{ in {s:?}"));
            };
            let inner: String = b[i + 2..i + 2 + close].iter().collect();
            let (n, d) = match inner.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner, None),
            };
            (n, d, close + 3)
        } else if next == '_' || next.is_ascii_alphanumeric() {
            let n: String = b[i + 1..]
                .iter()
                .take_while(|c| **c == '_' || c.is_ascii_alphanumeric())
                .collect();
            let len = n.len() + 1;
            (n, None, len)
        } else if "*#$@!?-".contains(next) {
            return Err(format!("the special parameter ${next} is not translated"));
        } else {
            lit.push('$');
            i += 1;
            continue;
        };
        if !valid(&name) {
            return Err(format!("${name} is not translated"));
        }
        if !lit.is_empty() {
            out.push(Piece::Lit(std::mem::take(&mut lit)));
        }
        out.push(Piece::Var { name, default });
        i += len;
    }
    if !lit.is_empty() || out.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Vec<Piece> {
        let e = parse(line).unwrap();
        assert_eq!(e.len(), 1, "{line}: {e:?}");
        e[0].pieces.clone()
    }

    fn lit(s: &str) -> Piece {
        Piece::Lit(s.into())
    }

    #[test]
    fn lines() {
        assert_eq!(one("A=1"), vec![lit("1")]);
        assert_eq!(one("export A = 'x $y' # c"), vec![lit("x $y")]);
        assert_eq!(one("A: b"), vec![lit("b")]);
        assert_eq!(
            one(r#"A="a\nb \"q\" \$x""#),
            vec![
                lit("a\nb \"q\" \\"),
                Piece::Var {
                    name: "x".into(),
                    default: None
                }
            ]
        );
        assert!(
            parse("A=${B:-c d}x").is_err(),
            "direnv's unquoted value has no spaces"
        );
        assert_eq!(
            one("A=${B:-cd}x"),
            vec![
                Piece::Var {
                    name: "B".into(),
                    default: Some("cd".into())
                },
                lit("x")
            ]
        );
        assert_eq!(one("A="), vec![lit("")]);
        assert_eq!(one("A=$"), vec![lit("$")]);
        assert!(parse("# c\n\nA=1\n").unwrap().len() == 1);
        assert_eq!(parse("A=1\nB=2").unwrap()[1].line, 2);
        assert!(parse("A=a b\n").is_err());
        assert!(parse("not a line\n").is_err());
        assert!(parse("A=$1\n").is_err());
    }
}
