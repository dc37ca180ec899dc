import Foundation
import Testing
@testable import OutcomeStats

/// At the fitted rows the predictions are the fitted values, and a prediction interval

@Test func predictionsAtTheDataAreTheFittedValues() throws {
    let frame = try inferenceTestData()
    let fit = try LinearModel("y ~ x + a * b").fit(to: frame)
    let predictions = try fit.predict(for: frame, level: 0.9)
    #expect(predictions.count == fit.fittedValues.count)
    for (p, fitted) in zip(predictions, fit.fittedValues) {
        let p = try #require(p)
        #expect(abs(p.fitted - fitted) <= 1e-12 * max(1, abs(fitted)))
        #expect(p.predictionLow < p.confidenceLow && p.confidenceHigh < p.predictionHigh)
    }
}
