//! Rust names for Smithy names: the only place that re-cases anything. Keywords, prelude
//! types and names that are not identifiers are handled here, deterministically.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2021 (and `gen`, reserved in 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

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

/// `CallbackURLs` -> `callback_urls`, `type` -> `r#type`, `self` -> `self_`.
pub fn field_name(name: &str) -> String {
    let mut snake = fold_plural_acronyms(&identifier_chars(name)).to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    escape_keyword(snake)
}

/// `MFAMethodNotFoundException` -> `MfaMethodNotFoundException`; `Self` -> `SelfValue`.
pub fn type_name(name: &str) -> String {
    let mut camel = fold_plural_acronyms(&identifier_chars(name)).to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel.insert(0, 'V');
    }
    if camel == "Self" {
        camel.push_str("Value");
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
    let name = field_name(name);
    match name.strip_prefix("r#") {
        Some(raw) => format!("{raw}_"),
        None => name,
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_value")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
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
    fn every_keyword_is_escaped() {
        for kw in KEYWORDS {
            let f = field_name(kw);
            assert!(f.starts_with("r#") || f.ends_with("_value"), "{kw} -> {f}");
            syn::parse_str::<syn::Ident>(&f).unwrap_or_else(|e| panic!("{kw} -> {f}: {e}"));
        }
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_value");
        assert_eq!(type_name("Self"), "SelfValue");
    }

    #[test]
    fn values_that_are_not_identifiers() {
        assert_eq!(variant_name("us-east-1"), "UsEast1");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("application/json"), "ApplicationJson");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(module_name("Match"), "match_");
    }
}
