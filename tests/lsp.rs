//! `hirelint lsp`, driven headlessly as an editor drives it: JSON-RPC messages framed with
//! `Content-Length` on its stdin, its notifications and responses read back from stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

mod support;
use support::temp_repo;

/// A posting with multi-byte text before its findings: "ü" is two bytes and one UTF-16
/// unit, "🚀" four bytes and two units.
const POSTING: &str = "# Rockstar Engineer\n\nJoin our Zürich 🚀 team: the code lives on Github.\n";

struct Editor {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Editor {
    /// Starts the server in `dir` and initializes it, offering `encodings`.
    fn start(dir: &std::path::Path, args: &[&str], encodings: &[&str]) -> (Editor, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hirelint"))
            .arg("lsp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        // A server that stops answering fails the test instead of hanging it.
        let pid = child.id();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(120));
            let _ = Command::new("kill").arg(pid.to_string()).status();
        });
        let mut editor = Editor {
            stdin: child.stdin.take().unwrap(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
            next_id: 1,
        };
        let capabilities = if encodings.is_empty() {
            json!({})
        } else {
            json!({ "general": { "positionEncodings": encodings } })
        };
        let init = editor.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        editor.notify("initialized", json!({}));
        (editor, init)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut header = String::new();
            assert!(
                self.stdout.read_line(&mut header).unwrap() > 0,
                "the server closed stdout"
            );
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some(n) = header.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result (notifications on the way are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    /// The next diagnostics published.
    fn diagnostics(&mut self) -> Value {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        let doc = json!({ "uri": uri, "languageId": "markdown", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
        self.diagnostics()
    }

    /// Replaces the open document's text, as version `version`; returns the findings
    /// published for it.
    fn change(&mut self, uri: &str, version: u32, text: &str) -> Value {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
        self.diagnostics()
    }

    /// Shuts the server down as an editor does; returns its exit code.
    fn shut_down(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin);
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

/// A `file:` URI as editors write it: every byte but unreserved ones and `/` escaped.
fn uri_of(path: &std::path::Path) -> String {
    let mut uri = String::from("file://");
    for &b in path.to_str().unwrap().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

/// (rule, range) of each diagnostic.
fn found(published: &Value) -> Vec<(String, Value)> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["range"].clone()))
        .collect()
}

const SELECT: &[&str] = &[
    "--no-config",
    "--select",
    "hyperbolic-job-title,tech-term-spelling",
];

#[test]
fn diagnostics_count_utf16_units_by_default_and_bytes_when_utf8_is_offered() {
    let dir = temp_repo("lsp-encodings", &[("jobs/Zürich role.md", POSTING)]);
    let uri = uri_of(&dir.join("jobs/Zürich role.md"));

    let (mut editor, init) = Editor::start(&dir, SELECT, &[]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "hirelint");
    let published = editor.open(&uri, POSTING);
    assert_eq!(published["uri"], uri.as_str());
    assert_eq!(published["version"], 1);
    // "Join our Zürich 🚀 team: the code lives on " is 43 UTF-16 units and 46 bytes.
    assert_eq!(
        found(&published),
        vec![
            ("hyperbolic-job-title".to_string(), range((0, 2), (0, 10))),
            ("tech-term-spelling".to_string(), range((2, 43), (2, 49))),
        ]
    );
    let first = &published["diagnostics"][0];
    assert_eq!(first["severity"], 2);
    assert_eq!(first["source"], "hirelint");
    assert_eq!(editor.shut_down(), 0);

    let (mut editor, init) = Editor::start(&dir, SELECT, &["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let published = editor.open(&uri, POSTING);
    assert_eq!(
        found(&published)[1],
        ("tech-term-spelling".to_string(), range((2, 46), (2, 52)))
    );
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn quick_fixes_replace_the_words_or_disable_the_rule_for_the_line_and_changes_are_linted() {
    let dir = temp_repo("lsp-actions", &[("post.md", POSTING)]);
    let uri = uri_of(&dir.join("post.md"));
    let (mut editor, _) = Editor::start(&dir, SELECT, &[]);
    // A notification the server cannot read is logged and dropped; the session goes on.
    editor.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 7 } }),
    );
    editor.open(&uri, POSTING);

    let actions = editor.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((2, 45), (2, 45)),
            "context": { "diagnostics": [] },
        }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with \"GitHub\" (tech-term-spelling)",
            "Disable tech-term-spelling for this line",
        ]
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["changes"][&uri],
        json!([{ "range": range((2, 43), (2, 49)), "newText": "GitHub" }])
    );
    let disable = &actions[1]["edit"]["changes"][&uri][0];
    assert_eq!(disable["range"], range((2, 0), (2, 0)));
    let comment = disable["newText"].as_str().unwrap();
    assert_eq!(
        comment,
        "<!-- hirelint-disable-next-line tech-term-spelling -->\n"
    );

    // The editor applies the comment: the next lint no longer reports the line.
    let at = POSTING.find("Join").unwrap();
    let changed = format!("{}{comment}{}", &POSTING[..at], &POSTING[at..]);
    let published = editor.change(&uri, 2, &changed);
    assert_eq!(published["version"], 2);
    assert_eq!(
        found(&published),
        vec![("hyperbolic-job-title".to_string(), range((0, 2), (0, 10)))]
    );

    // What the server does not do is an error, and the session goes on.
    editor.send(
        json!({ "jsonrpc": "2.0", "id": 99, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": { "line": 0, "character": 3 } } }),
    );
    let answer = editor.receive();
    assert_eq!(answer["id"], 99);
    assert_eq!(answer["error"]["code"], -32601);

    // Closing the posting clears its findings.
    editor.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(editor.diagnostics()["diagnostics"], json!([]));
    assert_eq!(editor.shut_down(), 0);
}

/// In a YAML data file the comment that disables a rule for a line is YAML's above a key, and
/// an HTML comment inside a description block (read as Markdown, where a `#` line is text);
/// either way the next lint no longer reports the line.
#[test]
fn a_yaml_job_is_disabled_line_by_line_with_the_comment_its_place_takes() {
    let text = "- title: Ninja Developer\n  \
                location: Berlin\n  \
                description: |\n    \
                  We want a rockstar engineer for our backend services in Rust.\n";
    let dir = temp_repo("lsp-yaml", &[("jobs.yml", text)]);
    let uri = uri_of(&dir.join("jobs.yml"));
    let (mut editor, _) = Editor::start(&dir, SELECT, &[]);
    let published = editor.open(&uri, text);
    assert_eq!(
        found(&published),
        [
            ("hyperbolic-job-title".to_string(), range((0, 9), (0, 14))),
            ("hyperbolic-job-title".to_string(), range((3, 14), (3, 22))),
        ]
    );
    let disable_at = |editor: &mut Editor, line: u32| {
        let actions = editor.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range((line, 14), (line, 14)),
                "context": { "diagnostics": [] },
            }),
        );
        let disable = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with("Disable"))
            .expect("a disable action")["edit"]["changes"][&uri][0]
            .clone();
        assert_eq!(disable["range"], range((line, 0), (line, 0)));
        disable["newText"].as_str().unwrap().to_string()
    };
    let in_block = disable_at(&mut editor, 3);
    assert_eq!(
        in_block,
        "    <!-- hirelint-disable-next-line hyperbolic-job-title -->\n"
    );
    let above_key = disable_at(&mut editor, 0);
    assert_eq!(
        above_key,
        "# hirelint-disable-next-line hyperbolic-job-title\n"
    );

    // The editor applies both: nothing is left to report.
    let at = text.find("    We want").unwrap();
    let changed = format!("{above_key}{}{in_block}{}", &text[..at], &text[at..]);
    assert_eq!(editor.change(&uri, 2, &changed)["diagnostics"], json!([]));
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn the_words_a_balance_rule_counted_are_related_information() {
    let text = "# Backend Engineer\n\nWe want a competitive, dominant, assertive and ambitious \
                engineer who is driven and decisive.\n";
    let dir = temp_repo("lsp-related", &[("post.md", text)]);
    let uri = uri_of(&dir.join("post.md"));
    let select = ["--no-config", "--select", "gender-coded-wording"];
    let (mut editor, _) = Editor::start(&dir, &select, &[]);
    let published = editor.open(&uri, text);
    let finding = &published["diagnostics"][0];
    assert_eq!(finding["code"], "gender-coded-wording");
    let related = finding["relatedInformation"].as_array().unwrap();
    let line = text.lines().nth(2).unwrap();
    let words: Vec<&str> = related
        .iter()
        .map(|r| {
            assert_eq!(r["location"]["uri"], uri.as_str());
            assert_eq!(r["message"], "masculine-coded");
            let range = &r["location"]["range"];
            assert_eq!(range["start"]["line"], 2);
            let (start, end) = (
                range["start"]["character"].as_u64().unwrap() as usize,
                range["end"]["character"].as_u64().unwrap() as usize,
            );
            &line[start..end]
        })
        .collect();
    assert_eq!(words[..3], ["dominant", "assertive", "ambitious"]);
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let dir = temp_repo("lsp-exit", &[]);
    let (mut editor, _) = Editor::start(&dir, SELECT, &[]);
    editor.notify("exit", Value::Null);
    drop(editor.stdin);
    assert_eq!(editor.child.wait().unwrap().code(), Some(1));
}

#[test]
fn the_config_is_found_from_the_postings_path_and_reloaded_when_saved() {
    let config = "ignore = [\"tech-term-spelling\"]\n";
    let dir = temp_repo(
        "lsp-config",
        &[
            ("team/hirelint.toml", config),
            ("team/post.md", POSTING),
            ("other/post.md", POSTING),
        ],
    );
    let (mut editor, _) = Editor::start(&dir, &[], &[]);
    let rules = |published: &Value| -> Vec<String> {
        let mut rules: Vec<String> = found(published).into_iter().map(|(rule, _)| rule).collect();
        rules.sort();
        rules.dedup();
        rules
    };
    let team = uri_of(&dir.join("team/post.md"));
    let in_team = rules(&editor.open(&team, POSTING));
    assert!(
        in_team.contains(&"hyperbolic-job-title".to_string()),
        "{in_team:?}"
    );
    assert!(
        !in_team.contains(&"tech-term-spelling".to_string()),
        "{in_team:?}"
    );
    let other = rules(&editor.open(&uri_of(&dir.join("other/post.md")), POSTING));
    assert!(
        other.contains(&"tech-term-spelling".to_string()),
        "{other:?}"
    );

    // The team drops its ignore list and saves the config: its posting is linted again.
    std::fs::write(dir.join("team/hirelint.toml"), "").unwrap();
    let saved = uri_of(&dir.join("team/hirelint.toml"));
    editor.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": saved } }),
    );
    let mut relinted = Vec::new();
    for _ in 0..2 {
        let published = editor.diagnostics();
        if published["uri"] == team.as_str() {
            relinted = rules(&published);
        }
    }
    assert!(
        relinted.contains(&"tech-term-spelling".to_string()),
        "{relinted:?}"
    );

    // A config saved broken: the editor is told, and the team's stale findings go.
    std::fs::write(dir.join("team/hirelint.toml"), "select = [\n").unwrap();
    editor.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": saved } }),
    );
    let (mut told, mut cleared) = (None, None);
    while told.is_none() || cleared.is_none() {
        let message = editor.receive();
        if message["method"] == "window/showMessage" {
            told = Some(message["params"]["message"].as_str().unwrap().to_string());
        } else if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == team.as_str()
        {
            cleared = Some(message["params"]["diagnostics"].clone());
        }
    }
    let told = told.unwrap();
    assert!(
        told.starts_with("hirelint: ") && told.contains("hirelint.toml"),
        "{told}"
    );
    assert_eq!(cleared, Some(json!([])));
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn every_row_of_a_spreadsheet_export_is_linted_in_the_editor() {
    let export = "Job Title,Job Description\n\
                  Backend Engineer,\"We want a \"\"ninja\"\".\"\n\
                  Data Engineer,Our rockstar team and you.\n";
    let dir = temp_repo("lsp-csv", &[("exports/jobs.csv", export)]);
    let uri = uri_of(&dir.join("exports/jobs.csv"));
    let (mut editor, _) = Editor::start(&dir, SELECT, &[]);
    let published = editor.open(&uri, export);
    assert_eq!(
        found(&published),
        vec![
            ("hyperbolic-job-title".to_string(), range((1, 30), (1, 35))),
            ("hyperbolic-job-title".to_string(), range((2, 18), (2, 26))),
        ]
    );
    assert_eq!(editor.shut_down(), 0);
}

#[test]
fn every_job_of_an_xml_feed_is_linted_in_the_editor() {
    let feed = "<?xml version=\"1.0\"?>\n<jobs>\n<job><title>Backend Engineer</title>\n\
                <description><![CDATA[<p>We want a ninja.</p>]]></description></job>\n\
                <job><title>Data Engineer</title>\n\
                <description>Our rockstar team &amp; you.</description></job>\n</jobs>\n";
    let dir = temp_repo("lsp-xml", &[("feeds/jobs.xml", feed)]);
    let uri = uri_of(&dir.join("feeds/jobs.xml"));
    let (mut editor, _) = Editor::start(&dir, SELECT, &[]);
    let published = editor.open(&uri, feed);
    assert_eq!(
        found(&published),
        vec![
            ("hyperbolic-job-title".to_string(), range((3, 35), (3, 40))),
            ("hyperbolic-job-title".to_string(), range((5, 17), (5, 25))),
        ]
    );
    assert_eq!(editor.shut_down(), 0);
}
