#!/usr/bin/env python3
"""Writes NIST StRD's linear datasets as plain CSV files in their own columns (y, x or y, x1, ...)
and their certified estimates and standard errors, for the test that fits them through
`outcomes fit` (Tests/OutcomeAnalysisTests/AnyDatasetTests.swift).

Run from the repository root:  python3 Notebooks-Scripts/nist_to_csv.py
Reads ../shared/reference/nist-strd/linear/*.dat; writes Tests/OutcomeAnalysisTests/Fixtures/nist/.
The data cells are copied as NIST prints them (no number is reformatted)."""
import csv, os, re, sys

source = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "reference", "nist-strd", "linear")
target = os.path.join(os.path.dirname(__file__), "..", "Tests", "OutcomeAnalysisTests", "Fixtures", "nist")
os.makedirs(target, exist_ok=True)
certified = [("dataset", "parameter", "estimate", "std_error")]
for name in sorted(os.listdir(source)):
    if not name.endswith(".dat"):
        continue
    dataset = name[:-4]
    lines = open(os.path.join(source, name), encoding="latin-1").read().splitlines()
    data_at = next(i for i, line in enumerate(lines) if line.startswith("Data:") and "Response" not in line)
    header = lines[data_at].split()[1:]
    rows = [line.split() for line in lines[data_at + 1:] if line.strip()]
    with open(os.path.join(target, dataset + ".csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    for line in lines[:data_at]:
        match = re.match(r"^\s+B(\d+)\s+(\S+)\s+(\S+)\s*$", line)
        if match:
            certified.append((dataset, match.group(1), match.group(2), match.group(3)))
with open(os.path.join(target, "certified.csv"), "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(certified)
print(f"wrote {len(certified) - 1} certified parameters to {target}", file=sys.stderr)
