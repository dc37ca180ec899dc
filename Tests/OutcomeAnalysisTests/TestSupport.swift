import Foundation
import Testing

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// |value − reference| / |reference| (absolute when the reference is 0): the worst error the
/// tests against R report. Whether a value passes is decided by RealModule's
/// `isApproximatelyEqual(to:relativeTolerance:)`.
func relativeError(_ value: Double, _ reference: Double) -> Double {
    reference == 0 ? abs(value) : abs(value - reference) / abs(reference)
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("outcomes-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The `outcomes` executable built beside the test bundle.
func outcomesExecutable() throws -> URL {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = folder.appendingPathComponent("outcomes")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    let fallback = repositoryRoot.appendingPathComponent(".build/debug/outcomes")
    try #require(FileManager.default.isExecutableFile(atPath: fallback.path), "build the outcomes executable first")
    return fallback
}

/// Result of running the CLI.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs `outcomes` with `arguments` in `folder`, with extra environment variables.
func runOutcomes(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = try outcomesExecutable()
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting so a large output cannot fill the pipe and block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         standardOutput: String(decoding: outData, as: UTF8.self),
                         standardError: String(decoding: errData, as: UTF8.self))
}

/// Every regular file under `folder`, relative path → contents.
func filesUnder(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
        result[relative] = try Data(contentsOf: url)
    }
    return result
}

/// Pooled estimates of `outcomes fit --impute … --format json` against R's mice on the same
/// model, both with `m` imputations (`reference`: term, estimate, std_error, b, m). Two
/// independent Monte-Carlo estimates: every estimate within 4·√((B_ours + B_mice)/m) of mice's,
/// every SE within 2 %.
func expectPooledEstimatesAgreeWithMice(_ json: [String: Any], reference: URL, imputations m: Int) throws {
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    let rows = try String(contentsOf: reference, encoding: .utf8).split(separator: "\n").dropFirst()
        .map { $0.split(separator: ",").map(String.init) }
    try #require(rows.count == coefficients.count)
    for row in rows {
        let c = try #require(coefficients.first { $0["term"] as? String == row[0] }, "no \(row[0])")
        let estimate = try #require(c["estimate"] as? Double), between = try #require(c["between_variance"] as? Double)
        let mice = try #require(Double(row[1])), miceBetween = try #require(Double(row[3]))
        let monteCarlo = ((between + miceBetween) / Double(m)).squareRoot()
        #expect(abs(estimate - mice) <= 4 * monteCarlo, "\(row[0]): \(estimate) vs mice \(mice) (Monte-Carlo SE \(monteCarlo))")
        let se = try #require(c["std_error"] as? Double), miceSE = try #require(Double(row[2]))
        #expect(abs(se - miceSE) <= 0.02 * miceSE, "\(row[0]) SE \(se) vs mice \(miceSE)")
    }
}
