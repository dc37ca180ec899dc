#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One field of a ``CSVRecord``: where its bytes are in the chunk and where it starts in the file.
struct CSVField {
    /// Start offset in the chunk.
    var start: Int
    /// End offset (exclusive) in the chunk.
    var end: Int
    /// The 1-based physical line on which the field starts.
    var line: Int
    /// Bit 0 set when the field was quoted, bit 1 when it held `""` escapes.
    var flags: UInt8
}

/// One parsed record: the bounds of its fields inside the reader's working buffer.
///
/// A record is a view: it is valid only inside the closure ``CSVReader`` hands it to, and its
/// fields are bytes already unescaped (surrounding quotes removed, `""` turned into `"`) and
/// already checked to be valid UTF-8. Its field table is manually managed storage owned by the
/// reader (appending a field is a store, with no copy-on-write check), freed with
/// ``deallocate()`` when the file is done.
struct CSVRecord {
    /// The reader's working buffer (the current chunk).
    var base: UnsafeMutableBufferPointer<UInt8>
    private var fields: UnsafeMutablePointer<CSVField>
    private var capacity: Int
    /// Number of fields.
    private(set) var count = 0
    /// Whether any field holds `""` escapes (so ``unescape()`` has work to do).
    private var hasEscapes = false

    static let quotedFlag: UInt8 = 1
    static let escapedFlag: UInt8 = 2

    init(base: UnsafeMutableBufferPointer<UInt8>) {
        self.base = base
        capacity = 32
        fields = .allocate(capacity: capacity)
    }

    /// Frees the field table; the record must not be used afterwards.
    func deallocate() { fields.deallocate() }

    /// The line on which the record starts.
    var line: Int { count > 0 ? fields[0].line : 1 }

    /// The line on which field `index` starts.
    @inline(__always)
    func line(_ index: Int) -> Int { fields[index].line }

    /// The bytes of field `index`.
    @inline(__always)
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fields[index]
        return UnsafeBufferPointer(start: base.baseAddress! + field.start, count: field.end - field.start)
    }

    /// Whether any field may hold a NUL byte: `false` guarantees that none does.
    ///
    /// One `memchr` over the record's span in the buffer, from its first field's start to its
    /// last field's end — cheaper than a loop per field. The span also covers delimiters,
    /// quotes and the bytes ``unescape()`` left behind, none of which adds a NUL a field did
    /// not have, so a `true` only means the fields must be checked one by one.
    func mayHoldNul() -> Bool {
        guard count > 0, let start = base.baseAddress else { return false }
        let first = fields[0].start, end = fields[count - 1].end
        guard end > first else { return false }
        return memchr(start + first, 0, end - first) != nil
    }

    /// Whether field `index` was written between quotes (its content is then literal).
    @inline(__always)
    func isQuoted(_ index: Int) -> Bool { fields[index].flags & Self.quotedFlag != 0 }

    /// Field `index` as a string (its bytes are valid UTF-8 by construction).
    func string(_ index: Int) -> String {
        String(decoding: bytes(index), as: UTF8.self)
    }

    @inline(__always)
    mutating func removeAll() {
        count = 0
        hasEscapes = false
    }

    @inline(__always)
    mutating func append(start: Int, end: Int, line: Int, flags: UInt8) {
        if count == capacity { grow() }
        fields[count] = CSVField(start: start, end: end, line: line, flags: flags)
        count += 1
        if flags & Self.escapedFlag != 0 { hasEscapes = true }
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: fields, count: count)
        fields.deallocate()
        fields = larger
        capacity *= 2
    }

    /// Turns every `""` of escaped fields into `"`, in place (the field only shrinks).
    mutating func unescape() {
        guard hasEscapes else { return }
        let quote = UInt8(ascii: "\"")
        for index in 0..<count where fields[index].flags & Self.escapedFlag != 0 {
            var read = fields[index].start, write = fields[index].start
            let end = fields[index].end
            while read < end {
                let byte = base[read]
                base[write] = byte
                write += 1
                read += byte == quote ? 2 : 1
            }
            fields[index].end = write
        }
    }
}
