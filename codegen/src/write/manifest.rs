//! The generated crate's `Cargo.toml` (dependencies and features follow the modules it
//! has) and its `rustfmt.toml`.

use super::Header;

/// Settings of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSettings {
    pub name: String,
    pub version: String,
    pub description: String,
    /// The `serde` feature (`crate.serde` in the config, `--serde`): serde impls through
    /// the wire codec, which adds a serializer or deserializer for every type the wire
    /// reads or writes one way only, about a tenth more source.
    pub serde: bool,
}

impl CrateSettings {
    /// Checks a package name as cargo does: ASCII letters, digits, `-` and `_`, not
    /// empty, not starting with a digit, at most 64 characters.
    pub fn check_name(name: &str) -> Result<(), String> {
        let problem = if name.is_empty() {
            Some("it is empty".to_string())
        } else if name.len() > 64 {
            Some(format!(
                "it has {} characters, more than 64",
                name.chars().count()
            ))
        } else if let Some(c) = name
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && *c != '-' && *c != '_')
        {
            Some(format!(
                "{c:?} is not allowed (only ASCII letters, digits, `-` and `_`)"
            ))
        } else if name.starts_with(|c: char| c.is_ascii_digit()) {
            Some("it starts with a digit".to_string())
        } else {
            None
        };
        match problem {
            Some(p) => Err(format!("invalid crate name {name:?}: {p}")),
            None => Ok(()),
        }
    }
}

/// The modules a generated crate has only when its operations need them.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionalModules {
    /// `validate.rs`: some sent shape has constraints.
    pub validate: bool,
    /// `pattern.rs` and the `pattern-validation` feature.
    pub patterns: bool,
    /// `decimal.rs`: some sent big number has a `@range`.
    pub decimal: bool,
    /// `compression.rs` and the `request-compression` feature.
    pub compression: bool,
    /// `idempotency.rs` and its `getrandom` dependency: a sent structure has an
    /// idempotency token.
    pub idempotency: bool,
    /// `serde_impls.rs`, `serde_wire.rs` and the `serde` feature.
    pub serde: bool,
    /// `rest.rs`: the protocol binds members to the URI and headers.
    pub rest: bool,
    /// `checksum.rs` and its `md-5` dependency: an operation requires `Content-MD5`.
    pub checksum: bool,
    /// `glacier.rs` and its `sha2` dependency: Glacier uploads carry SHA-256 tree hashes.
    pub glacier: bool,
}

/// The regex crate's features in a generated crate. The generator compiles `@pattern`s with
/// the same features (its own Cargo.toml, checked by a test), so that a pattern it accepts
/// compiles there too.
pub const REGEX_FEATURES: &str =
    "default-features = false, features = [\"std\", \"unicode-perl\", \"unicode-gencat\"]";

/// The `client` feature's optional dependencies: tokio, hyper 1 + hyper-util's pooled
/// client, rustls (through hyper-rustls) with the `ring` provider and webpki roots (no
/// CMake, no system certificates needed), and the official SigV4 signer.
const CLIENT_DEPENDENCIES: &str = "\
aws-credential-types = { version = \"1.2\", optional = true }
aws-sigv4 = { version = \"1.3\", optional = true, default-features = false, features = [\"sign-http\", \"http1\"] }
http-body-util = { version = \"0.1\", optional = true }
hyper = { version = \"1\", optional = true, default-features = false, features = [\"client\", \"http1\"] }
hyper-rustls = { version = \"0.27\", optional = true, default-features = false, features = [\"http1\", \"ring\", \"tls12\", \"webpki-tokio\"] }
hyper-util = { version = \"0.1\", optional = true, default-features = false, features = [\"client-legacy\", \"http1\", \"tokio\"] }
rustls = { version = \"0.23\", optional = true, default-features = false, features = [\"ring\", \"std\", \"tls12\"] }
tokio = { version = \"1\", optional = true, features = [\"net\", \"rt\", \"time\"] }
";

const CLIENT_FEATURE: &str = "\
# A ready async client with SigV4 signing, retries and timeouts (see the `client` module).
client = [\"dep:aws-credential-types\", \"dep:aws-sigv4\", \"dep:http-body-util\", \"dep:hyper\", \"dep:hyper-rustls\", \"dep:hyper-util\", \"dep:rustls\", \"dep:tokio\"]
# The client on a mock transport with canned answers, for tests (see `client::mock`).
test-util = [\"client\"]
";

/// Keeps `cargo fmt` in a workspace that vendors the crate from reformatting it, which
/// would make it differ from what the generator writes (and `codegen --check` fail).
pub fn rustfmt_toml(header: &Header) -> String {
    format!("{}disable_all_formatting = true\n", header.line("#"))
}

/// The crate's manifest; `example` names the client example (`examples/<name>.rs`), if any.
pub fn cargo_toml(
    header: &Header,
    settings: &CrateSettings,
    modules: OptionalModules,
    example: Option<&str>,
) -> String {
    let mut s = header.line("#");
    s.push_str(&format!(
        "[package]\nname = {:?}\nversion = {:?}\nedition = \"2021\"\ndescription = {:?}\nlicense = \"Apache-2.0\"\npublish = false\n\n",
        settings.name, settings.version, settings.description
    ));
    s.push_str("[dependencies]\n");
    if modules.idempotency {
        // Random bytes from the system for unset idempotency tokens (see idempotency.rs).
        s.push_str("getrandom = \"0.4\"\n");
    }
    s.push_str("http = \"1\"\n");
    if modules.checksum {
        // `Content-MD5` of `@httpChecksumRequired` requests (see checksum.rs).
        s.push_str("md-5 = \"0.10\"\n");
    }
    if modules.glacier {
        // Glacier's upload checksums (see glacier.rs).
        s.push_str("sha2 = \"0.10\"\n");
    }
    if modules.patterns {
        s.push_str(&format!(
            "regex = {{ version = \"1\", optional = true, {REGEX_FEATURES} }}\n"
        ));
    }
    if modules.compression {
        s.push_str("flate2 = { version = \"1\", optional = true }\n");
    }
    if modules.serde {
        s.push_str("serde = { version = \"1\", optional = true }\n");
    }
    s.push_str(CLIENT_DEPENDENCIES);
    s.push_str("\n[features]\ndefault = []\n");
    s.push_str(CLIENT_FEATURE);
    if modules.serde {
        s.push_str("# `serde::Serialize` and `Deserialize` on the model types, in their awsJson wire form.\nserde = [\"dep:serde\"]\n");
    }
    if modules.patterns {
        s.push_str("# Checks `@pattern` constraints before sending (pulls in the regex crate).\npattern-validation = [\"dep:regex\"]\n");
    }
    if modules.compression {
        s.push_str("# Gzips large request bodies of `@requestCompression` operations (pulls in flate2).\nrequest-compression = [\"dep:flate2\"]\n");
    }
    if let Some(name) = example {
        s.push_str(&format!(
            "\n[[example]]\nname = {name:?}\nrequired-features = [\"client\"]\n"
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::CrateSettings;

    #[test]
    fn crate_names_are_checked_as_cargo_does() {
        for good in ["a", "cognito-idp-lite", "my_crate2", &"x".repeat(64)] {
            assert_eq!(CrateSettings::check_name(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("1abc", "digit"),
            ("a b", "not allowed"),
            ("caf\u{e9}", "not allowed"),
            ("a/b", "not allowed"),
            (&"x".repeat(65), "more than 64"),
        ] {
            let e = CrateSettings::check_name(bad).unwrap_err();
            assert!(
                e.contains(why) && e.contains("invalid crate name"),
                "{bad}: {e}"
            );
        }
    }

    /// The generator compiles patterns with the regex features the generated crate has.
    #[test]
    fn the_generator_has_the_generated_crates_regex_features() {
        let manifest = include_str!("../../Cargo.toml");
        let line = format!("regex = {{ version = \"1\", {} }}", super::REGEX_FEATURES);
        assert!(manifest.contains(&line), "codegen/Cargo.toml needs: {line}");
    }
}
