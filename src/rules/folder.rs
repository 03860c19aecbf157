//! Rule folders on disk (`--lints DIR`): the same layout as the built-in `lints/`, loaded by
//! the same code, so a team's rules behave exactly like hirelint's own.

use std::path::Path;

use walkdir::WalkDir;

use super::LoadError;
use super::RuleSource;
use crate::discover::display_path;

/// The optional `_categories.toml` (path, text) and the rule files of a folder, sorted.
pub type FolderContents = (Option<(String, String)>, Vec<RuleSource>);

/// Reads `DIR/_categories.toml` and every `DIR/<category>/<name>.toml`.
pub fn read(dir: &Path) -> Result<FolderContents, LoadError> {
    let shown = display_path(dir);
    if !dir.is_dir() {
        return Err(LoadError::new(
            &shown,
            "",
            None,
            format!("rule folder `{shown}` does not exist"),
        ));
    }
    let read_text = |path: &Path| -> Result<String, LoadError> {
        crate::source::read_config_text(path).map_err(|e| {
            LoadError::new(
                &display_path(path),
                "",
                None,
                format!("cannot read rule file: {e}"),
            )
        })
    };
    let categories_path = dir.join("_categories.toml");
    let categories = if categories_path.is_file() {
        Some((display_path(&categories_path), read_text(&categories_path)?))
    } else {
        None
    };
    let mut sources = Vec::new();
    for entry in WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            LoadError::new(&shown, "", None, format!("cannot read rule folder: {e}"))
        })?;
        let path = entry.path();
        let is_rule = path.extension().is_some_and(|e| e == "toml")
            && !entry.file_name().to_string_lossy().starts_with('_');
        if !entry.file_type().is_file() || !is_rule {
            continue;
        }
        let category = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.push(RuleSource {
            path: display_path(path),
            category,
            text: read_text(path)?.into(),
            builtin: false,
        });
    }
    Ok((categories, sources))
}
