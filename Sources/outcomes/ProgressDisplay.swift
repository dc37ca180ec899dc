import Foundation
import OutcomeAnalysis

/// Shows batch progress on standard error: a bar redrawn in place on a terminal
/// (`[#####.....] 5/16  pain-acute  0:03`), plain lines otherwise (logs, CI), nothing with
/// `--quiet`.
final class ProgressDisplay: @unchecked Sendable {
    private let quiet: Bool
    private let isTerminal: Bool
    private let total: Int
    private let lock = NSLock()
    private var drewBar = false

    init(quiet: Bool, total: Int) {
        self.quiet = quiet
        self.total = total
        isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Receives one event per finished analysis (from worker threads).
    var report: @Sendable (ProgressEvent) -> Void {
        { [self] event in self.show(event) }
    }

    private func show(_ event: ProgressEvent) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        guard isTerminal else {
            printError(event.line)
            return
        }
        if !event.succeeded {
            // Keep failures visible above the bar.
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + event.line + "\n").utf8))
        }
        let width = 24
        let filled = total == 0 ? width : width * event.completed / total
        let seconds = Int(event.elapsed)
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        let line = "\r\u{1B}[K\(bar) \(event.completed)/\(event.total)  \(event.name)  \(seconds / 60):\(String(format: "%02d", seconds % 60))"
        FileHandle.standardError.write(Data(line.utf8))
        drewBar = true
    }

    /// Ends the bar's line.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
