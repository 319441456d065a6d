//! `@documentation` (HTML) -> rustdoc Markdown. Handles the tags AWS models use; any
//! other tag is dropped and its text kept. Text is escaped so that rustdoc sees no
//! broken intra-doc links or stray HTML, and URLs in text become links (`<https://..>`),
//! which rustdoc wants instead of bare URLs.

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
            ("code", false) if !pre => {
                out.close_code();
                out.code = Some(String::new());
            }
            ("code", true) if !pre => out.close_code(),
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
                    out.links += 1;
                }
                links.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = links.pop() {
                    out.raw(&format!("]({href})"));
                    out.links -= 1;
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
    /// How many `[..](href)` links are open: a URL in a link's text stays text, as a
    /// link inside a link would break the outer one.
    links: usize,
    /// The text of the open code span: written whole when it closes, unescaped (a code
    /// span shows backslashes as they are), URLs and markup included.
    code: Option<String>,
}

impl Md {
    fn text(&mut self, text: &str, pre: bool) {
        let text = unescape(text);
        if let Some(code) = &mut self.code {
            code.push_str(&text);
            return;
        }
        if pre {
            self.out.push_str(&text);
            return;
        }
        let mut rest = &text[..];
        if self.links == 0 {
            while let Some((start, end)) = find_url(rest) {
                self.inline(&rest[..start]);
                // An autolink: its text is the URL as written (escapes are not read there).
                self.out.push('<');
                self.out.push_str(&rest[start..end]);
                self.out.push('>');
                rest = &rest[end..];
            }
        }
        self.inline(rest);
    }

    /// Text with Markdown's special characters escaped and whitespace collapsed.
    fn inline(&mut self, text: &str) {
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

    /// Markup, which a code span leaves out.
    fn raw(&mut self, s: &str) {
        if self.code.is_none() {
            self.out.push_str(s);
        }
    }

    /// Writes the open code span, its whitespace collapsed, between enough backticks that
    /// none inside ends it (CommonMark's rule), padded when it starts or ends with one.
    fn close_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
        if code.is_empty() {
            return;
        }
        let longest = code
            .split(|c| c != '`')
            .map(str::len)
            .max()
            .unwrap_or_default();
        let fence = "`".repeat(longest + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.out
            .push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
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

    fn finish(mut self) -> String {
        self.close_code();
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

/// The byte range of the first `http://` or `https://` URL that starts a word in `text`.
/// It ends before whitespace, `<`, `>` or `"`, and trailing punctuation (`.`, `,`, an
/// unbalanced `)`, ...) is the sentence's, not the URL's.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("http").map(|i| i + from) {
        from = i + 4;
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| text[i..].starts_with(s));
        let starts_word = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let (Some(scheme), true) = (scheme, starts_word) else {
            continue;
        };
        let body = i + scheme.len();
        let mut end = text[body..]
            .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'))
            .map_or(text.len(), |e| body + e);
        while end > body {
            let url = &text[i..end];
            let last = url.chars().next_back().unwrap_or_default();
            let unbalanced = last == ')' && url.matches(')').count() > url.matches('(').count();
            if unbalanced || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*') {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        if end > body {
            return Some((i, end));
        }
    }
    None
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
    fn urls_in_text_become_links() {
        assert_eq!(
            html_to_markdown("<p>See https://docs.example.com/a_b/index.html.</p>"),
            "See <https://docs.example.com/a_b/index.html>."
        );
        assert_eq!(
            html_to_markdown("(http://example.org/x?a=1&amp;b=2), https://e.com/f_(g)"),
            "(<http://example.org/x?a=1&b=2>), <https://e.com/f_(g)>"
        );
        assert_eq!(
            html_to_markdown("<a href=\"https://e.com\">https://e.com</a> <a>https://e.com/n</a>"),
            "[https://e.com](https://e.com) <https://e.com/n>",
            "a link's text stays text; a link without href is text"
        );
        assert_eq!(
            html_to_markdown("<code>https://e.com/c</code> https:// xhttps://e.com shttp"),
            "`https://e.com/c` https:// xhttps://e.com shttp",
            "code, a scheme alone, and a scheme inside a word are left"
        );
    }

    #[test]
    fn code_spans_are_not_escaped() {
        assert_eq!(
            html_to_markdown("Set <code>SMS_MFA[0]</code>, <code>a`b</code>, <code>`x</code> and <code> <b>y</b>  z </code><code></code>."),
            "Set `SMS_MFA[0]`, ``a`b``, `` `x `` and `y z`."
        );
        assert_eq!(html_to_markdown("<code>unclosed *x*"), "`unclosed *x*`");
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(html_to_markdown("Just   text"), "Just text");
        assert_eq!(html_to_markdown(""), "");
    }
}
