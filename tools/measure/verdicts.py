#!/usr/bin/env python3
"""Each scenario's stable id and outcome from an allure-results folder, sorted: tools/measure/verdicts.py DIR > FILE.
Two runs give the same verdicts when the files are equal (diff)."""
import glob, json, os, sys

rows = []
for f in glob.glob(os.path.join(sys.argv[1], "*-result.json")):
    d = json.load(open(f, encoding="utf-8"))
    sid = next(l["value"] for l in d["labels"] if l["name"] == "scenarioId")
    rows.append(f"{sid}\t{d['status']}")
print("\n".join(sorted(rows)))
