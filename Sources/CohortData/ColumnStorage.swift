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
    /// Rows whose pages are already faulted in, in every column (at most ``capacity``): the
    /// ingest loop calls ``extend()`` when ``rowCount`` reaches it.
    private(set) var limit = 0
    /// Rows stored so far.
    var rowCount = 0

    /// Rows whose pages ``extend()`` faults in at once (256 KiB of numbers).
    static let prefaultRows = 1 << 15

    init(numericColumns: Int, categoricalColumns: Int, capacity: Int) {
        let capacity = max(capacity, 16)
        self.capacity = capacity
        numbers = (0..<numericColumns).map { _ in Self.allocate(capacity) }
        codes = (0..<categoricalColumns).map { _ in Self.allocate(capacity) }
    }

    /// A buffer for `capacity` values.
    ///
    /// No huge-page advice here (unlike the frame's columns, ``handOverNumbers(_:tail:)``):
    /// capacity is an estimate, and zeroing whole 2 MiB pages while parsing measured slower
    /// than faulting in the 4 KiB pages actually written.
    private static func allocate<Value>(_ capacity: Int) -> UnsafeMutablePointer<Value> {
        UnsafeMutablePointer<Value>.allocate(capacity: capacity)
    }

    /// Makes room for more rows: faults in the pages of the next ``prefaultRows`` rows of every
    /// column at once (see ``prefaultPages(_:byteCount:)``), doubling the capacity first when
    /// it is reached.
    mutating func extend() {
        if limit == capacity { grow() }
        let next = min(capacity, max(limit, rowCount) + Self.prefaultRows)
        if next - limit >= Self.prefaultRows / 2 {
            for column in numbers { prefaultPages(column + limit, byteCount: (next - limit) * 8) }
            for column in codes { prefaultPages(column + limit, byteCount: (next - limit) * 4) }
        }
        limit = next
    }

    /// Doubles the capacity of every column, keeping the stored rows.
    private mutating func grow() {
        let larger = capacity * 2
        numbers = numbers.map { old in
            let new: UnsafeMutablePointer<Double> = Self.allocate(larger)
            new.moveInitialize(from: old, count: rowCount)
            old.deallocate()
            return new
        }
        codes = codes.map { old in
            let new: UnsafeMutablePointer<Int32> = Self.allocate(larger)
            new.moveInitialize(from: old, count: rowCount)
            old.deallocate()
            return new
        }
        capacity = larger
    }

    /// The numbers of numeric column `index`, followed by those of `tail` (the rest of the
    /// file, read in parallel); frees both buffers of that column.
    ///
    /// Touches only that column's buffers, so different columns can be handed over on
    /// different threads at once; afterwards the storage must forget them (``forgetBuffers()``).
    func handOverNumbers(_ index: Int, tail: ColumnStorage?) -> [Double] {
        let tailRows = tail?.rowCount ?? 0
        let rowCount = self.rowCount
        let values = [Double](unsafeUninitializedCapacity: rowCount + tailRows) { buffer, count in
            adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress!), byteCount: buffer.count * 8)
            buffer.baseAddress!.initialize(from: numbers[index], count: rowCount)
            if let tail { (buffer.baseAddress! + rowCount).initialize(from: tail.numbers[index], count: tailRows) }
            count = rowCount + tailRows
        }
        numbers[index].deallocate()
        tail?.numbers[index].deallocate()
        return values
    }

    /// The codes of categorical column `index` mapped through `newCode`, followed by those of
    /// `tail` mapped through `tailMap` then `newCode`; frees both buffers of that column (see
    /// ``handOverNumbers(_:tail:)``).
    func handOverCodes(_ index: Int, mapping newCode: [Int32], tail: ColumnStorage?, tailMap: [Int32]) -> [Int32] {
        let tailRows = tail?.rowCount ?? 0
        let old = codes[index]
        let tailCodes = tail?.codes[index]
        let rowCount = self.rowCount
        let values = [Int32](unsafeUninitializedCapacity: rowCount + tailRows) { buffer, count in
            adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress!), byteCount: buffer.count * 4)
            newCode.withUnsafeBufferPointer { newCode in
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
            }
            count = rowCount + tailRows
        }
        old.deallocate()
        tailCodes?.deallocate()
        return values
    }

    /// Forgets every buffer (all were handed over or freed), so ``deallocate()`` frees nothing.
    mutating func forgetBuffers() {
        numbers = []
        codes = []
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
