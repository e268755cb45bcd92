//! Where a JSON pointer lands in a spec file's text: its line, and for YAML the lines its node spans.
//!
//! Reports and edits name places in the spec by JSON pointer, which a reader cannot jump to; the line
//! number next to it can. Parsers throw positions away, so this walks the text itself: block YAML by
//! indentation (the style the specs here are written in) and JSON by a small scanner. A pointer into a
//! flow collection (`[a, b]`, `{a: 1}`) in YAML lands on the line of the deepest block node above it.

/// Where a pointer's node starts in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// 1-based line of the node's key (or of its `-` for a sequence item; of the value in JSON).
    pub line: usize,
    /// The whole pointer was followed; `false` when it went into a flow collection or a node the text
    /// does not show, and `line` is that of the deepest node found.
    pub exact: bool,
}

/// The lines a YAML block node spans, from its key to its last non-blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 1-based line of the key.
    pub first: usize,
    /// 1-based last line that belongs to the node (trailing blank and comment lines excluded).
    pub last: usize,
    /// Column of the key: the node's children sit deeper.
    pub column: usize,
}

/// The line of the node at `pointer` (RFC 6901) in `text`, YAML (block style) or JSON.
pub fn locate(text: &str, pointer: &str) -> Option<Located> {
    let segments = segments(pointer);
    if text.trim_start().starts_with('{') {
        json::locate(text, &segments)
    } else {
        let items = yaml::items(text);
        let (index, exact) = yaml::walk(&items, &segments)?;
        let line = index.map_or(1, |index| items[index].line + 1);
        Some(Located { line, exact })
    }
}

/// The lines the YAML block node at `pointer` spans; `None` when the pointer does not lead to a block
/// node of the text (or the text is JSON).
pub fn yaml_span(text: &str, pointer: &str) -> Option<Span> {
    let items = yaml::items(text);
    let (Some(index), true) = yaml::walk(&items, &segments(pointer))? else {
        return None;
    };
    let item = &items[index];
    let last = items[index + 1..]
        .iter()
        .take_while(|next| next.column > item.column)
        .last()
        .map_or(item.line, |next| next.line);
    Some(Span {
        first: item.line + 1,
        last: last + 1,
        column: item.column,
    })
}

/// The pointer's segments, unescaped (`~1` is `/`, `~0` is `~`).
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

mod yaml {
    /// One thing a line starts with: a sequence dash or a mapping key (several on `- - key:` lines).
    #[derive(Debug)]
    pub struct Item {
        /// 0-based line.
        pub line: usize,
        pub column: usize,
        pub kind: Kind,
    }

    #[derive(Debug, PartialEq, Eq)]
    pub enum Kind {
        Dash,
        Key(String),
        Other,
    }

    /// The items of every line that holds content (blank lines and comments hold none).
    pub fn items(text: &str) -> Vec<Item> {
        let mut items = Vec::new();
        for (line, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
                continue;
            }
            let mut column = raw.len() - trimmed.len();
            let mut rest = trimmed;
            while rest == "-" || rest.starts_with("- ") {
                items.push(Item {
                    line,
                    column,
                    kind: Kind::Dash,
                });
                let after = rest[1..].trim_start_matches(' ');
                column += rest.len() - after.len();
                rest = after;
            }
            if rest.is_empty() {
                continue;
            }
            let kind = key(rest).map_or(Kind::Other, Kind::Key);
            items.push(Item { line, column, kind });
        }
        items
    }

    /// The mapping key a line's content starts with, unquoted.
    fn key(content: &str) -> Option<String> {
        let (key, after) = match content.chars().next()? {
            quote @ ('\'' | '"') => {
                let mut key = String::new();
                let mut chars = content[1..].char_indices();
                loop {
                    let (at, c) = chars.next()?;
                    if c == quote {
                        // `''` is a quote inside a single-quoted key.
                        if quote == '\'' && content[1 + at + 1..].starts_with('\'') {
                            chars.next();
                            key.push('\'');
                            continue;
                        }
                        break (key, &content[1 + at + 1..]);
                    }
                    if quote == '"' && c == '\\' {
                        let (_, escaped) = chars.next()?;
                        key.push(escaped);
                        continue;
                    }
                    key.push(c);
                }
            }
            '[' | '{' | '|' | '>' | '&' | '*' | '!' => return None,
            _ => {
                let end = content
                    .find(": ")
                    .or_else(|| content.strip_suffix(':').map(str::len))?;
                (content[..end].trim_end().to_owned(), &content[end..])
            }
        };
        let after = after.trim_start_matches(' ');
        (after == ":" || after.starts_with(": ")).then_some(key)
    }

    /// The item the pointer leads to (`None`: the document root) and whether all of it was followed.
    pub fn walk(items: &[Item], segments: &[String]) -> Option<(Option<usize>, bool)> {
        let mut at: Option<usize> = None;
        for segment in segments {
            match child(items, at, segment) {
                Some(next) => at = Some(next),
                None => return Some((at, false)),
            }
        }
        Some((at, true))
    }

    /// The child of `parent` (the root when `None`) named by `segment`.
    fn child(items: &[Item], parent: Option<usize>, segment: &str) -> Option<usize> {
        let (start, parent_column, parent_is_key) = match parent {
            None => (0, None, false),
            Some(index) => (
                index + 1,
                Some(items[index].column),
                matches!(items[index].kind, Kind::Key(_)),
            ),
        };
        let first = items.get(start)?;
        // A sequence under a key may sit at the key's own column (`key:` then `- item`).
        let indentless =
            parent_is_key && first.kind == Kind::Dash && Some(first.column) == parent_column;
        if !indentless && parent_column.is_some_and(|column| first.column <= column) {
            return None;
        }
        let column = first.column;
        let children = items[start..]
            .iter()
            .enumerate()
            .take_while(|(_, item)| {
                item.column > column
                    || (item.column == column && (!indentless || item.kind == Kind::Dash))
            })
            .filter(|(_, item)| item.column == column);
        if first.kind == Kind::Dash {
            let wanted: usize = segment.parse().ok()?;
            children.map(|(offset, _)| start + offset).nth(wanted)
        } else {
            children
                .filter(|(_, item)| item.kind == Kind::Key(segment.to_owned()))
                .map(|(offset, _)| start + offset)
                .next()
        }
    }
}

mod json {
    use super::Located;

    /// Follows the segments through JSON text; the line is that of the value's first character.
    pub fn locate(text: &str, segments: &[String]) -> Option<Located> {
        let mut scanner = Scanner { text, at: 0 };
        scanner.space();
        for segment in segments {
            let found = match scanner.peek()? {
                b'{' => scanner.find_member(segment)?,
                b'[' => scanner.find_element(segment.parse().ok()?)?,
                _ => false,
            };
            if !found {
                return Some(Located {
                    line: scanner.line(),
                    exact: false,
                });
            }
        }
        Some(Located {
            line: scanner.line(),
            exact: true,
        })
    }

    struct Scanner<'a> {
        text: &'a str,
        at: usize,
    }

    impl Scanner<'_> {
        fn line(&self) -> usize {
            self.text[..self.at].matches('\n').count() + 1
        }

        fn peek(&self) -> Option<u8> {
            self.text.as_bytes().get(self.at).copied()
        }

        fn space(&mut self) {
            while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                self.at += 1;
            }
        }

        /// Inside an object, moves to the value of `name`; `Some(false)` (position unchanged) when the
        /// object has no such member.
        fn find_member(&mut self, name: &str) -> Option<bool> {
            let start = self.at;
            self.at += 1;
            loop {
                self.space();
                match self.peek()? {
                    b'}' => {
                        self.at = start;
                        return Some(false);
                    }
                    b',' => self.at += 1,
                    b'"' => {
                        let key = self.string()?;
                        self.space();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.at += 1;
                        self.space();
                        if key == name {
                            return Some(true);
                        }
                        self.skip_value()?;
                    }
                    _ => return None,
                }
            }
        }

        /// Inside an array, moves to element `wanted`.
        fn find_element(&mut self, wanted: usize) -> Option<bool> {
            let start = self.at;
            self.at += 1;
            let mut index = 0;
            loop {
                self.space();
                match self.peek()? {
                    b']' => {
                        self.at = start;
                        return Some(false);
                    }
                    b',' => self.at += 1,
                    _ if index == wanted => return Some(true),
                    _ => {
                        self.skip_value()?;
                        index += 1;
                    }
                }
            }
        }

        /// Reads a string token, unescaping the common escapes (enough to compare keys).
        fn string(&mut self) -> Option<String> {
            self.at += 1;
            let mut out = String::new();
            loop {
                let c = self.text[self.at..].chars().next()?;
                self.at += c.len_utf8();
                match c {
                    '"' => return Some(out),
                    '\\' => {
                        let escaped = self.text[self.at..].chars().next()?;
                        self.at += escaped.len_utf8();
                        match escaped {
                            'n' => out.push('\n'),
                            't' => out.push('\t'),
                            'u' => {
                                let hex = self.text.get(self.at..self.at + 4)?;
                                self.at += 4;
                                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            }
                            other => out.push(other),
                        }
                    }
                    other => out.push(other),
                }
            }
        }

        fn skip_value(&mut self) -> Option<()> {
            self.space();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                open @ (b'{' | b'[') => {
                    let close = if open == b'{' { b'}' } else { b']' };
                    self.at += 1;
                    loop {
                        self.space();
                        match self.peek()? {
                            c if c == close => {
                                self.at += 1;
                                break;
                            }
                            b',' | b':' => self.at += 1,
                            _ => self.skip_value()?,
                        }
                    }
                }
                _ => {
                    while self.peek().is_some_and(|b| {
                        !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()
                    }) {
                        self.at += 1;
                    }
                }
            }
            Some(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
# comment
openapi: 3.0.3
paths:
  /a/b:
    get:
      parameters:
        - name: x
          in: query
        - name: 'y'
          in: query
      responses:
        '200':
          description: |-
            text: that looks like a key
          content:
            application/json:
              examples:
                one:
                  value: {a: 1}

components:
  schemas:
    S:
      required:
      - id
      enum: [a, b]
";

    #[test]
    fn yaml_lines_of_keys_items_and_quoted_keys() {
        let line = |pointer: &str| locate(YAML, pointer).map(|l| (l.line, l.exact));
        assert_eq!(line("/openapi"), Some((2, true)));
        assert_eq!(line("/paths/~1a~1b/get/parameters/1/in"), Some((10, true)));
        assert_eq!(line("/paths/~1a~1b/get/parameters/1"), Some((9, true)));
        assert_eq!(
            line("/paths/~1a~1b/get/responses/200/content/application~1json/examples/one/value"),
            Some((19, true))
        );
        assert_eq!(
            line("/paths/~1a~1b/get/responses/200/description"),
            Some((13, true))
        );
        assert_eq!(line("/components/schemas/S/required/0"), Some((25, true)));
        assert_eq!(line("/components/schemas/S/enum/1"), Some((26, false)));
        assert_eq!(line("/components/schemas/T"), Some((22, false)));
    }

    #[test]
    fn yaml_span_of_a_node() {
        let span = yaml_span(
            YAML,
            "/paths/~1a~1b/get/responses/200/content/application~1json",
        )
        .unwrap();
        assert_eq!((span.first, span.last, span.column), (16, 19, 12));
        assert_eq!(yaml_span(YAML, "/paths/~1nope"), None);
    }

    #[test]
    fn json_lines() {
        let text = "{\n  \"a\": {\n    \"b~/\": [\n      1,\n      {\"c\": \"x\\\"y\"}\n    ]\n  },\n  \"d\": true\n}\n";
        let line = |pointer: &str| locate(text, pointer).map(|l| (l.line, l.exact));
        assert_eq!(line("/a/b~0~1/1/c"), Some((5, true)));
        assert_eq!(line("/d"), Some((8, true)));
        assert_eq!(line("/a/zz"), Some((2, false)));
    }
}
