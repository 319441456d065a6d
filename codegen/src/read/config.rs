//! `models/codegen.json`: the one place that says which model, service and operations
//! to generate, and what the generated crate is called.

use crate::error::{Error, Result};
use crate::write::CrateSettings;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The model file, relative to the config file's directory.
    pub model: String,
    pub service: Option<String>,
    /// The protocol to generate when the service offers several (`restJson1`, ...).
    pub protocol: Option<String>,
    pub operations: Vec<String>,
    pub crate_settings: CrateSettings,
}

pub fn parse(bytes: &[u8]) -> Result<Config> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::new(format!("invalid codegen config: {e}")))?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let krate = v.get("crate");
    let crate_field = |k: &str, default: &str| {
        krate
            .and_then(|c| c.get(k))
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_string()
    };
    let operations = match v.get("operations") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| {
                    Error::new("codegen config: `operations` must be strings").at("$.operations")
                })
            })
            .collect::<Result<Vec<_>>>()?,
        _ => {
            return Err(Error::new(
                "codegen config: `operations` must be a list of operation names",
            )
            .at("$.operations"))
        }
    };
    Ok(Config {
        model: field("model")
            .ok_or_else(|| Error::new("codegen config: missing `model`").at("$.model"))?,
        service: field("service"),
        protocol: field("protocol"),
        operations,
        crate_settings: CrateSettings {
            name: crate_field("name", "generated-client"),
            version: crate_field("version", "0.1.0"),
            // Empty: derived from the service (see `generate_sources`).
            description: crate_field("description", ""),
            serde: match krate.and_then(|c| c.get("serde")) {
                None => false,
                Some(Value::Bool(on)) => *on,
                Some(_) => {
                    return Err(
                        Error::new("codegen config: `crate.serde` must be true or false")
                            .at("$.crate.serde"),
                    )
                }
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    const BASE: &str = r#"{"model": "m.json", "operations": ["Op"], "crate": {"name": "c""#;

    #[test]
    fn serde_is_off_unless_the_crate_asks_for_it() {
        let config = |rest: &str| parse(format!("{BASE}{rest}}}}}").as_bytes());
        assert!(!config("").unwrap().crate_settings.serde);
        assert!(config(r#", "serde": true"#).unwrap().crate_settings.serde);
        let wrong = config(r#", "serde": "yes""#).unwrap_err();
        assert!(
            wrong
                .to_string()
                .contains("`crate.serde` must be true or false"),
            "{wrong}"
        );
    }

    #[test]
    fn the_protocol_is_optional() {
        let config = |rest: &str| parse(format!("{BASE}}}{rest}}}").as_bytes()).unwrap();
        assert_eq!(config("").protocol, None);
        assert_eq!(
            config(r#", "protocol": "restJson1""#).protocol.as_deref(),
            Some("restJson1")
        );
    }
}
