import OutcomeStats
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point for the formula parser and the design it codes: every input must
/// parse or fail with a `StatsError`, never crash, trap, hang or trip the address sanitizer.
/// A formula that parses is coded on a small frame (`ModelMatrix`, `DesignCoding`) and, when
/// its design is small, fitted, so term expansion, labels, literal checks and function columns
/// are fuzzed too; their errors must be `StatsError`s with a bounded description.
///
/// The frame has short column names the fuzzer finds quickly: numeric `y`, `x`, `z` (with a
/// zero and negative values), `w` (with a missing value), categorical `g` (three levels), `h`
/// (two) and `k` (one level).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormulaParser(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let formula: Formula
    do {
        formula = try Formula(text)
    } catch let error as StatsError {
        checkBounded(error)
        return 0
    } catch {
        fail("unexpected error type from Formula: \(error)")
    }
    check(formula.terms.count <= Formula.maximumTerms, "more terms than the budget: \(formula.terms.count)")
    _ = formula.description
    _ = formula.allVariables
    for term in formula.terms { _ = term.label }
    for expression in formula.expressions.values { _ = expression.label; _ = expression.columns }
    for term in formula.randomTerms { _ = term.description; _ = term.effectNames }
    _ = formula.covarianceTerm?.description

    // Crossed poly() terms multiply their columns (issue 16's design budget, not this parser's
    // work); the harness codes only designs of modest width so that a run measures the parser.
    guard estimatedColumns(formula) <= 2_000 else { return 0 }
    let frame = frame
    do {
        let matrix = try ModelMatrix(formula: formula, frame: frame)
        check(matrix.values.count == matrix.rowCount * matrix.columnCount, "matrix size")
        _ = try DesignCoding(formula: formula, frame: frame)
        if formula.isMMRM && matrix.columnCount <= 6 {
            let fit = try MMRM(formula).fit(to: frame)
            for coefficient in fit.coefficients {
                if let estimate = coefficient.estimate { check(estimate.isFinite, "non-finite MMRM estimate for \(coefficient.term)") }
            }
        } else if !formula.isMixed && matrix.columnCount <= 12 {
            let fit = try LinearModel(formula).fit(to: frame)
            for coefficient in fit.coefficients {
                if let estimate = coefficient.estimate { check(estimate.isFinite, "non-finite estimate for \(coefficient.term)") }
            }
        }
    } catch let error as StatsError {
        checkBounded(error)
    } catch {
        fail("unexpected error type from the design: \(error)")
    }
    return 0
}

/// The frame, built for each input: a global would be reported as a leak when the run ends.
private var frame: Frame {
    do {
        return try Frame(columns: [
            ("y", .numeric([1, 2.5, 3, 4.25, 5, 7, 6.5, 9])),
            ("x", .numeric([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4])),
            ("z", .numeric([0, -1, 2, -3, 4, -5, 6, 1])),
            ("w", .numeric([2, 4, .nan, 8, 1, 3, 5, 7])),
            ("g", .categorical(CategoricalColumn(["b", "a", "c", "a", "b", "c", "a", "b"]))),
            ("h", .categorical(CategoricalColumn(["u", "v", "u", "v", "u", "v", "v", "u"]))),
            ("k", .categorical(CategoricalColumn(["only", "only", "only", "only", "only", "only", "only", "only"]))),
        ])
    } catch {
        fatalError("fuzz frame: \(error)")
    }
}

/// An upper bound on the design's columns: per term, the product of each variable's columns.
private func estimatedColumns(_ formula: Formula) -> Int {
    var total = 1
    for term in formula.terms {
        var columns = 1
        for variable in term.variables {
            let width = formula.expressions[variable].map { expression -> Int in
                if case .call("poly", _) = expression { return TermExpression.maximumPolynomialDegree }
                return 1
            } ?? 3
            columns = columns.multipliedReportingOverflow(by: width).partialValue
            if columns > 1_000_000 { return .max }
        }
        total += columns
        if total > 1_000_000 { return .max }
    }
    return total
}

/// A message quotes an excerpt of a long input, never all of it.
private func checkBounded(_ error: StatsError) {
    let description = error.description
    let scalars = Array(description.unicodeScalars)
    check(scalars.count < 2_000, "error description of \(scalars.count) scalars: "
          + String(String.UnicodeScalarView(scalars.prefix(300))) + " … " + String(String.UnicodeScalarView(scalars.suffix(300))))
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

@_cdecl("FuzzFormulaParser_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzFormulaParser)
}
