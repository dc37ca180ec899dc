import OutcomeStats

/// SPSS, Stata and SAS files (through ReadStat) into a ``OutcomeStats/Frame`` under a
/// ``CohortSchema``, with the CSV loader's rules where they apply.
///
/// - **Types.** A numeric variable is a numeric column; a string variable is categorical (an
///   empty string is missing). A numeric variable with value labels is categorical: its levels
///   are the label texts in the order of their codes (a code without a label is its number).
/// - **Missing values.** System missing, Stata's and SAS's special missing values (`.a`–`.z`,
///   `._`) and SPSS's user-defined missing values and ranges are all missing.
/// - **Variable labels** are kept in ``OutcomeStats/Frame/variableLabels``, for reports.
/// - **Dates** stay numbers in the file's own unit: days since 1960-01-01 in Stata and SAS date
///   variables, seconds since 1582-10-14 in SPSS date-times (ReadStat passes them through).
/// - **The schema.** Aliases map variable names onto contract names; a contract column declared
///   categorical but stored as numbers is categorical by their values, one declared numeric but
///   stored as text must hold numbers or missing tokens; contract ranges are checked. An error
///   names the file, the row (1-based observation) and the variable.
///
/// ```swift
/// let frame = try StatisticalFileLoader(schema: .analysis).load(path: "trial.dta", format: .stata)
/// ```
struct StatisticalFileLoader {
    let schema: CohortSchema

    /// Loads the variables of `path` that `columns` selects (by their names after aliasing).
    func load(path: String, format: StatisticalFileFormat, columns: ColumnSelection = .all) throws -> Frame {
        let aliases = schema.aliases
        let contents = try ReadStatContents.parse(path: path, format: format) { columns.contains(aliases[$0] ?? $0) }
        var frame = Frame()
        for (index, variable) in contents.variables.enumerated() {
            let name = schema.aliases[variable.name] ?? variable.name
            guard columns.contains(name) else { continue }
            if frame.contains(name) {
                throw CohortDataError.duplicateHeaderName(SourceLocation(file: path, line: 1, column: index + 1, columnName: variable.name),
                                                          name: name, firstColumn: (frame.columnNames.firstIndex(of: name) ?? 0) + 1)
            }
            let column = try self.column(index, of: contents, named: name, path: path)
            try frame.append(name, column)
            if !variable.label.isEmpty { frame.variableLabels[name] = variable.label }
        }
        for required in schema.columns where required.isRequired && columns.contains(required.name) && !frame.contains(required.name) {
            throw CohortDataError.missingColumn(file: path, name: required.name,
                                                suggestion: nearestName(to: required.name, among: frame.columnNames))
        }
        return frame
    }

    private func column(_ index: Int, of contents: ReadStatContents, named name: String, path: String) throws -> Column {
        let variable = contents.variables[index]
        let declared = schema.column(named: name)
        func location(_ row: Int) -> SourceLocation {
            SourceLocation(file: path, line: row + 1, column: index + 1, columnName: variable.name)
        }
        if variable.isString {
            let arrivals = contents.codes[index]
            var labels = contents.dictionaries[index].levels
            if let relabel = variable.labelSet.flatMap({ contents.stringLabels[$0] }) {
                labels = labels.map { relabel[$0] ?? $0 }
            }
            guard declared?.kind == .numeric else { return .categorical(Self.sorted(arrivals, labels: labels)) }
            // A contract numeric column stored as text: numbers or missing tokens only.
            let values = labels.map { schema.missingTokens.contains($0) ? Double.nan : Double($0) }
            var numbers: [Double] = []
            numbers.reserveCapacity(arrivals.count)
            for (row, code) in arrivals.enumerated() {
                guard code >= 0 else { numbers.append(.nan); continue }
                guard let number = values[Int(code)] else { throw CohortDataError.notANumber(location(row), text: labels[Int(code)]) }
                numbers.append(number)
            }
            return try checked(numbers, declared: declared, location: location)
        }
        let numbers = contents.numbers[index]
        if let set = variable.labelSet, let labels = contents.numericLabels[set], !labels.isEmpty, declared?.kind != .numeric {
            return .categorical(Self.labelled(numbers, labels: labels))
        }
        if declared?.kind == .categorical {
            return .categorical(CategoricalColumn(numbers.map { $0.isNaN ? nil : Self.label(of: $0) }))
        }
        return try checked(numbers, declared: declared, location: location)
    }

    /// Codes in order of arrival over `labels` as a column whose levels are the distinct labels
    /// sorted by their UTF-8 bytes, as ``OutcomeStats/CategoricalColumn/init(_:)`` orders them
    /// (two strings with one label are one level).
    static func sorted(_ arrivals: [Int32], labels: [String]) -> CategoricalColumn {
        let levels = Set(labels).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
        let newCode = labels.map { position[$0]! }
        return CategoricalColumn(levels: levels, codes: arrivals.map { $0 < 0 ? -1 : newCode[Int($0)] })
    }

    /// `numbers` as a numeric column, range-checked against a contract column.
    private func checked(_ numbers: [Double], declared: CohortColumn?, location: (Int) -> SourceLocation) throws -> Column {
        if let range = declared?.validRange {
            for (row, value) in numbers.enumerated() where !value.isNaN && !range.contains(value) {
                throw CohortDataError.outOfRange(location(row), text: Self.label(of: value), range: range)
            }
        }
        return .numeric(numbers)
    }

    /// Labelled codes as categories: levels are the codes in ascending order, each named by its
    /// label (or its number when it has none); missing codes are missing.
    static func labelled(_ codes: [Double], labels: [Double: String]) -> CategoricalColumn {
        let used = Set(codes.filter { !$0.isNaN })
        let ordered = Set(labels.keys).union(used).sorted()
        var levels: [String] = []
        var codeOf: [Double: Int32] = [:]
        var levelIndex: [String: Int32] = [:]
        for code in ordered {
            let name = labels[code] ?? label(of: code)
            if let existing = levelIndex[name] {
                codeOf[code] = existing   // two codes with one label are one level
            } else {
                levelIndex[name] = Int32(levels.count)
                codeOf[code] = Int32(levels.count)
                levels.append(name)
            }
        }
        return CategoricalColumn(levels: levels, codes: codes.map { $0.isNaN ? -1 : codeOf[$0]! })
    }

    /// A number as a level: integers without a decimal point ("308"), others as Swift prints them.
    static func label(of value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
