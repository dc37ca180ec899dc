import Foundation

/// Random-effect terms (`(1 + week | patient_id)`, `(1 | site/patient_id)`) and an MMRM's
/// covariance term (`us(week | patient_id)`, `ar1h(week | arm / patient_id)`).
extension FormulaParser {
    /// Parses `effects | group)` or `effects || group)` after the `(`, appending the expanded
    /// random-effect terms: `||` gives one term per effect, `a/b` gives `a` and `a:b`.
    mutating func parseRandomTerm(openedAt position: Int) throws {
        let savedAppearance = (appearance, appeared)
        appearance = []
        appeared = [:]
        let effects: Terms
        if tokens[index].token == .bar {
            throw error(at: tokens[index].position, "expected the varying effects before '|', e.g. '(1 | patient_id)' or '(1 + week | patient_id)'")
        }
        effects = try parseSum()
        let effectOrder = appearance
        (appearance, appeared) = savedAppearance
        if effectOrder.contains(response) {
            throw error(at: position, "the response '\(excerpt(of: response, around: 1))' cannot be a varying effect of its own random-effect term; remove it from '( … | group)'")
        }
        guard tokens[index].token == .bar else {
            throw error(at: tokens[index].position, "expected '|' in the random-effect term opened at character \(position)")
        }
        index += 1
        var uncorrelated = false
        if tokens[index].token == .bar { uncorrelated = true; index += 1 }
        var factors: [[String]] = []
        var current: [String] = []
        while true {
            guard case .name(let name) = tokens[index].token else {
                throw error(at: tokens[index].position, "expected a grouping variable after '|', e.g. '(1 | patient_id)'")
            }
            if name == response {
                throw error(at: tokens[index].position, "the response '\(excerpt(of: response, around: 1))' cannot group a random-effect term; group by a column that identifies clusters, e.g. '(1 | patient_id)'")
            }
            index += 1
            if !current.contains(name) { current.append(name) }
            for variable in current where !randomVariables.contains(variable) { randomVariables.append(variable) }
            switch tokens[index].token {
            case .colon: index += 1
            case .slash: factors.append(current); current = []; index += 1
            case .close:
                factors.append(current)
                index += 1
                let hasIntercept = !effects.removedIntercept
                for variable in effectOrder where !randomVariables.contains(variable) { randomVariables.append(variable) }
                let terms = effects.terms.filter { !$0.isEmpty && !$0.contains(Self.noInterceptMarker) }
                    .map { vars in Term(effectOrder.filter { vars.contains($0) }) }
                    .enumerated().sorted { lhs, rhs in
                        lhs.element.order != rhs.element.order ? lhs.element.order < rhs.element.order : lhs.offset < rhs.offset
                    }.map(\.element)
                if terms.isEmpty && !hasIntercept {
                    throw error(at: position, "the random-effect term has no effects; write '(1 | group)' for a random intercept")
                }
                // Nested a/b/c: a, b:a, c:b:a (inner factor first, as lme4 names them).
                var groupings: [[String]] = []
                var prefix: [String] = []
                for factor in factors {
                    prefix = factor.filter { !prefix.contains($0) } + prefix
                    groupings.append(prefix)
                }
                for grouping in groupings {
                    if uncorrelated {
                        if hasIntercept { add(RandomEffectTerm(hasIntercept: true, terms: [], grouping: grouping)) }
                        for term in terms { add(RandomEffectTerm(hasIntercept: false, terms: [term], grouping: grouping)) }
                    } else {
                        add(RandomEffectTerm(hasIntercept: hasIntercept, terms: terms, grouping: grouping))
                    }
                }
                return
            default:
                throw error(at: tokens[index].position, "expected ':', '/' or ')' in the grouping of a random-effect term but found '\(describe(tokens[index].token))'")
            }
        }
    }

    /// Parses `time | [groups /] subject)` of a covariance term after `us`; the current token is `(`.
    mutating func parseCovarianceTerm(_ structure: CovarianceStructure, at position: Int) throws {
        try enter(at: position)
        defer { depth -= 1 }
        index += 1
        let example = "e.g. '\(structure.name)(visit | patient_id)'"
        if covarianceTerm != nil {
            throw error(at: position, "a formula can have one covariance term; '\(structure.name)(…)' is the second")
        }
        guard case .name(let time) = tokens[index].token else {
            throw error(at: tokens[index].position, "expected the visit column before '|' in the covariance term, \(example)")
        }
        index += 1
        guard tokens[index].token == .bar else {
            throw error(at: tokens[index].position, "expected '|' after the visit column '\(excerpt(of: time, around: 1))' in the covariance term, \(example)")
        }
        index += 1
        var names: [String] = []
        var groups: [String] = []
        while true {
            guard case .name(let name) = tokens[index].token else {
                throw error(at: tokens[index].position, "expected the subject column after '|' in the covariance term, \(example)")
            }
            if name == response {
                throw error(at: tokens[index].position, "the response '\(excerpt(of: response, around: 1))' cannot be the subject or a group of the covariance term")
            }
            names.append(name)
            index += 1
            switch tokens[index].token {
            case .colon: index += 1
            case .slash:
                guard groups.isEmpty else {
                    throw error(at: tokens[index].position, "a covariance term has one '/': 'us(visit | group / subject)'")
                }
                groups = names
                names = []
                index += 1
            case .close:
                guard names.count == 1 else {
                    throw error(at: tokens[index].position, "the subject of a covariance term is one column; write the groups before '/', e.g. 'us(visit | technique / patient_id)'")
                }
                index += 1
                if time == response {
                    throw error(at: position, "the response '\(excerpt(of: response, around: 1))' cannot be the visit of the covariance term")
                }
                let term = CovarianceTerm(structure: structure, time: time, groups: groups, subject: names[0])
                if term.variables.count != 2 + groups.count {
                    throw error(at: position, "the visit, groups and subject of the covariance term must be different columns")
                }
                covarianceTerm = term
                for variable in term.variables where !randomVariables.contains(variable) { randomVariables.append(variable) }
                return
            default:
                throw error(at: tokens[index].position, "expected ':', '/' or ')' in the covariance term but found '\(describe(tokens[index].token))'")
            }
        }
    }

    mutating func add(_ term: RandomEffectTerm) {
        if !randomTerms.contains(term) { randomTerms.append(term) }
    }

    func containsBar(from start: Int) -> Bool {
        var depth = 0
        for i in start..<tokens.count {
            switch tokens[i].token {
            case .open: depth += 1
            case .close: if depth == 0 { return false }; depth -= 1
            case .bar: if depth == 0 { return true }
            default: break
            }
        }
        return false
    }
}
