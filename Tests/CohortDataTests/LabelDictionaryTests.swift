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

@Suite struct LabelDictionaryOrderTests {
    /// Codes and sorted levels agree with a plain `[String: Int32]` and `sorted()` of the UTF-8
    /// bytes, across the linear-search limit, labels of every length around eight bytes
    /// (the key word), shared prefixes, non-ASCII labels and arrival in and out of order.
    @Test(arguments: [3, LabelDictionary.linearSearchLimit, LabelDictionary.linearSearchLimit + 1, 2_000])
    func codesAndSortedLevelsMatchAPlainDictionary(distinct: Int) {
        var generator = SeededGenerator(seed: UInt64(distinct))
        let stems = ["", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh\u{E9}", "\u{E9}", "Z", "abcdefghijklmnopq"]
        let pool = (0..<distinct).map { stems[$0 % stems.count] + ($0 < stems.count ? "" : String($0)) }
        for inOrder in [true, false] {
            var dictionary = LabelDictionary()
            var expected: [String: Int32] = [:]
            for step in 0..<(distinct * 4) {
                let label = inOrder ? pool[step / 4] : pool[generator.nextInt(below: distinct)]
                var copy = label
                guard !label.isEmpty else { continue }
                let code = copy.withUTF8 { dictionary.code(of: $0) }
                let known = expected[label] ?? Int32(expected.count)
                expected[label] = known
                #expect(code == known, "\(label)")
            }
            let (levels, newCode) = dictionary.sortedLevels()
            let sortedLabels = expected.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(levels == sortedLabels)
            for (label, code) in expected { #expect(levels[Int(newCode[Int(code)])] == label) }
        }
    }
}
