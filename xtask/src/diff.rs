//! Model comparison.
//! `cargo xtask diff OLD.json NEW.json`: what changed between two models, restricted to the
//! selected operations' closure, and whether it breaks code using the generated crate.
//!
//! Exit codes: 0 nothing breaking, 1 breaking changes (unless `--no-fail`), 2 bad input
//! (a model that does not load, a bad config, an unknown service).

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use codegen::diff::{Render, Report};
use codegen::select::Operations;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
pub struct DiffArgs {
    /// The model before the update (a `.json` or `.smithy` file, or a directory of them).
    pub old: PathBuf,
    /// The model after the update (a `.json` or `.smithy` file, or a directory of them).
    pub new: PathBuf,
    /// Operations to compare, comma-separated, or `all`; default: the config's list.
    #[arg(long, value_delimiter = ',', conflicts_with = "all_operations")]
    pub operations: Option<Vec<String>>,
    /// Compare every operation of the service.
    #[arg(long)]
    pub all_operations: bool,
    /// The service shape (id or name); default: the config's, or the models' only service.
    #[arg(long)]
    pub service: Option<String>,
    /// The codegen settings that give the default operations and service.
    #[arg(long, default_value = "models/codegen.json")]
    pub config: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List documentation-only changes too (they are always counted).
    #[arg(long)]
    pub docs: bool,
    /// Exit 0 even when there are breaking changes.
    #[arg(long)]
    pub no_fail: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: DiffArgs) -> Result<ExitCode> {
    let (report, output) = compare(&args)?;
    print!("{output}");
    Ok(exit_code(&report, args.no_fail))
}

/// 1 when something is breaking (unless `no_fail`), else 0.
pub fn exit_code(report: &Report, no_fail: bool) -> ExitCode {
    if report.has_breaking() && !no_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads both models, compares them and renders the report.
fn compare(args: &DiffArgs) -> Result<(Report, String)> {
    let (operations, config_service) = selection(args)?;
    let service = args.service.clone().or(config_service);
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let report =
        codegen::diff::diff(&old, &new, service.as_deref(), &operations).with_context(|| {
            format!(
                "comparing {} with {}",
                args.old.display(),
                args.new.display()
            )
        })?;
    let render = Render {
        docs: args.docs,
        old_name: &args.old.to_string_lossy(),
        new_name: &args.new.to_string_lossy(),
    };
    let output = match args.format {
        Format::Text => report.text(&render),
        Format::Json => report.json_string(&render),
    };
    Ok((report, output))
}

/// The operations to compare and the configured service. The config is only required
/// when it provides the operations.
fn selection(args: &DiffArgs) -> Result<(Operations, Option<String>)> {
    let config = || -> Result<codegen::read::config::Config> {
        let path = crate::resolve(&args.config);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        codegen::read::config::parse(&bytes).with_context(|| format!("in {}", path.display()))
    };
    Ok(match (&args.operations, args.all_operations) {
        (_, true) => (Operations::All, config().ok().and_then(|c| c.service)),
        (Some(ops), false) if ops.len() == 1 && ops[0] == "all" => {
            (Operations::All, config().ok().and_then(|c| c.service))
        }
        (Some(ops), false) => (
            Operations::Named(ops.clone()),
            config().ok().and_then(|c| c.service),
        ),
        (None, false) => {
            let c = config()?;
            (Operations::Named(c.operations), c.service)
        }
    })
}

/// A model file (JSON AST or IDL) or a directory of them.
fn load(path: &Path) -> Result<codegen::load::model::Model> {
    let resolved = crate::resolve(path);
    let sources = codegen::read::read_paths(std::slice::from_ref(&resolved))
        .with_context(|| format!("reading model {}", resolved.display()))?;
    codegen::load_sources(&sources)
        .map_err(|e| crate::model_error(e, &resolved.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(date: &str) -> PathBuf {
        crate::root().parent().unwrap().join(format!(
            "shared/models/history/cognito-identity-provider-{date}.json"
        ))
    }

    fn args(old: PathBuf, new: PathBuf) -> DiffArgs {
        DiffArgs {
            old,
            new,
            operations: None,
            all_operations: false,
            service: None,
            config: PathBuf::from("models/codegen.json"),
            format: Format::Text,
            docs: false,
            no_fail: false,
        }
    }

    #[test]
    fn default_selection_is_the_configured_four() {
        let (report, text) = compare(&args(history("2026-01-28"), history("2026-02-27"))).unwrap();
        assert_eq!(report.new_operations.len(), 4, "{text}");
        assert!(
            text.contains("AttributeNameType: pattern changed"),
            "{text}"
        );
        assert_eq!(exit_code(&report, false), ExitCode::SUCCESS);
    }

    #[test]
    fn breaking_exits_1_unless_no_fail() {
        // Backwards in time: the client-secret operations disappear.
        let mut a = args(history("2026-02-27"), history("2026-01-28"));
        a.all_operations = true;
        a.format = Format::Json;
        let (report, json) = compare(&a).unwrap();
        assert!(report.has_breaking());
        assert!(json.contains("\"breaking\": true"), "{json}");
        assert_eq!(exit_code(&report, false), ExitCode::from(1));
        assert_eq!(exit_code(&report, true), ExitCode::SUCCESS);
    }

    #[test]
    fn bad_model_is_an_error_naming_the_shape_and_path() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.json");
        std::fs::write(&bad, r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{"x":{"target":"a#Missing"}}}}}"#).unwrap();
        let e = compare(&args(history("2026-01-28"), bad.clone())).unwrap_err();
        let msg = format!("{e:#}");
        std::fs::remove_dir_all(&dir).ok();
        assert!(msg.contains("bad.json"), "{msg}");
        assert!(msg.contains("a#S$x"), "{msg}");
        assert!(msg.contains("$.shapes[\"a#S\"]"), "{msg}");
    }
}
