#!/usr/bin/env python3
"""Chooses and orders the statement anchors (`ANCHORS` in src/document/boilerplate.rs).

    python3 bench/choose_anchors.py [FOLDER] [--sample N] [--swaps N] [--seed N]

Needs numpy. FOLDER defaults to ../shared/corpus/bulk; N postings are sampled from it (800).

Why: the statement phrases are looked for only where an anchor is, and the anchors are found
by aho-corasick's fat Teddy: 16 buckets, the anchor at index k in the bucket 15 - k % 16
(anchors with the same low nibbles in their first four bytes share one). At each position
Teddy compares the next four bytes, a nibble at a time, with the nibbles of each bucket's
anchors, and looks closer wherever all eight nibbles could belong to the bucket. Anchors that
start with common bytes, or a bucket whose anchors share few nibbles, let many positions
through. This script counts those positions exactly over a sample of postings, lower-cased as
the search reads them, for the anchors as they are, then proposes a set and an order with
fewer:

1. a greedy cover of the long phrases by four-byte-or-longer pieces, each scored by how often
   its first four bytes occur plus a cost per anchor (fewer anchors, fewer per bucket);
2. each piece lengthened as far as every phrase holding it there agrees (Teddy verifies the
   whole anchor, so a longer one sends fewer positions on to the phrases);
3. swaps between buckets, kept when the exact count falls.

It prints the counts and the proposed array; paste it over `ANCHORS` and run the tests (every
phrase must hold an anchor, and none may start another). Run it when `PHRASES` changes.
"""

import os
import random
import re
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("choose_anchors.py needs numpy (pip install numpy)")

SOURCE = os.path.join(os.path.dirname(__file__), "..", "src", "document", "boilerplate.rs")
SHORT = ("eeo", "eoe")  # found by their own substring search, not by Teddy
BUCKETS = 16
MASK = 4  # bytes Teddy compares: the shortest anchor's length, at most four


def rust_list(source, name):
    block = source[source.index(f"const {name}: &[&str] = &["):]
    return re.findall(r'"((?:[^"\\]|\\.)*)"', block[: block.index("];")])


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = int(args[i + 1])
        del args[i : i + 2]
        return value
    return default


def main():
    args = sys.argv[1:]
    sample_size = option(args, "--sample", 800)
    swaps = option(args, "--swaps", 3000)
    random.seed(option(args, "--seed", 1))
    folder = args[0] if args else os.path.join("..", "shared", "corpus", "bulk")
    source = open(SOURCE, encoding="utf-8").read()
    phrases = [p for p in rust_list(source, "PHRASES") if p not in SHORT]
    current = rust_list(source, "ANCHORS")

    files = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(folder)
        for name in names
        if name.endswith(".md")
    )
    if not files:
        sys.exit(f"no Markdown postings under {folder}")
    sample = random.sample(files, min(sample_size, len(files)))
    text = b"\n".join(open(f, "rb").read() for f in sample).lower()
    haystack = np.frombuffer(text, dtype=np.uint8)
    positions = len(haystack) - MASK + 1
    low, high = haystack & 15, haystack >> 4

    memo = {}

    def passed(bucket):
        """Positions whose next four bytes' nibbles all belong to `bucket`'s anchors."""
        key = tuple(sorted(bucket))
        if key not in memo:
            through = np.ones(positions, dtype=bool)
            for j in range(MASK):
                lows, highs = np.zeros(16, bool), np.zeros(16, bool)
                for anchor in bucket:
                    b = anchor.encode()[j]
                    lows[b & 15], highs[b >> 4] = True, True
                through &= lows[low[j : j + positions]] & highs[high[j : j + positions]]
            memo[key] = int(through.sum())
        return memo[key]

    def buckets_of(order):
        buckets, by_nibbles = [[] for _ in range(BUCKETS)], {}
        for k, anchor in enumerate(order):
            nibbles = tuple(b & 15 for b in anchor.encode()[:MASK])
            bucket = by_nibbles.setdefault(nibbles, BUCKETS - 1 - k % BUCKETS)
            buckets[bucket].append(anchor)
        return buckets

    def count(order):
        return sum(passed(b) for b in buckets_of(order) if b)

    starts = {}

    def occurrences(piece):
        if piece[:MASK] not in starts:
            starts[piece[:MASK]] = text.count(piece[:MASK].encode())
        return starts[piece[:MASK]]

    # 1. Greedy cover.
    pieces = {
        p[i:j] for p in phrases for i in range(len(p)) for j in range(i + MASK, min(len(p), i + 16) + 1)
    }
    per_anchor = max(1, positions // 14_000)  # about 300 per 4 MB
    uncovered, chosen = set(phrases), []
    while uncovered:
        best = None
        for piece in sorted(pieces):
            if any(c.startswith(piece) or piece.startswith(c) for c in chosen):
                continue
            covered = [p for p in uncovered if piece in p]
            if covered:
                score = (occurrences(piece) + per_anchor) / len(covered)
                if best is None or score < best[0]:
                    best = (score, piece, covered)
        chosen.append(best[1])
        uncovered -= set(best[2])
    # 2. Each as long as its phrases agree.
    longer = []
    for piece in chosen:
        tails = [p[i:] for p in phrases for i in range(len(p)) if p.startswith(piece, i)]
        longer.append(os.path.commonprefix(tails))
    if any(b != a and b.startswith(a) for a in longer for b in longer):
        longer = chosen
    # 3. Swaps between buckets.
    order, best = list(longer), count(longer)
    for _ in range(swaps):
        i, j = random.sample(range(len(order)), 2)
        if i % BUCKETS == j % BUCKETS:
            continue
        order[i], order[j] = order[j], order[i]
        now = count(order)
        if now < best:
            best = now
        else:
            order[i], order[j] = order[j], order[i]

    for phrase in phrases:
        assert any(a in phrase for a in order), phrase
    mb = len(text) / 1e6
    print(f"{len(sample)} postings, {mb:.1f} MB lower-cased")
    before = count(current)
    print(f"ANCHORS now:  {len(current)} anchors, {before} positions looked at closer ({100 * before / positions:.2f}%)")
    print(f"proposed:     {len(order)} anchors, {best} positions ({100 * best / positions:.2f}%)")
    print("const ANCHORS: &[&str] = &[")
    for anchor in order:
        print(f'    "{anchor}",')
    print("];")


if __name__ == "__main__":
    main()
