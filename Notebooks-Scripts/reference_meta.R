# Reference values for OutcomeStats' random-effects meta-analysis: metafor::rma (methods FE, DL, REML).
# Run from the repository root (R with metafor ≥ 3.8):
#   Rscript Notebooks-Scripts/reference_meta.R
# It writes the fixtures that Tests/OutcomeStatsTests/RandomEffectsMetaAnalysisTests.swift and
# ChiSquaredUpperTailTests.swift read:
#   Tests/OutcomeStatsTests/Fixtures/meta_inputs.csv     dataset,label,estimate,std_error
#   Tests/OutcomeStatsTests/Fixtures/meta_reference.csv  dataset,method,level,quantity,index,value
#   Tests/OutcomeStatsTests/Fixtures/meta_chisq.csv      degrees_of_freedom,x,upper_tail (R pchisq)
# Inputs are written with %.17g and read back before fitting, so R and Swift see the same doubles.
#
# Datasets:
#   example_cohort_combined  per-site lm() of pain_nrs ~ sessions_per_week + technique + cohort * week on
#                            Datasets/example_cohort.csv (technique reference usual_care, cohort reference
#                            acute), the `techniquecombined` estimate and its standard error at each site
#   bcg                      metafor's dat.bcg, log risk ratios from escalc(measure = "RR")
#   normand1999              metafor's dat.normand1999, raw mean differences from escalc(measure = "MD")
#   bcg_first_two            the first two BCG trials (k = 2, the smallest allowed)
#   homogeneous              five made-up estimates whose Q is below its df, so τ² = 0 for DL and REML
#   boundary_after_start     four made-up estimates whose Hedges start τ²₀ is positive but whose REML
#                            estimate is 0: metafor's step-halving approaches 0 geometrically and stops
#                            at τ² ≈ 3e-15 (OutcomeStats steps to exactly 0)
#
# FE: predict() gives no prediction interval (written NA); OutcomeStats reports the CI there (τ² = 0).
# REML: metafor's Fisher scoring stops on an absolute change in τ² below `threshold` (default 1e-5),
# which leaves τ² accurate to only ~1e-6. To get the REML root itself the fit is repeated with
# threshold = 1e-14 · max(τ², mean vᵢ) (the floating-point noise floor of the score is ≈ ε · (τ² + vᵢ)),
# started at the first fit's τ².
suppressPackageStartupMessages(library(metafor))

inputs <- list()

d <- read.csv("Datasets/example_cohort.csv", na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
d$technique <- relevel(factor(d$technique), ref = "usual_care")
d$cohort <- relevel(factor(d$cohort), ref = "acute")
sites <- sort(unique(d$site))
est <- c(); se <- c()
for (s in sites) {
  fit <- lm(pain_nrs ~ sessions_per_week + technique + cohort * week, data = d[d$site == s, ])
  co <- coef(summary(fit))
  stopifnot(!any(is.na(coef(fit))))
  est <- c(est, co["techniquecombined", 1]); se <- c(se, co["techniquecombined", 2])
}
inputs[["example_cohort_combined"]] <- data.frame(label = sites, estimate = est, std_error = se)

bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
bcg_labels <- paste(bcg$author, bcg$year)
inputs[["bcg"]] <- data.frame(label = bcg_labels, estimate = as.numeric(bcg$yi), std_error = sqrt(bcg$vi))

nor <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i,
              data = dat.normand1999)
inputs[["normand1999"]] <- data.frame(label = nor$source, estimate = as.numeric(nor$yi), std_error = sqrt(nor$vi))

inputs[["bcg_first_two"]] <- inputs[["bcg"]][1:2, ]

inputs[["homogeneous"]] <- data.frame(label = c("A", "B", "C", "D", "E"),
                                      estimate = c(0.10, 0.12, 0.09, 0.11, 0.105),
                                      std_error = c(0.05, 0.04, 0.06, 0.05, 0.03))

inputs[["boundary_after_start"]] <- data.frame(label = c("A", "B", "C", "D"),
                                               estimate = c(-0.24, 3.03, 0, 0.22),
                                               std_error = c(0.4254, 1.0982, 0.1549, 0.355))

# Write inputs at full precision, then read them back so the fits below use exactly the committed doubles.
input_file <- "Tests/OutcomeStatsTests/Fixtures/meta_inputs.csv"
con <- file(input_file, "w")
writeLines("dataset,label,estimate,std_error", con)
for (name in names(inputs)) {
  x <- inputs[[name]]
  for (i in seq_len(nrow(x))) {
    stopifnot(!grepl("[,\"]", x$label[i]))
    writeLines(sprintf("%s,%s,%.17g,%.17g", name, x$label[i], x$estimate[i], x$std_error[i]), con)
  }
}
close(con)
committed <- read.csv(input_file, stringsAsFactors = FALSE)

rows <- character()
add <- function(dataset, method, level, quantity, index, value) {
  rows <<- c(rows, sprintf("%s,%s,%s,%s,%d,%s", dataset, method, format(level), quantity, index,
                           if (is.null(value) || is.na(value)) "NA" else sprintf("%.17g", value)))
}

for (name in names(inputs)) {
  x <- committed[committed$dataset == name, ]
  yi <- x$estimate; vi <- x$std_error^2
  for (level in c(95, 90)) {
    if (level == 90 && name != "bcg") next
    for (method in c("FE", "DL", "REML")) {
      fit <- rma(yi = yi, vi = vi, method = method, level = level)
      if (method == "REML") {
        threshold <- 1e-14 * max(fit$tau2, mean(vi))
        fit <- rma(yi = yi, vi = vi, method = "REML", level = level,
                   control = list(threshold = threshold, maxiter = 100000, tau2.init = fit$tau2))
      }
      pr <- predict(fit)
      lv <- level / 100
      add(name, method, lv, "estimate", 0, fit$beta[1])
      add(name, method, lv, "standard_error", 0, fit$se)
      add(name, method, lv, "z", 0, fit$zval)
      add(name, method, lv, "p_value", 0, fit$pval)
      add(name, method, lv, "ci_lower", 0, fit$ci.lb)
      add(name, method, lv, "ci_upper", 0, fit$ci.ub)
      add(name, method, lv, "tau2", 0, fit$tau2)
      add(name, method, lv, "tau", 0, sqrt(fit$tau2))
      add(name, method, lv, "se_tau2", 0, fit$se.tau2)
      add(name, method, lv, "q", 0, fit$QE)
      add(name, method, lv, "q_df", 0, fit$k - fit$p)
      add(name, method, lv, "q_p_value", 0, fit$QEp)
      add(name, method, lv, "i2", 0, fit$I2)
      add(name, method, lv, "h2", 0, fit$H2)
      add(name, method, lv, "pi_lower", 0, pr$pi.lb)
      add(name, method, lv, "pi_upper", 0, pr$pi.ub)
      w <- weights(fit)
      for (i in seq_along(w)) add(name, method, lv, "weight_percent", i, w[[i]])
    }
    # Per-study intervals as metafor's forest() draws them: yᵢ ± z·√vᵢ.
    crit <- qnorm((1 - level / 100) / 2, lower.tail = FALSE)
    for (i in seq_along(yi)) {
      add(name, "study", level / 100, "ci_lower", i, yi[i] - crit * sqrt(vi[i]))
      add(name, "study", level / 100, "ci_upper", i, yi[i] + crit * sqrt(vi[i]))
    }
  }
}

writeLines(c("dataset,method,level,quantity,index,value", rows),
           "Tests/OutcomeStatsTests/Fixtures/meta_reference.csv")

# The χ² upper tail with whole degrees of freedom that Cochran's Q uses (Meta/ChiSquaredUpperTail.swift).
chi <- c("degrees_of_freedom,x,upper_tail")
for (df in c(1, 2, 3, 4, 5, 12, 31, 100, 501)) {
  for (x in c(1e-6, 0.01, 0.5, 1, 2.5, df / 2, df, 2 * df + 3, 5 * df + 40, 900)) {
    chi <- c(chi, sprintf("%d,%.17g,%.17g", df, x, pchisq(x, df = df, lower.tail = FALSE)))
  }
}
writeLines(chi, "Tests/OutcomeStatsTests/Fixtures/meta_chisq.csv")
