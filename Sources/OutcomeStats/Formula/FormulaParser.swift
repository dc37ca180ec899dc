import Foundation

/// Recursive-descent parser for ``Formula``.
///
/// Grammar (R precedence: `:` binds tighter than `*`, which binds tighter than `+`/`-`):
/// ```
/// formula := name '~' sum
/// sum     := ['-'] product (('+' | '-') product)*
/// product := inter ('*' inter)*
/// inter   := atom (':' atom)*
/// atom    := name | call | '0' | '1' | '(' sum ')' | random
/// call    := name '(' argument (',' argument)* ')'      (see FormulaParser+Calls.swift)
/// random  := '(' sum ('|' | '||') group ')'      -- only as a whole term of the top-level sum
/// group   := factor ('/' factor)*                 -- a/b is a + b:a (lme4's naming)
/// factor  := name (':' name)*
/// ```
///
/// Hostile input is bounded: parentheses, calls, unary minus signs and the operations inside a
/// call nest at most ``Formula/maximumNesting`` levels deep (so neither this parser's recursion
/// nor the recursive walks of ``TermExpression`` can overflow the stack), and the fixed terms
/// expand to at most ``Formula/maximumTerms`` terms; beyond either the error names the position.
/// `0` is refused inside `:` and `*` (R refuses `0:x`), and a term that contains the response
/// is dropped with a warning, as R's `lm` drops it.
struct FormulaParser {
    struct Parsed {
        var text: String
        var response: String
        var hasIntercept: Bool
        var variables: [String]
        var terms: [Term]
        var expressions: [String: TermExpression]
        var randomTerms: [RandomEffectTerm]
        var randomVariables: [String]
        var covarianceTerm: CovarianceTerm?
        var warnings: [String]
    }

    /// A set of terms under construction; each term is a set of variable names,
    /// the empty set standing for the intercept.
    typealias TermSet = [Set<String>]

    enum Token: Equatable {
        case name(String), number(String), tilde, plus, minus, star, colon, open, close, bar
        case caret, slash, comma, equals, end
    }

    let text: String
    var tokens: [(token: Token, position: Int)] = []
    var index = 0
    /// Current nesting of parentheses and calls (see ``Formula/maximumNesting``).
    var depth = 0
    var appearance: [String] = []
    var appeared: [String: Int] = [:]
    var response = ""
    /// Function factors (`I(x^2)`, `log(x)`, `poly(x, 2, raw = TRUE)`) by label.
    var expressions: [String: TermExpression] = [:]
    var randomTerms: [RandomEffectTerm] = []
    var randomVariables: [String] = []
    var covarianceTerm: CovarianceTerm?

    init(_ text: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
    }

    mutating func parse() throws -> Parsed {
        tokens = try tokenize()
        guard case .name(let response) = tokens[0].token else {
            if tokens[0].token == .minus {
                throw error(at: tokens[0].position, "a formula starts with its response, not '-': write it as 'response ~ terms', e.g. 'pain_nrs ~ week'")
            }
            throw error(at: tokens[0].position, "expected the response variable before '~'")
        }
        self.response = response
        guard tokens.count > 1, tokens[1].token == .tilde else {
            throw error(at: tokens.count > 1 ? tokens[1].position : text.count + 1, "expected '~' after the response")
        }
        index = 2
        if tokens[index].token == .end { throw error(at: text.count + 1, "expected terms after '~'") }
        var set = try parseSum()
        guard tokens[index].token == .end else {
            throw error(at: tokens[index].position, "unexpected '\(describe(tokens[index].token))'")
        }
        // An intercept is implicit unless removed.
        let explicitRemoval = set.removedIntercept
        if !explicitRemoval && !set.terms.contains(Set()) { set.terms.insert(Set(), at: 0) }
        let hasIntercept = set.terms.contains(Set())
        // The response on the right-hand side: R's lm drops every term that contains it, with a warning.
        var warnings: [String] = []
        let withoutResponse = set.terms.filter { !$0.contains(response) }
        if withoutResponse.count != set.terms.count {
            let dropped = set.terms.filter { $0.contains(response) }.map { vars in
                appearance.filter { vars.contains($0) }.joined(separator: ":")
            }
            let listed = dropped.prefix(5).map { "'\(excerpt(of: $0, around: 1))'" }.joined(separator: ", ")
                + (dropped.count > 5 ? " and \(dropped.count - 5) more" : "")
            warnings.append("the response '\(excerpt(of: response, around: 1))' appeared on the right-hand side and was dropped"
                            + " (term\(dropped.count == 1 ? "" : "s") \(listed)); R's lm drops it too")
            set.terms = withoutResponse
        }
        let order = appearance
        let rank = appeared
        let terms = set.terms.filter { !$0.isEmpty }.map { vars in
            Term(vars.filter { rank[$0] != nil }.sorted { rank[$0]! < rank[$1]! })
        }
        // Stable sort by order, as R's terms() does (keep.order = FALSE).
        let sorted = terms.enumerated().sorted { lhs, rhs in
            lhs.element.order != rhs.element.order ? lhs.element.order < rhs.element.order : lhs.offset < rhs.offset
        }.map(\.element)
        if sorted.isEmpty && !hasIntercept && randomTerms.isEmpty && covarianceTerm == nil {
            throw error(at: text.count + 1, "the model has no terms and no intercept")
        }
        var columns: [String] = []
        var seen = Set<String>()
        let readByExpression = Set(expressions.values.flatMap(\.columns))
        for label in order {
            for column in expressions[label]?.columns ?? [label] where !seen.contains(column) {
                // The response stays a variable only where a function term reads it (`log(y)`).
                if column == response && !readByExpression.contains(response) { continue }
                seen.insert(column)
                columns.append(column)
            }
        }
        return Parsed(text: text, response: response, hasIntercept: hasIntercept,
                      variables: columns, terms: sorted, expressions: expressions, randomTerms: randomTerms,
                      randomVariables: randomVariables.filter { !seen.contains($0) }, covarianceTerm: covarianceTerm,
                      warnings: warnings)
    }

    /// Enters one level of nesting at `position` (a parenthesis, a call, a unary minus).
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)`` beyond ``Formula/maximumNesting``.
    mutating func enter(at position: Int) throws {
        depth += 1
        if depth > Formula.maximumNesting { throw nestingError(at: position) }
    }

    /// The error for nesting deeper than ``Formula/maximumNesting`` at `position`.
    func nestingError(at position: Int) -> StatsError {
        error(at: position, "parentheses, function calls and operations nest more than \(Formula.maximumNesting) levels deep here; simplify the formula")
    }

    /// Records the first appearance of a variable or function-term label.
    mutating func noteAppearance(_ name: String) {
        guard appeared[name] == nil else { return }
        appeared[name] = appearance.count
        appearance.append(name)
    }

    // MARK: - Grammar

    struct Terms {
        var terms: TermSet
        var removedIntercept = false
    }

    mutating func parseSum() throws -> Terms {
        var result = Terms(terms: [])
        var present = Set<Set<String>>()
        var sign: Token = .plus
        if tokens[index].token == .minus { sign = .minus; index += 1 }
        while true {
            let startPosition = tokens[index].position
            var product = try parseProduct()
            if product.contains(where: { $0.contains(Self.randomTermMarker) }) {
                guard product == [[Self.randomTermMarker]], sign == .plus else {
                    throw error(at: startPosition, "a random-effect term '( … | group)' can only be added to a formula, not removed, crossed or interacted")
                }
                product = []
            }
            let marker: Set<String> = [Self.noInterceptMarker]
            if product.contains(marker) {
                // `+ 0` removes the intercept; `- 0` adds it back, as in R.
                product.removeAll { $0 == marker }
                result.removedIntercept = sign == .plus
                if sign == .plus { result.terms.removeAll { $0.isEmpty }; present.remove(Set()) }
                if product.isEmpty {
                    switch tokens[index].token {
                    case .plus: sign = .plus; index += 1; continue
                    case .minus: sign = .minus; index += 1; continue
                    default: return result
                    }
                }
            }
            if sign == .plus {
                for term in product where !present.contains(term) {
                    result.terms.append(term)
                    present.insert(term)
                }
                if result.terms.count > Formula.maximumTerms { throw termBudgetError(at: startPosition) }
                if product.contains(Set()) { result.removedIntercept = false }
            } else {
                let removed = Set(product)
                if removed.contains(Set()) { result.removedIntercept = true }
                let before = result.terms.count
                result.terms.removeAll { removed.contains($0) }
                present.subtract(removed)
                if result.terms.count == before && !removed.contains(Set()) {
                    throw error(at: startPosition, "cannot remove a term that is not in the model")
                }
            }
            switch tokens[index].token {
            case .plus: sign = .plus; index += 1
            case .minus: sign = .minus; index += 1
            default: return result
            }
        }
    }

    mutating func parseProduct() throws -> TermSet {
        var result = try parseInteraction()
        while tokens[index].token == .star {
            let operatorPosition = tokens[index].position
            index += 1
            let rhs = try parseInteraction()
            try checkNoInterceptMarker(result, rhs, at: operatorPosition, operator: "*")
            guard result.count + rhs.count + result.count * rhs.count <= Formula.maximumTerms else {
                throw termBudgetError(at: operatorPosition)
            }
            var crossed = result
            var present = Set(result)
            for term in rhs + interact(result, rhs) where !present.contains(term) {
                crossed.append(term)
                present.insert(term)
            }
            result = crossed
        }
        return result
    }

    mutating func parseInteraction() throws -> TermSet {
        var result = try parseAtom()
        while tokens[index].token == .colon {
            let operatorPosition = tokens[index].position
            index += 1
            let rhs = try parseAtom()
            try checkNoInterceptMarker(result, rhs, at: operatorPosition, operator: ":")
            guard result.count * rhs.count <= Formula.maximumTerms else { throw termBudgetError(at: operatorPosition) }
            result = interact(result, rhs)
        }
        return result
    }

    /// R refuses `0:x`, `x:0` and `0*x`: `0` removes the intercept and is no variable to interact.
    private func checkNoInterceptMarker(_ lhs: TermSet, _ rhs: TermSet, at position: Int, operator symbol: String) throws {
        let marker: Set<String> = [Self.noInterceptMarker]
        guard lhs.contains(marker) || rhs.contains(marker) else { return }
        throw error(at: position, "'0' cannot be \(symbol == ":" ? "interacted" : "crossed") with '\(symbol)': it removes the intercept and is not a variable; write '0 + ' before the terms, or '- 1'")
    }

    func termBudgetError(at position: Int) -> StatsError {
        error(at: position, "the formula expands to more than \(Formula.maximumTerms) terms here; cross fewer variables")
    }

    mutating func parseAtom() throws -> TermSet {
        let (token, position) = tokens[index]
        switch token {
        case .name(let name):
            index += 1
            if tokens[index].token == .open, let structure = CovarianceStructure(name: name), containsBar(from: index + 1) {
                try parseCovarianceTerm(structure, at: position)
                return [[Self.randomTermMarker]]
            }
            if tokens[index].token == .open {
                let expression = try parseCall(name, at: position)
                let label = expression.label
                expressions[label] = expression
                noteAppearance(label)
                return [[label]]
            }
            noteAppearance(name)
            return [[name]]
        case .number(let digits):
            index += 1
            if digits == "1" { return [Set()] }
            if digits == "0" {
                // `0` is "no intercept": model it as removing the intercept.
                return [[Self.noInterceptMarker]]
            }
            throw error(at: position, "unexpected number '\(excerpt(of: digits, around: 1))'; only 0 and 1 may appear in a formula")
        case .open:
            try enter(at: position)
            defer { depth -= 1 }
            index += 1
            if containsBar(from: index) {
                try parseRandomTerm(openedAt: position)
                return [[Self.randomTermMarker]]
            }
            let inner = try parseSum()
            guard tokens[index].token == .close else {
                throw error(at: tokens[index].position, "expected ')' to close the '(' at character \(position)")
            }
            index += 1
            var terms = inner.terms
            if inner.removedIntercept { terms.append([Self.noInterceptMarker]) }
            return terms
        case .end:
            throw error(at: position, "formula ends where a term was expected")
        default:
            throw error(at: position, "expected a variable name, '1', '0' or '(' but found '\(describe(token))'")
        }
    }

    func interact(_ lhs: TermSet, _ rhs: TermSet) -> TermSet {
        var result: TermSet = []
        var present = Set<Set<String>>()
        for a in lhs {
            for b in rhs {
                let term = a.union(b)
                if present.insert(term).inserted { result.append(term) }
            }
        }
        return result
    }

    /// A placeholder for a random-effect term inside the fixed-term algebra.
    static let randomTermMarker = "\u{0}random-term"

    /// A placeholder variable for `0`, resolved in ``parse()``.
    static let noInterceptMarker = "\u{0}no-intercept"

    // MARK: - Tokens

    func describe(_ token: Token) -> String {
        switch token {
        case .name(let n): excerpt(of: n, around: 1)
        case .number(let d): excerpt(of: d, around: 1)
        case .tilde: "~"
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .colon: ":"
        case .open: "("
        case .close: ")"
        case .bar: "|"
        case .caret: "^"
        case .slash: "/"
        case .comma: ","
        case .equals: "="
        case .end: "end of formula"
        }
    }

    func error(at position: Int, _ message: String) -> StatsError {
        .formulaSyntax(formula: text, position: position, message: message)
    }
}
