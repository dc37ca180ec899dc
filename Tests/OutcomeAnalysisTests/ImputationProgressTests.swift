import Foundation
import Testing
@testable import OutcomeAnalysis

/// Progress of a long imputation: one report per completed data set fitted, counted 1 … m in
/// order whatever order the cores finish in, then per δ of a tipping grid; the output does not
/// depend on whether progress is watched.
private let trial = repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv").path

private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ImputationProgress] = []
    func record(_ event: ImputationProgress) { lock.lock(); events.append(event); lock.unlock() }
    var all: [ImputationProgress] { lock.lock(); defer { lock.unlock() }; return events }
}

private func request(method: ImputationMethod = .approximateBayesian) -> FitRequest {
    var request = FitRequest(formula: "change ~ baseline + arm", dataPath: trial, format: .json,
                             referenceLevels: ["arm": "usual_care"], subset: try! RowSubset("week == 8"))
    var imputation = ImputationRequest(assumption: method == .conditionalMean ? .jumpToReference : .mar,
                                       imputations: 6, seed: 3, group: "arm")
    imputation.method = method
    imputation.deltas = method == .conditionalMean ? [] : [0, 0.5]
    request.imputation = imputation
    return request
}

@Test func imputationProgressCountsEveryImputationOfEveryStage() throws {
    let recorder = Recorder()
    let watched = try request().run(progress: { recorder.record($0) })
    let expected = ["imputations", "imputations at δ = 0", "imputations at δ = 0.5"].flatMap { stage in
        (1...6).map { ImputationProgress(stage: stage, completed: $0, total: 6) }
    }
    #expect(recorder.all == expected)
    #expect(try request().run() == watched)
}

@Test func jackknifeProgressCountsEveryReplicate() throws {
    let recorder = Recorder()
    _ = try request(method: .conditionalMean).run(progress: { recorder.record($0) })
    let events = recorder.all
    try #require(!events.isEmpty)
    #expect(events.allSatisfy { $0.stage == "jackknife refits" && $0.total == 300 })
    #expect(events.map(\.completed) == Array(1...300))
}
