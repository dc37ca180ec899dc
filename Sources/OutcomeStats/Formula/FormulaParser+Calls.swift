/// Function calls inside a formula: `I(x^2)`, `log(age)`, `poly(week, 3, raw = TRUE)`.
///
/// Grammar of the arguments (R's arithmetic precedence):
/// ```
/// argument := [name '='] expr
/// expr     := muldiv (('+' | '-') muldiv)*
/// muldiv   := unary (('*' | '/') unary)*
/// unary    := '-' unary | power
/// power    := primary ['^' unary]
/// primary  := number | name | name '(' argument (',' argument)* ')' | '(' expr ')'
/// ```
///
/// Every call, parenthesis, unary minus and operation adds a level to the expression tree; a tree
/// deeper than ``Formula/maximumNesting`` is refused at the token that would deepen it, so the
/// recursive parse and the recursive walks of ``TermExpression`` (label, evaluation, hashing)
/// stay bounded. Numeric literals are checked before they are used: a literal that is not a
/// finite normal double (`1e400`, `1e-320`) is an error naming it.
extension FormulaParser {
    /// An expression and the depth of its tree: the operations, calls and parentheses on the
    /// longest path to a leaf (a number or a column is 0).
    typealias Node = (expression: TermExpression, depth: Int)

    /// Parses `name(...)` as a term of its own; the current token is the `(`.
    mutating func parseCall(_ name: String, at position: Int) throws -> TermExpression {
        try parseCall(name, at: position, nested: false).expression
    }

    /// Parses `name(...)`; `nested` when the call is inside another call or arithmetic.
    private mutating func parseCall(_ name: String, at position: Int, nested: Bool) throws -> Node {
        guard name == "poly" || TermExpression.functions.contains(name) else {
            let known = (TermExpression.functions + ["poly"]).joined(separator: ", ")
            let hint = nearestName(to: name, in: TermExpression.functions + ["poly"]).map { "; did you mean '\($0)'?" } ?? ""
            throw error(at: position, "unknown function '\(excerpt(of: name, around: 1))' (a formula can call \(known))\(hint)")
        }
        if name == "poly" && nested {
            throw error(at: position, "poly() must be a term of its own, e.g. '+ poly(week, 2, raw = TRUE)'; it cannot be inside another function, another poly() or arithmetic (write the powers with I(), e.g. I(week^4))")
        }
        try enter(at: position)
        defer { depth -= 1 }
        let (arguments, argumentDepth) = try parseArguments(opening: position)
        let call = TermExpression.call(name, arguments)
        if name == "poly" {
            try checkPolynomial(arguments, call: call, at: position)
        } else {
            guard arguments.count == 1, arguments[0].name == nil else {
                throw error(at: position, "'\(name)' takes one unnamed argument, e.g. \(name)(x)")
            }
        }
        return (call, argumentDepth + 1)
    }

    private func checkPolynomial(_ arguments: [TermArgument], call: TermExpression, at position: Int) throws {
        for argument in arguments where argument.name != nil && !["degree", "raw"].contains(argument.name!) {
            throw error(at: position, "poly() takes x, degree and raw = TRUE, not '\(excerpt(of: argument.name!, around: 1))'")
        }
        let raw = arguments.first { $0.name == "raw" }?.value
        guard raw == .variable("TRUE") || raw == .variable("T") else {
            throw error(at: position, "only raw polynomials are supported: write poly(x, k, raw = TRUE) (orthogonal polynomials depend on the data)")
        }
        // The degree is checked as a double before any conversion to Int (1e19 does not fit one).
        guard case .number(let value)? = (arguments.first { $0.name == "degree" } ?? arguments.filter { $0.name == nil }.dropFirst().first)?.value,
              value >= 1, value <= Double(TermExpression.maximumPolynomialDegree), value == value.rounded(),
              call.polynomial != nil else {
            throw error(at: position, "poly() needs a whole degree from 1 to \(TermExpression.maximumPolynomialDegree), e.g. poly(x, 3, raw = TRUE)")
        }
    }

    private mutating func parseArguments(opening: Int) throws -> ([TermArgument], Int) {
        index += 1   // past '('
        var arguments: [TermArgument] = []
        var depth = 0
        while true {
            var name: String?
            if case .name(let candidate) = tokens[index].token, tokens[index + 1].token == .equals {
                name = candidate
                index += 2
            }
            let value = try parseExpression()
            arguments.append(TermArgument(name: name, value: value.expression))
            depth = max(depth, value.depth)
            switch tokens[index].token {
            case .comma: index += 1
            case .close: index += 1; return (arguments, depth)
            default:
                throw error(at: tokens[index].position, "expected ',' or ')' to close the '(' at character \(opening), found '\(describe(tokens[index].token))'")
            }
        }
    }

    /// A binary node, refused when it would nest deeper than ``Formula/maximumNesting`` counting
    /// the calls and parentheses around it (so `I(x + x + … + x)` with 200 `+` is refused at the
    /// 200th, and a left-deep chain never makes a tree the recursive walks cannot walk).
    private func binary(_ op: Character, _ lhs: Node, _ rhs: Node, at position: Int) throws -> Node {
        let nodeDepth = max(lhs.depth, rhs.depth) + 1
        guard depth + nodeDepth <= Formula.maximumNesting else { throw nestingError(at: position) }
        return (.binary(op, lhs.expression, rhs.expression), nodeDepth)
    }

    private mutating func parseExpression() throws -> Node {
        var result = try parseMultiplicative()
        while tokens[index].token == .plus || tokens[index].token == .minus {
            let op: Character = tokens[index].token == .plus ? "+" : "-"
            let position = tokens[index].position
            index += 1
            result = try binary(op, result, try parseMultiplicative(), at: position)
        }
        return result
    }

    private mutating func parseMultiplicative() throws -> Node {
        var result = try parseUnary()
        while tokens[index].token == .star || tokens[index].token == .slash {
            let op: Character = tokens[index].token == .star ? "*" : "/"
            let position = tokens[index].position
            index += 1
            result = try binary(op, result, try parseUnary(), at: position)
        }
        return result
    }

    private mutating func parseUnary() throws -> Node {
        if tokens[index].token == .minus {
            try enter(at: tokens[index].position)
            defer { depth -= 1 }
            index += 1
            let inner = try parseUnary()
            return (.negate(inner.expression), inner.depth + 1)
        }
        let base = try parsePrimary()
        if tokens[index].token == .caret {
            let position = tokens[index].position
            try enter(at: position)
            defer { depth -= 1 }
            index += 1
            return try binary("^", base, try parseUnary(), at: position)
        }
        return base
    }

    private mutating func parsePrimary() throws -> Node {
        let (token, position) = tokens[index]
        switch token {
        case .number(let digits):
            index += 1
            return (.number(try literal(digits, at: position)), 0)
        case .name(let name):
            index += 1
            if tokens[index].token == .open { return try parseCall(name, at: position, nested: true) }
            return (.variable(name), 0)
        case .open:
            try enter(at: position)
            defer { depth -= 1 }
            index += 1
            let inner = try parseExpression()
            guard tokens[index].token == .close else {
                throw error(at: tokens[index].position, "expected ')' to close the '(' at character \(position)")
            }
            index += 1
            return (.parenthesized(inner.expression), inner.depth + 1)
        default:
            throw error(at: position, "expected a number, a column or '(' inside a function call but found '\(describe(token))'")
        }
    }

    /// The value of the literal `digits`, which must be a finite double that is zero or normal:
    /// `1e400` overflows to infinity and `1e-320` is subnormal (fewer than 53 significant bits,
    /// and too small to scale a design column by a power of two).
    private func literal(_ digits: String, at position: Int) throws -> Double {
        guard let value = Double(digits) else { throw error(at: position, "'\(excerpt(of: digits, around: 1))' is not a number") }
        guard value.isFinite else {
            throw error(at: position, "the number '\(excerpt(of: digits, around: 1))' is beyond the largest double (about 1.8e308); rescale the variable instead")
        }
        guard value == 0 || value.isNormal else {
            throw error(at: position, "the number '\(excerpt(of: digits, around: 1))' is below the smallest normal double (about 2.2e-308); write 0 or rescale the variable instead")
        }
        return value
    }
}
