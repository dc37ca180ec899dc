import OutcomeAnalysis
import OutcomeStats
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point for the `subset:` parser: every input must parse or fail with a
/// `SubsetError`, never crash, hang or trip the address sanitizer; a subset that parses is
/// evaluated on a small frame, where it must select ascending rows of the frame or fail with a
/// `SubsetError`, and selecting twice must give the same rows.
///
/// The frame's columns have short names: numeric `week` and `x` (with missing values),
/// categorical `cohort` and `c` (with a missing level).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSubsetParser(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let subset: RowSubset
    do {
        subset = try RowSubset(text)
    } catch let error as SubsetError {
        checkBounded(error)
        return 0
    } catch {
        fail("unexpected error type from RowSubset: \(error)")
    }
    _ = subset.description
    let frame = frame
    do {
        let rows = try subset.matchingRows(in: frame)
        check(rows == rows.sorted() && Set(rows).count == rows.count, "rows not ascending and distinct: \(rows)")
        check(rows.allSatisfy { $0 >= 0 && $0 < frame.rowCount }, "row outside the frame: \(rows)")
        check(try subset.matchingRows(in: frame) == rows, "selection not deterministic")
    } catch let error as SubsetError {
        checkBounded(error)
    } catch {
        fail("unexpected error type from matchingRows: \(error)")
    }
    return 0
}

/// The frame, built for each input: a global would be reported as a leak when the run ends.
private var frame: Frame {
    do {
        return try Frame(columns: [
            ("week", .numeric([0, 2, 4, .nan, 6, 8])),
            ("x", .numeric([-1.5, 0, 1e300, 2, .nan, -0.0])),
            ("cohort", .categorical(CategoricalColumn(["acute", "chronic", "acute", "chronic", nil, "subacute"]))),
            ("c", .categorical(CategoricalColumn(["a", "b", nil, "a", "b", "a"]))),
        ])
    } catch {
        fatalError("fuzz frame: \(error)")
    }
}

/// A message quotes an excerpt of a long input, never all of it.
private func checkBounded(_ error: SubsetError) {
    let description = error.description
    check(description.unicodeScalars.count < 2_000, "error description of \(description.unicodeScalars.count) scalars")
}

/// Like `precondition`, but prints its message in release builds too.
private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

private func fail(_ message: String) -> Never {
    // Written straight to file descriptor 2: `print` is buffered and lost when `abort` follows
    // with stdout redirected to a file.
    let line = Array("fuzz check failed: \(message)\n".utf8)
    line.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
    abort()
}

// SwiftPM links executables with `--defsym main=<Target>_main` (so tests can import them),
// which would hide libFuzzer's own `main`; this entry point hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzSubsetParser_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzSubsetParser)
}
