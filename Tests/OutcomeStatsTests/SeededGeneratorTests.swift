import Foundation
import Testing
@testable import OutcomeStats

@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameSequence() {
        var a = SeededGenerator(seed: 123), b = SeededGenerator(seed: 123)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsDiffer() {
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 2)
        #expect((0..<10).map { _ in a.next() } != (0..<10).map { _ in b.next() })
    }

    /// SplitMix64's first output for seed 0 is the published 0xE220A8397B1DCDAF (the test
    /// vector of Vigna's reference splitmix64.c).
    @Test func splitMixMatchesReference() {
        var splitMix = SplitMix64(state: 0)
        #expect(splitMix.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func uniformIsInUnitInterval() {
        var generator = SeededGenerator(seed: 9)
        var sum = 0.0
        let n = 100_000
        for _ in 0..<n {
            let u = generator.nextUniform()
            #expect(u >= 0 && u < 1)
            sum += u
        }
        // Mean of n uniforms has standard deviation √(1/12n) ≈ 0.0009; allow 5.
        #expect(abs(sum / Double(n) - 0.5) < 5 * (1.0 / (12.0 * Double(n))).squareRoot())
    }

    @Test(arguments: [1, 2, 6, 7, 1_000])
    func boundedIntegersCoverTheirRange(bound: Int) {
        var generator = SeededGenerator(seed: UInt64(bound))
        var seen = Set<Int>()
        for _ in 0..<(bound * 50) {
            let k = generator.nextInt(below: bound)
            #expect((0..<bound).contains(k))
            seen.insert(k)
        }
        #expect(seen.count == bound)
    }

    /// Sample mean and variance of 200 000 normals: the mean's standard error is 0.0022 and
    /// the variance's √(2/n) ≈ 0.0032; allow 5 of each.
    @Test func normalMomentsAndTails() {
        var generator = SeededGenerator(seed: 2024)
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0, beyondTwo = 0
        for _ in 0..<n {
            let z = generator.nextNormal()
            sum += z
            sumSquares += z * z
            if abs(z) > 1.959963984540054 { beyondTwo += 1 }
        }
        let mean = sum / Double(n)
        #expect(abs(mean) < 5 * (1 / Double(n)).squareRoot())
        #expect(abs(sumSquares / Double(n) - mean * mean - 1) < 5 * (2 / Double(n)).squareRoot())
        // P(|Z| > 1.96) = 0.05; binomial standard error √(0.05·0.95/n) ≈ 0.00049.
        #expect(abs(Double(beyondTwo) / Double(n) - 0.05) < 5 * (0.05 * 0.95 / Double(n)).squareRoot())
    }

    @Test func weightedIndexFollowsWeights() {
        var generator = SeededGenerator(seed: 3)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[generator.nextIndex(weights: [0.5, 0, 1.5])] += 1 }
        #expect(counts[1] == 0)
        // Expected 7 500 of 30 000; binomial SD = √(30 000·0.25·0.75) = 75; allow 5.
        #expect(abs(counts[0] - 7_500) < 375)
    }

    /// The portable logarithm agrees with the C library's to a few units in the last place
    /// (both are within about 1 ulp of the true value).
    @Test func portableLogMatchesLibm() {
        var generator = SeededGenerator(seed: 11)
        var inputs: [Double] = [1, 2, 0.5, 1e-300, 1e300, 0x1p-53, 0.7071067811865476, 1.4142135623730951, 10,
                                Double.leastNormalMagnitude, Double.greatestFiniteMagnitude]
        for _ in 0..<10_000 { inputs.append(generator.nextUniform() + 0x1p-60) }
        for x in inputs {
            let reference = Foundation.log(x)
            let tolerance = 4 * max(abs(reference), 1).ulp
            #expect(abs(portableLog(x) - reference) <= tolerance, "log(\(x))")
        }
        #expect(portableLog(1) == 0)
    }
}
