// swift-tools-version:6.0
// The libFuzzer target of the CSV reader, kept out of the main package so that `swift build`
// and `swift test` (and CI) never need the fuzzer runtime. Build and run it with
// `Notebooks-Scripts/fuzz-reader.sh SECONDS`.
import PackageDescription

let package = Package(
    name: "MassageOutcomesFuzz",
    dependencies: [.package(name: "MassageOutcomes", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzCSVReader",
            dependencies: [.product(name: "CohortData", package: "MassageOutcomes")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)
