import Foundation
import OutcomeAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point for the spec loader: every input must either load or fail with an
/// ``AnalysisError`` whose description is one line with no raw control character — never
/// crash, overflow the stack, hang or trip the address sanitizer — and a spec that loads
/// expands to at most its analysis limit.
///
/// Input that is valid UTF-8 goes to `AnalysisSpec(yaml:path:)`; other input is written to a
/// file and read by `AnalysisSpec(path:)`, which must locate the first bad byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpecLoader(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    do {
        let spec: AnalysisSpec
        if let text = String(validating: bytes, as: UTF8.self) {
            spec = try AnalysisSpec(yaml: text, path: "fuzz/spec.yaml")
        } else {
            let path = scratchPath()
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            spec = try AnalysisSpec(path: path)
        }
        check(spec.analyses.count <= 1_000_000, "expanded past the ceiling: \(spec.analyses.count)")
        for analysis in spec.analyses {
            check(analysis.name.range(of: "^[A-Za-z0-9_-]+$", options: .regularExpression) != nil && analysis.name != "shards",
                  "accepted a name that is not a plain folder name: \(analysis.name)")
        }
    } catch let error as AnalysisError {
        let text = error.description
        check(!text.contains("\n") && !text.contains("\r"), "error description spans lines: \(text)")
        check(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" }, "raw control character in: \(text)")
    } catch {
        check(false, "an error that is not an AnalysisError: \(error)")
    }
    return 0
}

/// A per-process file for inputs that are not UTF-8.
private func scratchPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-spec-\(getpid()).yaml").path
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

// SwiftPM links executables with `--defsym main=<Target>_main` (so tests can import them),
// which would hide libFuzzer's own `main`; this entry point hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzSpecLoader_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzSpecLoader)
}
