import OutcomeReports
import OutcomeStats

/// A spec's `meta:` request carried out: the analysis' model fitted within each site, one
/// coefficient pooled across sites by DerSimonian–Laird and REML random-effects meta-analysis.
struct SiteMetaAnalysis {
    /// The request.
    let request: MetaRequest
    /// The sites whose fit estimated the coefficient, in level order.
    let studies: RandomEffectsMetaAnalysis
    /// Sites left out, with the reason.
    let skipped: [String]
    /// DerSimonian–Laird fit.
    let derSimonianLaird: MetaAnalysisFit
    /// REML fit.
    let restrictedMaximumLikelihood: MetaAnalysisFit

    /// Fits `analysis` within each level of `request.by` in `frame` and pools the coefficient.
    ///
    /// - Throws: ``AnalysisError/subset(analysis:message:)`` when the column is missing or not
    ///   categorical or fewer than two sites estimate the coefficient.
    init(_ request: MetaRequest, analysis: AnalysisDefinition, frame: Frame) throws {
        self.request = request
        guard case .categorical(let sites)? = frame[request.by] else {
            let hint = frame.contains(request.by) ? "is not categorical"
                : "is not a column" + (nearestName(to: request.by, in: frame.columnNames).map { "; did you mean '\($0)'?" } ?? "")
            throw AnalysisError.subset(analysis: analysis.name, message: "meta 'by: \(request.by)' \(hint)")
        }
        var labels: [String] = [], estimates: [Double] = [], errors: [Double] = [], skipped: [String] = []
        for (code, site) in sites.levels.enumerated() {
            let rows = (0..<frame.rowCount).filter { sites.codes[$0] == Int32(code) }
            guard !rows.isEmpty else { continue }
            do {
                let fit = try fitLinearModel(analysis.formula, references: analysis.referenceLevels, frame: frame.rows(rows),
                                             fileLabel: analysis.dataLabel, analysis: analysis.name)
                guard let coefficient = fit.coefficient(request.coefficient) else {
                    let hint = nearestName(to: request.coefficient, in: fit.coefficients.map(\.term)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw AnalysisError.subset(analysis: analysis.name, message: "meta coefficient '\(request.coefficient)' is not a term of the model\(hint)")
                }
                guard let estimate = coefficient.estimate, let se = coefficient.standardError, se.isFinite, se > 0 else {
                    skipped.append("\(site): \(request.coefficient) not estimable there")
                    continue
                }
                labels.append(site)
                estimates.append(estimate)
                errors.append(se)
            } catch let error as AnalysisError {
                if case .subset = error { throw error }
                skipped.append("\(site): \(error)")
            }
        }
        do {
            studies = try RandomEffectsMetaAnalysis(estimates: estimates, standardErrors: errors, labels: labels)
        } catch {
            throw AnalysisError.subset(analysis: analysis.name, message: "meta-analysis by \(request.by): \(error)")
        }
        self.skipped = skipped
        derSimonianLaird = studies.fit(method: .derSimonianLaird)
        restrictedMaximumLikelihood = studies.fit(method: .restrictedMaximumLikelihood)
    }

    var fits: [MetaAnalysisFit] { [derSimonianLaird, restrictedMaximumLikelihood] }

    /// Per-site rows and both pooled diamonds.
    func forestPlot(response: String) -> ForestPlot {
        var rows = restrictedMaximumLikelihood.studies.map {
            ForestRow(label: $0.label, estimate: $0.estimate, lower: $0.confidenceLow, upper: $0.confidenceHigh)
        }
        for fit in fits {
            rows.append(ForestRow(label: "Pooled (\(fit.method))", estimate: fit.estimate, lower: fit.confidenceLow,
                                  upper: fit.confidenceHigh, isSummary: true))
        }
        return ForestPlot(
            title: "\(request.coefficient) by \(request.by), pooled",
            description: "Estimate of \(request.coefficient) in the model of \(response) fitted within each \(request.by), "
                + "with 95 % confidence intervals, and the random-effects pooled estimates (DerSimonian-Laird and REML) as diamonds.",
            xLabel: "\(request.coefficient) (95 % CI)", rows: rows, reference: 0)
    }

    /// The per-site and pooled table.
    func table(format: NumberFormat = .standard) -> Table {
        let reml = restrictedMaximumLikelihood
        var rows = reml.studies.map { study in
            [study.label, format.estimate(study.estimate), format.estimate(study.standardError),
             "[" + format.estimate(study.confidenceLow) + ", " + format.estimate(study.confidenceHigh) + "]",
             NumberFormat.fixed(study.weightPercent, decimals: 1)]
        }
        for fit in fits {
            rows.append(["Pooled (\(fit.method))", format.estimate(fit.estimate), format.estimate(fit.standardError),
                         "[" + format.estimate(fit.confidenceLow) + ", " + format.estimate(fit.confidenceHigh) + "]", "100.0"])
        }
        let footnotes = fits.map { fit in
            "\(fit.method): τ² = \(format.estimate(fit.tauSquared)), I² = \(NumberFormat.fixed(fit.iSquared, decimals: 1)) %, "
                + "Q = \(format.estimate(fit.heterogeneity.statistic)) on \(fit.heterogeneity.degreesOfFreedom) df (p \(Self.p(fit.heterogeneity.pValue, format))), "
                + "pooled p \(Self.p(fit.pValue, format)), 95 % prediction interval [\(format.estimate(fit.predictionLow)), \(format.estimate(fit.predictionHigh))]."
        } + ["Weights are REML random-effects weights." ] + skipped.map { "Left out: \($0)." }
        return Table(columns: [TableColumn(request.by),
                               TableColumn("Estimate", alignment: .right), TableColumn("Std. error", alignment: .right),
                               TableColumn("95 % CI", alignment: .right), TableColumn("Weight %", alignment: .right)],
                     rows: rows, footnotes: footnotes)
    }

    private static func p(_ value: Double, _ format: NumberFormat) -> String {
        let text = format.pValue(value)
        return text.hasPrefix("<") ? text : "= " + text
    }

    /// The `"meta"` member of results.json.
    func json() -> JSONValue {
        .object([
            ("by", .string(request.by)),
            ("coefficient", .string(request.coefficient)),
            ("sites", .array(restrictedMaximumLikelihood.studies.map { study in
                .object([("site", .string(study.label)), ("estimate", .reportNumber(study.estimate)),
                         ("std_error", .reportNumber(study.standardError)), ("conf_low", .reportNumber(study.confidenceLow)),
                         ("conf_high", .reportNumber(study.confidenceHigh)), ("weight_reml", .reportNumber(study.weightPercent))])
            })),
            ("skipped", .array(skipped.map { .string($0) })),
            ("pooled", .array(fits.map { fit in
                .object([("method", .string("\(fit.method)")), ("estimate", .reportNumber(fit.estimate)),
                         ("std_error", .reportNumber(fit.standardError)), ("statistic", .reportNumber(fit.statistic)),
                         ("p_value", .reportNumber(fit.pValue)), ("conf_low", .reportNumber(fit.confidenceLow)),
                         ("conf_high", .reportNumber(fit.confidenceHigh)), ("tau_squared", .reportNumber(fit.tauSquared)),
                         ("i_squared", .reportNumber(fit.iSquared)), ("q", .reportNumber(fit.heterogeneity.statistic)),
                         ("q_df", .integer(fit.heterogeneity.degreesOfFreedom)), ("q_p_value", .reportNumber(fit.heterogeneity.pValue)),
                         ("pi_low", .reportNumber(fit.predictionLow)), ("pi_high", .reportNumber(fit.predictionHigh))])
            })),
        ])
    }
}
