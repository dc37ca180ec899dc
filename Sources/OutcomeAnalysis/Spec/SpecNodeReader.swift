import CohortData
import OutcomeStats
import Yams

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
