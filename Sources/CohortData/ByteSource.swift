#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where ``CSVReader`` gets its bytes from, a chunk at a time.
protocol ByteSource {
    /// Copies up to `buffer.count` next bytes into `buffer`; returns how many (0 at the end).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// The total size when known in advance (used to reserve column capacity).
    var sizeHint: Int? { get }
    /// A new source over bytes `range` of this one (from its start, whatever has been read),
    /// or `nil` when the source cannot be read out of order.
    func slice(_ range: Range<Int>) throws -> Self?
}

/// The bytes of an array already in memory.
struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    private var offset = 0
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.end = bytes.count
    }

    private init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    var sizeHint: Int? { end - offset }

    func slice(_ range: Range<Int>) throws -> MemoryByteSource? {
        MemoryByteSource(bytes, range: range.clamped(to: 0..<bytes.count))
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, end - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// A file read sequentially with `fread`; closed when the last copy goes away.
final class FileByteSource: ByteSource {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    let sizeHint: Int?
    /// Bytes left to read when the source is a slice.
    private var remaining = Int.max

    /// The largest data file read (8 GiB): a cohort of a million visits is about 100 MB, and a
    /// file beyond this would not fit in memory as a frame on a 24 GiB machine.
    static let maximumFileBytes = 8 << 30

    /// Opens `path` for reading: a regular file (a link to one is fine) of at most
    /// ``maximumFileBytes``, checked before a byte is read. A device (`/dev/zero`), a FIFO
    /// (opened without blocking) or a folder is refused.
    ///
    /// - Throws: ``CohortDataError/unreadableFile(path:reason:)`` with the operating system's reason.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CohortDataError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw CohortDataError.unreadableFile(path: path, reason: reason)
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(descriptor)
            let what = kind == S_IFDIR ? "it is a directory" : kind == S_IFCHR ? "it is a character device, not a regular file"
                : kind == S_IFIFO ? "it is a pipe, not a regular file" : kind == S_IFBLK ? "it is a block device, not a regular file"
                : kind == S_IFSOCK ? "it is a socket, not a regular file" : "it is not a regular file"
            throw CohortDataError.unreadableFile(path: path, reason: what)
        }
        guard Int(status.st_size) <= Self.maximumFileBytes else {
            close(descriptor)
            throw CohortDataError.unreadableFile(
                path: path, reason: "it is \(status.st_size) bytes, more than the \(Self.maximumFileBytes) bytes (8 GiB) a data file may have")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        guard let file = fdopen(descriptor, "rb") else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw CohortDataError.unreadableFile(path: path, reason: reason)
        }
        self.path = path
        self.file = file
        let size = fstat(fileno(file), &status) == 0 ? Int(status.st_size) : 0
        self.sizeHint = size > 0 ? size : nil
    }

    deinit { fclose(file) }

    func slice(_ range: Range<Int>) throws -> FileByteSource? {
        let source = try FileByteSource(path: path)
        guard fseeko(source.file, off_t(range.lowerBound), SEEK_SET) == 0 else {
            throw CohortDataError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        source.remaining = range.count
        return source
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, remaining)
        guard wanted > 0 else { return 0 }
        let count = fread(buffer.baseAddress, 1, wanted, file)
        if remaining != .max { remaining -= count }
        if count < wanted, ferror(file) != 0 {
            throw CohortDataError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        return count
    }
}
