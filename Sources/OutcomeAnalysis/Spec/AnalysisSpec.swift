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
    /// The model: `gaussian` (linear model, default), `binomial` or `poisson` (key `family:`).
    public var family: ModelFamily = .gaussian
    /// An explicit responder derivation (key `responder:`), adding `<outcome>_responder`.
    public var responder: ResponderDerivation? = nil
    /// The column identifying patients (`patient: Subject`), for derived `_baseline`, `_change`
    /// and `_responder` columns; `patient_id` by default.
    public var patientColumn = "patient_id"
    /// The column of visit times whose value 0 is the baseline (`visit: Days`); `week` by default.
    public var visitColumn = "week"
    /// Columns read as categorical whatever their cells look like (`categorical: [site]`).
    public var categoricalColumns: [String] = []
    /// Covariance estimator of the standard errors (`covariance: hc3`, `covariance: cluster:site`).
    public var covariance: CovarianceEstimator = .classical
    /// Column of case weights (`weights: w`), or `nil`.
    public var weights: String?
    /// REML (default) or ML, for a formula with random-effect terms (`estimation: ml`).
    public var estimation: Estimation = .reml
    /// An MMRM's fallback structures after the formula's (`covariance: [us, toeph, ar1h, cs]`),
    /// tried in order when a structure does not converge.
    public var covarianceFallback: [CovarianceStructure] = []
    /// The MMRM's degrees-of-freedom method (`df: satterthwaite`), `nil` for the default;
    /// other models refuse the key.
    public var degreesOfFreedom: MMRMDegreesOfFreedom?
    /// ANOVA, marginal means and tests the report adds (spec keys `anova`, `emmeans`,
    /// `hypotheses`, `compare_to`).
    public var inference = InferenceOptions()
    /// Rows to keep (`subset:`), or `nil` for all.
    public var subset: RowSubset? = nil
    /// Per-site pooling of one coefficient (`meta:`), or `nil`.
    public var meta: MetaRequest? = nil
    /// Position in the expanded spec, 0-based.
    public var position: Int = 0
    /// Plots to draw (`plots:`), or `nil` for all that apply.
    public var plots: [String]? = nil
    /// Table files to write under `tables/` (`tables: [csv, latex]`, the default).
    public var tableFormats: [TableFormat] = TableFormat.allCases
    /// What to do with rows missing a model variable (`missing:`).
    public var missingPolicy: MissingDataPolicy = .completeCases
    /// Multiple or conditional-mean imputation of the outcome (`missing: { method: … }`), or
    /// `nil`; the analysis is then pooled over the imputations.
    public var imputation: ImputationRequest?
    /// The spec's defaults and this analysis' entry after `for_each` expansion, as YAML: what a
    /// shard manifest records so that `outcomes merge` refuses shards of different specs.
    public var specEntry: String = ""

    /// Every plot name `plots:` accepts.
    public static let plotNames = ["trajectory", "trajectory-by-technique", "dose-response", "coefficients", "residuals-vs-fitted",
                                   "normal-qq", "distribution-by-technique", "site-forest"]
}

/// Table file formats an analysis writes under `tables/`.
public enum TableFormat: String, Sendable, CaseIterable {
    /// `tables/*.csv` (formula-injection-safe CSV).
    case csv
    /// `tables/*.tex` (LaTeX booktabs).
    case latex
}

/// What an analysis does with rows that miss a value of a model variable.
public enum MissingDataPolicy: String, Sendable, CaseIterable {
    /// Fit the complete cases; the dropped rows are counted in the report and results.json.
    case completeCases = "complete_cases"
    /// Refuse to fit while any row misses a model variable (the error counts them and names
    /// the first), for analyses that must use every row or none.
    case refuse
}

/// A spec's `meta:` request: fit the analysis' model separately within each level of `by`
/// (a site) and pool `coefficient` across them by random-effects meta-analysis.
public struct MetaRequest: Sendable, Equatable {
    /// The grouping column (for example `site`).
    public let by: String
    /// The coefficient to pool (for example `techniquecombined`).
    public let coefficient: String
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

/// The keys an analysis (or the defaults) may set, with the nodes they came from.
struct AnalysisFields {
    var name: (String, Node)?
    var title: (String, Node)?
    var data: (String, Node)?
    var formula: (String, Node)?
    var reference: [String: String] = [:]
    var subset: (String, Node)?
    var meta: MetaRequest?
    var plots: [String]?
    var tableFormats: [TableFormat]?
    var missingPolicy: MissingDataPolicy?
    var imputation: ImputationRequest?
    var anova: AnovaType?
    var marginalMeans: MarginalMeansRequest?
    var hypotheses: [String]?
    var nestedFormula: String?
    var estimation: Estimation?
    var degreesOfFreedom: MMRMDegreesOfFreedom?
    var covariance: (String, Node)?
    var covarianceStructures: ([CovarianceStructure], Node)?
    var weights: (String, Node)?
    var family: ModelFamily?
    var responder: ResponderDerivation?
    var columns: [String: String] = [:]
    var patient: String?
    var visit: String?
    var categorical: [String]?
}

/// Reads spec nodes, turning shape errors into ``AnalysisError/spec(file:line:column:message:)``.
struct SpecNodeReader {
    let file: String

    /// The keys an analysis entry (or `defaults:`) may set.
    static let analysisKeys = ["name", "title", "data", "formula", "reference", "subset", "meta", "plots",
                               "anova", "emmeans", "hypotheses", "compare_to", "estimation", "df",
                               "covariance", "weights", "family", "responder", "columns", "tables", "missing",
                               "patient", "visit", "categorical"]

    func error(_ node: Node, _ message: String) -> AnalysisError {
        .spec(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    /// `emmeans: technique` or `emmeans: { factor: technique, by: cohort, adjust: tukey }`.
    func marginalMeans(_ node: Node) throws -> MarginalMeansRequest {
        if case .scalar(let scalar) = node { return MarginalMeansRequest(factor: scalar.string) }
        guard case .mapping(let mapping) = node else {
            throw error(node, "'emmeans' is a factor name or a mapping like { factor: technique, by: cohort, adjust: tukey }")
        }
        try checkKeys(mapping, allowed: ["factor", "by", "adjust", "weights"])
        guard let factorNode = node["factor"] else {
            throw error(node, "'emmeans' needs 'factor', e.g. { factor: technique, by: cohort }")
        }
        var request = MarginalMeansRequest(factor: try scalar(factorNode, key: "factor"))
        if let by = node["by"] { request.by = try scalar(by, key: "by") }
        if let adjust = node["adjust"] {
            switch parseAdjustment(try scalar(adjust, key: "adjust")) {
            case .success(let adjustment):
                request.adjustment = adjustment
                request.adjustmentGiven = true
            case .failure(let failure): throw error(adjust, failure.description)
            }
        }
        if let weights = node["weights"] {
            let text = try scalar(weights, key: "weights")
            guard let value = LeastSquaresMeansWeights(rawValue: text) else {
                throw error(weights, "emmeans 'weights' is equal or proportional, not '\(excerpt(of: text, around: 1))'")
            }
            request.weights = value
        }
        return request
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
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            throw error(node, "'\(key)' has no value (YAML reads '\(scalar.string)' as nothing); write the value, or quote it (\"\(scalar.string)\") if you mean that text")
        }
        return scalar.string
    }

    func fields(of node: Node, context: String) throws -> AnalysisFields {
        guard case .mapping(let mapping) = node else {
            throw error(node, "each \(context) is a mapping of keys such as 'name:' and 'formula:'")
        }
        try checkKeys(mapping, allowed: Self.analysisKeys + (context == "analysis" ? ["for_each"] : []))
        var fields = AnalysisFields()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name": fields.name = (try scalar(value, key: key), value)
            case "title": fields.title = (try scalar(value, key: key), value)
            case "data": fields.data = (try scalar(value, key: key), value)
            case "formula": fields.formula = (try scalar(value, key: key), value)
            case "subset":
                if case .mapping(let equalities) = value {
                    // `{ week: 10, cohort: chronic }` is shorthand for `week == 10 & cohort == "chronic"`.
                    let parts = try equalities.map { column, level in
                        "\(try scalar(column, key: "subset")) == \"\(try scalar(level, key: "subset"))\""
                    }
                    fields.subset = (parts.joined(separator: " & "), value)
                } else {
                    fields.subset = (try scalar(value, key: key), value)
                }
            case "tables":
                guard case .sequence(let list) = value else {
                    throw error(value, "'tables' is a list of table formats: csv, latex (or [] for none)")
                }
                fields.tableFormats = try list.map { node in
                    let text = try scalar(node, key: "tables")
                    guard let format = TableFormat(rawValue: text.lowercased()) else {
                        let hint = nearestName(to: text, in: TableFormat.allCases.map(\.rawValue)).map { " Did you mean '\($0)'?" } ?? ""
                        throw error(node, "unknown table format '\(text)'; use csv or latex.\(hint)")
                    }
                    return format
                }
            case "missing":
                if case .mapping = value {
                    fields.imputation = try imputation(value)
                    break
                }
                let text = try scalar(value, key: key)
                guard let policy = MissingDataPolicy(rawValue: text) else {
                    let names = MissingDataPolicy.allCases.map(\.rawValue)
                    let hint = nearestName(to: text, in: names).map { " Did you mean '\($0)'?" } ?? ""
                    throw error(value, "'missing' must be \(names.joined(separator: " or ")), not '\(text)'.\(hint)")
                }
                fields.missingPolicy = policy
            case "plots":
                guard case .sequence(let list) = value else {
                    throw error(value, "'plots' is a list of plot names: \(AnalysisDefinition.plotNames.joined(separator: ", "))")
                }
                fields.plots = try list.map { node in
                    let name = try scalar(node, key: "plots")
                    guard AnalysisDefinition.plotNames.contains(name) else {
                        let hint = nearestName(to: name, in: AnalysisDefinition.plotNames).map { " Did you mean '\($0)'?" }
                            ?? " Plots: \(AnalysisDefinition.plotNames.joined(separator: ", "))."
                        throw error(node, "unknown plot '\(name)'.\(hint)")
                    }
                    return name
                }
            case "meta":
                guard case .mapping(let meta) = value else {
                    throw error(value, "'meta' needs 'by' and 'coefficient', e.g. { by: site, coefficient: techniquecombined }")
                }
                try checkKeys(meta, allowed: ["by", "coefficient"])
                guard let by = value["by"], let coefficient = value["coefficient"] else {
                    throw error(value, "'meta' needs both 'by' (the site column) and 'coefficient' (the term to pool)")
                }
                fields.meta = MetaRequest(by: try scalar(by, key: "meta by"), coefficient: try scalar(coefficient, key: "meta coefficient"))
            case "estimation":
                let text = try scalar(value, key: key)
                guard let estimation = Estimation(rawValue: text.lowercased()) else {
                    let hint = nearestName(to: text.lowercased(), in: ["reml", "ml"]).map { " Did you mean '\($0)'?" } ?? ""
                    throw error(value, "'estimation' must be 'reml' or 'ml' (mixed models), not '\(text)'.\(hint)")
                }
                fields.estimation = estimation
            case "df":
                let text = try scalar(value, key: key)
                let names = MMRMDegreesOfFreedom.allCases.map(\.rawValue)
                guard let method = MMRMDegreesOfFreedom(rawValue: text.lowercased()) else {
                    let hint = nearestName(to: text.lowercased(), in: names).map { " Did you mean '\($0)'?" } ?? ""
                    throw error(value, "'df' must be one of \(names.joined(separator: ", ")) (MMRMs), not '\(text)'.\(hint)")
                }
                fields.degreesOfFreedom = method
            case "covariance":
                if case .sequence(let items) = value {
                    let names = CovarianceStructure.allCases.map(\.name)
                    var structures: [CovarianceStructure] = []
                    for item in items {
                        let text = try scalar(item, key: key)
                        guard let structure = CovarianceStructure(name: text.lowercased()) else {
                            let hint = nearestName(to: text.lowercased(), in: names).map { " Did you mean '\($0)'?" } ?? ""
                            throw error(item, "'\(text)' is not a covariance structure (\(names.joined(separator: ", "))).\(hint)")
                        }
                        structures.append(structure)
                    }
                    guard !structures.isEmpty else { throw error(value, "'covariance' lists no structure") }
                    fields.covarianceStructures = (structures, value)
                } else {
                    fields.covariance = (try scalar(value, key: key), value)
                }
            case "weights": fields.weights = (try scalar(value, key: key), value)
            case "reference":
                guard case .mapping(let levels) = value else {
                    throw error(value, "'reference' maps a categorical column to its reference level, e.g. { technique: usual_care }")
                }
                for (column, level) in levels {
                    fields.reference[try scalar(column, key: "reference")] = try scalar(level, key: "reference")
                }
            case "anova":
                switch parseAnovaType(try scalar(value, key: key)) {
                case .success(let type): fields.anova = type
                case .failure(let failure): throw error(value, failure.description)
                }
            case "emmeans": fields.marginalMeans = try marginalMeans(value)
            case "hypotheses":
                if case .sequence(let items) = value {
                    fields.hypotheses = try items.map { try scalar($0, key: key) }
                } else {
                    fields.hypotheses = [try scalar(value, key: key)]
                }
                for (text, node) in zip(fields.hypotheses!, value.sequence.map(Array.init) ?? [value]) {
                    do { _ = try LinearHypothesis(parsing: text) } catch let failure as StatsError { throw error(node, failure.description) }
                }
            case "compare_to":
                let text = try scalar(value, key: key)
                do { _ = try Formula(text) } catch let failure as StatsError { throw error(value, "'compare_to': \(failure)") }
                fields.nestedFormula = text
            case "family":
                let text = try scalar(value, key: key)
                guard let family = ModelFamily(parsing: text) else { throw error(value, ModelFamily.unknownMessage(text)) }
                fields.family = family
            case "responder": fields.responder = try responder(value)
            case "patient": fields.patient = try scalar(value, key: key)
            case "visit": fields.visit = try scalar(value, key: key)
            case "categorical":
                switch value {
                case .sequence(let items): fields.categorical = try items.map { try scalar($0, key: key) }
                default: fields.categorical = [try scalar(value, key: key)]
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
