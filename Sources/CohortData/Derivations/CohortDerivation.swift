import OutcomeStats

/// Derives the episode cohort (`acute`, `subacute`, `chronic`) from symptom duration.
///
/// ```swift
/// let cohort = CohortDerivation(cutPoints: .standard).cohortColumn(symptomWeeks: [2, 8, 30, .nan])
/// // levels ["acute", "chronic", "subacute"], codes [0, 2, 1, -1]
/// ```
///
/// The rule is ``CohortCutPoints/cohort(forSymptomWeeks:)``: below `acuteBelow` acute, above
/// `chronicAbove` chronic, in between (inclusive) subacute; a missing duration gives a missing
/// cohort. Levels are those that occur, sorted by their UTF-8 bytes like every categorical
/// column the loader makes.
public struct CohortDerivation: Sendable, Equatable {
    /// The cut-points.
    public let cutPoints: CohortCutPoints

    /// A derivation with `cutPoints` (the research convention by default).
    public init(cutPoints: CohortCutPoints = .standard) {
        self.cutPoints = cutPoints
    }

    /// The cohort of each symptom duration.
    ///
    /// - Parameter symptomWeeks: Durations in weeks, `NaN` where missing.
    /// - Returns: A categorical column with one entry per duration.
    /// - Complexity: O(*n*).
    public func cohortColumn(symptomWeeks: [Double]) -> CategoricalColumn {
        // Byte order of the labels: acute < chronic < subacute.
        let sortedLabels = ["acute", "chronic", "subacute"]
        var codes = symptomWeeks.map { weeks -> Int32 in
            if weeks.isNaN { return -1 }
            if weeks < cutPoints.acuteBelow { return 0 }
            if weeks > cutPoints.chronicAbove { return 1 }
            return 2
        }
        var used = [false, false, false]
        for code in codes where code >= 0 { used[Int(code)] = true }
        var newCode: [Int32] = [-1, -1, -1]
        var levels: [String] = []
        for index in 0..<3 where used[index] {
            newCode[index] = Int32(levels.count)
            levels.append(sortedLabels[index])
        }
        for row in codes.indices where codes[row] >= 0 { codes[row] = newCode[Int(codes[row])] }
        return CategoricalColumn(levels: levels, codes: codes)
    }
}
