/// The dictionary of one categorical column: labels in order of arrival, and the last label
/// seen, because consecutive rows usually repeat a label (a patient's visits, a site's
/// patients) — comparing bytes with the previous label is far cheaper than hashing.
///
/// Every label is also kept as a key word: its first eight bytes packed into a `UInt64`
/// (zero-padded; no label holds a zero byte) plus its length, so comparing a cell with a label
/// is two integer comparisons for labels up to eight bytes and a byte loop only over the rest
/// of longer ones. A column with few labels (sex, cohort, technique, site: at most
/// ``linearSearchLimit``) is searched linearly by key; larger ones (patient ids) through an
/// open-addressing hash table (linear probing, at most half full; the key word, length and
/// remaining bytes mixed by the 64-bit finalizer of MurmurHash3), so a new label costs one hash
/// of its bytes and no temporary `String`. The label bytes live in one arena.
struct LabelDictionary {
    /// Labels in order of arrival; the code of a label is its index.
    private(set) var levels: [String] = []
    /// The bytes of every label, concatenated; label `i` is `arena[offsets[i]..<offsets[i + 1]]`.
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    /// Per label: its first eight bytes, zero-padded, and its length.
    private var keys: [UInt64] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Codes by hash slot, `-1` for an empty slot; the count is a power of two. Empty until the
    /// dictionary outgrows ``linearSearchLimit``.
    private var table: [Int32] = []
    /// The previous label's code (`-1` before the first label).
    private(set) var lastCode: Int32 = -1

    /// Dictionaries with at most this many labels are searched linearly, without hashing.
    static let linearSearchLimit = 16

    /// The code of the label spelled by `bytes` (valid UTF-8), or `nil` when it holds a NUL
    /// byte, which no label may.
    @inline(__always)
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let key = Self.key(bytes)
        if lastCode >= 0, isLabel(lastCode, key, bytes) { return lastCode }
        if levels.count <= Self.linearSearchLimit {
            for code in 0..<Int32(levels.count) where isLabel(code, key, bytes) {
                lastCode = code
                return code
            }
        }
        if bytes.contains(0) { return nil }
        lastCode = lookupOrInsert(bytes, key: key)
        return lastCode
    }

    /// The code of `label`, adding it when new (merging another dictionary into this one).
    mutating func intern(_ label: String) -> Int32 {
        var label = label
        return label.withUTF8 { lookupOrInsert($0, key: Self.key($0)) }
    }

    /// The first eight bytes of `bytes` (fewer when shorter) as a little-endian word.
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        for i in 0..<min(bytes.count, 8) { key |= UInt64(bytes[i]) &<< UInt64(i &* 8) }
        return key
    }

    /// Whether label `code` is spelled by `bytes`, whose key is `key`.
    @inline(__always)
    private func isLabel(_ code: Int32, _ key: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let index = Int(code)
        guard keys[index] == key, lengths[index] == bytes.count else { return false }
        return bytes.count <= 8 || restIsEqual(index, bytes)
    }

    /// Whether bytes 8... of label `index` equal those of `bytes` (of the same length).
    private func restIsEqual(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[index]
        return arena.withUnsafeBufferPointer { arena in
            for i in 8..<bytes.count where arena[start + i] != bytes[i] { return false }
            return true
        }
    }

    /// The code of `bytes` (no NUL byte), adding the label when new.
    private mutating func lookupOrInsert(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> Int32 {
        let hash = Self.hash(bytes, key: key)
        if !table.isEmpty {
            let mask = table.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let code = table[slot]
                if code < 0 { break }
                if hashes[Int(code)] == hash, isLabel(code, key, bytes) { return code }
                slot = (slot + 1) & mask
            }
        } else {
            for code in 0..<Int32(levels.count) where isLabel(code, key, bytes) { return code }
        }
        let code = Int32(levels.count)
        levels.append(String(decoding: bytes, as: UTF8.self))
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        keys.append(key)
        lengths.append(bytes.count)
        hashes.append(hash)
        if levels.count > Self.linearSearchLimit, levels.count * 2 > table.count {
            rehash(capacity: max(64, table.count * 2))
        } else if !table.isEmpty {
            insert(code, hash: hash)
        }
        return code
    }

    private mutating func insert(_ code: Int32, hash: UInt64) {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] >= 0 { slot = (slot + 1) & mask }
        table[slot] = code
    }

    private mutating func rehash(capacity: Int) {
        table = [Int32](repeating: -1, count: capacity)
        for (code, hash) in hashes.enumerated() { insert(Int32(code), hash: hash) }
    }

    /// The key word, the length and (for labels over eight bytes) FNV-1a over the other bytes,
    /// mixed by the 64-bit finalizer of MurmurHash3 so low bits mix well.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> UInt64 {
        var h: UInt64 = key ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        if bytes.count > 8 {
            for i in 8..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3 }
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    /// Levels sorted by their UTF-8 bytes (as ``CategoricalColumn/init(_:)`` sorts them), and
    /// for each arrival code its new code.
    ///
    /// Labels are compared by their key words first (byte-swapped, a key word orders as its
    /// bytes do), so most comparisons are one integer comparison; labels that arrived in order
    /// (patient ids, usually) are recognized in one pass and not sorted again.
    func sortedLevels() -> (levels: [String], newCode: [Int32]) {
        func precedes(_ a: Int, _ b: Int) -> Bool {
            let keyA = keys[a].byteSwapped, keyB = keys[b].byteSwapped
            if keyA != keyB { return keyA < keyB }
            return arena[offsets[a]..<offsets[a + 1]].lexicographicallyPrecedes(arena[offsets[b]..<offsets[b + 1]])
        }
        var order = Array(levels.indices)
        if !zip(order, order.dropFirst()).allSatisfy({ precedes($0, $1) }) { order.sort(by: precedes) }
        var newCode = [Int32](repeating: -1, count: levels.count)
        for (position, old) in order.enumerated() { newCode[old] = Int32(position) }
        return (order.map { levels[$0] }, newCode)
    }
}
