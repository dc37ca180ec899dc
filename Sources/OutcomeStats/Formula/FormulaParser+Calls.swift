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
extension FormulaParser {
    /// Parses `name(...)`; the current token is the `(`.
    mutating func parseCall(_ name: String, at position: Int) throws -> TermExpression {
        guard name == "poly" || TermExpression.functions.contains(name) else {
            let known = (TermExpression.functions + ["poly"]).joined(separator: ", ")
            let hint = nearestName(to: name, in: TermExpression.functions + ["poly"]).map { "; did you mean '\($0)'?" } ?? ""
            throw error(at: position, "unknown function '\(name)' (a formula can call \(known))\(hint)")
        }
        let arguments = try parseArguments(opening: position)
        let call = TermExpression.call(name, arguments)
        if name == "poly" {
            try checkPolynomial(arguments, call: call, at: position)
        } else {
            guard arguments.count == 1, arguments[0].name == nil else {
                throw error(at: position, "'\(name)' takes one unnamed argument, e.g. \(name)(x)")
            }
        }
        return call
    }

    private func checkPolynomial(_ arguments: [TermArgument], call: TermExpression, at position: Int) throws {
        for argument in arguments where argument.name != nil && !["degree", "raw"].contains(argument.name!) {
            throw error(at: position, "poly() takes x, degree and raw = TRUE, not '\(argument.name!)'")
        }
        let raw = arguments.first { $0.name == "raw" }?.value
        guard raw == .variable("TRUE") || raw == .variable("T") else {
            throw error(at: position, "only raw polynomials are supported: write poly(x, k, raw = TRUE) (orthogonal polynomials depend on the data)")
        }
        guard let (base, degree) = call.polynomial, degree >= 1, degree <= 20,
              case .number(let value)? = (arguments.first { $0.name == "degree" } ?? arguments.filter { $0.name == nil }.dropFirst().first)?.value,
              value == value.rounded() else {
            throw error(at: position, "poly() needs a whole degree from 1 to 20, e.g. poly(x, 3, raw = TRUE)")
        }
        _ = base
    }

    private mutating func parseArguments(opening: Int) throws -> [TermArgument] {
        index += 1   // past '('
        var arguments: [TermArgument] = []
        while true {
            var name: String?
            if case .name(let candidate) = tokens[index].token, tokens[index + 1].token == .equals {
                name = candidate
                index += 2
            }
            arguments.append(TermArgument(name: name, value: try parseExpression()))
            switch tokens[index].token {
            case .comma: index += 1
            case .close: index += 1; return arguments
            default:
                throw error(at: tokens[index].position, "expected ',' or ')' to close the '(' at character \(opening), found '\(describe(tokens[index].token))'")
            }
        }
    }

    private mutating func parseExpression() throws -> TermExpression {
        var result = try parseMultiplicative()
        while tokens[index].token == .plus || tokens[index].token == .minus {
            let op: Character = tokens[index].token == .plus ? "+" : "-"
            index += 1
            result = .binary(op, result, try parseMultiplicative())
        }
        return result
    }

    private mutating func parseMultiplicative() throws -> TermExpression {
        var result = try parseUnary()
        while tokens[index].token == .star || tokens[index].token == .slash {
            let op: Character = tokens[index].token == .star ? "*" : "/"
            index += 1
            result = .binary(op, result, try parseUnary())
        }
        return result
    }

    private mutating func parseUnary() throws -> TermExpression {
        if tokens[index].token == .minus {
            index += 1
            return .negate(try parseUnary())
        }
        let base = try parsePrimary()
        if tokens[index].token == .caret {
            index += 1
            return .binary("^", base, try parseUnary())
        }
        return base
    }

    private mutating func parsePrimary() throws -> TermExpression {
        let (token, position) = tokens[index]
        switch token {
        case .number(let digits):
            index += 1
            guard let value = Double(digits) else { throw error(at: position, "'\(digits)' is not a number") }
            return .number(value)
        case .name(let name):
            index += 1
            if tokens[index].token == .open { return try parseCall(name, at: position) }
            return .variable(name)
        case .open:
            index += 1
            let inner = try parseExpression()
            guard tokens[index].token == .close else {
                throw error(at: tokens[index].position, "expected ')' to close the '(' at character \(position)")
            }
            index += 1
            return .parenthesized(inner)
        default:
            throw error(at: position, "expected a number, a column or '(' inside a function call but found '\(describe(token))'")
        }
    }
}
