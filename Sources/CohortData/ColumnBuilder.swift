import OutcomeStats

/// Numbers of one column, `NaN` for missing, accumulated while the loader streams records.
struct NumericColumnBuilder {
    /// Range every value must lie in, if any.
    let validRange: ClosedRange<Double>?
    /// Whether the schema declares the column numeric (text is then an error, not a retype).
    let isDeclared: Bool
    var values: [Double] = []
    /// Set when an undeclared column meets text: it must be reloaded as categorical.
    var sawText = false

    init(validRange: ClosedRange<Double>?, isDeclared: Bool, capacity: Int) {
        self.validRange = validRange
        self.isDeclared = isDeclared
        values.reserveCapacity(capacity)
    }
}

/// Labels of one column, dictionary-encoded as they arrive.
///
/// Consecutive rows usually repeat a label (a patient's visits, a site's patients), so the
/// last label's bytes are compared first and a dictionary look-up is needed only on change.
struct CategoricalColumnBuilder {
    private var codes: [Int32] = []
    private var levels: [String] = []
    private var index: [String: Int32] = [:]
    private var lastBytes: [UInt8] = []
    private var lastCode: Int32 = -1

    init(capacity: Int) {
        codes.reserveCapacity(capacity)
    }

    /// Appends a missing entry.
    mutating func appendMissing() {
        codes.append(-1)
    }

    /// Appends the label spelled by `bytes` (valid UTF-8); `false` (and nothing appended) when
    /// the label holds a NUL byte, which no label may.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if lastCode >= 0, bytesEqual(bytes, lastBytes) {
            codes.append(lastCode)
            return true
        }
        return appendNew(bytes)
    }

    /// The slow path of ``append(_:)``: a label different from the previous row's.
    private mutating func appendNew(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.contains(0) { return false }
        let label = String(decoding: bytes, as: UTF8.self)
        let code: Int32
        if let existing = index[label] {
            code = existing
        } else {
            code = Int32(levels.count)
            levels.append(label)
            index[label] = code
        }
        lastBytes.removeAll(keepingCapacity: true)
        lastBytes.append(contentsOf: bytes)
        lastCode = code
        codes.append(code)
        return true
    }

    /// The column with levels sorted by their UTF-8 bytes, as ``CategoricalColumn/init(_:)`` sorts them.
    func column() -> CategoricalColumn {
        let order = levels.indices.sorted { levels[$0].utf8.lexicographicallyPrecedes(levels[$1].utf8) }
        var newCode = [Int32](repeating: -1, count: levels.count)
        for (position, old) in order.enumerated() { newCode[old] = Int32(position) }
        return CategoricalColumn(
            levels: order.map { levels[$0] },
            codes: codes.map { $0 < 0 ? -1 : newCode[Int($0)] })
    }
}

/// Whether `bytes` spell exactly `other`.
@inline(__always)
func bytesEqual(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
    guard bytes.count == other.count else { return false }
    return other.withUnsafeBufferPointer { other in
        for i in 0..<other.count where bytes[i] != other[i] { return false }
        return true
    }
}
