import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file below a folder without following a link anywhere below it: what
/// `outcomes merge` reads from a shard folder is that folder's own regular files, never a
/// file a planted link points to.
///
/// ```swift
/// let bytes = try ConfinedFileReader.read(relativePath: "pain/results.json", under: "out-1")
/// ```
enum ConfinedFileReader {
    /// Files larger than this are refused (a report file is kilobytes; a manifest of 10,000
    /// analyses is a few megabytes).
    static let maximumBytes = 256 << 20

    /// The bytes of `root/relativePath`.
    ///
    /// - Throws: ``AnalysisError/io(path:message:)`` when a part of the path is a link, the file
    ///   is not a regular file, larger than ``maximumBytes``, or cannot be read.
    static func read(relativePath: String, under root: String) throws -> Data {
        let full = root + "/" + relativePath
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.last, parts.allSatisfy(AtomicFileWriter.isPlainName) else {
            throw AnalysisError.io(path: full, message: "not a plain relative path (no '..', '.', empty or absolute parts); refusing to read it")
        }
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw AnalysisError.io(path: root, message: "cannot open the folder: \(reason())") }
        defer { close(directory) }
        var walked = root
        for component in parts.dropLast() {
            walked += "/" + component
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                throw AnalysisError.io(path: walked, message: errno == ELOOP || errno == ENOTDIR
                                       ? "is a symbolic link or not a folder; refusing to read through it" : "cannot open: \(reason())")
            }
            close(directory)
            directory = next
        }
        let file = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            throw AnalysisError.io(path: full, message: errno == ELOOP ? "is a symbolic link; refusing to read it" : "cannot open: \(reason())")
        }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0 else { throw AnalysisError.io(path: full, message: "cannot read: \(reason())") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw AnalysisError.io(path: full, message: "is not a regular file; refusing to read it")
        }
        guard Int(status.st_size) <= maximumBytes else {
            throw AnalysisError.io(path: full, message: "is \(status.st_size) bytes, more than the \(maximumBytes) bytes a report file may have")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { systemRead(file, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw AnalysisError.io(path: full, message: "cannot read: \(count < 0 ? reason() : "it became shorter while read")") }
            offset += count
        }
        return Data(bytes)
    }

    /// Every file below `root/folder` (relative to `root`), not following links.
    ///
    /// - Throws: ``AnalysisError/io(path:message:)`` for a link or something other than a
    ///   regular file or folder.
    static func files(in folder: String, under root: String) throws -> [String] {
        var result: [String] = []
        var pending = [folder]
        while let current = pending.popLast() {
            let path = root + "/" + current
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                throw AnalysisError.io(path: path, message: "cannot list the folder: \(error.localizedDescription)")
            }
            for name in names.sorted() {
                let relative = current + "/" + name
                var status = stat()
                guard lstat(root + "/" + relative, &status) == 0 else {
                    throw AnalysisError.io(path: root + "/" + relative, message: "cannot read: \(reason())")
                }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: pending.append(relative)
                case S_IFREG: result.append(relative)
                default:
                    throw AnalysisError.io(path: root + "/" + relative, message: "is a symbolic link or a special file, which no run writes; remove it")
                }
            }
        }
        return result.sorted()
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Musl)
private let systemRead = Musl.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
