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

# Regenerates into a fresh folder, then swaps it in: files no analysis produces any more
# disappear, and a failed run leaves the old reports untouched.
report: build
	rm -rf reports.new
	$(BIN) run Datasets/analyses.yaml --out reports.new
	rm -rf reports && mv reports.new reports

test: deps
	$(SWIFT) test

# Regenerates the example cohort from its seed (only needed when the generator changes).
example-data: build
	$(BIN) simulate --patients 300 --seed 20261125 --out Datasets/example_cohort.csv

# Fails with a unified diff when reports/ differs from what the code produces now.
check-reports: build
	$(BIN) run Datasets/analyses.yaml --out reports --check --quiet
