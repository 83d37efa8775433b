#!/usr/bin/env python3
"""Where each fact of issue 14 is written, and the size figures it asks for.

Run from the repository root: tools/measure/one-fact.py [--list]
Counts places (files) under src/ catalogue/ and features/ (bin/ and obj/ excluded); --list prints each line found.
"""
import os, re, sys, collections

ROOTS = ["src", "catalogue", "features"]
EXTS = (".cs", ".json", ".feature")

def files():
    for root in ROOTS:
        for d, dirs, fs in os.walk(root):
            dirs[:] = [x for x in dirs if x not in ("bin", "obj")]
            for f in fs:
                if f.endswith(EXTS):
                    yield os.path.join(d, f)

def lines(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read().split("\n")

SAMPLE_PATH = re.compile(r"v2\.\d+/")  # api-sample file names such as servers/v2.45/..., not facts

def line_fact(pattern):
    rx = re.compile(pattern)
    def find(path, ls):
        return [(i + 1, l) for i, l in enumerate(ls) if rx.search(SAMPLE_PATH.sub("", l))]
    return find

def window_fact(names, need, width):
    """Lines where at least `need` of the quoted `names` appear within `width` lines (one hit per window)."""
    rxs = [(n, re.compile(r'"' + re.escape(n) + r'"')) for n in names]
    def find(path, ls):
        hits, i = [], 0
        while i < len(ls):
            seen = {n for j in range(i, min(i + width, len(ls))) for n, rx in rxs if rx.search(ls[j])}
            if len(seen) >= need and any(rx.search(ls[i]) for _, rx in rxs):
                hits.append((i + 1, ls[i])); i += width
            else:
                i += 1
        return hits
    return find

FACTS = {
    "description from 2.19 (rebuild's window; the server view's field)":
        line_fact(r'2\.19|AtLeast\(19\)|Rebuild219|\b2_19\b'),
    "the 2.45 image-id boundary (createImage/createBackup answer with image_id)":
        line_fact(r'2\.45|AtLeast\(45\)|\b2_45\b|json-from-2\.45'),
    "the transitional statuses (REBOOT, HARD_REBOOT, REBUILD, RESIZE, REVERT_RESIZE, MIGRATING listed together)":
        window_fact(["REBOOT", "HARD_REBOOT", "REBUILD", "RESIZE", "REVERT_RESIZE", "MIGRATING"], 5, 12),
    "Nova's error kind per HTTP code (badRequest, forbidden, itemNotFound, conflictingRequest, ... listed together)":
        window_fact(["badRequest", "unauthorized", "forbidden", "itemNotFound", "conflictingRequest", "notImplemented", "HTTPMethodNotAllowed", "badMediaType"], 3, 10),
}

GREPS = {
    "bare-integer microversion gates (AtLeast(56), Below(14), new Microversion(2, 37) outside Core/Microversions)":
        re.compile(r'\b(AtLeast|AtMost|Below|Before|Since|Until)\(\s*\d+\s*\)|new Microversion\(2,\s*\d+\)'),
    "version-named enum members or fields (JsonFrom2_45, V2_19)":
        re.compile(r'\b[A-Z][A-Za-z]*\d+_\d+\b'),
}

def main():
    listing = "--list" in sys.argv
    all_files = sorted(files())
    print("== places per fact (files; lines) ==")
    for fact, find in FACTS.items():
        per = collections.OrderedDict()
        for p in all_files:
            h = find(p, lines(p))
            if h: per[p] = h
        print(f"{len(per):3d} files, {sum(len(v) for v in per.values()):3d} lines  {fact}")
        for p, h in per.items():
            print(f"      {p}: {len(h)}")
            if listing:
                for n, l in h: print(f"          {n}: {l.strip()[:150]}")
    print("== greps (src/, .cs) ==")
    for name, rx in GREPS.items():
        hits = []
        for p in all_files:
            if not p.endswith(".cs"): continue
            if name.startswith("bare") and p.endswith(os.path.join("Core", "NovaMicroversions.cs")): continue
            for i, l in enumerate(lines(p)):
                if l.strip().startswith("//") or l.strip().startswith("///"): continue
                for m in rx.finditer(l):
                    if name.startswith("version") and m.group(0) in ("UTF8", ): continue
                    hits.append((p, i + 1, m.group(0)))
        print(f"{len(hits):3d}  {name}")
        if listing:
            for p, n, m in hits: print(f"      {p}:{n}: {m}")
    print("== five largest files (lines; src/ .cs and .json) ==")
    sizes = sorted(((len(lines(p)) - 1, p) for p in all_files if p.startswith("src") and p.endswith((".cs", ".json"))), reverse=True)[:5]
    for n, p in sizes: print(f"{n:5d}  {p}")

main()
