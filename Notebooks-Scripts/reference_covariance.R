# Reference values for OutcomeStats' covariance estimators, weighted least squares and formula
# functions: R's lm() with sandwich (vcovHC, vcovCL) and lmtest (coeftest, waldtest) on the example
# cohort and on a second simulated cohort (outcomes simulate --patients 500 --seed 7).
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_covariance.R > Tests/OutcomeAnalysisTests/Fixtures/covariance_reference.csv
# The Swift test is Tests/OutcomeAnalysisTests/CovarianceAgainstRTests.swift; its model list must
# match `models` below.
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
cohorts <- list(
  example = "Datasets/example_cohort.csv",
  simulated_seed7 = "Tests/OutcomeAnalysisTests/Fixtures/simulated_seed7.csv"
)
models <- list(
  list(name = "main", formula = pain_nrs ~ sessions_per_week + technique + cohort * week, weights = NULL),
  list(name = "functions", formula = pain_nrs ~ poly(week, 2, raw = TRUE) + cohort + log(age) + I(bmi^2) + I(week * sessions_per_week), weights = NULL),
  list(name = "weighted", formula = sleep_psqi ~ technique + week * cohort, weights = "age"),
  list(name = "zero-weights", formula = pain_nrs ~ week + cohort, weights = "sessions_per_week")
)
estimators <- c("classical", "HC0", "HC1", "HC2", "HC3", "CR1:site", "CR1:patient_id")
cat("cohort,model,covariance,term,estimate,std_error,statistic,p_value,n_obs,df_residual,sigma,r_squared,f_statistic,f_p_value\n")
for (cohort in names(cohorts)) {
  d <- read.csv(cohorts[[cohort]], na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
  d$technique <- relevel(factor(d$technique), ref = "usual_care")
  d$cohort <- relevel(factor(d$cohort), ref = "acute")
  for (m in models) {
    d$w__ <- if (is.null(m$weights)) rep(1, nrow(d)) else d[[m$weights]]
    # Complete cases over the model's variables and the clusters, as OutcomeStats drops them.
    vars <- unique(c(all.vars(m$formula), "site", "patient_id", "w__"))
    dd <- d[complete.cases(d[, vars]), ]
    fit <- if (is.null(m$weights)) lm(m$formula, data = dd) else lm(m$formula, data = dd, weights = w__)
    s <- summary(fit)
    for (est in estimators) {
      if (m$name == "zero-weights" && est != "classical") next   # sandwich counts zero-weight rows in n
      V <- switch(est,
        classical = vcov(fit),
        "CR1:site" = vcovCL(fit, cluster = ~site, type = "HC1"),
        "CR1:patient_id" = vcovCL(fit, cluster = ~patient_id, type = "HC1"),
        vcovHC(fit, type = est))
      ct <- coeftest(fit, vcov. = V)
      if (est == "classical") {
        f <- s$fstatistic[["value"]]
        fp <- pf(f, s$fstatistic[["numdf"]], s$fstatistic[["dendf"]], lower.tail = FALSE)
      } else {
        # With fewer clusters than slopes V is singular and the Wald F undefined: NA.
        wt <- tryCatch(waldtest(fit, vcov = V, test = "F"), error = function(e) NULL)
        f <- if (is.null(wt)) NA else wt$F[2]
        fp <- if (is.null(wt)) NA else wt[["Pr(>F)"]][2]
      }
      for (term in rownames(ct)) {
        cat(sprintf("%s,%s,%s,\"%s\",%.17g,%.17g,%.17g,%.17g,%d,%d,%.17g,%.17g,%.17g,%.17g\n", cohort, m$name, est, term,
                    ct[term, 1], ct[term, 2], ct[term, 3], ct[term, 4], nobs(fit),
                    fit$df.residual, s$sigma, s$r.squared, f, fp))
      }
    }
  }
}
