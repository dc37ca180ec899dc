import Testing
@testable import OutcomeStats

/// Closed forms; the certified NIST values are in NISTStRDTests.
@Test func meanAndVarianceOfSmallSamples() throws {
    #expect(try mean([1, 2, 3, 4]) == 2.5)
    #expect(try variance([1, 2, 3, 4]) == 5.0 / 3.0)
    #expect(try standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) == (32.0 / 7.0).squareRoot())
    // A constant sample far from zero has variance exactly 0 (the one-pass formula fails here).
    #expect(try variance([1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1]) == 0)
    #expect(try mean([1, .nan]).isNaN)
}

@Test func emptySamplesAreErrors() {
    #expect(throws: StatsError.domain("the mean of an empty sample is undefined")) { try mean([]) }
    #expect(throws: StatsError.domain("the variance needs at least two values, got 1")) { try variance([1]) }
}

/// Both extended arithmetics give the same corrected two-pass result.
@Test(arguments: ExtendedArithmetic.allCases)
func extendedArithmeticsAgree(_ arithmetic: ExtendedArithmetic) {
    let values = (0..<1000).map { 10000000.2 + ($0 % 2 == 0 ? 0.1 : -0.1) }
    let (_, m, squares) = arithmetic.sumAndCentredSquares(values)
    #expect(abs(m - 10000000.2) < 1e-8)
    #expect(abs(squares / 1000 - 0.01) < 1e-9)
}
