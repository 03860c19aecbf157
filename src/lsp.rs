//! `hirelint lsp`: the pipe behind a language server on stdio. An editor sends the text of
//! each open posting; hirelint lints it with the config found from the posting's path, as
//! `check` would, and publishes the findings on open, change and save. Code actions offer the
//! fixes of substitution rules and a `hirelint-disable-next-line` comment.
//!
//! Positions are in UTF-16 code units unless the client offers UTF-8 (LSP 3.17
//! `positionEncoding`): an emoji before a finding moves it two columns in one and four in the
//! other, and both must land on the same words.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use lsp_server::{Connection, ExtractError, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::CodeActionRequest;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic as LspDiagnostic, DiagnosticSeverity,
    InitializeParams, MessageType, NumberOrString, Position, PositionEncodingKind,
    PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};

use crate::cli::ConfigOptions;
use crate::config::{Builtins, Resolver};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::discover::{Candidate, display_path};
use crate::document::Format;
use crate::document::yaml::CommentPlace;
use crate::exit::ExitStatus;
use crate::rules::Level;

/// Serves one editor over stdin and stdout until it asks the server to exit.
pub fn serve(options: &ConfigOptions, stderr: &mut dyn Write) -> ExitStatus {
    let builtins = match Builtins::load_for_linting() {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(
                stderr,
                "error: the built-in rules do not load: {}",
                e.message
            );
            return ExitStatus::Error;
        }
    };
    // Built while the editor starts the session, not when its first posting comes.
    builtins.rules.warm_on_pool();
    let (connection, threads) = Connection::stdio();
    let served = Server::start(connection, builtins, options).and_then(Server::run);
    // After `exit` the reader has stopped; after a failure it may wait on stdin forever, so
    // it is only joined when the session ended as it should.
    match served.and_then(|ended| Ok((ended, threads.join().map_err(|e| e.to_string())?))) {
        Ok((Ended::AfterShutdown, ())) => ExitStatus::Success,
        // The protocol's exit code for an `exit` without `shutdown` first (or stdin closed).
        Ok((Ended::Abruptly, ())) => ExitStatus::Failure,
        Err(e) => {
            let _ = writeln!(stderr, "error: language server: {e}");
            ExitStatus::Error
        }
    }
}

/// How the client counts characters in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion), else the protocol's default UTF-16.
    fn negotiate(params: &InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Line starts of a document as the protocol counts lines (after `\n`, `\r\n` and a bare
/// `\r`), to turn byte offsets into positions and back.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Lines<'t> {
        Lines {
            text,
            starts: crate::source::line_starts(text),
            encoding,
        }
    }

    /// The position of byte `offset` (moved back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let before = &self.text[self.starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, range: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of a position; past a line's end is its end.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let mut units = position.character as usize;
        for (i, c) in self.text[start..end].char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units < width {
                return start + i;
            }
            units -= width;
        }
        end
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An open document and what was last found in it, byte ranges into its text.
struct Open {
    text: String,
    version: i32,
    language: String,
    findings: Vec<Diagnostic>,
    format: Format,
}

struct Server {
    connection: Connection,
    resolver: Resolver,
    builtins: Builtins,
    options: ConfigOptions,
    encoding: Encoding,
    documents: HashMap<Uri, Open>,
    /// The last config error shown, so that each keystroke does not show it again.
    shown_error: Option<String>,
}

type Served = Result<(), String>;

/// How a session ended.
enum Ended {
    /// `shutdown`, then `exit`: exit code 0.
    AfterShutdown,
    /// `exit` without `shutdown`, or the editor went away: exit code 1.
    Abruptly,
}

impl Server {
    fn start(
        connection: Connection,
        builtins: Builtins,
        options: &ConfigOptions,
    ) -> Result<Server, String> {
        let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
        let params: InitializeParams =
            serde_json::from_value(params).map_err(|e| format!("initialize: {e}"))?;
        let encoding = Encoding::negotiate(&params);
        let capabilities = ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        };
        let result = serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": ServerInfo {
                name: "hirelint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            },
        });
        connection
            .initialize_finish(id, result)
            .map_err(|e| e.to_string())?;
        let resolver = Resolver::new(builtins.clone(), options.to_args());
        Ok(Server {
            connection,
            resolver,
            builtins,
            options: options.clone(),
            encoding,
            documents: HashMap::new(),
            shown_error: None,
        })
    }

    fn run(mut self) -> Result<Ended, String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(Ended::AfterShutdown);
                    }
                    self.request(request)?;
                }
                Message::Notification(notification) if notification.method == "exit" => {
                    return Ok(Ended::Abruptly);
                }
                // A notification that cannot be read is dropped, as it has no answer; the
                // server goes on.
                Message::Notification(notification) => {
                    if let Err(e) = self.notification(notification) {
                        self.log(&e)?;
                    }
                }
                Message::Response(_) => {}
            }
        }
        Ok(Ended::Abruptly)
    }

    /// A line in the editor's log of this server.
    fn log(&self, message: &str) -> Served {
        let params = lsp_types::LogMessageParams {
            typ: MessageType::WARNING,
            message: format!("hirelint: {message}"),
        };
        self.send(Notification::new(
            lsp_types::notification::LogMessage::METHOD.into(),
            params,
        ))
    }

    fn send(&self, message: impl Into<Message>) -> Served {
        self.connection
            .sender
            .send(message.into())
            .map_err(|e| e.to_string())
    }

    fn request(&mut self, request: Request) -> Served {
        let id = request.id.clone();
        let response = match cast_request::<CodeActionRequest>(request) {
            Ok((id, params)) => Response::new_ok(id, self.code_actions(&params)),
            Err(ExtractError::MethodMismatch(request)) => Response::new_err(
                request.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("hirelint does not handle {}", request.method),
            ),
            Err(ExtractError::JsonError { method, error }) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                format!("{method}: {error}"),
            ),
        };
        self.send(response)
    }

    fn notification(&mut self, notification: Notification) -> Served {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = params_of(notification)?;
                let doc = params.text_document;
                let open = Open {
                    text: doc.text,
                    version: doc.version,
                    language: doc.language_id,
                    findings: Vec::new(),
                    format: Format::Text,
                };
                self.documents.insert(doc.uri.clone(), open);
                self.lint_and_publish(&doc.uri)
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams = params_of(notification)?;
                let uri = params.text_document.uri;
                // Full sync: the last change is the whole text.
                if let Some(open) = self.documents.get_mut(&uri)
                    && let Some(change) = params.content_changes.into_iter().last()
                {
                    open.text = change.text;
                    open.version = params.text_document.version;
                }
                self.lint_and_publish(&uri)
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams = params_of(notification)?;
                let uri = params.text_document.uri;
                if is_config(&uri) {
                    self.reload_configs()
                } else {
                    self.lint_and_publish(&uri)
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let params: lsp_types::DidChangeWatchedFilesParams = params_of(notification)?;
                if params.changes.iter().any(|c| is_config(&c.uri)) {
                    self.reload_configs()
                } else {
                    Ok(())
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = params_of(notification)?;
                let uri = params.text_document.uri;
                self.documents.remove(&uri);
                self.publish(uri, Vec::new(), None)
            }
            _ => Ok(()),
        }
    }

    /// A config file changed: every open posting is linted again under the new settings.
    fn reload_configs(&mut self) -> Served {
        self.resolver = Resolver::new(self.builtins.clone(), self.options.to_args());
        self.shown_error = None;
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        uris.iter().try_for_each(|uri| self.lint_and_publish(uri))
    }

    fn lint_and_publish(&mut self, uri: &Uri) -> Served {
        let Some(open) = self.documents.get(uri) else {
            return Ok(());
        };
        let path = file_path(uri);
        let settings = match self.resolver.settings_for(path.as_deref()) {
            Ok(settings) => settings,
            Err(e) => {
                let message = format!("hirelint: {}: {}", e.path, e.message);
                if self.shown_error.as_ref() != Some(&message) {
                    self.shown_error = Some(message.clone());
                    let params = ShowMessageParams {
                        typ: MessageType::ERROR,
                        message,
                    };
                    self.send(Notification::new(
                        lsp_types::notification::ShowMessage::METHOD.into(),
                        params,
                    ))?;
                }
                // Findings made under the config before it broke would mislead: clear them.
                let version = open.version;
                if let Some(open) = self.documents.get_mut(uri) {
                    open.findings.clear();
                }
                return self.publish(uri.clone(), Vec::new(), Some(version));
            }
        };
        let excluded = path.as_deref().is_some_and(|p| settings.is_excluded(p));
        let format = path
            .as_deref()
            .and_then(Format::detect)
            .or_else(|| format_of_language(&open.language))
            .unwrap_or_else(|| Format::sniff(&open.text));
        let candidate = Candidate {
            display: path
                .as_deref()
                .map_or_else(|| uri.as_str().to_string(), display_path),
            path: path.clone().unwrap_or_else(|| PathBuf::from(uri.as_str())),
            format,
            named: true,
        };
        let findings: Vec<Diagnostic> = if excluded {
            Vec::new()
        } else {
            let reports = crate::lint::lint_bytes(
                &candidate,
                open.text.as_bytes().to_vec(),
                &settings,
                path.is_some(),
            );
            reports
                .into_iter()
                .flat_map(|report| {
                    let source = report.source;
                    report
                        .diagnostics
                        .into_iter()
                        .map(move |d| in_file(&source, d))
                })
                .collect()
        };
        let lines = Lines::new(&open.text, self.encoding);
        let published = findings.iter().map(|d| to_lsp(d, &lines, uri)).collect();
        let version = open.version;
        if let Some(open) = self.documents.get_mut(uri) {
            open.findings = findings;
            open.format = format;
        }
        self.publish(uri.clone(), published, Some(version))
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<LspDiagnostic>, version: Option<i32>) -> Served {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params))
    }

    /// Quick fixes for the findings in the requested range: a finding's fix, and a comment
    /// that disables its rule for its line.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(open) = self.documents.get(uri) else {
            return Vec::new();
        };
        let lines = Lines::new(&open.text, self.encoding);
        let wanted = lines.offset(params.range.start)..lines.offset(params.range.end);
        let mut actions = Vec::new();
        for d in &open.findings {
            let touches = d.range.start <= wanted.end && wanted.start <= d.range.end;
            if !touches {
                continue;
            }
            let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            };
            if let Some(fix) = &d.fix {
                let edits: Vec<TextEdit> = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(lines.range(&e.range), e.replacement.clone()))
                    .collect();
                let shown: Vec<&str> = fix.edits.iter().map(|e| e.replacement.as_str()).collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Replace with \"{}\" ({})", shown.join(" … "), d.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(d, &lines, uri)]),
                    edit: Some(edit(edits)),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..CodeAction::default()
                }));
            }
            if let Some(insert) = disable_comment(&open.text, open.format, d, &lines) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Disable {} for this line", d.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(d, &lines, uri)]),
                    edit: Some(edit(vec![insert])),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }
}

/// The comment that disables `d`'s rule on its line, inserted above that line with its
/// indentation; none where a comment cannot go (JSON, front matter, a YAML scalar's later
/// lines) or for the findings about the run itself.
fn disable_comment(
    text: &str,
    format: Format,
    d: &Diagnostic,
    lines: &Lines<'_>,
) -> Option<TextEdit> {
    if d.category == "meta" {
        return None;
    }
    let (_, body_start) = crate::document::frontmatter::parse(text.trim_start_matches('\u{feff}'));
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    if d.range.start < body_start + bom {
        return None;
    }
    let line = lines.line_of(d.range.start);
    let start = lines.starts[line];
    let rest = &text[start..];
    let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
    let line_end = if rest.split('\n').next().is_some_and(|l| l.ends_with('\r')) {
        "\r\n"
    } else {
        "\n"
    };
    let comment = match format {
        Format::Markdown | Format::Html => {
            format!(
                "{indent}<!-- hirelint-disable-next-line {} -->{line_end}",
                d.rule
            )
        }
        Format::Text => format!("{indent}hirelint: disable-next-line {}{line_end}", d.rule),
        Format::Yaml => match crate::document::yaml::comment_place(text, start) {
            CommentPlace::Hash => {
                format!("{indent}# hirelint-disable-next-line {}{line_end}", d.rule)
            }
            CommentPlace::Html => format!(
                "{indent}<!-- hirelint-disable-next-line {} -->{line_end}",
                d.rule
            ),
            CommentPlace::None => return None,
        },
        // XML's text is often a CDATA section, where a comment would be text.
        Format::Json | Format::JsonLines | Format::Xml | Format::Csv => return None,
    };
    let at = lines.position(start);
    Some(TextEdit::new(Range::new(at, at), comment))
}

/// A finding with its ranges moved from the source's text into the document's (the
/// byte-order mark counted).
fn in_file(source: &crate::source::SourceFile, mut d: Diagnostic) -> Diagnostic {
    d.range = source.file_range(&d.range);
    for s in &mut d.secondary {
        s.range = source.file_range(&s.range);
    }
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            e.range = source.file_range(&e.range);
        }
    }
    d
}

/// A finding as the protocol has it; its further labelled words (the counted words of a
/// balance rule) become related information in the same document.
fn to_lsp(d: &Diagnostic, lines: &Lines<'_>, uri: &Uri) -> LspDiagnostic {
    let severity = match d.level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info => DiagnosticSeverity::INFORMATION,
        Level::Help => DiagnosticSeverity::HINT,
    };
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<lsp_types::DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|s| lsp_types::DiagnosticRelatedInformation {
            location: lsp_types::Location::new(uri.clone(), lines.range(&s.range)),
            message: s.label.clone().unwrap_or_else(|| "here".to_string()),
        })
        .collect();
    LspDiagnostic {
        range: lines.range(&d.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.clone())),
        source: Some("hirelint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    }
}

/// The format of an editor's language id, for a buffer without a file name.
fn format_of_language(language: &str) -> Option<Format> {
    match language {
        "markdown" | "mdx" => Some(Format::Markdown),
        "html" => Some(Format::Html),
        "json" => Some(Format::Json),
        "jsonl" => Some(Format::JsonLines),
        "xml" => Some(Format::Xml),
        "csv" | "tsv" => Some(Format::Csv),
        "yaml" => Some(Format::Yaml),
        "plaintext" => Some(Format::Text),
        _ => None,
    }
}

fn is_config(uri: &Uri) -> bool {
    file_path(uri)
        .and_then(|p| p.file_name().map(|n| n.to_owned()))
        .is_some_and(|name| crate::config::CONFIG_NAMES.iter().any(|c| name == *c))
}

/// The path of a `file:` URI, percent-decoded; `None` for other schemes (an unsaved buffer).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        // `file:///C:/dir` names `C:/dir`.
        let text = String::from_utf8(bytes).ok()?;
        let text = text
            .strip_prefix('/')
            .filter(|t| t.get(1..2) == Some(":"))
            .unwrap_or(&text);
        Some(PathBuf::from(text))
    }
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn cast_request<R: lsp_types::request::Request>(
    request: Request,
) -> Result<(RequestId, R::Params), ExtractError<Request>> {
    request.extract(R::METHOD)
}

fn params_of<P: serde::de::DeserializeOwned>(notification: Notification) -> Result<P, String> {
    let method = notification.method.clone();
    serde_json::from_value(notification.params).map_err(|e| format!("{method}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes_and_come_back() {
        let text = "# Zürich 🚀 team\r\nRockstar\rwanted";
        let rockstar = text.find("Rockstar").unwrap();
        let wanted = text.find("wanted").unwrap();
        let after_emoji = text.find(" team").unwrap();
        for (encoding, emoji_end) in [(Encoding::Utf16, 11), (Encoding::Utf8, 14)] {
            let lines = Lines::new(text, encoding);
            assert_eq!(lines.position(after_emoji), Position::new(0, emoji_end));
            assert_eq!(lines.position(rockstar), Position::new(1, 0));
            assert_eq!(lines.position(wanted), Position::new(2, 0));
            for offset in [0, after_emoji, rockstar, wanted, text.len()] {
                assert_eq!(lines.offset(lines.position(offset)), offset, "{encoding:?}");
            }
        }
    }

    #[test]
    fn file_uris_become_paths_and_other_schemes_none() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            file_path(&uri("file:///tmp/jobs/Z%C3%BCrich%20role.md")),
            Some(PathBuf::from("/tmp/jobs/Zürich role.md"))
        );
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
    }
}
