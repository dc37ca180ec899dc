import OutcomeStats
import Testing
@testable import CohortData

/// Awkward label material: quotes, delimiters, line breaks, spaces, tokens, non-ASCII.
private let pieces = ["a", "Z", "\"", ",", ";", "\t", "\n", "\r\n", "\r", " ", "NA", ".", "é", "ß", "日本", "😀", "x y",
                      "\u{FEFF}", "e", "1", "-", "0.5", "\\", "'", "\u{7F}", "\u{2028}"]

private func randomLabel(_ generator: inout SeededGenerator) -> String {
    var label = ""
    for _ in 0..<(1 + generator.nextInt(below: 4)) { label += pieces[generator.nextInt(below: pieces.count)] }
    return label
}

private func randomNumber(_ generator: inout SeededGenerator) -> Double {
    switch generator.nextInt(below: 8) {
    case 0: return .nan
    case 1: return -0.0
    case 2: return Double(generator.nextInt(below: 200)) / 10          // 12.3
    case 3: return Double(bitPattern: UInt64(generator.nextInt(below: Int.max)) & 0x000F_FFFF_FFFF_FFFF)  // subnormal
    case 4: return generator.nextNormal() * 1e300
    case 5: return generator.nextNormal() * 1e-300
    case 6:
        // Any finite double.
        while true {
            let bits = UInt64(truncatingIfNeeded: generator.nextInt(below: Int.max)) << 1 | UInt64(generator.nextInt(below: 2))
            let value = Double(bitPattern: bits)
            if value.isFinite { return generator.nextInt(below: 2) == 0 ? value : -value }
        }
    default: return generator.nextNormal()
    }
}

/// A random frame and the schema that declares its kinds.
private func randomFrame(_ generator: inout SeededGenerator) throws -> (Frame, CohortSchema) {
    var columns: [(String, Column)] = []
    var declared: [CohortColumn] = []
    let rows = generator.nextInt(below: 25)
    for index in 0..<(1 + generator.nextInt(below: 5)) {
        // Names: awkward too, but never padded, empty or repeated (headers are trimmed).
        let name = "c\(index)" + (generator.nextInt(below: 2) == 0 ? "" : randomLabel(&generator).filter { !$0.isWhitespace }) + "_"
        if generator.nextInt(below: 2) == 0 {
            columns.append((name, .numeric((0..<rows).map { _ in randomNumber(&generator) })))
            declared.append(CohortColumn(name: name, kind: .numeric))
        } else {
            let labels: [String?] = (0..<rows).map { _ in generator.nextInt(below: 6) == 0 ? nil : randomLabel(&generator) }
            columns.append((name, .categorical(CategoricalColumn(labels))))
            declared.append(CohortColumn(name: name, kind: .categorical))
        }
    }
    return (try Frame(columns: columns), CohortSchema(columns: declared))
}

/// Frames equal cell by cell, numbers bit for bit (any NaN equals any NaN).
private func identical(_ a: Frame, _ b: Frame) -> Bool {
    guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
    for name in a.columnNames {
        switch (a[name]!, b[name]!) {
        case let (.numeric(x), .numeric(y)):
            guard zip(x, y).allSatisfy({ ($0.isNaN && $1.isNaN) || $0.bitPattern == $1.bitPattern }) else { return false }
        case let (.categorical(x), .categorical(y)):
            guard x == y else { return false }
        default:
            return false
        }
    }
    return true
}

@Suite struct CSVWriterTests {
    /// Write → read gives back the identical frame, for 500 random frames with awkward labels,
    /// awkward column names and numbers of every kind (subnormal, huge, -0, missing), read in
    /// chunks of several sizes.
    @Test(arguments: [1, 7, CSVReader.defaultChunkSize])
    func roundTripIsIdentical(chunkSize: Int) throws {
        var generator = SeededGenerator(seed: 4)
        for trial in 0..<500 {
            let (frame, schema) = try randomFrame(&generator)
            let bytes = try CSVWriter(neutralizesFormulas: false).bytes(of: frame)
            let loaded = try CohortLoader(schema: schema, reader: CSVReader(chunkSize: chunkSize))
                .load(data: bytes, fileName: "round.csv")
            #expect(identical(frame, loaded), "trial \(trial): \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func quotesOnlyWhatNeedsIt() throws {
        let frame = try Frame(columns: [
            ("id", .categorical(CategoricalColumn(["plain", "a,b", "say \"hi\"", "NA", " pad", "two\nlines"]))),
            ("x", .numeric([1, 0.1, .nan, -0.0, 1e-5, 2.5])),
        ])
        let text = String(decoding: try CSVWriter().bytes(of: frame), as: UTF8.self)
        #expect(text == "id,x\nplain,1.0\n\"a,b\",0.1\n\"say \"\"hi\"\"\",\n\"NA\",-0.0\n\" pad\",1e-05\n\"two\nlines\",2.5\n")
    }

    /// Labels a spreadsheet would run as formulas get a `'` prefix; plain numbers do not.
    @Test(arguments: [("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
                      ("@SUM(1+1)", "'@SUM(1+1)"), ("-2+3", "'-2+3"), ("\tx", "'\tx"), ("-0.25", "-0.25"), ("+3", "+3"), ("a=b", "a=b")])
    func formulaLabelsAreNeutralized(label: String, written: String) throws {
        let frame = try Frame(columns: [("level", .categorical(CategoricalColumn([label])))])
        let text = String(decoding: try CSVWriter().bytes(of: frame), as: UTF8.self)
        #expect(text == "level\n\(written)\n")
    }

    @Test func infiniteNumbersAreRefused() throws {
        let frame = try Frame(columns: [("x", .numeric([1, .infinity]))])
        #expect(throws: CohortDataError.notFinite(SourceLocation(file: "frame", line: 3, column: 1, columnName: "x"), text: "inf")) {
            try CSVWriter().bytes(of: frame)
        }
    }
}
