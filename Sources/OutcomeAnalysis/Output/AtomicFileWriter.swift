import Foundation

/// Writes files so that a reader never sees a half-written one: the bytes go to a temporary
/// file in the same folder, which is then renamed over the target (atomic on POSIX file systems).
public enum AtomicFileWriter {
    /// Writes `text` as UTF-8 to `path`, creating intermediate folders.
    ///
    /// - Throws: ``AnalysisError/io(path:message:)``.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path`, creating intermediate folders.
    ///
    /// - Throws: ``AnalysisError/io(path:message:)``.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw AnalysisError.io(path: path, message: "cannot move the finished file into place: \(reason)")
            }
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError.io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
