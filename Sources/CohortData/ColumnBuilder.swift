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

/// The dictionary of one categorical column: labels in order of arrival, and the last label
/// seen, because consecutive rows usually repeat a label (a patient's visits, a site's
/// patients) — comparing bytes with the previous label is far cheaper than hashing.
///
/// Labels are looked up by their bytes in an open-addressing hash table (linear probing, at
/// most half full; FNV-1a with a final avalanche), so a new label costs one hash of its bytes
/// and no temporary `String`. The label bytes live in one arena.
struct LabelDictionary {
    /// Labels in order of arrival; the code of a label is its index.
    private(set) var levels: [String] = []
    /// The bytes of every label, concatenated; label `i` is `arena[offsets[i]..<offsets[i + 1]]`.
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Codes by hash slot, `-1` for an empty slot; the count is a power of two.
    private var table = [Int32](repeating: -1, count: 16)
    /// The previous label's code (`-1` before the first label).
    private(set) var lastCode: Int32 = -1

    /// The code of the label spelled by `bytes` (valid UTF-8), or `nil` when it holds a NUL
    /// byte, which no label may.
    @inline(__always)
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if lastCode >= 0, isLabel(lastCode, bytes) { return lastCode }
        if bytes.contains(0) { return nil }
        lastCode = lookupOrInsert(bytes)
        return lastCode
    }

    /// The code of `label`, adding it when new (merging another dictionary into this one).
    mutating func intern(_ label: String) -> Int32 {
        var label = label
        return label.withUTF8 { lookupOrInsert($0) }
    }

    /// Whether label `code` is spelled by `bytes`.
    @inline(__always)
    private func isLabel(_ code: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[Int(code)], end = offsets[Int(code) + 1]
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            for i in 0..<bytes.count where arena[start + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func lookupOrInsert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = table[slot]
            if code < 0 { break }
            if hashes[Int(code)] == hash, isLabel(code, bytes) { return code }
            slot = (slot + 1) & mask
        }
        let code = Int32(levels.count)
        levels.append(String(decoding: bytes, as: UTF8.self))
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(hash)
        table[slot] = code
        if levels.count * 2 > table.count { rehash(capacity: table.count * 2) }
        return code
    }

    private mutating func rehash(capacity: Int) {
        table = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (code, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(code)
        }
    }

    /// FNV-1a over the bytes, then the 64-bit finalizer of MurmurHash3 so low bits mix well.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
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
