//! Whether a `@pattern` change loosens or tightens it, decided only where that is
//! mechanical: the patterns differ only in the items of character classes.

use std::collections::BTreeSet;

/// Decides whether `new` accepts a superset (`Some(true)`) or a subset (`Some(false)`) of
/// what `old` accepts, when the two patterns differ only in the items of character
/// classes (`[a-z]` -> `[a-z_]`). `None` when that cannot be told mechanically.
pub fn pattern_looser(old: &str, new: &str) -> Option<bool> {
    let (a, b) = (tokenize(old)?, tokenize(new)?);
    if a.len() != b.len() {
        return None;
    }
    let (mut wider, mut narrower) = (false, false);
    for (x, y) in a.iter().zip(&b) {
        match (x, y) {
            (Token::Atom(x), Token::Atom(y)) if x == y => {}
            (
                Token::Group {
                    open: ox,
                    alternatives: ax,
                },
                Token::Group {
                    open: oy,
                    alternatives: ay,
                },
            ) if ox == oy => {
                if ax == ay {
                    continue;
                }
                if ax.is_subset(ay) {
                    wider = true;
                } else if ay.is_subset(ax) {
                    narrower = true;
                } else {
                    return None;
                }
            }
            (
                Token::Class {
                    negated: nx,
                    items: ix,
                },
                Token::Class {
                    negated: ny,
                    items: iy,
                },
            ) if nx == ny => {
                if ix == iy {
                    continue;
                }
                let (grew, shrank) = (ix.is_subset(iy), iy.is_subset(ix));
                // A negated class accepts less when its items grow.
                let (grew, shrank) = if *nx { (shrank, grew) } else { (grew, shrank) };
                if grew {
                    wider = true;
                } else if shrank {
                    narrower = true;
                } else {
                    return None;
                }
            }
            _ => return None,
        }
    }
    match (wider, narrower) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

#[derive(Debug, PartialEq)]
pub(super) enum Token {
    Atom(String),
    Class {
        negated: bool,
        items: BTreeSet<String>,
    },
    /// A group `(a|b)` / `(?:a|b)`: its opening (`(` or `(?:`) and its alternatives.
    Group {
        open: String,
        alternatives: BTreeSet<String>,
    },
}

/// Splits a regex into atoms (characters, escapes), character classes (sets of items:
/// characters, escapes, ranges) and groups (sets of alternatives, kept as text). `None`
/// for what it does not understand (nested classes, unbalanced groups).
pub(super) fn tokenize(p: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        if chars[i] == '[' {
            i += 1;
            let negated = chars.get(i) == Some(&'^');
            if negated {
                i += 1;
            }
            let mut items = BTreeSet::new();
            let mut first = true;
            loop {
                let c = *chars.get(i)?;
                if c == ']' && !first {
                    i += 1;
                    break;
                }
                if c == '[' {
                    return None;
                }
                first = false;
                let (mut item, next) = class_item(&chars, i)?;
                i = next;
                // A range `a-z`: one item.
                if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
                    let (end, next) = class_item(&chars, i + 1)?;
                    item = format!("{item}-{end}");
                    i = next;
                }
                items.insert(item);
            }
            out.push(Token::Class { negated, items });
        } else if chars[i] == '(' {
            let (group, next) = group(&chars, i)?;
            out.push(group);
            i = next;
        } else {
            let (atom, next) = class_item(&chars, i)?;
            out.push(Token::Atom(atom));
            i = next;
        }
    }
    Some(out)
}

/// The group opening at `i`, split into its top-level alternatives; and the index after it.
pub(super) fn group(chars: &[char], i: usize) -> Option<(Token, usize)> {
    let mut j = i + 1;
    let open_len = if chars.get(j) == Some(&'?') { 3 } else { 1 };
    let open: String = chars.get(i..i + open_len)?.iter().collect();
    if open_len == 3 && open != "(?:" {
        return None;
    }
    j = i + open_len;
    let (mut depth, mut in_class, mut start) = (0usize, false, j);
    let mut alternatives = BTreeSet::new();
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class && depth > 0 => depth -= 1,
            ')' if !in_class => {
                alternatives.insert(chars[start..j].iter().collect());
                return Some((Token::Group { open, alternatives }, j + 1));
            }
            '|' if !in_class && depth == 0 => {
                alternatives.insert(chars[start..j].iter().collect());
                start = j + 1;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// One character or escape sequence starting at `i`: `\t`, `\p{L}`, `\x{41}`, `\u0041`.
pub(super) fn class_item(chars: &[char], i: usize) -> Option<(String, usize)> {
    let c = *chars.get(i)?;
    if c != '\\' {
        return Some((c.to_string(), i + 1));
    }
    let e = *chars.get(i + 1)?;
    let end = match e {
        'p' | 'P' | 'x' | 'u' if chars.get(i + 2) == Some(&'{') => {
            i + 2 + chars[i + 2..].iter().position(|c| *c == '}')? + 1
        }
        'p' | 'P' => i + 3,
        'x' => i + 4,
        'u' => i + 6,
        _ => i + 2,
    };
    if end > chars.len() {
        return None;
    }
    Some((chars[i..end].iter().collect(), end))
}
