import OutcomeStats

/// The kind of model a formula and family describe, and the options each kind can honour.
///
/// An option a model cannot honour is an error that names the option and the model, never a
/// silent default: `covariance: hc3` on a mixed model, `anova: II` on a Poisson GLM and
/// `family: binomial` with a random term are refused before any data are read.
///
/// ```swift
/// let kind = try ModelKind(formula: formula, family: .binomial)     // throws for (1 | g)
/// let refused = kind.unsupported(ModelOptions(covariance: .hc3))   // [covariance]
/// ```
enum ModelKind: Equatable, Sendable {
    /// Least squares (`family: gaussian`, no random terms).
    case linear
    /// A binomial or Poisson GLM (no random terms).
    case generalizedLinear(ModelFamily)
    /// A linear mixed model (random-effect terms, gaussian).
    case mixed
    /// A mixed model for repeated measures (a covariance term such as `us(visit | patient_id)`).
    case mmrm

    /// The kind of `formula` under `family`.
    ///
    /// - Throws: ``ModelOptionError`` for a binomial or Poisson family with random-effect terms,
    ///   which would need a generalized linear mixed model.
    init(formula: Formula, family: ModelFamily) throws {
        if let term = formula.covarianceTerm {
            guard family == .gaussian else {
                throw ModelOptionError(option: .family, value: family.rawValue, model: "an MMRM",
                                       advice: "'\(term)' models a continuous outcome's covariance across visits; a \(family.rawValue) "
                                           + "outcome needs a generalized model, which outcomes does not fit yet; use family: gaussian")
            }
            self = .mmrm
            return
        }
        switch (formula.isMixed, family) {
        case (false, .gaussian): self = .linear
        case (false, _): self = .generalizedLinear(family)
        case (true, .gaussian): self = .mixed
        case (true, _):
            let terms = formula.randomTerms.map(\.description).joined(separator: " + ")
            throw ModelOptionError(option: .family, value: family.rawValue, model: "a formula with random-effect terms",
                                   advice: "a \(family.rawValue) model with \(terms) is a generalized linear mixed model, "
                                       + "which outcomes does not fit yet; drop the random terms to fit a GLM, or use "
                                       + "family: gaussian for a linear mixed model")
        }
    }

    /// How reports and messages name the model.
    var name: String {
        switch self {
        case .linear: "a linear model"
        case .generalizedLinear(let family): "a \(family.rawValue) GLM"
        case .mixed: "a linear mixed model"
        case .mmrm: "an MMRM"
        }
    }

    /// `covariance:` as a spec writes it (`hc3`, `cluster:site`).
    static func specText(of covariance: CovarianceEstimator) -> String {
        switch covariance {
        case .classical: "classical"
        case .hc0: "hc0"
        case .hc1: "hc1"
        case .hc2: "hc2"
        case .hc3: "hc3"
        case .cluster(let column): "cluster:\(column)"
        case .empirical: "empirical"
        }
    }

    /// The options in `options` that this kind of model cannot honour, each with its reason.
    func unsupported(_ options: ModelOptions) -> [ModelOptionError] {
        var refused: [ModelOptionError] = []
        func refuse(_ option: ModelOption, _ value: String, _ advice: String) {
            refused.append(ModelOptionError(option: option, value: value, model: name, advice: advice))
        }
        // What only a linear model's report offers: prediction, the per-site meta-analysis and
        // the choice of plots and table files.
        func refuseLinearModelReportOptions() {
            if options.inference.predictionDataPath != nil {
                refuse(.predict, options.inference.predictionDataPath ?? "", "prediction with intervals is available for linear models")
            }
            if let meta = options.metaBy {
                refuse(.meta, meta, "the per-site meta-analysis refits a linear model per site")
            }
            if options.setsPlots {
                refuse(.plots, "…", "this report has a fixed set of plots; 'plots:' chooses among a linear model's")
            }
            if options.setsTables {
                refuse(.tables, "…", "this report writes no table files; 'tables:' applies to linear models")
            }
        }
        let inference = options.inference
        if self != .mmrm, let df = options.degreesOfFreedom {
            refuse(.df, df.rawValue, "the degrees-of-freedom method applies to MMRMs (a covariance term such as 'us(visit | patient_id)')")
        }
        if self != .mmrm, let means = inference.marginalMeans, means.weights != .equal {
            refuse(.emmeansWeights, means.weights.rawValue, "marginal means of this model average with equal weights; proportional weights are available for MMRMs")
        }
        switch self {
        case .linear:
            if options.covariance == .empirical {
                refuse(.covariance, "empirical", "the empirical covariance is an MMRM's; a linear model's by-patient sandwich is cluster:patient_id (CR1)")
            }
            if options.estimation == .ml {
                refuse(.estimation, "ml", "least squares has no REML/ML choice; estimation applies to mixed models")
            }
            if let anova = inference.anova, let weights = options.weights {
                refuse(.anova, anova.rawValue, "ANOVA tables of fits with case weights ('\(weights)') are not available yet; "
                       + "compare nested weighted models with compare_to (an F test on weighted sums of squares)")
            }
        case .mmrm:
            if let df = options.degreesOfFreedom, df == .kenwardRoger || df == .kenwardRogerLinear, options.estimation == .ml {
                refuse(.df, df.rawValue, "Kenward–Roger degrees of freedom need a REML fit; drop 'estimation: ml' or use satterthwaite")
            }
            if options.covariance != .classical && options.covariance != .empirical {
                refuse(.covariance, Self.specText(of: options.covariance),
                       "an MMRM's standard errors come from its covariance structure, or from the empirical (sandwich) covariance by subject: covariance: empirical")
            }
            if options.covariance == .empirical, let df = options.degreesOfFreedom,
               df != .betweenWithin && df != .residual {
                refuse(.df, df.rawValue, "with the empirical covariance the df are between-within (the default) or residual")
            }
            if let anova = inference.anova, anova != .partial {
                refuse(.anova, anova.rawValue, "an MMRM has Type III tests (anova: III), as SAS's and lmerTest's; types I and II are not available")
            }
            if let means = inference.marginalMeans, means.adjustmentGiven, means.adjustment != .none {
                refuse(.adjust, means.adjustment.rawValue, "an MMRM's LS-means differences are each level against the reference, unadjusted")
            }
            if !inference.hypotheses.isEmpty {
                refuse(.hypotheses, inference.hypotheses.joined(separator: "; "), "Wald F tests are available for linear models")
            }
            if let nested = inference.nestedFormula {
                refuse(.compareTo, nested, "nested tests of MMRMs are not available yet")
            }
            refuseLinearModelReportOptions()
        case .generalizedLinear, .mixed:
            let own = self == .mixed ? "the model-based covariance of the fixed effects"
                                     : "the inverse Fisher information at the estimates"
            if options.covariance != .classical {
                refuse(.covariance, Self.specText(of: options.covariance),
                       "its standard errors come from \(own); robust and cluster covariances are available for linear models")
            }
            if let weights = options.weights {
                refuse(.weights, weights, "case weights are available for linear models only")
            }
            if let anova = inference.anova {
                refuse(.anova, anova.rawValue, "ANOVA tables are available for linear models; compare nested models with "
                       + (self == .mixed ? "`outcomes compare` (a likelihood-ratio test)" : "a likelihood-ratio test"))
            }
            if let means = inference.marginalMeans {
                refuse(.emmeans, means.factor, "marginal means are available for linear models")
            }
            if !inference.hypotheses.isEmpty {
                refuse(.hypotheses, inference.hypotheses.joined(separator: "; "), "Wald F tests are available for linear models")
            }
            if let nested = inference.nestedFormula {
                refuse(.compareTo, nested, self == .mixed ? "use `outcomes compare REDUCED FULL DATA.csv` (a likelihood-ratio test)"
                                                          : "nested F tests are available for linear models")
            }
            refuseLinearModelReportOptions()
            if self != .mixed, options.estimation == .ml {
                refuse(.estimation, "ml", "a GLM is fitted by maximum likelihood already; estimation applies to mixed models")
            }
        }
        return refused
    }
}

/// The options of one analysis that depend on the model kind, as the spec or the command line set them.
struct ModelOptions: Sendable {
    var covariance: CovarianceEstimator = .classical
    var weights: String?
    /// `nil` when not set (the default, REML for mixed models).
    var estimation: Estimation?
    var inference = InferenceOptions()
    /// The `meta: by:` column, when a meta-analysis is asked for.
    var metaBy: String?
    /// Whether `plots:` was set.
    var setsPlots = false
    /// Whether `tables:` was set.
    var setsTables = false
    /// `df:` / `--df`, when set.
    var degreesOfFreedom: MMRMDegreesOfFreedom?
}

/// An option that depends on the model kind, with its spec key and command-line flag.
enum ModelOption: String, Sendable, CaseIterable {
    case family, covariance, weights, estimation, anova, emmeans, emmeansWeights, adjust, hypotheses, compareTo, predict, meta, plots, tables, df

    /// The spec key.
    var specKey: String {
        switch self {
        case .compareTo: "compare_to"
        case .emmeansWeights: "emmeans weights"
        default: rawValue
        }
    }

    /// The command-line option, if there is one.
    var flag: String? {
        switch self {
        case .family: "--family"
        case .covariance: "--covariance"
        case .weights: "--weights"
        case .estimation: "--ml"
        case .anova: "--anova"
        case .emmeans: "--emmeans"
        case .emmeansWeights: "--emmeans-weights"
        case .hypotheses: "--test"
        case .compareTo: "--compare"
        case .predict: "--predict"
        case .adjust: "--adjust"
        case .df: "--df"
        case .meta, .plots, .tables: nil
        }
    }
}

/// An option the model cannot honour.
struct ModelOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    let option: ModelOption
    let value: String
    /// The model, as ``ModelKind/name`` says it.
    let model: String
    let advice: String

    /// The message with the option as a spec key (`covariance: hc3`).
    var description: String { "'\(option.specKey): \(value)' is not available for \(model): \(advice)" }

    /// The message with the option as a command-line flag.
    var commandLineDescription: String {
        "\(option.flag ?? option.specKey) is not available for \(model): \(advice)"
    }
}
