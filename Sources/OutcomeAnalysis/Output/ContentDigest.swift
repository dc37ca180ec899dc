import Crypto
import Foundation

/// SHA-256 digests, as lowercase hex, of what a shard wrote and read: the shard manifest
/// records one per file so that `outcomes merge` refuses a file edited after the run.
///
/// A digest detects corruption and edits; it is not a signature: whoever can rewrite both a
/// file and its manifest can recompute the digest.
///
/// ```swift
/// ContentDigest.sha256(Data("abc".utf8))   // "ba7816bf…15ad"
/// ```
enum ContentDigest {
    /// The SHA-256 of `data`.
    static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The SHA-256 of `text` as UTF-8.
    static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// The SHA-256 of the file at `path`, read in 1 MiB chunks, or `nil` when it cannot be read.
    static func sha256(fileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }   // nil or empty: the end
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
