import ArgumentParser
import OutcomeAnalysis
import OutcomeStats

extension FitOutputFormat: ExpressibleByArgument {}

/// `outcomes fit FORMULA DATA.csv`: one model, printed like R's summary.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a linear model, GLM, linear mixed model or MMRM to a data file and print its summary.",
        discussion: """
            Examples:
              outcomes fit "pain_nrs ~ week * cohort + sessions_per_week" Datasets/example_cohort.csv
              outcomes fit "pain_nrs ~ technique * cohort + week" Datasets/example_cohort.csv \\
                --reference technique=usual_care --anova III --emmeans technique --by cohort --adjust tukey
              outcomes fit "pain_nrs ~ week * cohort + (1 + week | patient_id)" Datasets/example_cohort.csv
              outcomes fit "pain_nrs_change ~ pain_nrs_baseline + technique * visit + us(visit | patient_id)" trial.csv \
                --emmeans technique --by visit --reference technique=usual_care
              outcomes fit "pain_nrs ~ week * cohort" Datasets/example_cohort.csv --covariance cluster:site
              outcomes fit "pain_nrs ~ poly(week, 2, raw = TRUE) + log(age)" cohort.csv --covariance hc3 --weights w
              outcomes fit "pain_nrs_responder ~ technique + cohort" Datasets/example_cohort.csv \\
                --family binomial --subset "week == 10" --reference technique=usual_care
            A formula variable <outcome>_responder is derived per patient when the data lack it
            (improvement from week 0 of >= 2 points or >= 30 %).
            """)

    @Argument(help: "Model formula in R notation, e.g. \"pain_nrs ~ week * cohort\".")
    var formula: String

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Output format: text, json or markdown.")
    var format: FitOutputFormat = .text

    @Flag(help: "Fit a mixed model (a formula with random-effect terms) by maximum likelihood instead of REML.")
    var ml = false

    @Option(name: .customLong("reference"), help: "Reference level of a categorical column, as column=level (repeatable).")
    var references: [String] = []

    @Option(help: "Add an ANOVA table: I (sequential), II or III (sum-to-zero contrasts).")
    var anova: String?

    @Option(help: "Add estimated marginal means of this factor with pairwise contrasts.")
    var emmeans: String?

    @Option(help: "Compare the --emmeans levels within each level of this factor.")
    var by: String?

    @Option(help: "Adjustment of the pairwise contrasts: tukey (default), holm, bonferroni or none.")
    var adjust: String?

    @Option(name: .customLong("emmeans-weights"), help: "How the --emmeans means average over other factors: equal (default) or proportional (MMRM; SAS's OM).")
    var emmeansWeights: String?

    @Option(name: .customLong("test"), help: "A linear hypothesis to Wald-test, e.g. \"techniquedeep_tissue = techniquefriction\" (repeatable).")
    var hypotheses: [String] = []

    @Option(name: .customLong("compare"), help: "Formula of a smaller nested model to compare with by an F test.")
    var nestedFormula: String?

    @Option(help: "CSV of new data to predict, with confidence and prediction intervals.")
    var predict: String?

    func inferenceOptions() throws -> InferenceOptions {
        var options = InferenceOptions()
        if let anova {
            switch parseAnovaType(anova) {
            case .success(let type): options.anova = type
            case .failure(let failure): throw ValidationError("--anova: \(failure)")
            }
        }
        if let emmeans {
            var request = MarginalMeansRequest(factor: emmeans, by: by)
            if let adjust {
                switch parseAdjustment(adjust) {
                case .success(let adjustment):
                    request.adjustment = adjustment
                    request.adjustmentGiven = true
                case .failure(let failure): throw ValidationError("--adjust: \(failure)")
                }
            }
            if let emmeansWeights {
                guard let weights = LeastSquaresMeansWeights(rawValue: emmeansWeights) else {
                    throw ValidationError("--emmeans-weights is equal or proportional, not '\(emmeansWeights)'")
                }
                request.weights = weights
            }
            options.marginalMeans = request
        } else if emmeansWeights != nil {
            throw ValidationError("--emmeans-weights needs --emmeans FACTOR, e.g. --emmeans technique --by week --emmeans-weights proportional")
        } else if by != nil {
            throw ValidationError("--by needs --emmeans FACTOR, e.g. --emmeans technique --by cohort")
        } else if adjust != nil {
            throw ValidationError("--adjust needs --emmeans FACTOR, e.g. --emmeans technique --adjust holm")
        }
        options.hypotheses = hypotheses
        options.nestedFormula = nestedFormula
        options.predictionDataPath = predict
        return options
    }
    @Option(help: "Covariance of the standard errors: classical, hc0, hc1, hc2, hc3, cluster:COLUMN (CR1), or empirical (an MMRM's sandwich by subject).")
    var covariance: String = "classical"

    @Option(help: "Numeric column of case weights (weighted least squares).")
    var weights: String?

    @Option(help: "Model family: gaussian (linear model, default), binomial (logistic) or poisson.")
    var family: String = "gaussian"

    @Option(help: "Keep only the rows satisfying an expression, e.g. \"week == 10\" or \"cohort == chronic & week > 0\".")
    var subset: String?

    @Option(help: "Column identifying patients, for derived _baseline/_change/_responder columns (default patient_id).")
    var patient: String = "patient_id"

    @Option(help: "Column of visit times, 0 being the baseline visit (default week).")
    var visit: String = "week"

    @Option(help: "Read a column as categorical whatever its cells look like, e.g. a site coded 1, 2, 3 (repeatable).")
    var categorical: [String] = []

    @Option(help: "Multiply impute the outcome before fitting: mar (sequential regression for dropout, chained equations for intermittent gaps and missing covariates), jump-to-reference, copy-reference, copy-increments or last-mean; the reference arm is the --reference level of --impute-by.")
    var impute: String?

    @Option(name: .customLong("impute-method"), help: "approximate-bayesian (default: m imputations, Rubin's rules) or conditional-mean (jackknife standard errors).")
    var imputeMethod: String?

    @Option(name: .customLong("impute-model"), help: "How --impute mar draws continuous values: norm (normal regression, default) or pmm (predictive mean matching, 5 donors). Two-level categorical covariates are drawn by logistic regression.")
    var imputeModel: String?

    @Option(help: "With --impute: a numeric column, 1 at the visits after a patient left treatment and 0 before. Those outcomes are set aside and imputed; a reference-based assumption applies from the first flagged visit, and patients never flagged are imputed under MAR.")
    var discontinued: String?

    @Option(help: "Number of imputations with --impute (default 20).")
    var imputations: Int?

    @Option(help: "Seed of the imputation draws (default 1); the same seed gives the same bytes on every machine.")
    var seed: UInt64?

    @Option(name: .customLong("impute-by"), help: "Fit the imputation model within each level of this column (the arm).")
    var imputeBy: String?

    @Option(help: "Tipping point with --impute: shift the imputed values of the arms other than the --reference level of --impute-by by each delta, e.g. 0,0.5,1,1.5.")
    var delta: String?

    @Option(name: .customLong("write-imputations"), help: "Directory to write each completed data set to (imputation-001.csv, …).")
    var writeImputations: String?

    @Flag(help: "No progress line on standard error during a long imputation (it is shown only on a terminal).")
    var quiet = false

    @Option(help: "Degrees of freedom of an MMRM: satterthwaite (default), kenward-roger, kenward-roger-linear, residual or between-within.")
    var df: String?

    func run() throws {
        guard let modelFamily = ModelFamily(parsing: family) else {
            printError("error: --family: " + ModelFamily.unknownMessage(family))
            throw ExitCode.failure
        }
        var levels: [String: String] = [:]
        for item in references {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--reference '\(item)' must look like column=level, e.g. technique=usual_care")
            }
            levels[parts[0]] = parts[1]
        }
        try reportingFailures {
            for warning in (try? Formula(formula))?.warnings ?? [] { printError("warning: " + warning) }
            let rows: RowSubset?
            do {
                rows = try subset.map { try RowSubset($0) }
            } catch {
                throw AnalysisError.usage("--subset: \(error)")
            }
            var request = FitRequest(formula: formula, dataPath: data, format: format, referenceLevels: levels,
                                     inference: try inferenceOptions(), estimation: ml ? .ml : .reml,
                                     covariance: try CovarianceEstimator(parsing: covariance), weights: weights,
                                     family: modelFamily, subset: rows)
            request.patientColumn = patient
            request.visitColumn = visit
            request.categoricalColumns = categorical
            if let df {
                guard let method = MMRMDegreesOfFreedom(rawValue: df.lowercased()) else {
                    throw AnalysisError.usage("--df '\(df)': use one of " + MMRMDegreesOfFreedom.allCases.map(\.rawValue).joined(separator: ", "))
                }
                request.degreesOfFreedom = method
            }
            if let impute {
                guard let assumption = ImputationAssumption(rawValue: impute.lowercased()) else {
                    throw AnalysisError.usage("--impute '\(impute)': use one of " + ImputationAssumption.allCases.map(\.rawValue).joined(separator: ", "))
                }
                var imputation = ImputationRequest(assumption: assumption, imputations: imputations ?? 20, seed: seed ?? 1,
                                                   group: imputeBy, writeDirectory: writeImputations)
                if let imputeMethod {
                    guard let method = ImputationMethod(rawValue: imputeMethod.lowercased()) else {
                        throw AnalysisError.usage("--impute-method '\(imputeMethod)': use one of " + ImputationMethod.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    imputation.method = method
                    if method == .conditionalMean, imputations != nil || seed != nil {
                        throw AnalysisError.usage("--impute-method conditional-mean imputes once, without random draws: drop --imputations and --seed")
                    }
                }
                imputation.discontinuation = discontinued
                if let imputeModel {
                    guard let model = UnivariateImputationModel(rawValue: imputeModel.lowercased()) else {
                        throw AnalysisError.usage("--impute-model '\(imputeModel)': use one of " + UnivariateImputationModel.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    imputation.model = model
                }
                if let delta {
                    let values = delta.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                    guard !values.isEmpty, values.allSatisfy({ $0?.isFinite == true }), values.count <= 200 else {
                        throw AnalysisError.usage("--delta '\(delta)': write up to 200 numbers separated by commas, e.g. 0,0.5,1,1.5")
                    }
                    imputation.deltas = values.compactMap { $0 }
                }
                request.imputation = imputation
            } else if imputations != nil || seed != nil || imputeBy != nil || writeImputations != nil || delta != nil || imputeMethod != nil
                        || imputeModel != nil || discontinued != nil {
                throw AnalysisError.usage("--imputations, --seed, --impute-by, --impute-method, --impute-model, --discontinued, --delta and --write-imputations need --impute, e.g. --impute mar --imputations 100 --seed 7")
            }
            let progress = ImputationProgressLine(quiet: quiet)
            defer { progress.finish() }
            let output = try request.run(progress: progress.handler)
            progress.finish()
            print(output, terminator: "")
        }
    }
}
