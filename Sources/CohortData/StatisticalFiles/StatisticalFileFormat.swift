import Foundation

/// The statistical-package file formats CohortData reads through ReadStat, chosen by the file's
/// extension or, failing that, its magic bytes.
///
/// ```swift
/// StatisticalFileFormat(path: "trial.dta")     // .stata
/// StatisticalFileFormat(path: "cohort.csv")    // nil: read as CSV
/// ```
public enum StatisticalFileFormat: String, Sendable, CaseIterable {
    /// SPSS system file (`.sav`, `.zsav`).
    case spss
    /// Stata data file (`.dta`, versions 104–119).
    case stata
    /// SAS data set (`.sas7bdat`).
    case sas
    /// SAS transport file (`.xpt`, versions 5 and 8), the format of regulatory submissions.
    case sasTransport

    /// The format of `path` by its extension, else by its first bytes; `nil` for anything else
    /// (which the CSV reader then reads).
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "sav", "zsav": self = .spss
        case "dta": self = .stata
        case "sas7bdat": self = .sas
        case "xpt", "xport": self = .sasTransport
        case "csv", "tsv", "txt": return nil
        default:
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            guard let head = try? handle.read(upToCount: 80), let format = Self(magic: [UInt8](head)) else { return nil }
            self = format
        }
    }

    /// The format whose magic bytes begin `head`, if any.
    init?(magic head: [UInt8]) {
        func starts(_ prefix: String) -> Bool { head.starts(with: Array(prefix.utf8)) }
        if starts("$FL2") || starts("$FL3") {
            self = .spss
        } else if starts("<stata_dta>") || (head.count > 2 && (104...115).contains(Int(head[0])) && head[1] <= 2) {
            self = .stata
        } else if starts("HEADER RECORD*******LIBRARY HEADER RECORD") || starts("HEADER RECORD*******LIBV8   HEADER RECORD") {
            self = .sasTransport
        } else if head.count >= 32, Array(head[12..<32]) == Self.sasMagic {
            self = .sas
        } else {
            return nil
        }
    }

    /// Bytes 12–31 of every `.sas7bdat` file.
    private static let sasMagic: [UInt8] = [0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92,
                                            0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11]
}
