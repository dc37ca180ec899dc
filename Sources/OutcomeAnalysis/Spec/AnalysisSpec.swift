import CohortData
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
    /// The model: `gaussian` (linear model, default), `binomial` or `poisson` (key `family:`).
    public let family: ModelFamily
    /// An explicit responder derivation (key `responder:`), adding `<outcome>_responder`.
    public let responder: ResponderDerivation?
    /// Row restrictions (key `subset:`, e.g. `{ week: 10 }`), applied after derivations.
    public let filters: [RowFilter]
}

/// A batch of analyses read from a YAML spec.
///
/// ```yaml
/// defaults:
///   data: example_cohort.csv          # relative to this file
///   reference: { technique: usual_care }
/// analyses:
///   - name: pain
///     title: Pain (NRS 0-10)
///     formula: pain_nrs ~ sessions_per_week + technique + cohort * week
/// ```
///
/// Every analysis needs `name` and `formula`; `data`, `title`, `reference` and `family` fall
/// back to `defaults`. `family:` is `gaussian` (the linear model), `binomial` (logistic) or
/// `poisson`. `subset: { week: 10 }` keeps the rows where each column equals its value.
/// `responder: pain_nrs` — or `responder: { outcome: pain_nrs, points: 2, fraction: 0.3 }` —
/// derives the per-patient flag `pain_nrs_responder` (improvement from week 0 of at least
/// `points` or `fraction` of baseline); a formula naming `<outcome>_responder` derives it with
/// those defaults without the key.
///
/// ```yaml
///   - name: pain-responders
///     family: binomial
///     responder: pain_nrs
///     subset: { week: 10 }
///     formula: pain_nrs_responder ~ technique + cohort
/// ```
/// Unknown keys are errors (with a suggestion), so a typo never silently changes an
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
            analyses.append(AnalysisDefinition(
                name: name, title: fields.title?.0 ?? defaults.title?.0 ?? name, dataPath: dataPath,
                dataLabel: dataText, formula: formula, referenceLevels: references,
                family: fields.family ?? defaults.family ?? .gaussian, responder: fields.responder ?? defaults.responder,
                filters: fields.filters.isEmpty ? defaults.filters : fields.filters))
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
    var family: ModelFamily?
    var responder: ResponderDerivation?
    var filters: [RowFilter] = []
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
        try checkKeys(mapping, allowed: ["name", "title", "data", "formula", "reference", "family", "responder", "subset"])
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
            case "family":
                let text = try scalar(value, key: key)
                guard let family = ModelFamily(parsing: text) else { throw error(value, ModelFamily.unknownMessage(text)) }
                fields.family = family
            case "responder": fields.responder = try responder(value)
            case "subset":
                guard case .mapping(let filters) = value else {
                    throw error(value, "'subset' maps a column to the value rows must have, e.g. { week: 10 }")
                }
                for (column, level) in filters {
                    fields.filters.append(RowFilter(column: try scalar(column, key: "subset"), value: try scalar(level, key: "subset")))
                }
            default: break
            }
        }
        return fields
    }

    /// `responder: pain_nrs` or `responder: { outcome: pain_nrs, points: 2, fraction: 0.3 }`.
    func responder(_ node: Node) throws -> ResponderDerivation {
        if case .scalar(let scalar) = node { return ResponderDerivation(outcome: scalar.string) }
        guard case .mapping(let mapping) = node else {
            throw error(node, "'responder' is an outcome column, or a mapping { outcome: pain_nrs, points: 2, fraction: 0.3 }")
        }
        try checkKeys(mapping, allowed: ["outcome", "points", "fraction", "improvement"])
        guard let outcomeNode = node["outcome"] else { throw error(node, "'responder' needs 'outcome:'") }
        func number(_ key: String) throws -> Double?? {
            guard let value = node[key] else { return .none }
            let text = try scalar(value, key: key)
            if text == "none" { return .some(nil) }
            guard let x = Double(text), x > 0 else { throw error(value, "'\(key)' must be a positive number or 'none', not '\(text)'") }
            return .some(x)
        }
        let points = try number("points"), fraction = try number("fraction")
        var improvement = ResponderDerivation.Improvement.lowerIsBetter
        if let value = node["improvement"] {
            let text = try scalar(value, key: "improvement")
            switch text {
            case "lower": improvement = .lowerIsBetter
            case "higher": improvement = .higherIsBetter
            default: throw error(value, "'improvement' is 'lower' (lower scores are better) or 'higher', not '\(text)'")
            }
        }
        let resolvedPoints = points ?? 2, resolvedFraction = fraction ?? 0.3
        guard resolvedPoints != nil || resolvedFraction != nil else {
            throw error(node, "'responder' needs 'points' or 'fraction' (both are 'none')")
        }
        return ResponderDerivation(outcome: try scalar(outcomeNode, key: "outcome"), minimumPoints: resolvedPoints,
                                   minimumFraction: resolvedFraction, improvement: improvement)
    }
}
