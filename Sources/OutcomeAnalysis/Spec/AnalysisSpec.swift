import CohortData
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OutcomeStats
import Yams

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
///     covariance: cluster:site          # classical (default), hc0-hc3, cluster:COLUMN
///     weights: w                        # optional column of case weights
/// ```
///
/// Every analysis needs `name` and `formula`; `data`, `title`, `reference`, `columns`, `covariance`,
/// `weights` and the keys below fall back to `defaults`. Optional inference keys (also allowed in `defaults`):
///
/// ```yaml
///     anova: II                       # I (sequential), II or III (sum-to-zero contrasts)
///     emmeans: { factor: technique, by: cohort, adjust: tukey }   # or just `emmeans: technique`
///                                       # MMRM: weights: proportional (default equal)
///     hypotheses: [techniquedeep_tissue = techniquefriction]     # Wald F tests
///     compare_to: pain_nrs ~ technique + cohort + week           # F test of a nested model
///     family: binomial                # gaussian (default), binomial (logistic) or poisson
///     responder: pain_nrs             # or { outcome: pain_nrs, points: 2, fraction: 0.3 }
///     df: satterthwaite               # an MMRM's df: satterthwaite, residual, between-within
///     covariance: [us, toeph, ar1h, cs]   # an MMRM's fallback sequence (the formula's structure first)
///     missing: { method: multiple-imputation, m: 100, seed: 7, assumption: jump-to-reference,
///                reference: usual_care, by: arm, delta: [0, 0.5, 1] }   # or conditional-mean (no m, seed)
///     patient: Subject                # the patient column of derived _baseline/_change/_responder
///     visit: Days                     # the visit column (0 = baseline) of the same
///     categorical: [site]             # read these columns as categorical whatever their cells
/// ```
/// Unknown keys are errors (with a suggestion), so a typo never silently changes an
/// analysis.
///
/// Hostile specs are ordinary input: aliases, nesting and size are limited before anything is
/// expanded (see ``SpecBudget``), and `for_each` may expand to at most 1,000 analyses unless
/// the spec raises the limit at its top level (`max_analyses: 20000`), checked before expanding.
public struct AnalysisSpec: Sendable {
    /// The analyses, in file order.
    public let analyses: [AnalysisDefinition]
    /// Path of the spec file.
    public let path: String

    /// Reads and validates the spec at `path`.
    ///
    /// - Throws: ``AnalysisError/spec(file:line:column:message:)`` naming the line and column.
    public init(path: String) throws {
        let file = (path as NSString).lastPathComponent
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw AnalysisError.io(path: path, message: "cannot read the spec file: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw AnalysisError.io(path: path, message: "the spec is not a regular file; give a YAML file")
        }
        guard Int(status.st_size) <= Self.maximumFileBytes else {
            throw AnalysisError.io(path: path, message: "the spec is \(status.st_size) bytes, more than the \(Self.maximumFileBytes) a spec may have")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalysisError.io(path: path, message: "cannot read the spec file (missing or unreadable)")
        }
        try self.init(yaml: try Self.decodeUTF8(Array(data), file: file), path: path)
    }

    /// The largest spec file read (a spec of 1,000 analyses is well under a megabyte).
    public static let maximumFileBytes = 8 << 20

    /// `bytes` as a string, or an error at the line and column of the first byte that is not UTF-8.
    static func decodeUTF8(_ bytes: [UInt8], file: String) throws -> String {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1, column = 1, offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1 && encoded.first == 0x0A { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error(let length):
                let shown = bytes[offset..<min(bytes.count, offset + max(1, length))].map { String(format: "0x%02X", $0) }.joined(separator: " ")
                throw AnalysisError.spec(file: file, line: line, column: column,
                                         message: "not UTF-8 (byte \(shown) at offset \(offset)); save the spec as UTF-8")
            }
        }
    }

    /// Parses a spec from `yaml`; relative data paths resolve against the folder of `path`.
    public init(yaml: String, path: String) throws {
        self.path = path
        let file = (path as NSString).lastPathComponent
        if let nul = yaml.utf8.firstIndex(of: 0) {
            let before = yaml.utf8[..<nul]
            let line = before.filter { $0 == 0x0A }.count + 1
            throw AnalysisError.spec(file: file, line: line, column: nil, message: "holds a NUL byte; a spec is text")
        }
        try SpecBudget.checkText(yaml, file: file)
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
        try SpecBudget.checkExpandedSize(root, file: file)
        let reader = SpecNodeReader(file: file)
        try reader.checkKeys(mapping, allowed: ["defaults", "analyses", "max_analyses"])
        var maximumAnalyses = SpecBudget.defaultMaximumAnalyses
        if let limitNode = root["max_analyses"] {
            let text = try reader.scalar(limitNode, key: "max_analyses")
            guard let limit = Int(text), limit >= 1, limit <= SpecBudget.ceilingMaximumAnalyses else {
                throw reader.error(limitNode, "'max_analyses' must be a whole number from 1 to \(SpecBudget.ceilingMaximumAnalyses), not '\(text)'")
            }
            maximumAnalyses = limit
        }
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
        // Every entry's keys are checked, and the expansion counted, before anything expands.
        var planned = 0
        for item in items {
            if case .mapping(let entry) = item { try reader.checkKeys(entry, allowed: SpecNodeReader.analysisKeys + ["for_each"]) }
            let count = try ForEachExpansion.count(item, reader: reader)
            let (sum, overflow) = planned.addingReportingOverflow(count)
            planned = overflow ? Int.max : sum
            if planned > maximumAnalyses {
                throw reader.error(item["for_each"] ?? item, "the spec expands to more than \(maximumAnalyses) analyses"
                                   + (count > 1 ? " (this for_each alone makes \(count == Int.max ? "over \(Int.max)" : String(count)))" : "")
                                   + "; split it, or raise the limit with a top-level 'max_analyses: N'")
            }
        }
        let defaultsText = root["defaults"].flatMap { try? Yams.serialize(node: $0) } ?? ""
        var seen: [String: Int] = [:]
        var analyses: [AnalysisDefinition] = []
        for item in try items.flatMap({ try ForEachExpansion.expand($0, reader: reader) }) {
            let fields = try reader.fields(of: item, context: "analysis")
            guard let (name, nameNode) = fields.name else { throw reader.error(item, "analysis without 'name'") }
            guard name.range(of: "^[A-Za-z0-9_-]+$", options: .regularExpression) != nil else {
                throw reader.error(nameNode, "analysis name '\(name)' may only use letters, digits, '-' and '_' (it names a folder)")
            }
            guard name != "shards" else {
                throw reader.error(nameNode, "analysis name 'shards' is reserved (sharded runs keep their manifests in shards/); choose another name")
            }
            if let line = seen[name] {
                throw reader.error(nameNode, "analysis name '\(name)' is already used on line \(line)"
                                   + " (names made by for_each need a {placeholder} to differ)")
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
            var definition = AnalysisDefinition(
                name: name, title: fields.title?.0 ?? defaults.title?.0 ?? name, dataPath: dataPath,
                dataLabel: dataText, formula: formula, referenceLevels: references)
            if let (text, node) = fields.subset ?? defaults.subset {
                do {
                    definition.subset = try RowSubset(text)
                } catch let error as SubsetError {
                    throw reader.error(node, "analysis '\(name)': \(error)")
                }
            }
            definition.meta = fields.meta ?? defaults.meta
            definition.plots = fields.plots ?? defaults.plots
            definition.tableFormats = fields.tableFormats ?? defaults.tableFormats ?? TableFormat.allCases
            if fields.missingPolicy == nil, let imputation = fields.imputation ?? (defaults.missingPolicy == nil ? defaults.imputation : nil) {
                definition.imputation = imputation
            } else {
                definition.missingPolicy = fields.missingPolicy ?? defaults.missingPolicy ?? .completeCases
            }
            definition.position = analyses.count
            var columns = defaults.columns
            for (key, value) in fields.columns { columns[key] = value }
            definition.columnMapping = columns
            definition.family = fields.family ?? defaults.family ?? .gaussian
            definition.patientColumn = fields.patient ?? defaults.patient ?? "patient_id"
            definition.visitColumn = fields.visit ?? defaults.visit ?? "week"
            definition.categoricalColumns = fields.categorical ?? defaults.categorical ?? []
            definition.responder = (fields.responder ?? defaults.responder).map {
                $0.with(patientColumn: definition.patientColumn, timeColumn: definition.visitColumn)
            }
            if let (structures, node) = fields.covarianceStructures ?? defaults.covarianceStructures {
                // A list is an MMRM's fallback sequence; its first is the formula's own structure.
                guard let term = formula.covarianceTerm else {
                    throw reader.error(node, "analysis '\(name)': a list of covariance structures is an MMRM's fallback sequence; the formula has no covariance term such as 'us(visit | patient_id)'")
                }
                guard structures.first == term.structure else {
                    throw reader.error(node, "analysis '\(name)': the fallback sequence starts with '\(structures[0].name)' but the formula's term is '\(term)'; list the formula's structure first, e.g. [\(term.structure.name), toeph, ar1h, cs]")
                }
                definition.covarianceFallback = Array(structures.dropFirst())
            } else if let (text, node) = fields.covariance ?? defaults.covariance {
                do {
                    definition.covariance = try CovarianceEstimator(parsing: text)
                } catch let error as CovarianceChoiceError {
                    throw reader.error(node, error.description)
                }
            }
            definition.weights = (fields.weights ?? defaults.weights)?.0
            definition.estimation = fields.estimation ?? defaults.estimation ?? .reml
            definition.degreesOfFreedom = fields.degreesOfFreedom ?? defaults.degreesOfFreedom
            definition.inference.anova = fields.anova ?? defaults.anova
            definition.inference.marginalMeans = fields.marginalMeans ?? defaults.marginalMeans
            definition.inference.hypotheses = fields.hypotheses ?? defaults.hypotheses ?? []
            definition.inference.nestedFormula = fields.nestedFormula ?? defaults.nestedFormula
            try reader.checkModelOptions(definition, item: item, defaults: root["defaults"])
            try reader.checkImputationOptions(definition, item: item, defaults: root["defaults"])
            try reader.checkColumnMapping(definition, item: item, defaults: root["defaults"])
            definition.specEntry = "defaults:\n" + defaultsText + "analysis:\n" + ((try? Yams.serialize(node: item)) ?? "")
            analyses.append(definition)
        }
        self.analyses = analyses
    }

    /// A YAML syntax error as one line: Yams' first line is `LINE:COLUMN: error: message`,
    /// followed by a snippet we drop.
    static func syntaxError(_ error: YamlError, file: String) -> AnalysisError {
        if case let .duplicatedKeysInMapping(duplicates, context) = error {
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return .spec(file: file, line: context.mark.line, column: context.mark.column,
                         message: "duplicate key \(names) in one mapping (the first is here); a key may appear once, so remove or rename the other")
        }
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
