//! Configuration: `hirelint.toml` (or `.hirelint.toml`), found in the nearest ancestor folder
//! of each linted file, resolved into `Settings` once per config file.
//!
//! The nearest config wins whole: configs in parent folders are not merged into it. Without
//! any config, every rule runs at its default level.

pub mod bands;
pub mod laws;
pub mod on_first_use;
pub mod schema;
pub mod technologies;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::classify::RoleTable;
use crate::diagnostic::MetaRule;
use crate::discover::display_path;
use crate::rules::{Level, LoadError, RuleSet};

use bands::SalaryBands;
use laws::Laws;
use schema::{ConfigFile, LevelSetting};
use technologies::Technologies;

/// Config file names, in order of preference within one folder.
pub const CONFIG_NAMES: [&str; 2] = ["hirelint.toml", ".hirelint.toml"];

/// The starter config written by `hirelint init`.
pub const STARTER: &str = include_str!("starter.toml");

/// What the command line says about configuration.
#[derive(Debug, Clone, Default)]
pub struct ConfigArgs {
    /// `--config PATH`: this file for every posting.
    pub config: Option<PathBuf>,
    /// `--no-config`: defaults only.
    pub no_config: bool,
    /// `--select`: replaces the config's `select`.
    pub select: Option<Vec<String>>,
    /// `--ignore`: added to the config's `ignore`.
    pub ignore: Vec<String>,
    /// `--lints DIR`: added to the config's `lints`.
    pub lints: Vec<PathBuf>,
}

/// Everything built in, compiled once per run and cloned into each `Settings`.
#[derive(Debug, Clone)]
pub struct Builtins {
    /// Shared by every `Settings` that adds no rule folder.
    pub rules: Arc<RuleSet>,
    pub roles: RoleTable,
    pub bands: SalaryBands,
    pub technologies: Arc<Technologies>,
    pub laws: Arc<Laws>,
    /// `rules` with only some rules on (`RuleSet::with_rules_on`), by which: the configs of a
    /// repository that turn the same rules off share one, and its trigger pass is built once.
    narrowed: Arc<std::sync::Mutex<Vec<NarrowedRules>>>,
}

/// Which rules are on, and the built-in rules with those alone on.
type NarrowedRules = (Vec<bool>, Arc<RuleSet>);

impl Builtins {
    /// The built-in rules with those `on` marks alone on, or `None` when all are.
    fn rules_on(&self, on: &[bool]) -> Option<Arc<RuleSet>> {
        let mut narrowed = self
            .narrowed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, rules)) = narrowed.iter().find(|(mask, _)| mask == on) {
            return Some(Arc::clone(rules));
        }
        let rules = Arc::new(self.rules.with_rules_on(on)?);
        narrowed.push((on.to_vec(), Arc::clone(&rules)));
        Some(rules)
    }

    /// Everything built in, the rules with their embedded tests.
    pub fn load() -> Result<Builtins, LoadError> {
        Builtins::load_with(RuleSet::builtin)
    }

    fn load_with(rules: fn() -> Result<RuleSet, LoadError>) -> Result<Builtins, LoadError> {
        // The rules take most of start-up; the role table and the other tables load beside
        // them. The rules load on the calling thread, at once: spawned, they waited behind
        // the tables (the last spawned task runs first there) while the other thread was
        // still waking, 0.5 ms of an editor's save.
        let (mut ruleset, mut roles, mut tables) = (None, None, None);
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| roles = Some(RoleTable::builtin()));
            scope.spawn(|_| {
                tables = Some((bands::builtin(), Technologies::builtin(), Laws::builtin()));
            });
            ruleset = Some(rules());
        });
        const RAN: &str = "a rayon scope runs every task it spawns";
        let (bands, technologies, laws) = tables.expect(RAN);
        Ok(Builtins {
            rules: Arc::new(ruleset.expect(RAN)?),
            roles: roles.expect(RAN)?,
            bands: bands?,
            technologies: Arc::new(technologies?),
            laws: Arc::new(laws?),
            narrowed: Arc::default(),
        })
    }

    /// `load`, for a command that only lints (a check, the language server): the rules come
    /// without their embedded tests, a third of their TOML; and the automata that reading
    /// the first posting needs are built on the pool's threads beside the rules' compiling,
    /// where they would otherwise be built as the posting comes. The rules' own (the trigger
    /// pass's) are queued after the first postings, to be built beside their reading and
    /// parsing (`RuleSet::warm`; see `lint::lint_in_order`).
    pub fn load_for_linting() -> Result<Builtins, LoadError> {
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| crate::document::warm());
            Builtins::load_with(RuleSet::builtin_for_linting)
        })
    }
}

/// A rule or category named in `select`, `ignore` or a suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    Category(String),
    Rule(String),
}

impl Selector {
    fn matches(&self, name: &str, category: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(c) => c == category,
            Selector::Rule(r) => r == name,
        }
    }
}

/// Where a rule's effective level came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelSource {
    /// The rule file's own level.
    Default,
    /// `[categories]` in the config.
    Category,
    /// `[rules]` in the config.
    Config,
    /// An `[[overrides]]` table matching the file.
    Override,
    /// Left out by `select` (config or `--select`).
    NotSelected,
    /// Named in `ignore` (config, `--ignore` or an override).
    Ignored,
    /// An opt-in rule (`enabled = false`) that no config names.
    OptIn,
}

impl LevelSource {
    pub fn name(self) -> &'static str {
        match self {
            LevelSource::Default => "default",
            LevelSource::Category => "config (category)",
            LevelSource::Config => "config",
            LevelSource::Override => "override",
            LevelSource::NotSelected => "not selected",
            LevelSource::Ignored => "ignored",
            LevelSource::OptIn => "off by default",
        }
    }
}

/// A rule's level for one file (`None`: off) and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective {
    pub level: Option<Level>,
    pub source: LevelSource,
}

#[derive(Debug, Clone)]
struct Override {
    globs: GlobSet,
    rules: BTreeMap<String, Option<Level>>,
    categories: BTreeMap<String, Option<Level>>,
    ignore: Vec<Selector>,
}

/// One resolved configuration: the rules (built-in plus lint folders), role table and levels
/// that apply to the postings under one config file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file, if any.
    pub path: Option<PathBuf>,
    /// The folder that relative paths and globs start from.
    pub root: PathBuf,
    /// The built-in rules themselves (shared) unless the config adds a rule folder.
    pub rules: Arc<RuleSet>,
    pub roles: RoleTable,
    pub bands: SalaryBands,
    pub technologies: Arc<Technologies>,
    pub laws: Arc<Laws>,
    pub jurisdictions: Vec<String>,
    pub posting_date: Option<String>,
    select: Option<Vec<Selector>>,
    ignore: Vec<Selector>,
    rule_levels: BTreeMap<String, Option<Level>>,
    category_levels: BTreeMap<String, Option<Level>>,
    exclude: GlobSet,
    overrides: Vec<Override>,
    /// Problems worth a warning that do not stop the run (an unknown rule name).
    pub warnings: Vec<LoadError>,
    /// Each rule's level in `rules`' order, worked out once when no override makes it
    /// depend on the file (`levels`): every posting asked for all of them.
    uniform_levels: std::sync::OnceLock<Vec<Option<Level>>>,
}

impl Settings {
    /// No config file: every rule at its default level, plus what the command line says.
    pub fn defaults(builtins: &Builtins, args: &ConfigArgs) -> Result<Settings, LoadError> {
        let root = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Settings::resolve(builtins, args, None, &root, "", ConfigFile::default())
    }

    /// Reads and resolves one config file.
    pub fn load(
        path: &Path,
        builtins: &Builtins,
        args: &ConfigArgs,
    ) -> Result<Settings, LoadError> {
        let shown = display_path(path);
        let text = crate::source::read_config_text(path).map_err(|e| {
            LoadError::new(&shown, "", None, format!("cannot read config file: {e}"))
        })?;
        Settings::from_text(path, &text, builtins, args)
    }

    /// Resolves the text of the config file at `path` (its folder roots its globs and rule
    /// folders).
    pub fn from_text(
        path: &Path,
        text: &str,
        builtins: &Builtins,
        args: &ConfigArgs,
    ) -> Result<Settings, LoadError> {
        let shown = display_path(path);
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| LoadError::from_toml(&shown, text, &e))?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let root = absolute(&root);
        Settings::resolve(builtins, args, Some(path), &root, text, file)
    }

    fn resolve(
        builtins: &Builtins,
        args: &ConfigArgs,
        path: Option<&Path>,
        root: &Path,
        text: &str,
        file: ConfigFile,
    ) -> Result<Settings, LoadError> {
        let shown = path.map(display_path).unwrap_or_default();
        let ctx = Ctx { path: &shown, text };

        let mut lint_dirs: Vec<PathBuf> =
            file.lints.iter().map(|d| root.join(d.get_ref())).collect();
        for (dir, spec) in lint_dirs.iter().zip(&file.lints) {
            if !dir.is_dir() {
                return Err(ctx.err(
                    spec.span(),
                    format!("rule folder `{}` does not exist", spec.get_ref()),
                ));
            }
        }
        lint_dirs.extend(args.lints.iter().cloned());
        let rules = if lint_dirs.is_empty() {
            Arc::clone(&builtins.rules)
        } else {
            Arc::new(builtins.rules.with_dirs(&lint_dirs)?)
        };

        let roles = match &file.roles {
            Some(spec) if !spec.entries.is_empty() => {
                builtins.roles.with_first(&shown, text, &spec.entries)?
            }
            _ => builtins.roles.clone(),
        };
        let mut bands = builtins.bands.clone();
        bands.extend(bands::check(&shown, text, file.salary_bands)?);

        let mut warnings = Vec::new();
        // An unknown name in `select` is an error, not a warning: a typo there would turn
        // linting off and leave CI green.
        let select = match (&args.select, &file.select) {
            (Some(cli), _) => Some(
                cli.iter()
                    .map(|s| known_selector(&rules, s).ok_or_else(|| unknown_on_command_line("--select", s)))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            (None, Some(list)) => Some(
                list.iter()
                    .map(|s| {
                        known_selector(&rules, s.get_ref()).ok_or_else(|| {
                            ctx.err(s.span(), format!("unknown rule or category `{}` in select (see `hirelint rules`)", s.get_ref()))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            (None, None) => None,
        };
        let mut names = NameCheck {
            rules: &rules,
            ctx: &ctx,
            warnings: &mut warnings,
        };
        let mut ignore: Vec<Selector> = file.ignore.iter().map(|s| names.selector(s)).collect();
        ignore.extend(args.ignore.iter().map(|s| names.selector_unspanned(s)));
        let rule_levels = names.levels(&file.rules, false);
        let category_levels = names.levels(&file.categories, true);
        let mut overrides = Vec::new();
        for spec in &file.overrides {
            overrides.push(Override {
                globs: ctx.globs(spec.paths.get_ref())?,
                rules: names.levels(&spec.rules, false),
                categories: names.levels(&spec.categories, true),
                ignore: spec.ignore.iter().map(|s| names.selector(s)).collect(),
            });
            if spec.paths.get_ref().is_empty() {
                return Err(ctx.err(
                    spec.paths.span(),
                    "an override needs at least one path glob",
                ));
            }
        }

        let jurisdictions = file
            .jurisdictions
            .iter()
            .map(|j| match is_jurisdiction(j.get_ref()) {
                true => Ok(j.get_ref().clone()),
                false => Err(ctx.err(
                    j.span(),
                    format!(
                        "`{}` is not a jurisdiction code (e.g. US-CA, US-NY-NYC, EU)",
                        j.get_ref()
                    ),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        for j in &file.jurisdictions {
            if !builtins.laws.knows(j.get_ref()) {
                warnings.push(
                    ctx.err(
                        j.span(),
                        format!(
                            "`{}` has no pay-transparency law in hirelint's table (lints/_jurisdictions.toml): no law-based rule applies to it",
                            j.get_ref()
                        ),
                    )
                    .as_warning(),
                );
            }
        }
        let posting_date = match &file.posting_date {
            None => None,
            Some(value) => Some(posting_date(value.get_ref()).ok_or_else(|| {
                ctx.err(
                    value.span(),
                    "posting-date must be a date such as 2025-06-01",
                )
            })?),
        };

        let mut settings = Settings {
            path: path.map(Path::to_path_buf),
            root: root.to_path_buf(),
            rules,
            roles,
            bands,
            technologies: Arc::clone(&builtins.technologies),
            laws: Arc::clone(&builtins.laws),
            jurisdictions,
            posting_date,
            select,
            ignore,
            rule_levels,
            category_levels,
            exclude: ctx.globs(&file.exclude)?,
            overrides,
            warnings,
            uniform_levels: std::sync::OnceLock::new(),
        };
        // Rules that are off for every file need no trigger literals: a CI job that selects a
        // rule or two does not read the whole catalogue's words. (With overrides a rule's
        // level depends on the file, and the set stays whole.)
        if settings.overrides.is_empty() {
            let on: Vec<bool> = settings.levels(None).iter().map(Option::is_some).collect();
            let narrowed = if Arc::ptr_eq(&settings.rules, &builtins.rules) {
                builtins.rules_on(&on)
            } else {
                settings.rules.with_rules_on(&on).map(Arc::new)
            };
            if let Some(narrowed) = narrowed {
                settings.rules = narrowed;
            }
        }
        Ok(settings)
    }

    /// The path of `file` relative to this config's folder (as given if outside it).
    pub fn relative(&self, file: &Path) -> PathBuf {
        let abs = absolute(file);
        abs.strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or(abs)
    }

    /// Whether `exclude` matches the file or one of its folders below the config's folder
    /// (`drafts` excludes `drafts/a.md`, as `drafts/**` does).
    pub fn is_excluded(&self, file: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let relative = self.relative(file);
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| self.exclude.is_match(p))
    }

    /// A rule's level for a file (`None` when it is off) and where that came from.
    pub fn effective(
        &self,
        name: &str,
        category: &str,
        default: Level,
        file: Option<&Path>,
    ) -> Effective {
        let mut eff = Effective {
            level: Some(default),
            source: LevelSource::Default,
        };
        // A category's level, then the rule's own, from the config and then each override.
        let mut apply =
            |categories: &BTreeMap<String, Option<Level>>,
             rules: &BTreeMap<String, Option<Level>>,
             (by_category, by_rule): (LevelSource, LevelSource)| {
                if let Some(level) = categories.get(category) {
                    eff = Effective {
                        level: *level,
                        source: by_category,
                    };
                }
                if let Some(level) = rules.get(name) {
                    eff = Effective {
                        level: *level,
                        source: by_rule,
                    };
                }
            };
        apply(
            &self.category_levels,
            &self.rule_levels,
            (LevelSource::Category, LevelSource::Config),
        );
        // Only overrides need the path (making it absolute asks the OS for the working folder).
        let relative = file
            .filter(|_| !self.overrides.is_empty())
            .map(|f| self.relative(f));
        let matching = self
            .overrides
            .iter()
            .filter(|o| relative.as_ref().is_some_and(|r| o.globs.is_match(r)));
        let mut ignored_by_override = false;
        for o in matching {
            apply(
                &o.categories,
                &o.rules,
                (LevelSource::Override, LevelSource::Override),
            );
            ignored_by_override |= o.ignore.iter().any(|s| s.matches(name, category));
        }
        if let Some(select) = &self.select
            && !select.iter().any(|s| s.matches(name, category))
        {
            return Effective {
                level: None,
                source: LevelSource::NotSelected,
            };
        }
        if ignored_by_override || self.ignore.iter().any(|s| s.matches(name, category)) {
            return Effective {
                level: None,
                source: LevelSource::Ignored,
            };
        }
        eff
    }

    /// A data rule's level for one file. An opt-in rule (`enabled = false`) runs only when the
    /// config gives it a level by name or `select` names it.
    pub fn rule_level(&self, rule: &crate::rules::Rule, file: Option<&Path>) -> Effective {
        let eff = self.effective(&rule.name, &rule.category, rule.level, file);
        if rule.enabled || eff.level.is_none() {
            return eff;
        }
        let by_name = self.rule_levels.contains_key(&rule.name)
            || self
                .overrides
                .iter()
                .any(|o| o.rules.contains_key(&rule.name))
            || self.select.as_ref().is_some_and(|select| {
                select
                    .iter()
                    .any(|s| matches!(s, Selector::Rule(r) if *r == rule.name))
            });
        if by_name {
            eff
        } else {
            Effective {
                level: None,
                source: LevelSource::OptIn,
            }
        }
    }

    /// The level of each rule of `rules` for one file, in their order (`None`: off). Without
    /// overrides the levels are the same for every file, and are worked out once.
    pub fn levels(&self, file: Option<&Path>) -> std::borrow::Cow<'_, [Option<Level>]> {
        let of_file = |file| {
            self.rules
                .rules()
                .map(|rule| self.rule_level(rule, file).level)
                .collect::<Vec<_>>()
        };
        if self.overrides.is_empty() {
            std::borrow::Cow::Borrowed(self.uniform_levels.get_or_init(|| of_file(None)))
        } else {
            std::borrow::Cow::Owned(of_file(file))
        }
    }

    /// The effective level of a meta rule (`unused-suppression`, ...).
    pub fn meta_level(&self, meta: MetaRule, file: Option<&Path>) -> Option<Level> {
        self.effective(meta.name(), "meta", meta.level(), file)
            .level
    }

    /// Whether `name` is a rule (data or meta) or a category these settings know.
    pub fn knows(&self, name: &str) -> Option<Selector> {
        known_selector(&self.rules, name)
    }
}

fn unknown_on_command_line(flag: &str, name: &str) -> LoadError {
    LoadError::new(
        "",
        "",
        None,
        format!("unknown rule or category `{name}` in {flag} (see `hirelint rules`)"),
    )
}

fn known_selector(rules: &RuleSet, name: &str) -> Option<Selector> {
    if name == "all" {
        Some(Selector::All)
    } else if rules.get(name).is_some() || MetaRule::ALL.iter().any(|m| m.name() == name) {
        Some(Selector::Rule(name.to_string()))
    } else if rules.categories().contains_key(name) {
        Some(Selector::Category(name.to_string()))
    } else {
        None
    }
}

/// The config file being resolved, so that errors point into it.
struct Ctx<'a> {
    path: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> LoadError {
        LoadError::new(self.path, self.text, Some(span), message)
    }

    fn globs(&self, patterns: &[toml::Spanned<String>]) -> Result<GlobSet, LoadError> {
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            let glob = Glob::new(p.get_ref())
                .map_err(|e| self.err(p.span(), format!("invalid glob: {}", e.kind())))?;
            builder.add(glob);
        }
        builder
            .build()
            .map_err(|e| LoadError::new(self.path, self.text, None, format!("invalid glob: {e}")))
    }
}

/// Checks rule and category names; unknown names become warnings, not errors, so a config
/// that names a rule from a newer hirelint still works.
struct NameCheck<'a> {
    rules: &'a RuleSet,
    ctx: &'a Ctx<'a>,
    warnings: &'a mut Vec<LoadError>,
}

impl NameCheck<'_> {
    fn selector(&mut self, name: &toml::Spanned<String>) -> Selector {
        known_selector(self.rules, name.get_ref()).unwrap_or_else(|| {
            let msg = format!(
                "unknown rule or category `{}` (see `hirelint rules`)",
                name.get_ref()
            );
            self.warnings
                .push(self.ctx.err(name.span(), msg).as_warning());
            Selector::Rule(name.get_ref().clone())
        })
    }

    fn selector_unspanned(&mut self, name: &str) -> Selector {
        known_selector(self.rules, name).unwrap_or_else(|| {
            let msg = format!(
                "unknown rule or category `{name}` given on the command line (see `hirelint rules`)"
            );
            self.warnings
                .push(LoadError::new("", "", None, msg).as_warning());
            Selector::Rule(name.to_string())
        })
    }

    fn levels(
        &mut self,
        table: &BTreeMap<String, toml::Spanned<LevelSetting>>,
        categories: bool,
    ) -> BTreeMap<String, Option<Level>> {
        for (name, level) in table {
            let known = if categories {
                self.rules.categories().contains_key(name)
            } else {
                known_selector(self.rules, name).is_some_and(|s| matches!(s, Selector::Rule(_)))
            };
            if !known {
                let what = if categories { "category" } else { "rule" };
                let msg = format!("unknown {what} `{name}` (see `hirelint rules`)");
                self.warnings
                    .push(self.ctx.err(level.span(), msg).as_warning());
            }
        }
        table
            .iter()
            .map(|(name, level)| (name.clone(), level.get_ref().level()))
            .collect()
    }
}

/// `US`, `US-CA`, `US-NY-NYC`, `EU`, `DE`: a two-letter code and optional subdivisions.
fn is_jurisdiction(code: &str) -> bool {
    let mut parts = code.split('-');
    let country = parts.next().unwrap_or("");
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && parts.all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// A TOML date (`2025-06-01`) or a string holding one.
fn posting_date(value: &toml::Value) -> Option<String> {
    let text = match value {
        toml::Value::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        _ => return None,
    };
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && text
            .bytes()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape.then_some(text)
}

/// The absolute form of a path, without touching the file system.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The config file for a folder: `hirelint.toml` or `.hirelint.toml` in it or its nearest
/// ancestor.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    absolute(dir)
        .ancestors()
        .flat_map(|d| CONFIG_NAMES.iter().map(move |name| d.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Finds and caches the settings for each file: one `Settings` per config file, built once.
pub struct Resolver {
    args: ConfigArgs,
    builtins: Builtins,
    by_dir: BTreeMap<PathBuf, Option<PathBuf>>,
    by_config: BTreeMap<Option<PathBuf>, Arc<Settings>>,
}

impl Resolver {
    pub fn new(builtins: Builtins, args: ConfigArgs) -> Resolver {
        Resolver {
            args,
            builtins,
            by_dir: BTreeMap::new(),
            by_config: BTreeMap::new(),
        }
    }

    /// The settings for a posting at `file` (or for the working folder with `None`).
    pub fn settings_for(&mut self, file: Option<&Path>) -> Result<Arc<Settings>, LoadError> {
        let config = self.config_path_for(file);
        if let Some(settings) = self.by_config.get(&config) {
            return Ok(Arc::clone(settings));
        }
        let settings = match &config {
            Some(path) => Settings::load(path, &self.builtins, &self.args)?,
            None => Settings::defaults(&self.builtins, &self.args)?,
        };
        let settings = Arc::new(settings);
        self.by_config.insert(config, Arc::clone(&settings));
        Ok(settings)
    }

    /// Every settings resolved so far, for reporting their warnings once.
    pub fn resolved(&self) -> impl Iterator<Item = &Arc<Settings>> {
        self.by_config.values()
    }

    fn config_path_for(&mut self, file: Option<&Path>) -> Option<PathBuf> {
        if self.args.no_config {
            return None;
        }
        if let Some(path) = &self.args.config {
            return Some(path.clone());
        }
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let dir = match file {
            Some(f) if f.is_dir() => absolute(f),
            Some(f) => absolute(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| cwd.clone()),
            None => cwd.clone(),
        };
        if let Some(found) = self.by_dir.get(&dir) {
            return found.clone();
        }
        // The nearest config above the file; failing that, the one above the working folder.
        let found = find_config(&dir).or_else(|| find_config(&cwd));
        self.by_dir.insert(dir, found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdiction_codes() {
        for ok in ["US", "US-CA", "US-NY-NYC", "EU", "DE"] {
            assert!(is_jurisdiction(ok), "{ok}");
        }
        for bad in ["us-ca", "California", "US-", "USA"] {
            assert!(!is_jurisdiction(bad), "{bad}");
        }
    }

    /// `--select` one rule: the trigger pass reads that rule's words, and another rule's
    /// words in the posting arm nothing; without it, they do.
    #[test]
    fn a_selected_rule_alone_is_armed_by_the_trigger_pass() {
        let builtins = Builtins::load_for_linting().expect("the built-in rules load");
        let source = Arc::new(crate::source::SourceFile::new(
            "a.md",
            "# Engineer\n\nOur meritocracy rewards you guys.\n",
        ));
        let doc = crate::document::Document::parse(&source, crate::document::Format::Markdown);
        let resolve = |select| {
            let args = ConfigArgs {
                no_config: true,
                select,
                ..ConfigArgs::default()
            };
            Settings::defaults(&builtins, &args).expect("the defaults resolve")
        };
        let armed = |select: Option<Vec<String>>, rule: &str| {
            let settings = resolve(select);
            let rule = settings.rules.get(rule).expect("a built-in rule");
            let finder = rule.check.finders().next().expect("a word list").id;
            settings.rules.arm(&doc).is_armed_anywhere(finder)
        };
        let only = Some(vec!["meritocracy".to_string()]);
        // Configs that turn the same rules off share one rule set, and one trigger pass.
        assert!(Arc::ptr_eq(
            &resolve(only.clone()).rules,
            &resolve(only.clone()).rules
        ));
        assert!(armed(only.clone(), "meritocracy"));
        assert!(
            !armed(only, "gendered-term"),
            "an unselected rule's words arm nothing"
        );
        assert!(armed(None, "gendered-term"));
    }

    #[test]
    fn dates_as_toml_dates_or_strings() {
        assert_eq!(
            posting_date(&toml::Value::String("2025-06-01".into())).as_deref(),
            Some("2025-06-01")
        );
        let value: toml::Table = toml::from_str("d = 2025-06-01").unwrap();
        assert_eq!(posting_date(&value["d"]).as_deref(), Some("2025-06-01"));
        assert_eq!(posting_date(&toml::Value::String("June 1".into())), None);
    }
}
