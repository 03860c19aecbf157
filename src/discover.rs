//! Which files to lint: named files as given, folders walked in a deterministic order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::document::Format;

/// A file to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// The path as shown in output: relative as given, `/`-separated, no leading `./`.
    pub display: String,
    pub format: Format,
    /// Named on the command line (rather than found by walking a folder).
    pub named: bool,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    /// Named files hirelint will not lint, with the reason (shown on stderr).
    pub skipped: Vec<(String, String)>,
    /// Entries that could not be walked (permissions): reported, exit 2.
    pub errors: Vec<(String, String)>,
    /// Files found while walking whose extension is not a posting format (listed with
    /// `--verbose`).
    pub unknown: Vec<String>,
}

/// A path that does not exist: a usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPath(pub PathBuf);

/// Folders never walked into (named folders are still walked).
fn is_pruned(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Finds the files to lint under `paths` (default `.`).
pub fn discover(paths: &[PathBuf]) -> Result<Discovery, MissingPath> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(MissingPath(missing.clone()));
    }
    let mut found = Discovery::default();
    for root in paths {
        if root.is_dir() {
            walk(root, &mut found);
        } else {
            named_file(root, &mut found);
        }
    }
    // A path given twice (or a file inside a folder also given) is linted once. One walk
    // never meets a file twice (links are not followed), so only several roots pay for
    // resolving each path.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        found.files.retain(|c| {
            seen.insert(std::fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone()))
        });
    }
    Ok(found)
}

fn named_file(path: &Path, found: &mut Discovery) {
    let display = display_path(path);
    // A file named explicitly is linted even without a known extension: as plain text.
    let format = Format::detect(path).unwrap_or(Format::Text);
    found.files.push(Candidate {
        path: path.to_path_buf(),
        display,
        format,
        named: true,
    });
}

fn walk(root: &Path, found: &mut Discovery) {
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !entry.file_name().to_str().is_some_and(is_pruned)
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Some(format) = Format::detect(entry.path()) {
                    let path = entry.into_path();
                    found.files.push(Candidate {
                        display: display_path(&path),
                        path,
                        format,
                        named: false,
                    });
                } else {
                    found.unknown.push(display_path(entry.path()));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(display_path)
                    .unwrap_or_else(|| display_path(root));
                found.errors.push((path, e.to_string()));
            }
        }
    }
}

/// `/`-separated, without a leading `./`, and relative to the working folder when the path
/// is absolute and inside it (config discovery works with absolute paths).
pub fn display_path(path: &Path) -> String {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let path = match cwd {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    // Only Windows separates with `\`; on Unix it is part of a file name.
    let shown = if cfg!(windows) {
        path.to_string_lossy().replace('\\', "/")
    } else {
        path.to_string_lossy().into_owned()
    };
    match shown.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_backslash_in_a_unix_file_name_is_kept() {
        assert_eq!(display_path(Path::new("jobs/a\\b.md")), "jobs/a\\b.md");
    }

    #[test]
    fn a_path_given_twice_is_linted_once() {
        let dir = std::env::temp_dir().join(format!("hirelint-discover-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.md");
        std::fs::write(&file, "# A\n").unwrap();
        let found = discover(&[file.clone(), file.clone(), dir.clone()]).unwrap();
        assert_eq!(found.files.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn display_paths_are_relative_and_slashed() {
        assert_eq!(display_path(Path::new("./fixtures/a.md")), "fixtures/a.md");
        assert_eq!(display_path(Path::new("a.md")), "a.md");
    }

    #[test]
    fn a_missing_path_is_named() {
        let err = discover(&[PathBuf::from("no/such/dir")]).unwrap_err();
        assert_eq!(err, MissingPath(PathBuf::from("no/such/dir")));
    }
}
