// swift-tools-version:6.0
// The libFuzzer targets (the CSV reader, the formula parser, the subset parser, the spec loader),
// kept out of the main package so that `swift build` and `swift test` (and CI) never need the
// fuzzer runtime. Build and run them with `Notebooks-Scripts/fuzz-reader.sh SECONDS`,
// `Notebooks-Scripts/fuzz-parsers.sh formula|subset SECONDS` and `Notebooks-Scripts/fuzz-spec.sh SECONDS`.
import PackageDescription

let package = Package(
    name: "MassageOutcomesFuzz",
    dependencies: [.package(name: "MassageOutcomes", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzCSVReader",
            dependencies: [.product(name: "CohortData", package: "MassageOutcomes")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzFormulaParser",
            dependencies: [.product(name: "OutcomeStats", package: "MassageOutcomes")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzSubsetParser",
            dependencies: [.product(name: "OutcomeAnalysis", package: "MassageOutcomes"),
                           .product(name: "OutcomeStats", package: "MassageOutcomes")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzSpecLoader",
            dependencies: [.product(name: "OutcomeAnalysis", package: "MassageOutcomes")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)
