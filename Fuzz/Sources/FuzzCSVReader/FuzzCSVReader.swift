import CohortData
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: every input must either load or fail with a `CohortDataError` whose
/// description is one line — never crash, hang or trip the address sanitizer — and the result
/// must not depend on the chunk size the file is streamed in, nor on reading it in two halves
/// on two threads.
///
/// The first byte picks the delimiter and a small chunk size (1–32 bytes), so records straddle
/// chunk boundaries in every way; the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: count - 1))
    let delimiter: Unicode.Scalar = [",", ";", "\t", ","][Int(control & 3)]
    let chunkSize = Int(control >> 3) + 1

    let wholeFile = max(1, bytes.count)
    let whole = table(CSVReader(delimiter: delimiter, chunkSize: wholeFile), bytes)
    let chunked = table(CSVReader(delimiter: delimiter, chunkSize: chunkSize), bytes)
    check(whole == chunked, "result depends on the chunk size \(chunkSize): \(whole) vs \(chunked)")

    let loaded = frameOrError(CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: wholeFile)), bytes)
    let loadedChunked = frameOrError(CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: chunkSize)), bytes)
    check(loaded == loadedChunked, "loader result depends on the chunk size \(chunkSize)")

    // Two threads (each half in chunks) must agree with one pass, errors included.
    var parallel = CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: chunkSize))
    parallel.parallelMinimumBytes = 1
    check(frameOrError(parallel, bytes) == loaded, "parallel load differs from one pass")

    checkProjection(bytes, delimiter: delimiter, chunkSize: chunkSize, control: control, whole: loaded)

    let loader = CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: chunkSize))
    if let validation = try? loader.loadForValidation(data: bytes, fileName: "fuzz.csv") {
        check(validation.lineNumbers.count == validation.frame.rowCount, "one line number per row")
        for problem in validation.cellProblems { checkOneLine(problem.error.description) }
        // The strict load fails exactly when validation found a problem cell.
        if case .success = loaded { check(validation.cellProblems.isEmpty, "strict load accepted a problem cell") }
    }
    return 0
}

/// A projected load (every other header name, starting at the first or the second as the
/// control byte says, in one pass and in two halves) must give the whole load's frame
/// restricted to those columns, or the whole load's error — unless that error is a cell that
/// is not a number or out of range in a column the projection does not read.
private func checkProjection(_ bytes: [UInt8], delimiter: Unicode.Scalar, chunkSize: Int, control: UInt8,
                             whole: Result<String, CohortDataErrorText>) {
    let headerLine = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
    let names = headerLine.split(separator: UInt8(delimiter.value), omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self).trimmingSpacesAndTabs() }
    let selected = Set(names.enumerated().filter { ($0.offset + Int(control >> 2 & 1)) % 2 == 0 }.map(\.element))
    var loaders = [CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: chunkSize))]
    loaders[0].parallelMinimumBytes = .max
    var parallel = CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: chunkSize))
    parallel.parallelMinimumBytes = 1
    loaders.append(parallel)

    let expected: Result<String, CohortDataErrorText>?
    do {
        let frame = try CohortLoader(reader: CSVReader(delimiter: delimiter, chunkSize: max(1, bytes.count)))
            .load(data: bytes, fileName: "fuzz.csv")
        expected = .success(frame.columnNames.filter { selected.contains($0) }.map { "\($0): \(frame[$0]!)" }
            .joined(separator: "; "))
    } catch let error as CohortDataError {
        switch error {
        case .notANumber(let location, _), .notFinite(let location, _), .outOfRange(let location, _, _):
            expected = location.columnName.map { selected.contains($0) } ?? true ? whole : nil
        default:
            expected = whole
        }
    } catch {
        expected = whole
    }
    for loader in loaders {
        let projected: Result<String, CohortDataErrorText>
        do {
            let frame = try loader.load(data: bytes, fileName: "fuzz.csv", columns: .only(selected))
            projected = .success(frame.columnNames.map { "\($0): \(frame[$0]!)" }.joined(separator: "; "))
        } catch let error as CohortDataError {
            checkOneLine(error.description)
            projected = .failure(CohortDataErrorText(text: error.description))
        } catch {
            projected = .failure(CohortDataErrorText(text: "\(error)"))
        }
        if let expected { check(projected == expected, "projected load differs: \(projected) vs \(expected)") }
    }
}

private extension String {
    func trimmingSpacesAndTabs() -> String {
        String(unicodeScalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            .map(Character.init))
    }
}

/// The table or the error's description.
private func table(_ reader: CSVReader, _ bytes: [UInt8]) -> Result<CSVTable, CohortDataErrorText> {
    do {
        return .success(try reader.read(bytes, fileName: "fuzz.csv"))
    } catch let error as CohortDataError {
        checkOneLine(error.description)
        return .failure(CohortDataErrorText(text: error.description))
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
}

/// The frame as text (every value), or the error's description.
private func frameOrError(_ loader: CohortLoader, _ bytes: [UInt8]) -> Result<String, CohortDataErrorText> {
    do {
        let frame = try loader.load(data: bytes, fileName: "fuzz.csv")
        return .success(frame.columnNames.map { "\($0): \(frame[$0]!)" }.joined(separator: "; "))
    } catch let error as CohortDataError {
        checkOneLine(error.description)
        return .failure(CohortDataErrorText(text: error.description))
    } catch {
        return .failure(CohortDataErrorText(text: "\(error)"))
    }
}

/// Like `precondition`, but prints its message in release builds too.
private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        // Straight to file descriptor 2: `print` is buffered and lost when `abort` follows.
        let line = Array("fuzz check failed: \(message())\n".utf8)
        line.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
        abort()
    }
}

private func checkOneLine(_ text: String) {
    check(!text.contains("\n") && !text.contains("\r"), "error description spans lines: \(text)")
}

struct CohortDataErrorText: Error, Equatable {
    let text: String
}

// SwiftPM links executables with `--defsym main=<Target>_main` (so tests can import them),
// which would hide libFuzzer's own `main`; this entry point hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzCSVReader_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzCSVReader)
}
