import Foundation
import OutcomeAnalysis

/// Shows a long imputation's progress (`imputations 37/100`) on standard error, redrawn in place
/// and erased when the fit is done; only when standard error is a terminal, so that logs, pipes
/// and CI see the output alone.
final class ImputationProgressLine: @unchecked Sendable {
    private let isShown: Bool
    private let lock = NSLock()
    private var drawn = false

    init(quiet: Bool) {
        isShown = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// The handler to pass to ``FitRequest/run(progress:)``, or `nil` when nothing is shown.
    var handler: (@Sendable (ImputationProgress) -> Void)? {
        guard isShown else { return nil }
        return { @Sendable [self] progress in self.show(progress) }
    }

    private func show(_ progress: ImputationProgress) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + progress.line).utf8))
        drawn = true
    }

    /// Erases the line, so that the fit's output starts on a clean line.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
