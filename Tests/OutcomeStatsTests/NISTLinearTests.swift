import Foundation
import Testing
@testable import OutcomeStats

/// Certified values of NIST StRD linear regression datasets (files in Fixtures/, unchanged from
/// NIST; the certified values are read from each file's own header).
struct NISTDataset {
    var y: [Double] = []
    var x: [[Double]] = []
    var certifiedEstimates: [Double] = []
    var certifiedStandardErrors: [Double] = []
    var certifiedResidualSD = 0.0
    var certifiedRSquared = 0.0

    init(named name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "dat", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            let fields = line.split(separator: " ")
            if fields.count == 3, fields[0].hasPrefix("B"), Int(fields[0].dropFirst()) != nil {
                certifiedEstimates.append(Double(fields[1])!)
                certifiedStandardErrors.append(Double(fields[2])!)
            } else if fields.count == 3 && fields[0] == "Standard" && fields[1] == "Deviation" {
                certifiedResidualSD = Double(fields.last!)!
            } else if line.contains("R-Squared") {
                certifiedRSquared = Double(fields.last!)!
            }
        }
        let dataStart = try #require(lines.lastIndex { $0.hasPrefix("Data:") })
        for line in lines[(dataStart + 1)...] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let values = try line.split(separator: " ").map { try #require(Double($0)) }
            y.append(values[0])
            x.append(Array(values.dropFirst()))
        }
    }
}

extension NISTDataset {
    /// The data as a frame: `y` and `x` (one predictor) or `x1`, `x2`, … (several).
    func frame() throws -> Frame {
        var columns: [(String, Column)] = [("y", .numeric(y))]
        if x[0].count == 1 {
            columns.append(("x", .numeric(x.map { $0[0] })))
        } else {
            for j in x[0].indices { columns.append(("x\(j + 1)", .numeric(x.map { $0[j] }))) }
        }
        return try Frame(columns: columns)
    }
}

/// Log relative error: the number of correct significant digits, as NIST's StRD papers define it.
func logRelativeError(_ value: Double, certified: Double) -> Double {
    if value == certified { return 15 }
    if certified == 0 { return min(15, -log10(abs(value))) }
    return min(15, -log10(abs(value - certified) / abs(certified)))
}

@Test func longleyMatchesCertifiedValuesToNineDigits() throws {
    let data = try NISTDataset(named: "Longley")
    var columns: [(String, Column)] = [("y", .numeric(data.y))]
    for j in 0..<6 { columns.append(("x\(j + 1)", .numeric(data.x.map { $0[j] }))) }
    let frame = try Frame(columns: columns)
    let fit = try LinearModel("y ~ x1 + x2 + x3 + x4 + x5 + x6").fit(to: frame)

    #expect(fit.coefficients.count == 7)
    #expect(data.certifiedEstimates.count == 7 && data.certifiedStandardErrors.count == 7)
    for (coefficient, (estimate, se)) in zip(fit.coefficients, zip(data.certifiedEstimates, data.certifiedStandardErrors)) {
        let estimateLRE = logRelativeError(try #require(coefficient.estimate), certified: estimate)
        let seLRE = logRelativeError(try #require(coefficient.standardError), certified: se)
        #expect(estimateLRE >= 9, "\(coefficient.term): estimate LRE \(estimateLRE)")
        #expect(seLRE >= 9, "\(coefficient.term): standard error LRE \(seLRE)")
        print("Longley \(coefficient.term): LRE estimate \(estimateLRE), standard error \(seLRE)")
    }
    #expect(logRelativeError(fit.residualStandardError, certified: data.certifiedResidualSD) >= 9)
    #expect(logRelativeError(fit.rSquared, certified: data.certifiedRSquared) >= 9)
    // Certified ANOVA: F = 330.285339234588 on 6 and 9 degrees of freedom.
    let f = try #require(fit.fTest)
    #expect(logRelativeError(f.statistic, certified: 330.285339234588) >= 9)
    #expect(f.numeratorDegreesOfFreedom == 6 && f.denominatorDegreesOfFreedom == 9)
}
