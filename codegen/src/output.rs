//! Writing generated files: all or nothing, so a failed run never leaves a
//! half-written output directory; and checking that committed files are current.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// Replaces `out_dir` with exactly `files`. The files are written to a
/// temporary sibling directory first, then swapped in by renames, so an error
/// part-way leaves the old directory as it was.
pub fn write_atomically(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = out_dir.file_name().and_then(|n| n.to_str()).unwrap_or("generated");
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let written = write_tree(&staging, files);
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    let had_old = out_dir.exists();
    if had_old {
        fs::rename(out_dir, &retired)?;
    }
    if let Err(error) = fs::rename(&staging, out_dir) {
        if had_old {
            let _ = fs::rename(&retired, out_dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if had_old {
        fs::remove_dir_all(&retired)?;
    }
    Ok(())
}

fn write_tree(root: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    for file in files {
        let path = root.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, &file.contents)?;
    }
    Ok(())
}

/// How a file on disk differs from what the generator produces.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    /// The file's contents differ.
    Stale(String),
    /// The generator produces the file but it is not on disk.
    Missing(String),
    /// The file is on disk but the generator no longer produces it.
    Extra(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Stale(path) => write!(f, "stale:   {path}"),
            Drift::Missing(path) => write!(f, "missing: {path}"),
            Drift::Extra(path) => write!(f, "extra:   {path}"),
        }
    }
}

/// Compares `out_dir` with `files` without writing anything.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for file in files {
        match fs::read(out_dir.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => drift.push(Drift::Stale(file.path.clone())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => drift.push(Drift::Missing(file.path.clone())),
            Err(error) => return Err(error),
        }
    }
    let mut on_disk = Vec::new();
    if out_dir.exists() {
        list_files(out_dir, out_dir, &mut on_disk)?;
    }
    for path in on_disk {
        if !files.iter().any(|file| file.path == path) {
            drift.push(Drift::Extra(path));
        }
    }
    drift.sort();
    Ok(drift)
}

fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path: PathBuf = entry?.path();
        if path.is_dir() {
            list_files(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}
