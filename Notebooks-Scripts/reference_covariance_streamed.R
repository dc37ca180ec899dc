# Reference values for the streamed least squares (OutcomeStats.StreamedLeastSquares, used from
# 65,536 complete cases on): R's lm() with sandwich (vcovHC, vcovCL) and lmtest (coeftest,
# waldtest) on a simulated cohort of 72,000 visits, large enough that `outcomes` streams it.
# The cohort is not committed; `outcomes simulate` makes the same bytes from the seed:
#   swift build --product outcomes
#   .build/debug/outcomes simulate --patients 12000 --seed 13 --out /tmp/simulated_12000_seed13.csv
#   Rscript Notebooks-Scripts/reference_covariance_streamed.R /tmp/simulated_12000_seed13.csv \
#     > Tests/OutcomeAnalysisTests/Fixtures/covariance_streamed_reference.csv
# The Swift test is Tests/OutcomeAnalysisTests/StreamedFitAgainstRTests.swift (same columns as
# reference_covariance.R's output).
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
path <- commandArgs(trailingOnly = TRUE)[1]
models <- list(
  list(name = "main", formula = pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi),
  list(name = "functions", formula = pain_nrs ~ poly(week, 2, raw = TRUE) + cohort + log(age) + I(week * sessions_per_week)),
  list(name = "aliased", formula = pain_nrs ~ week + I(2 * week) + cohort + site:sex),
  # Indicator coding of a releveled factor: R lists the reference level first.
  list(name = "indicators", formula = pain_nrs ~ week + technique:sex)
)
estimators <- c("classical", "HC0", "HC1", "HC2", "HC3", "CR1:site", "CR1:patient_id")
cat("cohort,model,covariance,term,estimate,std_error,statistic,p_value,n_obs,df_residual,sigma,r_squared,f_statistic,f_p_value\n")
d <- read.csv(path, na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
d$technique <- relevel(factor(d$technique), ref = "usual_care")
d$cohort <- relevel(factor(d$cohort), ref = "acute")
for (m in models) {
  vars <- unique(c(all.vars(m$formula), "site", "patient_id"))
  dd <- d[complete.cases(d[, vars]), ]
  fit <- lm(m$formula, data = dd)
  s <- summary(fit)
  for (est in estimators) {
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
      wt <- tryCatch(waldtest(fit, vcov = V, test = "F"), error = function(e) NULL)
      f <- if (is.null(wt)) NA else wt$F[2]
      fp <- if (is.null(wt)) NA else wt[["Pr(>F)"]][2]
    }
    for (term in rownames(ct)) {
      cat(sprintf("%s,%s,%s,\"%s\",%.17g,%.17g,%.17g,%.17g,%d,%d,%.17g,%.17g,%.17g,%.17g\n", "simulated_12000_seed13", m$name, est, term,
                  ct[term, 1], ct[term, 2], ct[term, 3], ct[term, 4], nobs(fit),
                  fit$df.residual, s$sigma, s$r.squared, f, fp))
    }
  }
}
