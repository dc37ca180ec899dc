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

    /// The numbers of numeric column `index`, followed by those of `tail` (the rest of the
    /// file, read in parallel); frees both buffers.
    mutating func takeNumbers(_ index: Int, tail: inout ColumnStorage?) -> [Double] {
        let tailRows = tail?.rowCount ?? 0
        let values = [Double](unsafeUninitializedCapacity: rowCount + tailRows) { buffer, count in
            buffer.baseAddress!.initialize(from: numbers[index], count: rowCount)
            if let tail { (buffer.baseAddress! + rowCount).initialize(from: tail.numbers[index], count: tailRows) }
            count = rowCount + tailRows
        }
        numbers[index].deallocate()
        numbers[index] = .allocate(capacity: 1)
        tail?.replaceNumbers(index)
        return values
    }

    /// The codes of categorical column `index` mapped through `newCode`, followed by those of
    /// `tail` mapped through `tailMap` then `newCode`; frees both buffers.
    mutating func takeCodes(_ index: Int, mapping newCode: [Int32], tail: inout ColumnStorage?, tailMap: [Int32]) -> [Int32] {
        let tailRows = tail?.rowCount ?? 0
        let old = codes[index]
        let tailCodes = tail?.codes[index]
        let rowCount = self.rowCount
        let values = [Int32](unsafeUninitializedCapacity: rowCount + tailRows) { buffer, count in
            for row in 0..<rowCount {
                let code = old[row]
                buffer[row] = code < 0 ? -1 : newCode[Int(code)]
            }
            if let tailCodes {
                for row in 0..<tailRows {
                    let code = tailCodes[row]
                    buffer[rowCount + row] = code < 0 ? -1 : newCode[Int(tailMap[Int(code)])]
                }
            }
            count = rowCount + tailRows
        }
        old.deallocate()
        codes[index] = .allocate(capacity: 1)
        tail?.replaceCodes(index)
        return values
    }

    /// Frees the buffer of numeric column `index` (its values were handed over).
    private mutating func replaceNumbers(_ index: Int) {
        numbers[index].deallocate()
        numbers[index] = .allocate(capacity: 1)
    }

    /// Frees the buffer of categorical column `index` (its values were handed over).
    private mutating func replaceCodes(_ index: Int) {
        codes[index].deallocate()
        codes[index] = .allocate(capacity: 1)
    }

    /// Frees every buffer.
    func deallocate() {
        for pointer in numbers { pointer.deallocate() }
        for pointer in codes { pointer.deallocate() }
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
