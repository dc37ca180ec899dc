/// A model formula in Wilkinson/R notation, parsed once into a value.
///
/// Supported on the right-hand side: `+` (add terms), `:` (interaction), `*` (crossing:
/// `a*b` is `a + b + a:b`), `-` (remove a term), `1`/`0` and `- 1` (intercept on/off),
/// parentheses, function factors `I(x^2)`, `log(x)`, `poly(x, k, raw = TRUE)` (see
/// ``TermExpression``), and random-effect terms of mixed models (``randomTerms``): `(1 | g)`,
/// `(1 + week | g)`, uncorrelated `(1 + week || g)`, nested `(1 | site/patient_id)` and any
/// number of crossed terms, and one covariance term of an ``MMRM`` (``covarianceTerm``):
/// `us(visit | patient_id)`, `ar1(visit | technique / patient_id)`. Terms are ordered as R orders them: by the number of variables they involve,
/// then by first appearance; the variables inside an interaction follow their first appearance
/// in the formula, so `sessions_per_week * cohort` yields the term `sessions_per_week:cohort`.
///
/// Odd formulas follow R's rules: a term that contains the response is dropped with a warning
/// (``warnings``; `week ~ week` is the intercept-only model, as in R's `lm`); `0` cannot be
/// interacted or crossed (`0:x`, `x:0` and `0*x` are errors); `poly()` must be a term of its own
/// (a `poly` inside `poly`, `I()` or `log()` is an error); numeric literals must be finite
/// normal doubles. A categorical variable with a single level among the rows used is an error
/// of the design (see ``DesignColumns``). A numeric grouping column of a random-effect term is
/// a factor of its distinct values, as lme4 treats it; the response cannot be a grouping
/// factor or a varying effect.
///
/// Hostile input is bounded (see ``maximumNesting`` and ``maximumTerms``): every error is a
/// ``StatsError/formulaSyntax(formula:position:message:)`` naming the position, never a crash.
///
/// ```swift
/// let formula = try Formula("pain_nrs ~ sessions_per_week * cohort + week")
/// formula.response                 // "pain_nrs"
/// formula.terms.map(\.label)       // ["sessions_per_week", "cohort", "week", "sessions_per_week:cohort"]
/// ```
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// The text the formula was parsed from, trimmed.
    public let text: String
    /// The response variable (left of `~`).
    public let response: String
    /// Whether the model has an intercept.
    public let hasIntercept: Bool
    /// Model terms (excluding the intercept), in R's order.
    public let terms: [Term]
    /// Random-effect terms (empty for a fixed-effects formula), expanded as lme4 expands them.
    public let randomTerms: [RandomEffectTerm]
    /// Variables read only by random-effect terms (grouping factors and varying effects not
    /// already in ``variables``), in order of first appearance.
    public let randomVariables: [String]
    /// Every column the fixed part of the right-hand side reads, in order of first appearance
    /// (the columns inside function factors such as `I(x^2)` included).
    public let variables: [String]
    /// The function factors of the terms (`I(x^2)`, `log(age)`, `poly(week, 2, raw = TRUE)`),
    /// keyed by their label, which is how ``Term/variables`` names them.
    public let expressions: [String: TermExpression]
    /// The within-subject covariance term of an MMRM (`us(visit | patient_id)`), or `nil`.
    public let covarianceTerm: CovarianceTerm?
    /// What R would warn about, one sentence each: a term with the response on the right-hand
    /// side is dropped, as R's `lm` drops it.
    public let warnings: [String]

    /// The deepest nesting a formula may have: each parenthesis, function call, unary minus and
    /// operation inside a call is one level (`I(a + b + c)` is three: the call and two `+`).
    /// R's own parser stops at 50 nested brackets; 200 leaves room for every real formula and
    /// keeps the recursive parser and the recursive walks of ``TermExpression`` far from the
    /// end of a thread's stack (about 7,000 levels overflowed a 8 MiB main-thread stack before
    /// the limit existed).
    public static let maximumNesting = 200

    /// The most fixed terms a formula may expand to (`a*b*c` is seven). A cross of 13 variables
    /// already makes 8,191 terms; the limit is checked before a product is formed, so a hostile
    /// cross of 30 variables is refused at once instead of expanding to 2³⁰ terms.
    public static let maximumTerms = 4_096

    /// Parses `text`.
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)`` naming the character
    ///   at fault.
    public init(_ text: String) throws {
        var parser = FormulaParser(text)
        let parsed = try parser.parse()
        self.text = parsed.text
        self.response = parsed.response
        self.hasIntercept = parsed.hasIntercept
        self.variables = parsed.variables
        self.terms = parsed.terms
        self.randomTerms = parsed.randomTerms
        self.randomVariables = parsed.randomVariables
        self.covarianceTerm = parsed.covarianceTerm
        if parsed.covarianceTerm != nil && !parsed.randomTerms.isEmpty {
            throw StatsError.formulaSyntax(formula: parsed.text, position: 1,
                                           message: "a formula cannot have both random-effect terms and a covariance term such as 'us(visit | patient_id)': an MMRM models the within-subject covariance directly")
        }
        self.expressions = parsed.expressions
        self.warnings = parsed.warnings
    }

    /// Whether the formula has random-effect terms (and so describes a mixed model).
    public var isMixed: Bool { !randomTerms.isEmpty }

    /// Whether the formula has a covariance term (and so describes an ``MMRM``).
    public var isMMRM: Bool { covarianceTerm != nil }

    /// The formula as written.
    public var description: String { text }

    /// All variables the model reads, response first, random-effect variables last.
    public var allVariables: [String] {
        [response] + (variables + randomVariables).filter { $0 != response }
    }
}

/// One term of a formula: a main effect (one variable) or an interaction (several).
public struct Term: Sendable, Hashable, CustomStringConvertible {
    /// The variables of the term, in order of first appearance in the formula: column names,
    /// or the labels of function factors (`I(x^2)`; see ``Formula/expressions``).
    public let variables: [String]

    /// A term over `variables` (already in formula order).
    public init(_ variables: [String]) { self.variables = variables }

    /// R's label: variables joined by `:`.
    public var label: String { variables.joined(separator: ":") }

    /// Number of variables (1 for a main effect).
    public var order: Int { variables.count }

    public var description: String { label }
}
