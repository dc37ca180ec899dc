import Foundation
import OutcomeStats
import Yams

/// One analysis of a spec: a model of one outcome on one data file, and how to report it.
public struct AnalysisDefinition: Sendable, Equatable {
    /// Folder name of the analysis' report; letters, digits, `-` and `_` only.
    public let name: String
    /// Human title of the report.
    public let title: String
    /// Path of the data file, resolved against the spec's folder.
    public let dataPath: String
    /// The data file as written in the spec (what reports show; never an absolute machine path).
    public let dataLabel: String
    /// The model formula, parsed.
    public let formula: Formula
    /// Reference level per categorical variable (treatment contrasts).
    public let referenceLevels: [String: String]
    /// Contract column name → the data file's header name, for files whose names differ
    /// (`columns: { pain_nrs: "Pain score (0-10)" }`).
    public var columnMapping: [String: String] = [:]
}

/// A batch of analyses read from a YAML spec.
///
/// ```yaml
/// defaults:
///   data: example_cohort.csv          # relative to this file
///   reference: { technique: usual_care }
///   columns: { pain_nrs: "Pain score (0-10)" }   # contract name: the file's header name
/// analyses:
///   - name: pain
///     title: Pain (NRS 0-10)
///     formula: pain_nrs ~ sessions_per_week + technique + cohort * week
/// ```
///
/// Every analysis needs `name` and `formula`; `data`, `title`, `reference` and `columns` fall
/// back to `defaults` (an analysis' `columns` entries add to or override the defaults'). Unknown keys are errors (with a suggestion), so a typo never silently changes an
/// analysis.
public struct AnalysisSpec: Sendable {
    /// The analyses, in file order.
    public let analyses: [AnalysisDefinition]
    /// Path of the spec file.
    public let path: String

    /// Reads and validates the spec at `path`.
    ///
    /// - Throws: ``AnalysisError/spec(file:line:column:message:)`` naming the line and column.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AnalysisError.io(path: path, message: "cannot read the spec file (missing, unreadable or not UTF-8)")
        }
        try self.init(yaml: text, path: path)
    }

    /// Parses a spec from `yaml`; relative data paths resolve against the folder of `path`.
    public init(yaml: String, path: String) throws {
        self.path = path
        let file = (path as NSString).lastPathComponent
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        }
        guard let root = node, case .mapping(let mapping) = root else {
            throw AnalysisError.spec(file: file, line: node?.mark?.line, column: node?.mark?.column,
                                     message: "a spec is a mapping with an 'analyses:' list")
        }
        let reader = SpecNodeReader(file: file)
        try reader.checkKeys(mapping, allowed: ["defaults", "analyses"])
        var defaults = AnalysisFields()
        if let node = root["defaults"] {
            defaults = try reader.fields(of: node, context: "defaults")
        }
        guard let list = root["analyses"] else {
            throw reader.error(root, "missing 'analyses:' (a list of analyses, each with 'name' and 'formula')")
        }
        guard case .sequence(let items) = list, !items.isEmpty else {
            throw reader.error(list, "'analyses' must be a non-empty list")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var seen: [String: Int] = [:]
        var analyses: [AnalysisDefinition] = []
        for item in items {
            let fields = try reader.fields(of: item, context: "analysis")
            guard let (name, nameNode) = fields.name else { throw reader.error(item, "analysis without 'name'") }
            guard name.range(of: "^[A-Za-z0-9_-]+$", options: .regularExpression) != nil else {
                throw reader.error(nameNode, "analysis name '\(name)' may only use letters, digits, '-' and '_' (it names a folder)")
            }
            if let line = seen[name] {
                throw reader.error(nameNode, "analysis name '\(name)' is already used on line \(line)")
            }
            seen[name] = nameNode.mark?.line ?? 0
            guard let (formulaText, formulaNode) = fields.formula else {
                throw reader.error(item, "analysis '\(name)' has no 'formula'")
            }
            let formula: Formula
            do {
                formula = try Formula(formulaText)
            } catch let error as StatsError {
                throw reader.error(formulaNode, "analysis '\(name)': \(error)")
            }
            guard let (dataText, _) = fields.data ?? defaults.data else {
                throw reader.error(item, "analysis '\(name)' has no 'data' and there is no 'defaults: data:'")
            }
            let dataPath = dataText.hasPrefix("/") || folder.isEmpty ? dataText : folder + "/" + dataText
            var references = defaults.reference
            for (key, value) in fields.reference { references[key] = value }
            var columns = defaults.columns
            for (key, value) in fields.columns { columns[key] = value }
            var definition = AnalysisDefinition(
                name: name, title: fields.title?.0 ?? defaults.title?.0 ?? name, dataPath: dataPath,
                dataLabel: dataText, formula: formula, referenceLevels: references)
            definition.columnMapping = columns
            analyses.append(definition)
        }
        self.analyses = analyses
    }

    /// A YAML syntax error as one line: Yams' first line is `LINE:COLUMN: error: message`,
    /// followed by a snippet we drop.
    static func syntaxError(_ error: YamlError, file: String) -> AnalysisError {
        let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        let parts = first.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]) {
            let message = parts[2].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "error: ", with: "", options: .anchored)
            return .spec(file: file, line: line, column: column, message: "not valid YAML: \(message)")
        }
        return .spec(file: file, line: nil, column: nil, message: "not valid YAML: \(first)")
    }
}

/// The keys an analysis (or the defaults) may set, with the nodes they came from.
struct AnalysisFields {
    var name: (String, Node)?
    var title: (String, Node)?
    var data: (String, Node)?
    var formula: (String, Node)?
    var reference: [String: String] = [:]
    var columns: [String: String] = [:]
}

/// Reads spec nodes, turning shape errors into ``AnalysisError/spec(file:line:column:message:)``.
struct SpecNodeReader {
    let file: String

    func error(_ node: Node, _ message: String) -> AnalysisError {
        .spec(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    func checkKeys(_ mapping: Node.Mapping, allowed: [String]) throws {
        for (key, _) in mapping {
            let text = key.string ?? ""
            guard allowed.contains(text) else {
                let hint = nearestName(to: text, in: allowed).map { " Did you mean '\($0)'?" } ?? " Allowed: \(allowed.joined(separator: ", "))."
                throw error(key, "unknown key '\(text)'.\(hint)")
            }
        }
    }

    func scalar(_ node: Node, key: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "'\(key)' must be a single value") }
        return scalar.string
    }

    func fields(of node: Node, context: String) throws -> AnalysisFields {
        guard case .mapping(let mapping) = node else {
            throw error(node, "each \(context) is a mapping of keys such as 'name:' and 'formula:'")
        }
        try checkKeys(mapping, allowed: ["name", "title", "data", "formula", "reference", "columns"])
        var fields = AnalysisFields()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name": fields.name = (try scalar(value, key: key), value)
            case "title": fields.title = (try scalar(value, key: key), value)
            case "data": fields.data = (try scalar(value, key: key), value)
            case "formula": fields.formula = (try scalar(value, key: key), value)
            case "reference":
                guard case .mapping(let levels) = value else {
                    throw error(value, "'reference' maps a categorical column to its reference level, e.g. { technique: usual_care }")
                }
                for (column, level) in levels {
                    fields.reference[try scalar(column, key: "reference")] = try scalar(level, key: "reference")
                }
            case "columns":
                guard case .mapping(let names) = value else {
                    throw error(value, "'columns' maps a contract column to the file's header name, e.g. { pain_nrs: \"Pain score (0-10)\" }")
                }
                for (column, header) in names {
                    fields.columns[try scalar(column, key: "columns")] = try scalar(header, key: "columns")
                }
            default: break
            }
        }
        return fields
    }
}
