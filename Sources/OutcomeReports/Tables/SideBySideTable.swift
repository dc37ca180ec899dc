/// Several models' coefficients side by side, one column group per model (for example one
/// per outcome), rows the union of their terms in order of first appearance.
///
/// Each group shows the estimate and its confidence interval; a term a model does not have
/// shows "—", a reference level "ref", an aliased term "aliased".
///
/// ```swift
/// let table = SideBySideTable(models: [("Pain", painTable), ("Sleep", sleepTable)]).table(title: "Outcomes")
/// ```
public struct SideBySideTable: Sendable, Equatable, Hashable {
    /// A named model's coefficients.
    public struct Model: Sendable, Equatable, Hashable {
        /// Column-group title.
        public let name: String
        /// The model's coefficients.
        public let coefficients: CoefficientTable

        /// A model titled `name`.
        public init(name: String, coefficients: CoefficientTable) {
            self.name = name
            self.coefficients = coefficients
        }
    }

    /// The models, left to right.
    public let models: [Model]

    /// A side-by-side table of `models`.
    public init(models: [Model]) {
        self.models = models
    }

    /// The table: for each model its estimates and confidence intervals, numbers formatted by
    /// `format`.
    public func table(title: String? = nil, format: NumberFormat = .standard) -> Table {
        var terms: [String] = []
        for model in models {
            for row in model.coefficients.rows where !terms.contains(row.term) { terms.append(row.term) }
        }
        var columns = [TableColumn("Term")]
        var groups = [HeaderGroup("", columnCount: 1)]
        for model in models {
            columns.append(TableColumn("Estimate", alignment: .right))
            columns.append(TableColumn(model.coefficients.intervalHeader, alignment: .right))
            groups.append(HeaderGroup(model.name, columnCount: 2))
        }
        let rows = terms.map { term -> [String] in
            var cells = [term]
            for model in models {
                guard let row = model.coefficients.rows.first(where: { $0.term == term }) else {
                    cells += ["—", ""]
                    continue
                }
                if row.isReference { cells += ["ref", ""]; continue }
                guard let estimate = row.estimate else { cells += ["aliased", ""]; continue }
                let interval = row.confidenceLow.flatMap { low in
                    row.confidenceHigh.map { "[" + format.estimate(low) + ", " + format.estimate($0) + "]" }
                } ?? "NA"
                cells += [format.estimate(estimate), interval]
            }
            return cells
        }
        let footnotes = rows.contains { $0.contains("—") } ? ["—: the term is not in that model."] : []
        return Table(title: title, columns: columns, rows: rows, footnotes: footnotes, headerGroups: groups)
    }
}
