import Foundation
import Testing
@testable import OutcomeAnalysis

@Suite struct AtomicFileWriterTests {
    /// Links planted under the old predictable temporary names (`.NAME.tmp-PID`) and at the
    /// target's name redirect nothing: the victim file keeps its bytes.
    @Test func plantedLinksAreNotFollowed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent(".report.md.tmp-\(getpid())").path,
                                                   withDestinationPath: victim.path)
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("report.md").path, withDestinationPath: victim.path)
        try AtomicFileWriter.write("new report\n", relativePath: "report.md", under: out.path)
        try AtomicFileWriter.write("again\n", to: out.appendingPathComponent("report.md").path)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        let target = out.appendingPathComponent("report.md").path
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "again\n")
        // No temporary file is left behind but the planted link.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".report.md.tmp-\(getpid())", "report.md"])
    }

    /// A folder below the root that is a link is refused; nothing lands where it points.
    @Test func linkedFoldersBelowTheRootAreRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("pain"), withDestinationURL: elsewhere)
        do {
            try AtomicFileWriter.write("x", relativePath: "pain/report.md", under: out.path)
            Issue.record("wrote through a linked folder")
        } catch {
            #expect("\(error)".contains("pain: is a symbolic link"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test(arguments: ["../x", "a/../../x", "/etc/x", "a//b", "", "a/./b"])
    func pathsThatLeaveTheRootAreRefused(path: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { try AtomicFileWriter.write("x", relativePath: path, under: folder.path) } throws: { error in
            guard case AnalysisError.io(path: _, message: let message) = error else { return false }
            return message.hasPrefix("not a plain relative path")
        }
    }

    @Test func nestedFoldersAreCreated() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try AtomicFileWriter.write("svg", relativePath: "pain/plots/a.svg", under: folder.appendingPathComponent("new").path)
        #expect(try String(contentsOf: folder.appendingPathComponent("new/pain/plots/a.svg"), encoding: .utf8) == "svg")
    }
}
