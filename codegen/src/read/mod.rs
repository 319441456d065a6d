//! Reading sources: model files and directories -> the loader's JSON AST documents.
//! `.json` files are parsed with serde_json ([`json`]); `.smithy` files by the IDL parser
//! ([`idl`]), twice, so that relative shape ids can see every file's shapes. The
//! [`Locator`] points later errors about shapes defined in IDL at their line and column.
//! [`config`] reads the generator's own settings file.

pub mod config;
pub mod idl;
pub mod json;

use crate::error::{Error, Result};
use idl::{Elision, Parsed};
use json::Document;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A model file's name (for errors) and text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    fn is_idl(&self) -> bool {
        self.name.ends_with(".smithy")
    }
}

/// The default cap on one model file's size: far above the largest AWS model (~10 MB),
/// low enough that a wrong path cannot exhaust memory.
pub const DEFAULT_MAX_MODEL_BYTES: u64 = 256 * 1024 * 1024;

/// Reads every model file under `paths`, in a deterministic order, each at most
/// [`DEFAULT_MAX_MODEL_BYTES`].
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Source>> {
    read_paths_capped(paths, DEFAULT_MAX_MODEL_BYTES)
}

/// [`read_paths`] with another cap on one file's size. Only regular files are read (a
/// FIFO or device is an error, not a hang), and a directory walk enters each directory
/// once, however many symbolic links lead to it.
pub fn read_paths_capped(paths: &[PathBuf], max_bytes: u64) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let mut visited = BTreeSet::new();
    for path in paths {
        let mut files = Vec::new();
        let seen_before =
            path.is_dir() && std::fs::canonicalize(path).is_ok_and(|p| visited.contains(&p));
        collect(path, true, &mut visited, &mut files)?;
        let walked = path.is_dir();
        let before = sources.len();
        for f in files {
            let text = read_model_file(&f, max_bytes)?;
            // A directory may hold other JSON files (the project's `models/` holds
            // `codegen.json`): only Smithy JSON AST files are models there.
            if walked && f.extension().is_some_and(|e| e == "json") && is_other_json(&text) {
                continue;
            }
            sources.push(Source {
                name: f.display().to_string(),
                text,
            });
        }
        if walked && !seen_before && sources.len() == before {
            return Err(Error::new(format!(
                "{}: no model files found there (.smithy files, or .json files with a `smithy` version)",
                path.display()
            )));
        }
    }
    Ok(sources)
}

/// Whether text is JSON but not a model: an object without the `smithy` key every JSON
/// AST model has. (Invalid JSON is left to the loader, which reports it.)
fn is_other_json(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v.get("smithy").is_none())
}

fn read_model_file(path: &Path, max_bytes: u64) -> Result<String> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| Error::new(format!("cannot read {}: {e}", path.display()));
    let too_big = || {
        Error::new(format!(
            "cannot read {}: larger than {max_bytes} bytes, the limit for one model file (--max-model-bytes)",
            path.display()
        ))
    };
    // Checked before opening: opening a FIFO blocks until something writes to it.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Error::new(format!(
            "cannot read {}: not a regular file (a model must be a file or a directory of them)",
            path.display()
        )));
    }
    if meta.len() > max_bytes {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| {
        unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

fn collect(
    path: &Path,
    explicit: bool,
    visited: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    let unreadable = |e: std::io::Error| Error::new(format!("cannot read {}: {e}", path.display()));
    if path.is_dir() {
        // A symbolic link back to a directory already walked (a loop, or two ways to the
        // same directory) is not walked again.
        let real = std::fs::canonicalize(path).map_err(unreadable)?;
        if !visited.insert(real) {
            return Ok(());
        }
        let mut entries = std::fs::read_dir(path)
            .map_err(unreadable)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(unreadable)?;
        entries.sort();
        for entry in entries {
            collect(&entry, false, visited, out)?;
        }
        return Ok(());
    }
    let ext = path.extension().and_then(|e| e.to_str());
    match ext {
        Some("json" | "smithy") => out.push(path.to_path_buf()),
        _ if explicit => {
            return Err(Error::new(format!(
                "{}: a model file must end in .json or .smithy",
                path.display()
            )));
        }
        _ => {}
    }
    Ok(())
}

/// An IDL file after both passes.
struct IdlFile<'a> {
    source: &'a Source,
    parsed: Parsed,
}

/// Read files as the loader's documents, and where their IDL shapes were defined.
pub struct Documents<'a> {
    pub docs: Vec<Document>,
    pub locator: Locator<'a>,
}

/// Points loader errors about shapes defined in IDL at their line and column.
pub struct Locator<'a>(Vec<IdlFile<'a>>);

/// Parses already-read files (JSON AST and IDL) into documents.
pub fn documents(sources: &[Source]) -> Result<Documents<'_>> {
    let mut json_docs = Vec::new();
    let mut known = BTreeSet::new();
    for s in sources.iter().filter(|s| !s.is_idl()) {
        let ast = json::json_ast(s.text.as_bytes()).map_err(|e| e.in_file(&s.name))?;
        if let Some(shapes) = ast.get("shapes").and_then(Value::as_object) {
            known.extend(
                shapes
                    .iter()
                    .filter(|(_, b)| b["type"] != "apply")
                    .map(|(id, _)| id.clone()),
            );
        }
        json_docs.push(Document {
            name: s.name.clone(),
            ast,
            applies: Vec::new(),
        });
    }
    let idl_sources: Vec<&Source> = sources.iter().filter(|s| s.is_idl()).collect();
    for s in &idl_sources {
        let parsed = idl::parse(&s.text, None).map_err(|e| e.into_error(&s.name, &s.text))?;
        known.extend(parsed.shapes.keys().cloned());
    }
    let mut idl_files = Vec::new();
    for s in idl_sources {
        let parsed =
            idl::parse(&s.text, Some(&known)).map_err(|e| e.into_error(&s.name, &s.text))?;
        idl_files.push(IdlFile { source: s, parsed });
    }
    resolve_elisions(&mut idl_files, &json_docs)?;
    let mut docs = json_docs;
    for f in &idl_files {
        docs.push(Document {
            name: f.source.name.clone(),
            ast: f.parsed.to_ast(),
            applies: f.parsed.applies.clone(),
        });
    }
    Ok(Documents {
        docs,
        locator: Locator(idl_files),
    })
}

/// Gives every `$name` member the target of the same member in the `for` resource's
/// identifiers or properties, or else in a mixin (searched through mixins of mixins).
fn resolve_elisions(files: &mut [IdlFile], json_docs: &[Document]) -> Result<()> {
    let mut bodies: BTreeMap<String, Value> = BTreeMap::new();
    for doc in json_docs {
        if let Some(shapes) = doc.ast.get("shapes").and_then(Value::as_object) {
            bodies.extend(shapes.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    for f in files.iter() {
        bodies.extend(f.parsed.shapes.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    for f in files.iter_mut() {
        for e in std::mem::take(&mut f.parsed.elisions) {
            let target = elided_target(&bodies, &e).ok_or_else(|| {
                let message = format!(
                    "cannot find the elided member `${}` in the resource or mixins",
                    e.member
                );
                idl::located(
                    &f.source.name,
                    &f.source.text,
                    e.pos,
                    e.member.len() + 1,
                    Error::shape(&e.shape, message),
                )
            })?;
            // Lists and maps hold `member`, `key` and `value` outside `members`.
            let body = f
                .parsed
                .shapes
                .get_mut(&e.shape)
                .and_then(Value::as_object_mut);
            let member = body.and_then(|b| match b.contains_key("members") {
                true => b.get_mut("members").and_then(|m| m.get_mut(&e.member)),
                false => b.get_mut(&e.member),
            });
            if let Some(m) = member.and_then(Value::as_object_mut) {
                m.insert("target".into(), Value::String(target));
            }
        }
    }
    Ok(())
}

fn elided_target(bodies: &BTreeMap<String, Value>, e: &Elision) -> Option<String> {
    let from_resource = e.resource.as_ref().and_then(|r| {
        let body = bodies.get(r)?;
        ["identifiers", "properties"]
            .iter()
            .find_map(|k| body[k][&e.member]["target"].as_str().map(str::to_string))
    });
    from_resource.or_else(|| {
        e.mixins
            .iter()
            .find_map(|m| mixin_member(bodies, m, &e.member, &mut Vec::new()))
    })
}

fn mixin_member(
    bodies: &BTreeMap<String, Value>,
    id: &str,
    member: &str,
    seen: &mut Vec<String>,
) -> Option<String> {
    if seen.iter().any(|s| s == id) {
        return None;
    }
    seen.push(id.to_string());
    let body = bodies.get(id)?;
    let own = body["members"][member]["target"]
        .as_str()
        .or_else(|| body[member]["target"].as_str());
    if let Some(t) = own.filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    body["mixins"]
        .as_array()?
        .iter()
        .filter_map(|m| m["target"].as_str())
        .find_map(|m| mixin_member(bodies, m, member, seen))
}

impl Locator<'_> {
    /// Points a loader error about a shape (or member) defined in IDL at its definition,
    /// or else at an `apply` statement targeting it.
    pub fn locate(&self, e: Error) -> Error {
        locate(e, &self.0)
    }
}

fn locate(mut e: Error, files: &[IdlFile]) -> Error {
    let Some(shape) = e.shape.clone() else {
        return e;
    };
    let root = shape.split('$').next().unwrap_or(&shape).to_string();
    let found_in = |places: fn(&Parsed) -> &BTreeMap<String, idl::Pos>, key: &str| {
        files
            .iter()
            .find_map(|f| places(&f.parsed).get(key).map(|&pos| (f, pos)))
    };
    let place = found_in(|p| &p.positions, &shape)
        .or_else(|| found_in(|p| &p.positions, &root))
        .or_else(|| found_in(|p| &p.apply_positions, &shape));
    let Some((f, pos)) = place else { return e };
    e.location = None;
    let len = idl::token_len_at(&f.source.text, pos);
    idl::located(&f.source.name, &f.source.text, pos, len, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(name: &str) -> PathBuf {
        let tmp = std::env::temp_dir().join(format!("codegen-read-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        tmp
    }

    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "string"}}}"#;

    #[test]
    fn a_fifo_is_an_error_not_a_hang() {
        let tmp = tempdir("fifo");
        let fifo = tmp.join("x.json");
        match std::process::Command::new("mkfifo").arg(&fifo).status() {
            Ok(s) if s.success() => {}
            _ => {
                eprintln!("skipped: mkfifo is not available");
                return;
            }
        }
        let (send, receive) = std::sync::mpsc::channel();
        let paths = vec![fifo.clone()];
        std::thread::spawn(move || send.send(read_paths(&paths).map(|s| s.len())));
        let result = receive
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a FIFO hung");
        let message = result.unwrap_err().to_string();
        assert!(message.contains("not a regular file"), "{message}");
        // Also inside a walked directory.
        let message = read_paths(std::slice::from_ref(&tmp))
            .unwrap_err()
            .to_string();
        assert!(message.contains("not a regular file"), "{message}");
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_file_over_the_cap_is_an_error() {
        let tmp = tempdir("cap");
        let file = tmp.join("m.json");
        std::fs::write(&file, MODEL).unwrap();
        let message = read_paths_capped(std::slice::from_ref(&file), 10)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("larger than 10 bytes") && message.contains("--max-model-bytes"),
            "{message}"
        );
        assert_eq!(
            read_paths_capped(&[file], MODEL.len() as u64).unwrap()[0].text,
            MODEL
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let tmp = tempdir("loop");
        let dir = tmp.join("models");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("m.json"), MODEL).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("self")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
        let sources = read_paths(&[dir]).unwrap();
        assert_eq!(
            sources.len(),
            1,
            "{:?}",
            sources.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_directory_skips_json_that_is_not_a_model() {
        let tmp = tempdir("other-json");
        std::fs::write(tmp.join("model.json"), MODEL).unwrap();
        std::fs::write(tmp.join("codegen.json"), r#"{"model": "model.json"}"#).unwrap();
        std::fs::write(tmp.join("README.md"), "notes").unwrap();
        let sources = read_paths(std::slice::from_ref(&tmp)).unwrap();
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, [tmp.join("model.json").display().to_string()]);
        // Named on its own, a JSON file is a model, and the loader says why it is not one.
        let explicit = read_paths(&[tmp.join("codegen.json")]).unwrap();
        assert_eq!(explicit.len(), 1);
        // Broken JSON in a directory is not skipped: the loader reports it.
        std::fs::write(tmp.join("broken.json"), "{").unwrap();
        assert_eq!(read_paths(std::slice::from_ref(&tmp)).unwrap().len(), 2);
    }

    #[test]
    fn a_directory_without_models_is_an_error() {
        let tmp = tempdir("empty");
        let message = read_paths(std::slice::from_ref(&tmp))
            .unwrap_err()
            .to_string();
        assert!(message.contains("no model files found there"), "{message}");
        std::fs::write(tmp.join("settings.json"), r#"{"a": 1}"#).unwrap();
        let message = read_paths(std::slice::from_ref(&tmp))
            .unwrap_err()
            .to_string();
        assert!(message.contains("no model files found there"), "{message}");
    }
}
