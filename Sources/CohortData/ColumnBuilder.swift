import OutcomeStats

/// The typed columns of a load in progress, in manually managed storage.
///
/// Every column has one entry per row, so one row counter serves all of them; appending a
/// cell is a store through a pointer, without the copy-on-write checks of `Array.append`.
/// Capacity starts at an estimate from the file size and doubles when exceeded. The storage
/// is freed by ``deallocate()`` (the loader hands the values over as arrays first).
struct ColumnStorage {
    /// One buffer of numbers per numeric column.
    private(set) var numbers: [UnsafeMutablePointer<Double>]
    /// One buffer of codes per categorical column (`-1` missing, else the label's arrival index).
    private(set) var codes: [UnsafeMutablePointer<Int32>]
    private(set) var capacity: Int
    /// Rows stored so far.
    var rowCount = 0

    init(numericColumns: Int, categoricalColumns: Int, capacity: Int) {
        let capacity = max(capacity, 16)
        self.capacity = capacity
        numbers = (0..<numericColumns).map { _ in .allocate(capacity: capacity) }
        codes = (0..<categoricalColumns).map { _ in .allocate(capacity: capacity) }
    }

    /// Doubles the capacity of every column, keeping the stored rows.
    mutating func grow() {
        let larger = capacity * 2
        numbers = numbers.map { old in
            let new = UnsafeMutablePointer<Double>.allocate(capacity: larger)
            new.moveInitialize(from: old, count: rowCount)
            old.deallocate()
            return new
        }
        codes = codes.map { old in
            let new = UnsafeMutablePointer<Int32>.allocate(capacity: larger)
            new.moveInitialize(from: old, count: rowCount)
            old.deallocate()
            return new
        }
        capacity = larger
    }

    /// The numbers of numeric column `index`, frees its buffer.
    mutating func takeNumbers(_ index: Int) -> [Double] {
        let values = Array(UnsafeBufferPointer(start: numbers[index], count: rowCount))
        numbers[index].deallocate()
        numbers[index] = .allocate(capacity: 1)
        return values
    }

    /// The codes of categorical column `index`, mapped through `newCode`; frees its buffer.
    mutating func takeCodes(_ index: Int, mapping newCode: [Int32]) -> [Int32] {
        let old = codes[index]
        let values = [Int32](unsafeUninitializedCapacity: rowCount) { buffer, count in
            for row in 0..<rowCount {
                let code = old[row]
                buffer[row] = code < 0 ? -1 : newCode[Int(code)]
            }
            count = rowCount
        }
        old.deallocate()
        codes[index] = .allocate(capacity: 1)
        return values
    }

    /// Frees every buffer.
    func deallocate() {
        for pointer in numbers { pointer.deallocate() }
        for pointer in codes { pointer.deallocate() }
    }
}

/// The dictionary of one categorical column: labels in order of arrival, and the last label
/// seen, because consecutive rows usually repeat a label (a patient's visits, a site's
/// patients) — comparing bytes with the previous label is far cheaper than hashing.
struct LabelDictionary {
    private(set) var levels: [String] = []
    private var index: [String: Int32] = [:]
    /// The bytes of each level, for a linear search while there are few (cheaper than hashing).
    private var levelBytes: [[UInt8]] = []
    /// The previous label's bytes and code (`-1` before the first label).
    private(set) var lastBytes: [UInt8] = []
    private(set) var lastCode: Int32 = -1

    /// The code of the label spelled by `bytes` (valid UTF-8), or `nil` when it holds a NUL
    /// byte, which no label may.
    @inline(__always)
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if lastCode >= 0, bytesEqual(bytes, lastBytes) { return lastCode }
        return codeOfNewLabel(bytes)
    }

    private mutating func codeOfNewLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if bytes.contains(0) { return nil }
        if levelBytes.count <= 16, let found = levelBytes.firstIndex(where: { bytesEqual(bytes, $0) }) {
            lastBytes = levelBytes[found]
            lastCode = Int32(found)
            return lastCode
        }
        let label = String(decoding: bytes, as: UTF8.self)
        let code: Int32
        if let existing = index[label] {
            code = existing
        } else {
            code = Int32(levels.count)
            levels.append(label)
            index[label] = code
            if levelBytes.count <= 16 { levelBytes.append(Array(bytes)) }
        }
        lastBytes.removeAll(keepingCapacity: true)
        lastBytes.append(contentsOf: bytes)
        lastCode = code
        return code
    }

    /// Levels sorted by their UTF-8 bytes (as ``CategoricalColumn/init(_:)`` sorts them), and
    /// for each arrival code its new code.
    func sortedLevels() -> (levels: [String], newCode: [Int32]) {
        let order = levels.indices.sorted { levels[$0].utf8.lexicographicallyPrecedes(levels[$1].utf8) }
        var newCode = [Int32](repeating: -1, count: levels.count)
        for (position, old) in order.enumerated() { newCode[old] = Int32(position) }
        return (order.map { levels[$0] }, newCode)
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
