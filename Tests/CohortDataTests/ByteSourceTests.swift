import Foundation
import Testing
@testable import CohortData

/// Data that is not a regular file is refused before a byte is read: a device would be read
/// forever (`/dev/zero` asked for 4.3 GB), a FIFO would block.
@Suite struct ByteSourceTests {
    @Test(arguments: [("/dev/zero", "character device"), ("/dev/null", "character device"), ("/tmp", "directory")])
    func specialFilesAreRefused(path: String, kind: String) {
        do {
            _ = try FileByteSource(path: path)
            Issue.record("opened \(path)")
        } catch {
            #expect("\(error)".contains(kind), "\(error)")
        }
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString).csv").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        do {
            _ = try CohortLoader().load(path: path)
            Issue.record("loaded a FIFO")
        } catch {
            #expect("\(error)".contains("pipe, not a regular file"), "\(error)")
        }
    }

    @Test func aRegularFileOpens() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ok-\(UUID().uuidString).csv").path
        try Data("a\n1\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        #expect(try FileByteSource(path: path).sizeHint == 4)
    }

    @Test func theBoundIsStated() {
        #expect(FileByteSource.maximumFileBytes == 8 << 30)
    }
}
