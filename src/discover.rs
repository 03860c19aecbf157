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

/// One thing discovery finds, in walking order.
#[derive(Debug)]
pub enum Found {
    File(Candidate),
    /// A file whose extension is not a posting format, found while walking.
    Unknown(String),
    /// An entry that could not be walked, and why.
    Error(String, String),
}

/// A path that does not exist: a usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPath(pub PathBuf);

/// Folders never walked into (named folders are still walked).
fn is_pruned(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Finds the files to lint under `paths` (default `.`) as the walk goes: a run over a whole
/// repository never holds the list of its files. Named files come as given, folders in file
/// name order.
pub fn walk(paths: &[PathBuf]) -> Result<impl Iterator<Item = Found> + use<>, MissingPath> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(MissingPath(missing.clone()));
    }
    // A path given twice (or a file inside a folder also given) is linted once. One walk
    // never meets a file twice (links are not followed), and roots apart from each other
    // never meet the same file: only the files of roots that overlap are resolved and kept
    // (a set of every path of a run over ten folders had held 10 MB, and cost a system call
    // a file).
    let overlapping = overlapping_roots(&paths);
    let mut seen = overlapping
        .contains(&true)
        .then(std::collections::HashSet::new);
    Ok(paths
        .into_iter()
        .zip(overlapping)
        .flat_map(
            |(root, overlaps)| -> Box<dyn Iterator<Item = (Found, bool)>> {
                if root.is_dir() {
                    Box::new(walk_folder(root).map(move |found| (found, overlaps)))
                } else {
                    Box::new(std::iter::once((named_file(&root), overlaps)))
                }
            },
        )
        .filter_map(move |(found, overlaps)| match (&found, &mut seen) {
            (Found::File(c), Some(seen)) if overlaps => seen
                .insert(std::fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone()))
                .then_some(found),
            _ => Some(found),
        }))
}

/// Which of `roots` overlap another: the same path given twice, or one inside the other
/// (a file in a folder also given, a folder in another), once links are resolved. In path
/// order a root's descendants come right after it, so one pass over the sorted paths finds
/// every pair.
fn overlapping_roots(roots: &[PathBuf]) -> Vec<bool> {
    let mut overlaps = vec![false; roots.len()];
    if roots.len() < 2 {
        return overlaps;
    }
    let resolved: Vec<PathBuf> = roots
        .iter()
        .map(|root| std::fs::canonicalize(root).unwrap_or_else(|_| root.clone()))
        .collect();
    let mut order: Vec<usize> = (0..roots.len()).collect();
    order.sort_by(|&a, &b| resolved[a].cmp(&resolved[b]));
    let mut outer: Option<usize> = None;
    for i in order {
        match outer {
            Some(o) if resolved[i].starts_with(&resolved[o]) => {
                overlaps[i] = true;
                overlaps[o] = true;
            }
            _ => outer = Some(i),
        }
    }
    overlaps
}

fn named_file(path: &Path) -> Found {
    // A file named explicitly is linted even without a known extension: as plain text.
    Found::File(Candidate {
        display: display_path(path),
        path: path.to_path_buf(),
        format: Format::detect(path).unwrap_or(Format::Text),
        named: true,
    })
}

/// The size of a folder's own listing (its entries' names) past which it holds hundreds of
/// entries or more: ext4, tmpfs, btrfs and XFS report a folder's size as its listing grows
/// (ext4 and XFS in blocks, so a small folder is one block, 4 KiB). ext4's listing never
/// shrinks, so a folder that once held thousands of files still counts as large.
const LARGE_LISTING_BYTES: u64 = 64 << 10;

/// Entries of a small folder that `has_large_listing` reads, at most (in the file system's
/// order): the subfolders among them are asked about.
const ENTRIES_LOOKED_AT: usize = 64;

/// Whether `path` is a folder whose listing is large (`LARGE_LISTING_BYTES`), or a small one
/// that holds such a folder (postings kept by team or board, `postings/<board>/…`, as bulk is):
/// a walk of it will find many postings, and reading and sorting the large folder's names
/// takes milliseconds before the first is found. Asks the file system once for a file or a
/// large folder; for a small one, reads the first of its names and asks once for each
/// subfolder among them. (Asked of the root alone, it missed bulk, whose 6,672 names are one
/// level down: they were read and sorted with the pool idle, and the long run's readers were
/// built only after.)
pub fn has_large_listing(path: &Path) -> bool {
    let is_large = |m: &std::fs::Metadata| m.is_dir() && m.len() >= LARGE_LISTING_BYTES;
    match std::fs::metadata(path) {
        Ok(m) if is_large(&m) => true,
        Ok(m) if m.is_dir() => std::fs::read_dir(path).is_ok_and(|entries| {
            entries
                .take(ENTRIES_LOOKED_AT)
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| !e.file_name().to_str().is_some_and(is_pruned))
                .any(|e| std::fs::metadata(e.path()).is_ok_and(|m| is_large(&m)))
        }),
        _ => false,
    }
}

fn walk_folder(root: PathBuf) -> impl Iterator<Item = Found> {
    let walker = WalkDir::new(&root)
        // By name, as `sort_by_file_name` sorts: siblings' paths are their folder's path and
        // their names, so the paths compare as the names do, without `file_name` parsing the
        // path's components again for each comparison (1% of a run over bulk's 6,672 files).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !entry.file_name().to_str().is_some_and(is_pruned)
        });
    walker.filter_map(move |entry| match entry {
        Ok(entry) if entry.file_type().is_file() => Some(match Format::detect(entry.path()) {
            Some(format) => {
                let path = entry.into_path();
                Found::File(Candidate {
                    display: display_path(&path),
                    path,
                    format,
                    named: false,
                })
            }
            None => Found::Unknown(display_path(entry.path())),
        }),
        Ok(_) => None,
        Err(e) => {
            let path = e
                .path()
                .map(display_path)
                .unwrap_or_else(|| display_path(&root));
            Some(Found::Error(path, e.to_string()))
        }
    })
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

    /// Roots given together: the same folder twice, a file inside a folder also given, a
    /// folder inside another, a folder beside them, and a name that only starts like another
    /// ("jobs2" is not inside "jobs").
    #[test]
    fn roots_that_hold_each_other_overlap_and_files_met_twice_are_found_once() {
        let dir = std::env::temp_dir().join(format!("hirelint-roots-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (jobs, nested, beside, jobs2) = (
            dir.join("jobs"),
            dir.join("jobs").join("nested"),
            dir.join("beside"),
            dir.join("jobs2"),
        );
        for folder in [&nested, &beside, &jobs2] {
            std::fs::create_dir_all(folder).unwrap();
        }
        for file in [
            jobs.join("a.md"),
            nested.join("b.md"),
            beside.join("c.md"),
            jobs2.join("d.md"),
        ] {
            std::fs::write(file, "# A\n").unwrap();
        }
        let found = |roots: &[PathBuf]| -> Vec<String> {
            let mut names: Vec<String> = walk(roots)
                .unwrap()
                .filter_map(|found| match found {
                    Found::File(c) => Some(c.path.file_name()?.to_str()?.to_string()),
                    _ => None,
                })
                .collect();
            names.sort();
            names
        };

        assert_eq!(
            overlapping_roots(&[jobs.clone(), beside.clone(), jobs2.clone()]),
            [false, false, false]
        );
        assert_eq!(
            found(&[jobs.clone(), beside.clone(), jobs2.clone()]),
            ["a.md", "b.md", "c.md", "d.md"]
        );
        assert_eq!(
            overlapping_roots(&[
                jobs.join("a.md"),
                beside.clone(),
                jobs.clone(),
                nested.clone()
            ]),
            [true, false, true, true]
        );
        assert_eq!(
            found(&[
                jobs.join("a.md"),
                beside.clone(),
                jobs.clone(),
                nested.clone()
            ]),
            ["a.md", "b.md", "c.md"]
        );
        // The same folder twice, once through `..`.
        let again = nested.join("..").join("..").join("jobs");
        assert_eq!(
            overlapping_roots(&[jobs.clone(), again.clone()]),
            [true, true]
        );
        assert_eq!(found(&[jobs.clone(), again]), ["a.md", "b.md"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_backslash_in_a_unix_file_name_is_kept() {
        assert_eq!(display_path(Path::new("jobs/a\\b.md")), "jobs/a\\b.md");
    }

    /// A folder of a few postings, a file and a missing path are not large; a folder of
    /// thousands of names is (on ext4, tmpfs, btrfs and XFS, which report the listing's size),
    /// and so is a small folder that holds one, unless the walk prunes it.
    #[test]
    fn a_folder_of_thousands_of_names_or_one_that_holds_it_has_a_large_listing() {
        let dir = std::env::temp_dir().join(format!("hirelint-listing-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (small, large) = (dir.join("small"), dir.join("large"));
        std::fs::create_dir_all(&small).unwrap();
        std::fs::create_dir_all(&large).unwrap();
        for i in 0..10 {
            std::fs::write(small.join(format!("posting-{i}.md")), "# A\n").unwrap();
        }
        for i in 0..4000 {
            std::fs::File::create(large.join(format!("senior-backend-engineer-{i:05}.md")))
                .unwrap();
        }
        // `large` below a folder the walk prunes, then beside `small` in `dir`: `dir` is small
        // itself, but a walk of it reads `large`.
        let pruned = dir.join("pruned");
        std::fs::create_dir_all(pruned.join(".git")).unwrap();
        std::fs::rename(&large, pruned.join(".git").join("large")).unwrap();
        let answers = [
            has_large_listing(&small),
            has_large_listing(&small.join("posting-0.md")),
            has_large_listing(&dir.join("missing")),
            has_large_listing(&pruned.join(".git").join("large")),
            has_large_listing(&pruned),
        ];
        std::fs::rename(pruned.join(".git").join("large"), &large).unwrap();
        let answers_after = [has_large_listing(&dir), has_large_listing(&large)];
        let _ = std::fs::remove_dir_all(&dir);
        // A large folder below one the walk prunes (`.git`) does not count.
        assert_eq!(answers, [false, false, false, true, false]);
        assert_eq!(answers_after, [true, true]);
    }

    #[test]
    fn a_path_given_twice_is_linted_once() {
        let dir = std::env::temp_dir().join(format!("hirelint-discover-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.md");
        std::fs::write(&file, "# A\n").unwrap();
        let found = walk(&[file.clone(), file.clone(), dir.clone()]).unwrap();
        assert_eq!(found.filter(|f| matches!(f, Found::File(_))).count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_is_walked_in_the_order_of_its_names_bytes() {
        let dir = std::env::temp_dir().join(format!("hirelint-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // A name that extends another ("a" and "a-b"), a capital, folders between files: a
        // folder's files come right after its name.
        for name in [
            "b.md", "a-b.md", "a/z.md", "a/b.md", "B.md", "a.md", "ab.md", "a.b/c.md",
        ] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "# A\n").unwrap();
        }
        let found: Vec<String> = walk(std::slice::from_ref(&dir))
            .unwrap()
            .filter_map(|f| match f {
                Found::File(c) => Some(
                    c.path
                        .strip_prefix(&dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                ),
                _ => None,
            })
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            found,
            [
                "B.md", "a/b.md", "a/z.md", "a-b.md", "a.b/c.md", "a.md", "ab.md", "b.md"
            ]
        );
    }

    #[test]
    fn display_paths_are_relative_and_slashed() {
        assert_eq!(display_path(Path::new("./fixtures/a.md")), "fixtures/a.md");
        assert_eq!(display_path(Path::new("a.md")), "a.md");
    }

    #[test]
    fn a_missing_path_is_named() {
        let Err(err) = walk(&[PathBuf::from("no/such/dir")]) else {
            panic!("a missing path is an error");
        };
        assert_eq!(err, MissingPath(PathBuf::from("no/such/dir")));
    }
}
