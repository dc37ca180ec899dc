import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader never sees a half-written one, and so that a link planted in
/// a shared output folder cannot redirect a write.
///
/// The bytes go to a temporary file `.NAME.tmp-PID-RANDOM` created in the target's own folder
/// with `O_CREAT | O_EXCL | O_NOFOLLOW` (so it is always a new file, never an existing file or
/// the target of a link), which is then renamed over the target (atomic on POSIX file systems;
/// a link at the target's name is replaced, never followed).
///
/// ```swift
/// try AtomicFileWriter.write("# Pain\n", relativePath: "pain/report.md", under: "reports")
/// ```
public enum AtomicFileWriter {
    /// Writes `text` as UTF-8 to `path`, creating intermediate folders.
    ///
    /// - Throws: ``AnalysisError/io(path:message:)``.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path`, creating intermediate folders (which may be links the user
    /// made; only the file itself is created without following a link).
    ///
    /// - Throws: ``AnalysisError/io(path:message:)``.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw AnalysisError.io(path: path, message: "cannot create the folder: \(error.localizedDescription)")
        }
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw AnalysisError.io(path: folder, message: "cannot open the folder: \(reason())") }
        defer { close(directory) }
        try write(data, named: url.lastPathComponent, in: directory, path: path)
    }

    /// Writes `text` as UTF-8 to `root/relativePath`. Folders below `root` are created as
    /// needed; an existing one that is a symbolic link or not a folder is refused, so nothing
    /// is ever written outside `root`.
    ///
    /// - Parameters:
    ///   - relativePath: `/`-separated plain names (no `..`, `.`, empty or absolute parts).
    ///   - root: The output folder (created when missing; it may itself be a link).
    /// - Throws: ``AnalysisError/io(path:message:)``.
    public static func write(_ text: String, relativePath: String, under root: String) throws {
        try write(Data(text.utf8), relativePath: relativePath, under: root)
    }

    /// Writes `data` to `root/relativePath`; see ``write(_:relativePath:under:)-(String,_,_)``.
    ///
    /// - Throws: ``AnalysisError/io(path:message:)``.
    public static func write(_ data: Data, relativePath: String, under root: String) throws {
        let full = root + "/" + relativePath
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.last, parts.allSatisfy(isPlainName) else {
            throw AnalysisError.io(path: full, message: "not a plain relative path (no '..', '.', empty or absolute parts); refusing to write it")
        }
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw AnalysisError.io(path: root, message: "cannot create the output folder: \(error.localizedDescription)")
        }
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw AnalysisError.io(path: root, message: "cannot open the output folder: \(reason())") }
        defer { close(directory) }
        var walked = root
        for component in parts.dropLast() {
            walked += "/" + component
            if mkdirat(directory, component, 0o755) != 0, errno != EEXIST {
                throw AnalysisError.io(path: walked, message: "cannot create the folder: \(reason())")
            }
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                let why = errno == ELOOP || errno == ENOTDIR
                    ? "is a symbolic link or not a folder; refusing to write through it (remove it, or choose another --out)"
                    : "cannot open the folder: \(reason())"
                throw AnalysisError.io(path: walked, message: why)
            }
            close(directory)
            directory = next
        }
        try write(data, named: name, in: directory, path: full)
    }

    /// Whether `component` can be one step of a relative path inside an output folder.
    static func isPlainName(_ component: String) -> Bool {
        !component.isEmpty && component != "." && component != ".." && !component.contains("\u{0}")
    }

    /// Creates a fresh temporary file in `directory`, writes `data`, renames it to `name`.
    private static func write(_ data: Data, named name: String, in directory: Int32, path: String) throws {
        var temporary = ""
        var descriptor: Int32 = -1
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<64 {
            temporary = ".\(name).tmp-\(getpid())-\(String(generator.next() as UInt64, radix: 36))"
            descriptor = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw AnalysisError.io(path: path, message: "cannot create a temporary file beside it: \(reason())") }
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = reason()
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == nil { failure = reason() }
        if let failure {
            unlinkat(directory, temporary, 0)
            throw AnalysisError.io(path: path, message: "cannot write: \(failure)")
        }
        if renameat(directory, temporary, directory, name) != 0 {
            let why = reason()
            unlinkat(directory, temporary, 0)
            throw AnalysisError.io(path: path, message: "cannot move the finished file into place: \(why)")
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Musl)
private let systemWrite = Musl.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
