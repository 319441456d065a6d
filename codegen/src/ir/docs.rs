//! `@documentation` (HTML) -> rustdoc Markdown. Handles the tags AWS models use; any
//! other tag is dropped and its text kept. Text is escaped so that rustdoc sees no
//! broken intra-doc links or stray HTML.

use std::borrow::Cow;

/// Converts an HTML documentation string to Markdown.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = Md::default();
    let mut rest = html;
    let mut links: Vec<Option<String>> = Vec::new();
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut pre = false;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.text(rest, pre);
            break;
        };
        out.text(&rest[..lt], pre);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            out.text(rest, pre);
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag.trim_start_matches('/');
        let name = &name[..name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len())];
        // Tag names are short; longer ones are none of those handled below.
        let mut lower = [0u8; 8];
        let name = match lower.get_mut(..name.len()) {
            Some(buf) => {
                buf.copy_from_slice(name.as_bytes());
                buf.make_ascii_lowercase();
                std::str::from_utf8(buf).unwrap_or_default()
            }
            None => "",
        };
        match (name, closing) {
            // Paragraphs inside list items stay on the item's line.
            ("p", false) if !lists.is_empty() => {}
            ("p", true) if !lists.is_empty() => out.raw(" "),
            ("p" | "div" | "br", _) | ("dl", _) | ("dt", true) | ("dd", true) => out.paragraph(),
            ("ul", false) => {
                out.paragraph();
                lists.push(None);
            }
            ("ol", false) => {
                out.paragraph();
                lists.push(Some(0));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                out.paragraph();
            }
            ("li", false) => {
                out.line_break();
                let depth = lists.len().saturating_sub(1);
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{n}. ")
                    }
                    _ => "- ".to_string(),
                };
                out.raw(&format!("{}{marker}", "  ".repeat(depth)));
            }
            ("li", true) => out.line_break(),
            ("dt", false) | ("dd", false) => out.paragraph(),
            ("code", _) if !pre => out.raw("`"),
            ("b" | "strong", _) => out.raw("**"),
            ("i" | "em", _) => out.raw("*"),
            ("pre", false) => {
                out.paragraph();
                out.raw("```text\n");
                pre = true;
            }
            ("pre", true) => {
                out.raw("\n```");
                out.paragraph();
                pre = false;
            }
            ("a", false) => {
                let href = attr(tag, "href");
                if href.is_some() {
                    out.raw("[");
                }
                links.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = links.pop() {
                    out.raw(&format!("]({href})"));
                }
            }
            _ => {}
        }
    }
    out.finish()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(
        tag[start..start + len]
            .replace(' ', "%20")
            .replace(['(', ')'], ""),
    )
}

#[derive(Default)]
struct Md {
    out: String,
}

impl Md {
    fn text(&mut self, text: &str, pre: bool) {
        let text = unescape(text);
        if pre {
            self.out.push_str(&text);
            return;
        }
        let mut last_space = self.out.is_empty() || self.out.ends_with([' ', '\n']);
        // Runs of other characters are copied whole; the scan is on bytes, as only a few
        // ASCII characters and non-ASCII whitespace need more.
        let bytes = text.as_bytes();
        let (mut run, mut i) = (0, 0);
        while i < bytes.len() {
            let c = match bytes[i] {
                b'[' | b']' | b'*' | b'_' | b'`' | b'<' | b'>' | b'#' | b'|' | b'\\' => {
                    Some((char::from(bytes[i]), false))
                }
                b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => Some((' ', true)),
                0xc0.. => text[i..]
                    .chars()
                    .next()
                    .filter(|c| c.is_whitespace())
                    .map(|c| (c, true)),
                _ => None,
            };
            let Some((c, space)) = c else {
                i += 1;
                continue;
            };
            if run < i {
                self.out.push_str(&text[run..i]);
                last_space = false;
            }
            if !space {
                self.out.push('\\');
                self.out.push(c);
            } else if !last_space {
                self.out.push(' ');
            }
            last_space = space;
            i += if space { c.len_utf8() } else { 1 };
            run = i;
        }
        if run < bytes.len() {
            self.out.push_str(&text[run..]);
        }
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn line_break(&mut self) {
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn paragraph(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn finish(self) -> String {
        let mut lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        let mut result = String::new();
        let mut blank = true;
        for line in lines {
            if line.is_empty() && blank {
                continue;
            }
            blank = line.is_empty();
            result.push_str(line);
            result.push('\n');
        }
        result.trim().to_string()
    }
}

/// The text with the entities AWS models use decoded; others are left as written.
fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    const ENTITIES: [(&str, char); 6] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_common_tags() {
        let md = html_to_markdown(
            "<p>Sends a <code>code</code> to the <a href=\"https://example.com/x\">user</a>.</p>\n  <ul><li><p>One [a]</p></li><li>Two</li></ul><p>x &lt;y&gt; <b>bold</b></p>",
        );
        assert_eq!(md, "Sends a `code` to the [user](https://example.com/x).\n\n- One \\[a\\]\n- Two\n\nx \\<y\\> **bold**");
    }

    #[test]
    fn any_whitespace_collapses_and_markup_characters_are_escaped() {
        assert_eq!(
            html_to_markdown("a\u{a0}\u{2003} b\x0bc_d [é]\u{85}*"),
            "a b c\\_d \\[é\\] \\*"
        );
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(html_to_markdown("Just   text"), "Just text");
        assert_eq!(html_to_markdown(""), "");
    }
}
