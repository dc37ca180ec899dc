import Foundation
import Testing

/// Golden-text checks: rendered output compared byte for byte with a file committed in
/// `Tests/OutcomeReportsTests/Golden/`, located from this source file's path (the test
/// target declares no resources).
///
/// To (re)record after an intended change: `RECORD_GOLDEN=1 swift test --filter
/// OutcomeReportsTests`, then review the diff of `Golden/` before committing. Recording makes
/// the test fail on purpose so it can never pass silently; never set `RECORD_GOLDEN` on CI.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Golden", isDirectory: true)

    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    static func check(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record("Recorded Golden/\(name). Review it, then rerun without RECORD_GOLDEN.",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("Could not record Golden/\(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("Missing Golden/\(name). Record it with RECORD_GOLDEN=1 swift test --filter OutcomeReportsTests and review it.",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let diff = lineDiff(expected: expected, actual: actual)
            Issue.record("Golden/\(name) differs from the rendered output:\n\(diff)", sourceLocation: sourceLocation)
        }
    }

    /// The first differing lines, numbered, `-` expected and `+` actual.
    static func lineDiff(expected: String, actual: String, limit: Int = 12) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        var differing = 0
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? String(old[index]) : nil
            let after = index < new.count ? String(new[index]) : nil
            guard before != after else { continue }
            differing += 1
            if differing <= limit {
                lines.append("line \(index + 1):")
                if let before { lines.append("- " + before) }
                if let after { lines.append("+ " + after) }
            }
        }
        if differing > limit { lines.append("… \(differing - limit) more differing lines") }
        return lines.joined(separator: "\n")
    }
}
