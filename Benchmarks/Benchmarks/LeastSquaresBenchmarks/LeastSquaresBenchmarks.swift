import Benchmark
import CohortData
import Foundation
import OutcomeStats

/// Fits on a simulated cohort of 1,000,002 visits (166,667 patients, seed 11 — the cohort of
/// Notebooks-Scripts/bench_fit_hc3.sh), in process: the streamed least squares that
/// `LinearModel.fit` uses at this size, against the in-memory refined QR it uses for small data,
/// and the CSV load that precedes them. Wall clock and peak memory per iteration.
let cohort: (path: String, frame: Frame) = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("outcomes-bench-166667-seed11.csv").path
    if !FileManager.default.fileExists(atPath: path) {
        let bytes = CohortSimulator(patients: 166_667, seed: 11).csvBytes()
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
    return (path, try! CohortLoader().load(path: path, columns: modelColumns))
}()

let formula = "pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi"
let modelColumns = ColumnSelection.only(["pain_nrs", "sessions_per_week", "technique", "cohort", "week", "age", "sex", "bmi"])
let model = try! LinearModel(formula, contrasts: ["technique": .treatment(reference: "usual_care")])

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(10),
                                                maxIterations: 10)

    Benchmark("load: 1,000,002 rows, the 8 model columns", configuration: configuration) { benchmark in
        let path = cohort.path
        benchmark.startMeasurement()
        blackHole(try CohortLoader().load(path: path, columns: modelColumns))
    }

    Benchmark("least squares: streamed fit + HC3, 1,000,002 rows", configuration: configuration) { benchmark in
        let frame = cohort.frame
        benchmark.startMeasurement()
        blackHole(try model.fit(to: frame, covariance: .hc3))
    }

    Benchmark("least squares: streamed fit, classical, 1,000,002 rows", configuration: configuration) { benchmark in
        let frame = cohort.frame
        benchmark.startMeasurement()
        blackHole(try model.fit(to: frame))
    }

    Benchmark("least squares: in-memory design + refined QR, classical, 1,000,002 rows",
              configuration: configuration) { benchmark in
        let frame = cohort.frame
        benchmark.startMeasurement()
        let design = try ModelMatrix(formula: model.formula, frame: frame, contrasts: model.contrasts)
        let ls = try RefinedLeastSquares(matrix: design.values, rows: design.rowCount, columns: design.columnCount,
                                         response: design.response, rankTolerance: LinearModel.rankTolerance)
        blackHole(try ls.inverseGram())
    }

    Benchmark("glm: binomial responder model, 1,000,002 rows", configuration: configuration) { benchmark in
        let frame = try ResponderDerivation(outcome: "pain_nrs").adding(
            to: CohortLoader().load(path: cohort.path, columns: .only(["patient_id", "pain_nrs", "technique", "cohort", "week"])))
        let glm = try GeneralizedLinearModel("pain_nrs_responder ~ technique + cohort * week", family: .binomial,
                                             contrasts: ["technique": .treatment(reference: "usual_care")])
        benchmark.startMeasurement()
        blackHole(try glm.fit(to: frame))
    }
}
