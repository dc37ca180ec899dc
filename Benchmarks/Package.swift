// swift-tools-version:6.1
// package-benchmark suites, kept out of the main package so that `swift build`, `swift test` and
// CI never build the benchmark runtime. Run from the repository root:
//   swift package --package-path Benchmarks benchmark
//   swift package --package-path Benchmarks benchmark --filter 'least squares.*'
// Peer comparisons (R, statsmodels, polars) are the scripts in Notebooks-Scripts/.
import PackageDescription

let package = Package(
    name: "MassageOutcomesBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "MassageOutcomes", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LeastSquaresBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OutcomeStats", package: "MassageOutcomes"),
                .product(name: "CohortData", package: "MassageOutcomes"),
            ],
            path: "Benchmarks/LeastSquaresBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ],
    swiftLanguageModes: [.v6]
)
