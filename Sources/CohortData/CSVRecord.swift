/// One parsed record: the bounds of its fields inside the reader's working buffer.
///
/// A record is a view: it is valid only inside the closure ``CSVReader`` hands it to, and its
/// fields are bytes already unescaped (surrounding quotes removed, `""` turned into `"`) and
/// already checked to be valid UTF-8.
struct CSVRecord {
    /// The reader's working buffer (the current chunk).
    var base: UnsafeMutableBufferPointer<UInt8>
    /// Start offset of each field in `base`.
    var starts: [Int] = []
    /// End offset (exclusive) of each field in `base`.
    var ends: [Int] = []
    /// The 1-based physical line on which each field starts.
    var lines: [Int] = []
    /// Per field: bit 0 set when the field was quoted, bit 1 when it held `""` escapes.
    var flags: [UInt8] = []

    static let quotedFlag: UInt8 = 1
    static let escapedFlag: UInt8 = 2

    init(base: UnsafeMutableBufferPointer<UInt8>) {
        self.base = base
        starts.reserveCapacity(32)
        ends.reserveCapacity(32)
        lines.reserveCapacity(32)
        flags.reserveCapacity(32)
    }

    /// Number of fields.
    var count: Int { starts.count }

    /// The line on which the record starts.
    var line: Int { lines.first ?? 1 }

    /// The bytes of field `index`.
    @inline(__always)
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: base[starts[index]..<ends[index]])
    }

    /// Whether field `index` was written between quotes (its content is then literal).
    @inline(__always)
    func isQuoted(_ index: Int) -> Bool { flags[index] & Self.quotedFlag != 0 }

    /// Field `index` as a string (its bytes are valid UTF-8 by construction).
    func string(_ index: Int) -> String {
        String(decoding: bytes(index), as: UTF8.self)
    }

    mutating func removeAll() {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func append(start: Int, end: Int, line: Int, flags: UInt8) {
        starts.append(start)
        ends.append(end)
        lines.append(line)
        self.flags.append(flags)
    }

    /// Turns every `""` of escaped fields into `"`, in place (the field only shrinks).
    mutating func unescape() {
        let quote = UInt8(ascii: "\"")
        for index in 0..<count where flags[index] & Self.escapedFlag != 0 {
            var read = starts[index], write = starts[index]
            let end = ends[index]
            while read < end {
                let byte = base[read]
                base[write] = byte
                write += 1
                read += byte == quote ? 2 : 1
            }
            ends[index] = write
        }
    }
}
