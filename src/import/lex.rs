//! A lexer for the small part of bash an `.envrc` is usually written in: words made of literal
//! text and `$VAR` / `${VAR}` / `${VAR:-text}` references, with the quoting rules of bash
//! (single quotes, double quotes with `\$ \` \" \\` escapes, backslashes outside quotes).
//! Anything beyond that (command substitution, pipes, `&&`, redirections...) is an error naming
//! the construct. It never runs anything.

/// A piece of a word after quote removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// `$NAME`, `${NAME}`, or `${NAME:-default}` (the default is literal text).
    Var {
        name: String,
        default: Option<String>,
    },
    /// An unquoted `~` at the start of a word or after `=`/`:` in an assignment: $HOME.
    Tilde,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    pub pieces: Vec<Piece>,
    /// The word as written, for messages.
    pub raw: String,
    /// An unquoted `*`, `?` or `[`: a glob outside an assignment.
    pub glob: bool,
}

impl Word {
    /// The word's text when it holds no expansion at all.
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.pieces {
            match p {
                Piece::Lit(l) => s.push_str(l),
                _ => return None,
            }
        }
        Some(s)
    }

    fn push_lit(&mut self, c: char) {
        if let Some(Piece::Lit(l)) = self.pieces.last_mut() {
            l.push(c);
        } else {
            self.pieces.push(Piece::Lit(c.to_string()));
        }
    }
}

/// Why a line cannot be lexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    /// A quote is still open at the end of the text: the line continues on the next one.
    Unterminated,
    /// A construct goenvhook does not translate.
    Unsupported(String),
}

fn unsupported<T>(what: &str) -> Result<T, LexError> {
    Err(LexError::Unsupported(what.to_string()))
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// The lexer's state in a line: the commands so far, the command and word being read.
struct Lexer {
    chars: Vec<char>,
    i: usize,
    cmds: Vec<Vec<Word>>,
    cmd: Vec<Word>,
    word: Option<Word>,
    /// Whether the current word is an assignment (NAME=...) whose `=` has been seen: tilde
    /// expands after it and after each ':'.
    assign_eq: bool,
}

/// Splits a logical line into commands (separated by `;` or newlines) of words.
pub fn lex(text: &str) -> Result<Vec<Vec<Word>>, LexError> {
    let mut l = Lexer {
        chars: text.chars().collect(),
        i: 0,
        cmds: Vec::new(),
        cmd: Vec::new(),
        word: None,
        assign_eq: false,
    };
    while l.i < l.chars.len() {
        l.step()?;
    }
    l.end_command();
    Ok(l.cmds)
}

impl Lexer {
    /// Reads what starts at the current character.
    fn step(&mut self) -> Result<(), LexError> {
        let c = self.chars[self.i];
        match c {
            ' ' | '\t' | '\r' => {
                self.end_word();
                self.i += 1;
            }
            '\n' | ';' => {
                if c == ';' && self.chars.get(self.i + 1) == Some(&';') {
                    return unsupported("case syntax (;;)");
                }
                self.end_command();
                self.i += 1;
            }
            '#' if self.word.is_none() => self.comment(),
            '&' | '|' => {
                let two = self.chars.get(self.i + 1) == Some(&c);
                return unsupported(match (c, two) {
                    ('&', true) | ('|', true) => "a conditional (&& or ||)",
                    ('&', false) => "a background job (&)",
                    _ => "a pipeline (|)",
                });
            }
            '<' | '>' => return unsupported("a redirection"),
            '(' | ')' => return self.paren(c),
            '`' => return unsupported("command substitution (`...`)"),
            '\\' => self.backslash(),
            '\'' => return self.single_quoted(),
            '"' => return self.double_quoted(),
            '$' => {
                let w = self.word.get_or_insert_with(Word::default);
                self.i = dollar(&self.chars, self.i, w, false)?;
            }
            '~' if self.tilde_expands() => {
                let w = self.word.get_or_insert_with(Word::default);
                w.raw.push('~');
                w.pieces.push(Piece::Tilde);
                self.i += 1;
            }
            _ => return self.plain(c),
        }
        Ok(())
    }

    /// Adds the word being read, if any, to the command.
    fn end_word(&mut self) {
        if let Some(w) = self.word.take() {
            self.cmd.push(w);
        }
        self.assign_eq = false;
    }

    /// Adds the command being read, if it has a word, to the commands.
    fn end_command(&mut self) {
        self.end_word();
        if !self.cmd.is_empty() {
            self.cmds.push(std::mem::take(&mut self.cmd));
        }
    }

    /// A `#` that starts a word: a comment to the end of the line.
    fn comment(&mut self) {
        while self.i < self.chars.len() && self.chars[self.i] != '\n' {
            self.i += 1;
        }
    }

    fn paren(&mut self, c: char) -> Result<(), LexError> {
        // `name() {` is a function definition; the caller sees the word "name()".
        if c == '(' && self.chars.get(self.i + 1) == Some(&')') && self.word.is_some() {
            let w = self.word.get_or_insert_with(Word::default);
            w.raw.push_str("()");
            w.push_lit('(');
            w.push_lit(')');
            self.i += 2;
            return Ok(());
        }
        unsupported("a subshell or array ( )")
    }

    /// A backslash outside quotes: the next character literally, or a line continuation.
    fn backslash(&mut self) {
        let w = self.word.get_or_insert_with(Word::default);
        match self.chars.get(self.i + 1) {
            None => {
                self.i += 1;
            }
            Some('\n') => {
                // Line continuation.
                self.i += 2;
                if w.raw.is_empty() && w.pieces.is_empty() {
                    self.word = None;
                }
            }
            Some(&n) => {
                w.raw.push('\\');
                w.raw.push(n);
                w.push_lit(n);
                self.i += 2;
            }
        }
    }

    /// `'...'`: literal text up to the next single quote.
    fn single_quoted(&mut self) -> Result<(), LexError> {
        let chars = &self.chars;
        let i = self.i;
        let w = self.word.get_or_insert_with(Word::default);
        let Some(end) = chars[i + 1..].iter().position(|&x| x == '\'') else {
            return Err(LexError::Unterminated);
        };
        let s: String = chars[i + 1..i + 1 + end].iter().collect();
        w.raw.push('\'');
        w.raw.push_str(&s);
        w.raw.push('\'');
        if let Some(Piece::Lit(l)) = w.pieces.last_mut() {
            l.push_str(&s);
        } else {
            w.pieces.push(Piece::Lit(s));
        }
        self.i += end + 2;
        Ok(())
    }

    /// `"..."`: text with `$` expansions and the escapes `\$ \` \" \\`.
    fn double_quoted(&mut self) -> Result<(), LexError> {
        let chars = &self.chars;
        let mut i = self.i;
        let w = self.word.get_or_insert_with(Word::default);
        w.raw.push('"');
        if w.pieces.is_empty() {
            // An empty "" still makes a word.
            w.pieces.push(Piece::Lit(String::new()));
        }
        i += 1;
        loop {
            let Some(&d) = chars.get(i) else {
                return Err(LexError::Unterminated);
            };
            match d {
                '"' => {
                    w.raw.push('"');
                    i += 1;
                    break;
                }
                '\\' => match chars.get(i + 1) {
                    Some(&e @ ('$' | '`' | '"' | '\\')) => {
                        w.raw.push(d);
                        w.raw.push(e);
                        w.push_lit(e);
                        i += 2;
                    }
                    Some('\n') => i += 2,
                    _ => {
                        w.raw.push(d);
                        w.push_lit(d);
                        i += 1;
                    }
                },
                '`' => return unsupported("command substitution (`...`)"),
                '$' => {
                    i = dollar(chars, i, w, true)?;
                }
                _ => {
                    w.raw.push(d);
                    w.push_lit(d);
                    i += 1;
                }
            }
        }
        self.i = i;
        Ok(())
    }

    /// Whether an unquoted `~` here is HOME: at the start of a word, or after the `=` or a `:`
    /// of an assignment, and followed by `/`, `:` or the end of the word.
    fn tilde_expands(&self) -> bool {
        self.word.as_ref().is_none_or(|w| {
            (w.pieces.is_empty() && w.raw.is_empty())
                || (self.assign_eq && (w.raw.ends_with('=') || w.raw.ends_with(':')))
        }) && matches!(
            self.chars.get(self.i + 1),
            None | Some('/' | ':' | ' ' | '\t' | '\n' | ';')
        )
    }

    /// Any other character: literal text of the word (noting an assignment's `=` and globs).
    fn plain(&mut self, c: char) -> Result<(), LexError> {
        let chars = &self.chars;
        let i = self.i;
        let w = self.word.get_or_insert_with(Word::default);
        if c == '=' && !self.assign_eq {
            let name = w.literal().unwrap_or_default();
            if w.raw == name && is_assignment_name(&name) {
                self.assign_eq = true;
            }
        }
        if matches!(c, '*' | '?' | '[') {
            w.glob = true;
        }
        if c == '{' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            // Brace expansion ({a,b}) outside quotes.
            let rest: String = chars[i..].iter().take_while(|x| **x != '}').collect();
            if rest.contains(',') || rest.contains("..") {
                return unsupported("brace expansion {a,b}");
            }
        }
        w.raw.push(c);
        w.push_lit(c);
        self.i += 1;
        Ok(())
    }
}

fn is_assignment_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(is_name_start) && cs.all(is_name_char)
}

/// Reads a `$...` at `chars[i]` into `w`; returns the index after it.
fn dollar(chars: &[char], i: usize, w: &mut Word, quoted: bool) -> Result<usize, LexError> {
    match chars.get(i + 1) {
        Some('(') => {
            if chars.get(i + 2) == Some(&'(') {
                return unsupported("arithmetic $((...))");
            }
            // `$(pwd)` is the one command substitution with a known result: $PWD.
            let close = chars[i + 2..].iter().position(|&c| c == ')');
            match close {
                Some(len)
                    if chars[i + 2..i + 2 + len].iter().collect::<String>().trim() == "pwd" =>
                {
                    w.raw.push_str("$(pwd)");
                    w.pieces.push(Piece::Var {
                        name: "PWD".into(),
                        default: None,
                    });
                    Ok(i + 3 + len)
                }
                _ => unsupported("command substitution $(...)"),
            }
        }
        Some('{') => {
            let Some(len) = chars[i + 2..].iter().position(|&c| c == '}') else {
                return Err(LexError::Unterminated);
            };
            let inner: String = chars[i + 2..i + 2 + len].iter().collect();
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner.clone(), None),
            };
            if !is_assignment_name(&name) {
                return unsupported(&format!("the expansion ${{{inner}}}"));
            }
            if let Some(d) = &default {
                if d.contains(['$', '`', '\\', '"', '\'', '{']) {
                    return unsupported(&format!(
                        "the default in ${{{inner}}} (only plain text is translated)"
                    ));
                }
            }
            w.raw.push_str(&format!("${{{inner}}}"));
            w.pieces.push(Piece::Var { name, default });
            Ok(i + 3 + len)
        }
        Some('\'') if !quoted => unsupported("ANSI-C quoting $'...'"),
        Some('"') if !quoted => unsupported("locale quoting $\"...\""),
        Some(&c) if is_name_start(c) => {
            let len = chars[i + 1..]
                .iter()
                .position(|&c| !is_name_char(c))
                .unwrap_or(chars.len() - i - 1);
            let name: String = chars[i + 1..i + 1 + len].iter().collect();
            w.raw.push('$');
            w.raw.push_str(&name);
            w.pieces.push(Piece::Var {
                name,
                default: None,
            });
            Ok(i + 1 + len)
        }
        Some(&c) if c.is_ascii_digit() || "?#@*!$-".contains(c) => {
            unsupported(&format!("the special parameter ${c}"))
        }
        _ => {
            w.raw.push('$');
            w.push_lit('$');
            Ok(i + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Vec<Piece>> {
        let cmds = lex(s).unwrap();
        assert_eq!(cmds.len(), 1, "{cmds:?}");
        cmds[0].iter().map(|w| w.pieces.clone()).collect()
    }

    fn lit(s: &str) -> Piece {
        Piece::Lit(s.into())
    }

    fn var(s: &str) -> Piece {
        Piece::Var {
            name: s.into(),
            default: None,
        }
    }

    #[test]
    fn quoting() {
        assert_eq!(
            words(r#"export A='x $y' B="a $b ${c} \$d \" \\ \z" C=e\ f"#),
            vec![
                vec![lit("export")],
                vec![lit("A=x $y")],
                vec![
                    lit("B=a "),
                    var("b"),
                    lit(" "),
                    var("c"),
                    lit(" $d \" \\ \\z")
                ],
                vec![lit("C=e f")],
            ]
        );
        assert_eq!(
            words("A=~/x:~/y B=a~ ~/z"),
            vec![
                vec![lit("A="), Piece::Tilde, lit("/x:"), Piece::Tilde, lit("/y")],
                vec![lit("B=a~")],
                vec![Piece::Tilde, lit("/z")],
            ]
        );
        assert_eq!(
            words("X=${A:-b/c}"),
            vec![vec![
                lit("X="),
                Piece::Var {
                    name: "A".into(),
                    default: Some("b/c".into())
                }
            ]]
        );
        assert_eq!(words(r#"A="""#), vec![vec![lit("A=")]]);
        assert_eq!(
            words(r#"A="$(pwd)/x" B=$( pwd )"#),
            vec![
                vec![lit("A="), var("PWD"), lit("/x")],
                vec![lit("B="), var("PWD")]
            ]
        );
        assert_eq!(lex("a; b # c\n d").unwrap().len(), 3);
        assert_eq!(lex("export A='x").unwrap_err(), LexError::Unterminated);
        assert_eq!(lex("export A=\"x").unwrap_err(), LexError::Unterminated);
        assert_eq!(lex("# it's\nexport A=1").unwrap().len(), 1);
        assert_eq!(words("f() {")[0], vec![lit("f()")]);
    }

    #[test]
    fn unsupported_forms() {
        for (s, what) in [
            ("export A=$(pwd -P)", "command substitution"),
            ("export A=`pwd`", "command substitution"),
            ("export A=\"$(x)\"", "command substitution"),
            ("has go && export A=1", "conditional"),
            ("export A=$((1+2))", "arithmetic"),
            ("export A=${B:=x}", "expansion"),
            ("export A=${#B}", "expansion"),
            ("export A=$1", "special parameter"),
            ("export A=$'x'", "ANSI-C"),
            ("echo a > f", "redirection"),
            ("export A={a,b}", "brace expansion"),
            ("export A=${B:-$C}", "default"),
        ] {
            match lex(s) {
                Err(LexError::Unsupported(m)) => assert!(m.contains(what), "{s}: {m}"),
                other => panic!("{s}: {other:?}"),
            }
        }
    }

    /// For words without expansions, quote removal agrees with the shell-words crate.
    #[test]
    fn agrees_with_shell_words() {
        for s in [
            r#"PATH_add "tools/bin" 'x y' a\ b "q\"uote" 'back\slash'"#,
            r#"use go "1.22.3""#,
            r#"a"b"'c' "" ''"#,
        ] {
            let ours: Vec<String> = lex(s).unwrap()[0]
                .iter()
                .map(|w| w.literal().unwrap())
                .collect();
            assert_eq!(ours, shell_words::split(s).unwrap(), "{s}");
        }
    }
}
