#!/usr/bin/env python3
"""How long the language server takes to lint a posting again after each edit.

    python3 bench/lsp.py [POSTING] [CHANGES]

Starts `target/release/hirelint lsp --no-config` (build it first: `cargo build --release`),
opens POSTING (default: the bench's posting of about 14 KB, `bench/run.sh`'s "single") and
sends CHANGES (default 40) full-text changes, each adding a line at its end, waiting for the
findings after each. Prints the time from sending the opening to its findings (the first lint
of a session, which compiles what the text may match) and the median, best and worst time
from sending a change to its findings. Nothing asserts a time: the figures go in README.md.
"""
import json
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "hirelint"


def default_posting():
    corpus = ROOT.parent / "shared" / "corpus" / "bulk"
    sized = sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix in (".md", ".txt", ".html")
        and p.is_file()
        and not any(part.startswith(".") for part in p.parts)
        and 12 * 1024 < p.stat().st_size < 16 * 1024
    )
    if not sized:
        sys.exit("bench: name a posting (no corpus beside the repository)")
    return sized[0]


class Server:
    def __init__(self):
        self.process = subprocess.Popen(
            [str(BIN), "lsp", "--no-config"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                sys.exit("bench: the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def reply_to(self, id):
        while self.receive().get("id") != id:
            pass

    def findings(self):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics":
                return message["params"]["diagnostics"]


def main():
    posting = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default_posting()
    changes = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    text = posting.read_text(encoding="utf-8")
    uri = posting.resolve().as_uri()
    server = Server()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    server.reply_to(1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    start = time.perf_counter()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    found = server.findings()
    first = time.perf_counter() - start

    times = []
    for version in range(2, changes + 2):
        start = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text + "\nEdit %d." % version}]}})
        found = server.findings()
        times.append(time.perf_counter() - start)

    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.reply_to(2)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.process.wait(timeout=10)
    ms = [t * 1e3 for t in times]
    print("posting   %s (%.1f KB), %d findings" % (posting, len(text.encode()) / 1e3, len(found)))
    print("first     %.2f ms (opening to findings)" % (first * 1e3))
    print("changes   %d: median %.2f ms, best %.2f, worst %.2f" %
          (len(ms), statistics.median(ms), min(ms), max(ms)))


if __name__ == "__main__":
    main()
