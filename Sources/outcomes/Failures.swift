import ArgumentParser
import Foundation
import OutcomeAnalysis

/// Writes a line to standard error, with control characters and bidirectional overrides
/// escaped (a message may quote a formula or a data level written by someone else).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(line) + "\n").utf8))
}

/// Runs `body`; an error of the analysis layers becomes one line on standard error and exit
/// status 1, never a stack trace.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as AnalysisError {
        printError("error: \(error)")
        throw ExitCode.failure
    } catch {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}
