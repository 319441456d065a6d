//! Rust names for Smithy names: the only place that re-cases anything. Keywords and names
//! that are not identifiers are handled here, deterministically; clashes between names are
//! resolved per Rust scope by [`Scope`], where every name is finally decided.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2021 (and `gen`, reserved in 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: every scope reserves them, so a model name
/// that is one takes the scope's suffix (`self` -> `self_value`).
pub const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// `URLs` in `CallbackURLs` is one word, not `UR` + `Ls`: rewrite such plural acronyms as
/// `Urls` before heck splits words.
fn fold_plural_acronyms(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let run = i - start;
        let plural = run >= 2
            && chars.get(i) == Some(&'s')
            && chars.get(i + 1).is_none_or(|c| !c.is_ascii_lowercase());
        if plural {
            out.push(chars[start]);
            out.extend(chars[start + 1..i].iter().map(char::to_ascii_lowercase));
            out.push('s');
            i += 1;
        } else if run == 0 {
            out.push(chars[i]);
            i += 1;
        } else {
            out.extend(&chars[start..i]);
        }
    }
    out
}

/// Replaces everything that cannot appear in an identifier by `_`.
fn identifier_chars(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `CallbackURLs` -> `callback_urls`, `2fa` -> `v2fa`: the snake-case stem of a field or
/// method, before keyword escaping (see [`escape_keyword`]). It never starts with `_`, so
/// derived names (`set_{stem}`) never hold `__`, which `non_snake_case` rejects.
pub fn snake_name(name: &str) -> String {
    let mut snake = fold_plural_acronyms(&identifier_chars(name)).to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, 'v');
    }
    snake
}

/// `CallbackURLs` -> `callback_urls`, `type` -> `r#type`, `self` -> `self_value`: a local
/// variable's name, which needs no [`Scope`] (the endpoint rules' assignments).
pub fn field_name(name: &str) -> String {
    let snake = snake_name(name);
    if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_value")
    } else {
        escape_keyword(snake)
    }
}

/// `MFAMethodNotFoundException` -> `MfaMethodNotFoundException`, `2FA` -> `V2fa`.
pub fn type_name(name: &str) -> String {
    let mut camel = fold_plural_acronyms(&identifier_chars(name)).to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel.insert(0, 'V');
    }
    camel
}

/// Enum value or member -> variant name; values like `us-east-1` or `1` become `UsEast1`
/// and `V1`; an empty value becomes `Empty`.
pub fn variant_name(name: &str) -> String {
    if name.chars().all(|c| !c.is_ascii_alphanumeric()) {
        return "Empty".to_string();
    }
    type_name(name)
}

/// Module name of an operation (`AdminResetUserPassword` -> `admin_reset_user_password`).
/// Keywords get a `_` suffix instead of `r#`, which file names and doc links cannot carry.
pub fn module_name(name: &str) -> String {
    let snake = snake_name(name);
    if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// `type` -> `r#type`. The keywords that cannot be raw ([`NOT_RAW`]) are reserved in every
/// [`Scope`], so they never get here.
pub fn escape_keyword(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) && !NOT_RAW.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The names taken in one Rust scope: a module's items, a builder's methods, an enum's
/// variants, the client's methods. The generated code's own names are reserved first; then
/// each model name, in a fixed order, takes the first free candidate of: itself, itself
/// with the scope's suffix, then with the suffix and a number from 2 (`Foo`, `FooValue`,
/// `FooValue2`; `build`, `build_value`). A name comes with the names the generated code
/// derives from it (a builder, setters, `as_` / `is_` helpers): the candidate is free only
/// when all of them are.
#[derive(Debug, Clone)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
    suffix: &'static str,
}

impl Scope {
    /// A scope whose clashes take `suffix`, with the generated code's names (and the
    /// keywords that cannot be raw identifiers) reserved.
    pub fn new(suffix: &'static str, reserved: &[&str]) -> Self {
        Scope {
            taken: reserved
                .iter()
                .chain(NOT_RAW)
                .map(|s| s.to_string())
                .collect(),
            suffix,
        }
    }

    /// Takes `base`, or the first free candidate after it, together with the names
    /// `derived` gives for it (the name itself included, when it is an item of this
    /// scope); returns the name taken.
    pub fn claim(&mut self, base: &str, derived: impl Fn(&str) -> Vec<String>) -> String {
        let candidates = [base.to_string(), format!("{base}{}", self.suffix)]
            .into_iter()
            .chain((2u32..).map(|n| format!("{base}{}{n}", self.suffix)));
        for candidate in candidates {
            let names = derived(&candidate);
            if names.iter().all(|n| !self.taken.contains(n)) {
                self.taken.extend(names);
                return candidate;
            }
        }
        unreachable!("the numbered candidates never run out")
    }

    /// Takes `base` or the first free candidate after it, with nothing derived.
    pub fn claim_one(&mut self, base: &str) -> String {
        self.claim(base, |n| vec![n.to_string()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms() {
        assert_eq!(
            type_name("MFAMethodNotFoundException"),
            "MfaMethodNotFoundException"
        );
        assert_eq!(field_name("CallbackURLs"), "callback_urls");
        assert_eq!(field_name("LogoutURLs"), "logout_urls");
        assert_eq!(field_name("SMSMfaSettings"), "sms_mfa_settings");
        assert_eq!(field_name("IdPIdentifiers"), "id_p_identifiers");
        assert_eq!(field_name("headerName"), "header_name");
        assert_eq!(type_name("CallbackURLsType"), "CallbackUrlsType");
    }

    #[test]
    fn every_keyword_is_escaped_or_reserved() {
        let mut scope = Scope::new("_value", &[]);
        for kw in KEYWORDS {
            let f = escape_keyword(scope.claim_one(kw));
            assert!(f.starts_with("r#") || f.ends_with("_value"), "{kw} -> {f}");
            syn::parse_str::<syn::Ident>(&f).unwrap_or_else(|e| panic!("{kw} -> {f}: {e}"));
        }
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(module_name("type"), "type_");
    }

    #[test]
    fn values_that_are_not_identifiers() {
        assert_eq!(variant_name("us-east-1"), "UsEast1");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("application/json"), "ApplicationJson");
        assert_eq!(field_name("2fa"), "v2fa");
        assert_eq!(field_name("ü"), "v");
        assert_eq!(field_name("_x"), "x");
        assert_eq!(module_name("Match"), "match_");
    }

    #[test]
    fn clashes_take_the_suffix_then_a_number() {
        let mut types = Scope::new("Value", &["Unknown"]);
        let builder = |n: &str| vec![n.to_string(), format!("{n}Builder")];
        assert_eq!(types.claim("Foo", builder), "Foo");
        // What was claimed first keeps its name: here `Foo`'s builder.
        assert_eq!(types.claim("FooBuilder", builder), "FooBuilderValue");
        assert_eq!(types.claim("Unknown", builder), "UnknownValue");
        assert_eq!(types.claim("UnknownValue", builder), "UnknownValueValue");
        assert_eq!(types.claim_one("Foo"), "FooValue");
        assert_eq!(types.claim_one("Foo"), "FooValue2");
        assert_eq!(types.claim_one("Self"), "SelfValue");

        let mut setters = Scope::new("_value", &["build"]);
        let derived = |n: &str| vec![n.to_string(), format!("set_{n}")];
        assert_eq!(setters.claim("set_foo", derived), "set_foo");
        assert_eq!(setters.claim("foo", derived), "foo_value");
        assert_eq!(setters.claim("build", derived), "build_value");
    }
}
