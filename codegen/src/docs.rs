//! `@documentation` (HTML) -> rustdoc Markdown. Handles the tags AWS models use; any
//! other tag is dropped and its text kept. Text is escaped so that rustdoc sees no
//! broken intra-doc links or stray HTML.

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
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
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
    Some(tag[start..start + len].replace(' ', "%20").replace(['(', ')'], ""))
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
        for c in text.chars() {
            if c.is_whitespace() {
                if !last_space {
                    self.out.push(' ');
                }
                last_space = true;
                continue;
            }
            last_space = false;
            match c {
                '[' | ']' | '*' | '_' | '`' | '<' | '>' | '#' | '|' | '\\' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                _ => self.out.push(c),
            }
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

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&")
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
    fn plain_text_is_kept() {
        assert_eq!(html_to_markdown("Just   text"), "Just text");
        assert_eq!(html_to_markdown(""), "");
    }
}
