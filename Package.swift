// swift-tools-version:6.0
import PackageDescription

let realModule: Target.Dependency = .product(name: "RealModule", package: "swift-numerics")

let package = Package(
    name: "MassageOutcomes",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "OutcomeStats", targets: ["OutcomeStats"]),
        .library(name: "CohortData", targets: ["CohortData"]),
        .library(name: "OutcomeReports", targets: ["OutcomeReports"]),
        .library(name: "OutcomeAnalysis", targets: ["OutcomeAnalysis"]),
        .executable(name: "outcomes", targets: ["outcomes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Tests only: RealModule's isApproximatelyEqual(to:relativeTolerance:), the one
        // approximate-equality helper of every test target.
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        .target(name: "CFixedOrder"),
        .target(name: "OutcomeStats", dependencies: ["CFixedOrder"]),
        // Deterministic text shared by the data and report layers: number text, JSON values,
        // the CSV formula-injection guard.
        .target(name: "PlainText"),
        .systemLibrary(name: "CReadStat", path: "Sources/CReadStat"),
        .target(name: "CohortData", dependencies: ["OutcomeStats", "PlainText", "CReadStat"]),
        .target(name: "OutcomeReports", dependencies: ["OutcomeStats", "PlainText"]),
        .target(
            name: "OutcomeAnalysis",
            dependencies: ["OutcomeStats", "CohortData", "OutcomeReports", .product(name: "Yams", package: "Yams"),
                           .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "outcomes",
            dependencies: ["OutcomeAnalysis", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "OutcomeStatsTests", dependencies: ["OutcomeStats", "CLapack", realModule], resources: [.copy("Fixtures")]),
        .testTarget(name: "CohortDataTests", dependencies: ["CohortData", "PlainText", realModule]),
        .testTarget(name: "OutcomeReportsTests", dependencies: ["OutcomeReports", realModule], exclude: ["Golden"]),
        .testTarget(name: "OutcomeAnalysisTests", dependencies: ["OutcomeAnalysis", "outcomes", realModule], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
