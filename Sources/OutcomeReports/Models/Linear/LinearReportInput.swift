/// Fit statistics of a linear model, as already computed, for a report.
public struct LinearFitStatistics: Sendable, Equatable, Hashable {
    /// The overall F test of the model against the intercept-only model.
    public struct FTest: Sendable, Equatable, Hashable {
        /// The F statistic.
        public let statistic: Double
        /// Numerator degrees of freedom.
        public let numeratorDegreesOfFreedom: Double
        /// Denominator degrees of freedom.
        public let denominatorDegreesOfFreedom: Double
        /// The p-value.
        public let pValue: Double

        /// An F test.
        ///
        /// - Parameters:
        ///   - statistic: F.
        ///   - numeratorDegreesOfFreedom: df1.
        ///   - denominatorDegreesOfFreedom: df2.
        ///   - pValue: `P(F(df1, df2) > statistic)`.
        public init(statistic: Double, numeratorDegreesOfFreedom: Double,
                    denominatorDegreesOfFreedom: Double, pValue: Double) {
            self.statistic = statistic
            self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
            self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
            self.pValue = pValue
        }
    }

    /// R².
    public let rSquared: Double
    /// Adjusted R².
    public let adjustedRSquared: Double
    /// The residual standard error (σ̂).
    public let residualStandardError: Double
    /// Residual degrees of freedom.
    public let residualDegreesOfFreedom: Double
    /// The overall F test, `nil` for an intercept-only model.
    public let fTest: FTest?

    /// Fit statistics.
    ///
    /// - Parameters:
    ///   - rSquared: R².
    ///   - adjustedRSquared: adjusted R².
    ///   - residualStandardError: σ̂.
    ///   - residualDegreesOfFreedom: n − rank.
    ///   - fTest: the overall F test, or `nil`.
    public init(rSquared: Double, adjustedRSquared: Double, residualStandardError: Double,
                residualDegreesOfFreedom: Double, fTest: FTest?) {
        self.rSquared = rSquared
        self.adjustedRSquared = adjustedRSquared
        self.residualStandardError = residualStandardError
        self.residualDegreesOfFreedom = residualDegreesOfFreedom
        self.fTest = fTest
    }
}

/// A plot the report links to: `plots/<name>.svg`.
public struct PlotLink: Sendable, Equatable, Hashable {
    /// The file name without directory or extension, e.g. `pain_trajectory`.
    public let name: String
    /// The image's alternative text.
    public let altText: String

    /// A link.
    ///
    /// - Parameters:
    ///   - name: the file name without `plots/` and `.svg`; characters outside
    ///     `A–Z a–z 0–9 - . _ ~` are percent-encoded in the link.
    ///   - altText: the alternative text.
    public init(name: String, altText: String) {
        self.name = name
        self.altText = altText
    }

    /// The relative link target, `plots/<percent-encoded name>.svg`.
    public var path: String { "plots/" + PlotLink.percentEncoded(name) + ".svg" }

    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return output
    }
}

/// Everything `report.md` shows for one linear-model analysis, as values.
public struct LinearReportInput: Sendable, Equatable, Hashable {
    /// The analysis title (the page heading).
    public let title: String
    /// The model formula as written, e.g. `pain_nrs ~ week * cohort`.
    public let formula: String
    /// The data file as the spec names it; see ``ReportDocument/displayFileName(_:)``.
    public let dataFile: String
    /// Observations used in the fit.
    public let observationsUsed: Int
    /// Observations dropped (missing values in model variables).
    public let observationsDropped: Int
    /// The coefficients.
    public let coefficients: CoefficientTable
    /// R², σ̂ and the F test.
    public let fit: LinearFitStatistics
    /// Notes shown under the fit statistics (covariance type, flags such as deep tissue work
    /// in an acute cohort), in order.
    public let notes: [String]
    /// The plots, in order.
    public let plots: [PlotLink]
    /// Further tables (ANOVA, marginal means, …), each under its own heading, after the fit.
    public let sections: [TableSection]

    /// A report input.
    ///
    /// - Parameters:
    ///   - title: the heading.
    ///   - formula: the model formula.
    ///   - dataFile: the data file name as given.
    ///   - observationsUsed: n used.
    ///   - observationsDropped: n dropped.
    ///   - coefficients: the coefficient table.
    ///   - fit: the fit statistics.
    ///   - notes: notes, in order.
    ///   - plots: plot links, in order.
    public init(title: String, formula: String, dataFile: String, observationsUsed: Int,
                observationsDropped: Int, coefficients: CoefficientTable, fit: LinearFitStatistics,
                notes: [String] = [], plots: [PlotLink] = [], sections: [TableSection] = []) {
        self.title = title
        self.formula = formula
        self.dataFile = dataFile
        self.observationsUsed = observationsUsed
        self.observationsDropped = observationsDropped
        self.coefficients = coefficients
        self.fit = fit
        self.notes = notes
        self.plots = plots
        self.sections = sections
    }
}

/// A table under a heading of its own in a report.
public struct TableSection: Sendable, Equatable, Hashable {
    /// The section heading.
    public let heading: String
    /// The table.
    public let table: Table

    /// A section titled `heading` holding `table`.
    public init(heading: String, table: Table) {
        self.heading = heading
        self.table = table
    }
}
