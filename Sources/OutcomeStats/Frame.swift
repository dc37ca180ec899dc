/// A column-oriented table of observations: the value every model in ``OutcomeStats`` fits to.
///
/// Numeric columns hold `Double`s with `NaN` marking a missing value; categorical columns are
/// dictionary-encoded (``CategoricalColumn``). Column order is the order of insertion and is
/// kept everywhere a frame is rendered, so output is deterministic.
///
/// ```swift
/// let frame = try Frame(columns: [
///     ("pain_nrs", .numeric([6, 4, 3])),
///     ("cohort", .categorical(CategoricalColumn(["acute", "chronic", "acute"]))),
/// ])
/// frame.rowCount      // 3
/// ```
public struct Frame: Sendable, Equatable {
    /// Column names in insertion order.
    public private(set) var columnNames: [String]
    private var storage: [String: Column]
    /// Number of rows; every column has this many entries.
    public private(set) var rowCount: Int
    /// Readable labels of columns, by column name (an SPSS, Stata or SAS variable label such as
    /// "Pain score (0-10)"), for reports' axes and tables; kept by ``rows(_:)``, ``append(_:_:)``
    /// and ``set(_:_:)``. Labels are not data: two frames that differ only in them are equal.
    public var variableLabels: [String: String] = [:]

    /// Equal columns, in the same order, with equal values; ``variableLabels`` are not compared.
    public static func == (lhs: Frame, rhs: Frame) -> Bool {
        lhs.columnNames == rhs.columnNames && lhs.rowCount == rhs.rowCount && lhs.storage == rhs.storage
    }

    /// The label of `name`, or `name` itself when it has none.
    public func displayName(of name: String) -> String { variableLabels[name] ?? name }

    /// An empty frame with no columns and no rows.
    public init() {
        columnNames = []
        storage = [:]
        rowCount = 0
    }

    /// A frame from named columns, in the given order.
    ///
    /// - Throws: ``StatsError/columnLengthMismatch(column:expected:actual:)`` when the columns
    ///   differ in length, ``StatsError/duplicateColumn(_:)`` when a name repeats.
    public init(columns: [(String, Column)]) throws {
        self.init()
        for (name, column) in columns { try append(name, column) }
    }

    /// Adds a column at the end.
    ///
    /// - Throws: ``StatsError/duplicateColumn(_:)`` when `name` exists,
    ///   ``StatsError/columnLengthMismatch(column:expected:actual:)`` when its length differs
    ///   from the frame's rows.
    public mutating func append(_ name: String, _ column: Column) throws {
        guard storage[name] == nil else { throw StatsError.duplicateColumn(name) }
        if !columnNames.isEmpty, column.count != rowCount {
            throw StatsError.columnLengthMismatch(column: name, expected: rowCount, actual: column.count)
        }
        if columnNames.isEmpty { rowCount = column.count }
        columnNames.append(name)
        storage[name] = column
    }

    /// Replaces the column `name` if present, otherwise appends it.
    public mutating func set(_ name: String, _ column: Column) throws {
        if storage[name] != nil {
            guard column.count == rowCount || columnNames.count == 1 else {
                throw StatsError.columnLengthMismatch(column: name, expected: rowCount, actual: column.count)
            }
            storage[name] = column
            if columnNames.count == 1 { rowCount = column.count }
        } else {
            try append(name, column)
        }
    }

    /// The column called `name`, or `nil`.
    public subscript(name: String) -> Column? { storage[name] }

    /// Whether the frame has a column called `name`.
    public func contains(_ name: String) -> Bool { storage[name] != nil }

    /// A frame holding the rows at `indices`, in that order; categorical levels are kept.
    public func rows(_ indices: [Int]) -> Frame {
        var result = Frame()
        for name in columnNames {
            // Lengths agree by construction, so this cannot throw.
            try! result.append(name, storage[name]!.rows(indices))
        }
        if columnNames.isEmpty { result.rowCount = 0 }
        result.variableLabels = variableLabels
        return result
    }
}

/// One column of a ``Frame``.
public enum Column: Sendable, Equatable {
    /// Numbers, `NaN` where missing.
    case numeric([Double])
    /// Dictionary-encoded labels.
    case categorical(CategoricalColumn)

    /// Number of entries.
    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let column): column.codes.count
        }
    }

    /// Whether entry `row` is missing.
    public func isMissing(_ row: Int) -> Bool {
        switch self {
        case .numeric(let values): values[row].isNaN
        case .categorical(let column): column.codes[row] < 0
        }
    }

    /// Number of missing entries.
    public var missingCount: Int {
        switch self {
        case .numeric(let values): values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let column): column.codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The column restricted to `indices`, in that order.
    public func rows(_ indices: [Int]) -> Column {
        switch self {
        case .numeric(let values): .numeric(indices.map { values[$0] })
        case .categorical(let column):
            .categorical(CategoricalColumn(levels: column.levels, codes: indices.map { column.codes[$0] }))
        }
    }
}

/// A dictionary-encoded categorical column: `codes[i]` indexes `levels`, `-1` is missing.
///
/// Levels are kept in the order given; ``init(_:)`` sorts them (byte order of their UTF-8),
/// which makes the first sorted level the default reference level of treatment contrasts.
public struct CategoricalColumn: Sendable, Equatable {
    /// Distinct labels.
    public let levels: [String]
    /// One code per row: an index into ``levels``, or `-1` when the value is missing.
    public let codes: [Int32]

    /// A column from explicit levels and codes.
    ///
    /// - Precondition: every code is `-1` or a valid index into `levels`.
    public init(levels: [String], codes: [Int32]) {
        precondition(codes.allSatisfy { $0 >= -1 && Int($0) < levels.count }, "categorical code out of range")
        self.levels = levels
        self.codes = codes
    }

    /// A column from labels, `nil` meaning missing; levels sorted by their UTF-8 bytes.
    public init(_ labels: [String?]) {
        let distinct = Set(labels.compactMap { $0 })
        let sorted = distinct.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var index: [String: Int32] = [:]
        for (i, level) in sorted.enumerated() { index[level] = Int32(i) }
        self.levels = sorted
        self.codes = labels.map { $0.map { index[$0]! } ?? -1 }
    }

    /// The label at `row`, or `nil` when missing.
    public func label(at row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : levels[Int(code)]
    }
}
