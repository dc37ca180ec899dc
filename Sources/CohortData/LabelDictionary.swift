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
