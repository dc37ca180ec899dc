import CReadStat
import Foundation

/// What ReadStat reports of one file: its variables, the values of the variables kept, and its
/// value-label sets, collected by the C callbacks of ``parse(path:format:keeping:)`` as they
/// stream: a number goes straight into its typed column and a string is interned into its
/// variable's label dictionary (one code per row), so memory is the typed columns' and the
/// distinct labels', never one `String` per cell.
final class ReadStatContents {
    /// A variable as the file declares it.
    struct Variable {
        var name: String
        /// The variable label ("" when none).
        var label: String
        /// The name of its value-label set, if it has one.
        var labelSet: String?
        var isString: Bool
        /// Whether its values are collected (the caller selected it).
        var isKept: Bool
    }

    var expectedRows = 0
    var variables: [Variable] = []
    /// Per variable: the numbers (NaN where missing: system, tagged (.a–.z) or user-defined missing).
    var numbers: [[Double]] = []
    /// Per string variable: each row's code in ``dictionaries`` (−1 where missing or empty).
    var codes: [[Int32]] = []
    /// Per string variable: its distinct strings, in order of arrival.
    var dictionaries: [LabelDictionary] = []
    /// Which variables to keep, by name.
    var keeps: (String) -> Bool = { _ in true }
    /// Value labels by set name: numeric key → label.
    var numericLabels: [String: [Double: String]] = [:]
    /// Value labels by set name for string variables: key → label.
    var stringLabels: [String: [String: String]] = [:]
    var rowCount = 0

    /// Parses `path` as `format`.
    ///
    /// - Throws: ``CohortDataError/unreadableFile(path:reason:)`` with ReadStat's message.
    ///
    /// - Parameter keeping: whether to collect a variable's values, by its name in the file.
    static func parse(path: String, format: StatisticalFileFormat, keeping: @escaping (String) -> Bool = { _ in true }) throws -> ReadStatContents {
        let contents = ReadStatContents()
        contents.keeps = keeping
        guard let parser = readstat_parser_init() else {
            throw CohortDataError.unreadableFile(path: path, reason: "ReadStat could not start a parser")
        }
        defer { readstat_parser_free(parser) }
        readstat_set_metadata_handler(parser) { metadata, context in
            let contents = Unmanaged<ReadStatContents>.fromOpaque(context!).takeUnretainedValue()
            contents.expectedRows = max(0, Int(readstat_get_row_count(metadata)))
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_variable_handler(parser) { index, variable, labelSet, context in
            let contents = Unmanaged<ReadStatContents>.fromOpaque(context!).takeUnretainedValue()
            let name = String(cString: readstat_variable_get_name(variable))
            let label = readstat_variable_get_label(variable).map { String(cString: $0) } ?? ""
            let isString = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
            let kept = contents.keeps(name)
            contents.variables.append(Variable(name: name, label: label, labelSet: labelSet.map { String(cString: $0) },
                                               isString: isString, isKept: kept))
            contents.numbers.append([])
            contents.codes.append([])
            contents.dictionaries.append(LabelDictionary())
            if kept, isString { contents.codes[Int(index)].reserveCapacity(contents.expectedRows) }
            else if kept { contents.numbers[Int(index)].reserveCapacity(contents.expectedRows) }
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_value_handler(parser) { row, variable, value, context in
            let contents = Unmanaged<ReadStatContents>.fromOpaque(context!).takeUnretainedValue()
            let index = Int(readstat_variable_get_index(variable))
            guard index < contents.variables.count else { return Int32(READSTAT_HANDLER_ABORT) }
            contents.rowCount = max(contents.rowCount, Int(row) + 1)
            guard contents.variables[index].isKept else { return Int32(READSTAT_HANDLER_OK) }
            let missing = readstat_value_is_missing(value, variable) != 0
            if contents.variables[index].isString {
                guard !missing, let text = readstat_string_value(value), text.pointee != 0 else {
                    contents.codes[index].append(-1)
                    return Int32(READSTAT_HANDLER_OK)
                }
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
                var high: UInt8 = 0
                for byte in bytes { high |= byte }
                if high & 0x80 != 0, String(validating: bytes, as: UTF8.self) == nil {
                    // Not UTF-8 (a legacy code page): repaired with U+FFFD, as String(cString:) does.
                    contents.codes[index].append(contents.dictionaries[index].intern(String(cString: text)))
                } else if let code = contents.dictionaries[index].code(of: bytes) {
                    contents.codes[index].append(code)
                } else {
                    return Int32(READSTAT_HANDLER_ABORT)
                }
            } else {
                contents.numbers[index].append(missing ? .nan : readstat_double_value(value))
            }
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_value_label_handler(parser) { setName, value, label, context in
            let contents = Unmanaged<ReadStatContents>.fromOpaque(context!).takeUnretainedValue()
            guard let setName, let label else { return Int32(READSTAT_HANDLER_OK) }
            let set = String(cString: setName), text = String(cString: label)
            if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
                if let key = readstat_string_value(value) { contents.stringLabels[set, default: [:]][String(cString: key)] = text }
            } else if readstat_value_is_tagged_missing(value) == 0, readstat_value_is_system_missing(value) == 0 {
                contents.numericLabels[set, default: [:]][readstat_double_value(value)] = text
            }
            return Int32(READSTAT_HANDLER_OK)
        }
        let context = Unmanaged.passUnretained(contents).toOpaque()
        let status: readstat_error_t = switch format {
        case .spss: readstat_parse_sav(parser, path, context)
        case .stata: readstat_parse_dta(parser, path, context)
        case .sas: readstat_parse_sas7bdat(parser, path, context)
        case .sasTransport: readstat_parse_xport(parser, path, context)
        }
        guard status == READSTAT_OK else {
            let message = readstat_error_message(status).map { String(cString: $0) } ?? "error \(status.rawValue)"
            throw CohortDataError.unreadableFile(path: path, reason: "not a readable \(format.displayName) file (ReadStat: \(message))")
        }
        return contents
    }
}

extension StatisticalFileFormat {
    /// How messages name the format.
    var displayName: String {
        switch self {
        case .spss: "SPSS (.sav)"
        case .stata: "Stata (.dta)"
        case .sas: "SAS (.sas7bdat)"
        case .sasTransport: "SAS transport (.xpt)"
        }
    }
}
