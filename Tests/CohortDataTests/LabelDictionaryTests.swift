import Testing
@testable import CohortData

@Suite struct LabelDictionaryTests {
    /// Codes are stable through table growth, the last-value cache and interning, and equal
    /// the order of arrival.
    @Test func labelDictionaryCodesAreStable() {
        var dictionary = LabelDictionary()
        var expected: [String: Int32] = [:]
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let label = "P\(generator.nextInt(below: 5_000))" + (generator.nextInt(below: 3) == 0 ? "é" : "")
            var copy = label
            let code = copy.withUTF8 { dictionary.code(of: $0) }!
            if let known = expected[label] { #expect(code == known) } else {
                #expect(Int(code) == expected.count)
                expected[label] = code
            }
        }
        for (label, code) in expected { #expect(dictionary.intern(label) == code) }
        #expect(dictionary.levels.count == expected.count)
        #expect(dictionary.intern("new") == Int32(expected.count))
    }

    @Test func labelsWithNulAreRefusedAndEmptyLabelsAreDistinct() {
        var dictionary = LabelDictionary()
        let nul: [UInt8] = [0x61, 0, 0x62]
        #expect(nul.withUnsafeBufferPointer { dictionary.code(of: $0) } == nil)
        let a: [UInt8] = [0x61], ab: [UInt8] = [0x61, 0x62]
        #expect(a.withUnsafeBufferPointer { dictionary.code(of: $0) } == 0)
        #expect(ab.withUnsafeBufferPointer { dictionary.code(of: $0) } == 1)
        #expect(a.withUnsafeBufferPointer { dictionary.code(of: $0) } == 0)
        #expect(dictionary.sortedLevels().levels == ["a", "ab"])
    }
}
