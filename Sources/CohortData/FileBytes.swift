#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file into memory.
///
/// - Throws: ``CohortDataError/unreadableFile(path:reason:)`` with the operating system's reason.
func readFileBytes(atPath path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw CohortDataError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
        if count < chunk.count {
            if ferror(file) != 0 {
                throw CohortDataError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            break
        }
    }
    return bytes
}
