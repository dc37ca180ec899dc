import Foundation
import Testing
@testable import OutcomeStats

/// A small unbalanced two-factor data set with a covariate, generated deterministically.
func inferenceTestData() throws -> Frame {
    var y: [Double] = [], x: [Double] = [], a: [String?] = [], b: [String?] = []
    for i in 0..<60 {
        let level = ["p", "q", "r"][i % 3]
        let other = i % 5 < 2 ? "s" : "t"
        let xi = Double(i % 7) + 0.25 * Double(i % 4)
        let effect = ["p": 0.0, "q": 1.5, "r": -0.7][level]! + (other == "t" ? 0.8 : 0)
        y.append(2 + effect + 0.3 * xi + sin(Double(i) * 1.7))
        x.append(xi); a.append(level); b.append(other)
    }
    return try Frame(columns: [("y", .numeric(y)), ("x", .numeric(x)),
                               ("a", .categorical(CategoricalColumn(a))), ("b", .categorical(CategoricalColumn(b)))])
}

extension Frame {
    /// The values of the numeric column `name`, or `nil` when the frame has no such numeric
    /// column (for `try #require`).
    func numericValues(_ name: String) -> [Double]? {
        guard case .numeric(let values)? = self[name] else { return nil }
        return values
    }

    /// The categorical column `name`, or `nil` when the frame has no such categorical column
    /// (for `try #require`).
    func categoricalValues(_ name: String) -> CategoricalColumn? {
        guard case .categorical(let column)? = self[name] else { return nil }
        return column
    }
}
