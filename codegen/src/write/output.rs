//! Putting generated files on disk whole or not at all, and checking them for staleness.
//!
//! Writing stages the complete tree in a sibling directory, then swaps it in with two
//! renames; any failure before the swap removes the stage and leaves the old output as it
//! was. Files the generator no longer produces disappear with the old tree.

use crate::Files;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What a write changed compared with the previous output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} written, {} unchanged, {} removed",
            self.written, self.unchanged, self.removed
        )
    }
}

/// Differences between the generated files and a directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staleness {
    pub stale: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Relative paths (with `/`) of every file under `dir`, skipping build output.
pub fn list_files(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                if entry.file_name() != "target" {
                    stack.push(path);
                }
            } else {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                out.insert(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    Ok(out)
}

/// Compares `files` with what is in `dir`, writing nothing.
pub fn check(dir: &Path, files: &Files) -> io::Result<Staleness> {
    let on_disk = list_files(dir)?;
    let mut result = Staleness::default();
    for (name, contents) in files {
        match fs::read(dir.join(name)) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => result.stale.push(name.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => result.missing.push(name.clone()),
            Err(e) => return Err(e),
        }
    }
    result.extra = on_disk
        .into_iter()
        .filter(|f| !files.contains_key(f))
        .collect();
    Ok(result)
}

/// Writes `files` as the whole content of `dir`, atomically (see the module docs).
pub fn write_tree(dir: &Path, files: &Files) -> io::Result<Summary> {
    write_tree_with(dir, files, |path, bytes| fs::write(path, bytes))
}

/// [`write_tree`] with the function that writes one staged file (tests inject failures).
pub fn write_tree_with(
    dir: &Path,
    files: &Files,
    mut write_file: impl FnMut(&Path, &[u8]) -> io::Result<()>,
) -> io::Result<Summary> {
    let status = check(dir, files)?;
    let summary = Summary {
        written: status.stale.len() + status.missing.len(),
        unchanged: files.len() - status.stale.len() - status.missing.len(),
        removed: status.extra.len(),
    };
    if status.is_fresh() {
        return Ok(summary);
    }
    let stage = sibling(dir, "staging")?;
    let staged = (|| {
        for (name, contents) in files {
            let path = stage.join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            write_file(&path, contents.as_bytes())?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&stage);
        return Err(e);
    }
    if dir.exists() {
        let old = sibling(dir, "old")?;
        fs::remove_dir(&old)?;
        fs::rename(dir, &old)?;
        if let Err(e) = fs::rename(&stage, dir) {
            // Put the old tree back before reporting.
            let _ = fs::rename(&old, dir);
            let _ = fs::remove_dir_all(&stage);
            return Err(e);
        }
        // A `target/` left by a build of the crate moves over, so nothing is rebuilt.
        let old_target = old.join("target");
        if old_target.is_dir() {
            let _ = fs::rename(&old_target, dir.join("target"));
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&stage, dir)?;
    }
    Ok(summary)
}

/// A new empty directory beside `dir` (same file system, so renames are atomic).
fn sibling(dir: &Path, what: &str) -> io::Result<PathBuf> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let base = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    for i in 0..1000 {
        let candidate = parent.join(format!(".{base}.{what}-{}-{i}", std::process::id()));
        match fs::create_dir(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not create a staging directory"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn writes_checks_and_removes_orphans() {
        let tmp = std::env::temp_dir().join(format!("codegen-output-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let out = tmp.join("gen");
        let first = files(&[("a.rs", "1"), ("src/b.rs", "2")]);
        assert_eq!(
            write_tree(&out, &first).unwrap(),
            Summary {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        assert!(check(&out, &first).unwrap().is_fresh());
        let second = files(&[("a.rs", "1"), ("src/c.rs", "3")]);
        let status = check(&out, &second).unwrap();
        assert_eq!(
            (status.missing, status.extra),
            (vec!["src/c.rs".to_string()], vec!["src/b.rs".to_string()])
        );
        assert_eq!(
            write_tree(&out, &second).unwrap(),
            Summary {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("src/b.rs").exists());
        // A failing writer midway leaves the previous tree untouched and no stage behind.
        let third = files(&[
            ("a.rs", "changed"),
            ("src/c.rs", "changed"),
            ("src/d.rs", "4"),
        ]);
        let mut n = 0;
        let err = write_tree_with(&out, &third, |p, b| {
            n += 1;
            if n == 2 {
                return Err(io::Error::other("disk full"));
            }
            fs::write(p, b)
        });
        assert!(err.is_err());
        assert!(check(&out, &second).unwrap().is_fresh());
        assert_eq!(
            fs::read_dir(&tmp).unwrap().count(),
            1,
            "no staging directory left behind"
        );
        fs::remove_dir_all(&tmp).unwrap();
    }
}
