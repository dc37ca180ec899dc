import Testing
@testable import CohortData

/// The table, or the error's description, of reading `bytes` in chunks of `chunkSize`.
func readResult(_ bytes: [UInt8], chunkSize: Int = CSVReader.defaultChunkSize, delimiter: Unicode.Scalar = ",") -> String {
    do {
        let table = try CSVReader(delimiter: delimiter, chunkSize: chunkSize).read(bytes, fileName: "t.csv")
        return "\(table.header) \(table.rows) \(table.lineNumbers)"
    } catch {
        return "error: \(error)"
    }
}

/// Streaming in chunks never changes the result: every record, line number and error is the
/// same for every chunk size, whatever the record straddles (quotes, `""`, CRLF, UTF-8, BOM).
@Suite struct CSVChunkingTests {
    static let files: [[UInt8]] = [
        Array("a,b\n1,2\n3,4\n".utf8),
        Array("id,note,x\r\n1,\"a, b\",2\r\n2,\"say \"\"hi\"\"\",3\r\n3,\"two\nlines\",4\r\n\r\n5,\"\",6".utf8),
        [0xEF, 0xBB, 0xBF] + Array("name,city\nJosé,Zürich\r\n\n\"ß\",\"😀\"\n".utf8),
        Array("ab\n1,\"open\u{18}ab\n1,\"open\n\n".utf8),
        Array("a,b\n1,\"x\"y\n".utf8),
        Array("a,b\n1,\"x\"\r".utf8),
        Array("a,b\n1,\"x\"\"".utf8),
        Array("a,b\n\r".utf8),
        Array("a,b\n1,2\r".utf8),
        Array("a,b\n1,\"open".utf8),
        Array("a,b\n1".utf8),
        Array("a\n\"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8),
        Array("a,,c\n".utf8),
        Array("\u{FEFF}".utf8),
        Array("\r\n".utf8),
        Array("x\n".utf8) + [0xE2, 0x82] + Array("\n".utf8),
        Array("id\"a, b\",2\r3\r\nes\",4\r\n".utf8),
        Array("patient_id,week,note\nP1,0,\"a\nb\nc\nd\ne\nf\"\nP2,2,x\nP3,4,y\n".utf8),
        Array("patient_id,week,pain_nrs\nP1,0,1\nP1,2,2\nP2,0,11\nP2,2,seven\nP3,0,3\nP3,2,1e400\n".utf8),
        Array("patient_id,week,site\nP1,0,a\nP1,2,b\nP2,0,c\nP2,2,a\nP3,0,\"NA\"\nP3,2,NA\n".utf8),
    ]

    @Test(arguments: files.indices)
    func everyChunkSizeGivesTheSameResult(index: Int) {
        let bytes = Self.files[index]
        let expected = readResult(bytes)
        for chunkSize in 1...(bytes.count + 2) {
            #expect(readResult(bytes, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func fuzzerFindingTextAfterQuoteAcrossChunks() {
        // Found by the fuzzer: the closing quote's follower arrived in the next chunk.
        let bytes = Array("ab\n1,\"open\u{18}ab\n1,\"open\n\n".utf8)
        #expect(readResult(bytes, chunkSize: 4) == readResult(bytes))
    }
}

@Suite struct LoaderChunkingTests {
    private func loadResult(_ bytes: [UInt8], chunkSize: Int, parallel: Bool = false) -> String {
        do {
            var loader = CohortLoader(reader: CSVReader(chunkSize: chunkSize))
            loader.parallelMinimumBytes = parallel ? 1 : .max
            let frame = try loader.load(data: bytes, fileName: "t.csv")
            return frame.columnNames.map { "\($0): \(frame[$0]!)" }.joined(separator: "; ")
        } catch {
            return "error: \(error)"
        }
    }

    private func validationResult(_ bytes: [UInt8], chunkSize: Int, parallel: Bool = false) -> String {
        do {
            var loader = CohortLoader(reader: CSVReader(chunkSize: chunkSize))
            loader.parallelMinimumBytes = parallel ? 1 : .max
            let loaded = try loader.loadForValidation(data: bytes, fileName: "t.csv")
            return "\(loaded.frame.columnNames) \(loaded.lineNumbers) \(loaded.cellProblems)"
        } catch {
            return "error: \(error)"
        }
    }

    @Test(arguments: CSVChunkingTests.files.indices)
    func loaderResultDoesNotDependOnChunkSize(index: Int) {
        let bytes = CSVChunkingTests.files[index]
        let expected = loadResult(bytes, chunkSize: max(1, bytes.count))
        let expectedValidation = validationResult(bytes, chunkSize: max(1, bytes.count))
        for chunkSize in 1...(bytes.count + 2) {
            #expect(loadResult(bytes, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
            #expect(validationResult(bytes, chunkSize: chunkSize) == expectedValidation, "chunk size \(chunkSize)")
            #expect(loadResult(bytes, chunkSize: chunkSize, parallel: true) == expected, "parallel, chunk size \(chunkSize)")
            #expect(validationResult(bytes, chunkSize: chunkSize, parallel: true) == expectedValidation,
                    "parallel, chunk size \(chunkSize)")
        }
    }

    /// Two-thread loading agrees with one pass on every file of the malformed corpus and on
    /// files whose middle falls inside a quoted field.
    @Test(arguments: malformedFiles)
    func parallelLoadGivesTheSameErrors(_ file: MalformedFile) {
        #expect(loadResult(file.bytes, chunkSize: 5, parallel: true) == loadResult(file.bytes, chunkSize: 5))
    }
}
