//! Fixes: the edits of findings applied to a posting's text. `check --fix` (and the rule
//! self-tests' `fixed` expectations) go through here.

use std::io::Write;

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// The text with every edit of `diagnostics` at or below `applicability` applied. Edits are
/// applied in source order; one that overlaps an earlier edit is left for a second run, so a
/// fix never corrupts the text.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut edits: Vec<&Edit> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        .flat_map(|fix| fix.edits.iter())
        .filter(|e| e.range.start <= e.range.end && text.get(e.range.clone()).is_some())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// A unified diff of `old` and `new` (`--- a/PATH`, `+++ b/PATH`, hunks with three lines of
/// context). Fixes replace words within lines, so lines pair up one to one; when they do not,
/// the whole text is one hunk.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let line = |text: &str| {
        if text.ends_with('\n') {
            text.to_string()
        } else {
            format!("{text}\n\\ No newline at end of file\n")
        }
    };
    if old_lines.len() != new_lines.len() {
        out.push_str(&format!(
            "@@ -1,{} +1,{} @@\n",
            old_lines.len(),
            new_lines.len()
        ));
        for l in &old_lines {
            out.push('-');
            out.push_str(&line(l));
        }
        for l in &new_lines {
            out.push('+');
            out.push_str(&line(l));
        }
        return out;
    }
    let changed: Vec<usize> = (0..old_lines.len())
        .filter(|&i| old_lines[i] != new_lines[i])
        .collect();
    // Changed lines closer than twice the context share a hunk.
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        let start = i.saturating_sub(CONTEXT);
        let end = (i + CONTEXT + 1).min(old_lines.len());
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    for (start, end) in hunks {
        let n = end - start;
        out.push_str(&format!("@@ -{},{n} +{},{n} @@\n", start + 1, start + 1));
        // A run of changed lines: all the old ones, then all the new ones.
        let mut i = start;
        while i < end {
            if old_lines[i] == new_lines[i] {
                out.push(' ');
                out.push_str(&line(old_lines[i]));
                i += 1;
                continue;
            }
            let run_end = (i..end)
                .find(|&j| old_lines[j] == new_lines[j])
                .unwrap_or(end);
            for l in &old_lines[i..run_end] {
                out.push('-');
                out.push_str(&line(l));
            }
            for l in &new_lines[i..run_end] {
                out.push('+');
                out.push_str(&line(l));
            }
            i = run_end;
        }
    }
    out
}

/// Replaces the file at `path` with `bytes` through a temporary file in the same folder and a
/// rename, keeping its permissions: a reader never sees half a file, and a failed write
/// leaves the original as it was. A read-only file is refused, not replaced.
pub fn write_in_place(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let metadata = std::fs::metadata(path)?;
    if metadata.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    replace_file(path, bytes, Some(metadata.permissions()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename (with
/// `permissions` when given), so that a reader never sees half a file and a failed write
/// leaves what was there.
pub fn replace_file(
    path: &std::path::Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit(permissions)
}

/// A file written in full before it replaces `path`: a temporary file in the same folder,
/// renamed over `path` by `commit`. Dropped without a commit, it is removed and `path` keeps
/// what it held.
pub struct AtomicFile {
    path: std::path::PathBuf,
    temp: std::path::PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &std::path::Path) -> std::io::Result<AtomicFile> {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let name = path
            .file_name()
            .map_or_else(|| "hirelint".into(), |n| n.to_string_lossy().into_owned());
        let temp = folder.join(format!(".{name}.hirelint-{}.tmp", std::process::id()));
        let file = std::fs::File::create(&temp)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            file: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Flushes, sets `permissions` when given, and renames the file over `path`.
    pub fn commit(mut self, permissions: Option<std::fs::Permissions>) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let result = file
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|_| match permissions {
                Some(permissions) => std::fs::set_permissions(&self.temp, permissions),
                None => Ok(()),
            })
            .and_then(|()| std::fs::rename(&self.temp, &self.path));
        if result.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        result
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(bytes),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), |f| f.flush())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Never committed: the temporary file goes, and `path` keeps what it held.
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_file_replaces_only_on_commit_and_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("hirelint-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.json");
        std::fs::write(&path, "old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"half a rep").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new").unwrap();
        file.commit(None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        let _ = std::fs::remove_dir_all(&dir);
    }
    use crate::diagnostic::{Fix, MetaRule};
    use crate::rules::Level;

    fn with_fix(
        range: std::ops::Range<usize>,
        to: &str,
        applicability: Applicability,
    ) -> Diagnostic {
        let mut d = MetaRule::UnknownRule.diagnostic(Level::Info, String::new(), range.clone(), "");
        d.fix = Some(Fix {
            edits: vec![Edit {
                range,
                replacement: to.to_string(),
            }],
            applicability,
        });
        d
    }

    #[test]
    fn a_diff_shows_the_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nWe use Github\n";
        let new = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nWe use GitHub\n";
        assert_eq!(
            unified_diff("p.md", old, new),
            "--- a/p.md\n+++ b/p.md\n@@ -9,4 +9,4 @@\n i\n j\n k\n-We use Github\n+We use GitHub\n"
        );
        // Two changes far apart are two hunks; a last line without a newline says so.
        let old = "Github\n1\n2\n3\n4\n5\n6\n7\nGithub";
        let new = "GitHub\n1\n2\n3\n4\n5\n6\n7\nGitHub";
        let diff = unified_diff("p.md", old, new);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(
            diff.ends_with("+GitHub\n\\ No newline at end of file\n"),
            "{diff}"
        );
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_wait() {
        let text = "We want a rockstar ninja.";
        let found = [
            with_fix(19..24, "expert", Applicability::Safe),
            with_fix(10..18, "engineer", Applicability::Safe),
            with_fix(10..24, "person", Applicability::Safe),
            with_fix(0..2, "You", Applicability::Unsafe),
        ];
        assert_eq!(
            apply(text, &found, false),
            ("We want a engineer expert.".to_string(), 2)
        );
        assert_eq!(apply(text, &found, true).0, "You want a engineer expert.");
    }
}
