# Two commands for a fresh Debian/Ubuntu machine with Swift 6:
#   make report   build in release and regenerate reports/ from Datasets/
#   make test     run the test suite
SWIFT ?= swift
BIN = .build/release/outcomes

.PHONY: report test deps build check-reports example-data

deps:
	@bash Notebooks-Scripts/ensure-system-deps.sh

build: deps
	$(SWIFT) build -c release --product outcomes

report: build
	$(BIN) run Datasets/analyses.yaml --out reports

test: deps
	$(SWIFT) test

# Regenerates the example cohort from its seed (only needed when the generator changes).
example-data: build
	$(BIN) simulate --patients 300 --seed 20261125 --out Datasets/example_cohort.csv

# Regenerates reports/ into a temporary folder and fails with a diff when they drift.
check-reports: build
	@bash Notebooks-Scripts/check-reports.sh $(BIN)
