# Rubin's rules reference for a GLM as the analysis model (issue 15): R's mice::pool() over
# logistic regressions of the week-10 pain responder, each fitted by glm() to a completed data
# set that `outcomes fit --impute mar` writes. The tool imputes pain_nrs (the measured score);
# the responder (improvement from baseline >= 2 points or >= 30 %, Farrar 2001) is derived
# here again, independently, from each completed pain_nrs.
#
#   swift build -c release
#   .build/release/outcomes fit "pain_nrs_responder ~ technique + cohort" \
#       Datasets/example_cohort.csv --family binomial --subset "week == 10" \
#       --impute mar --imputations 5 --seed 11 --impute-by technique \
#       --write-imputations /tmp/glmimp
#   Rscript Notebooks-Scripts/reference_imputation_pool_glm.R /tmp/glmimp
#
# Writes Tests/OutcomeAnalysisTests/Fixtures/imputation_glm_pooled_reference.csv (term,
# quantity, value): mice::pool.scalar()'s pooled estimate, std_error (sqrt t), df
# (Barnard-Rubin with dfcom = n - k), riv, lambda, fmi, ubar and b. glm() runs to a relative deviance change of 1e-14 so that its estimates are
# the maximum-likelihood ones to about 1e-12.
suppressMessages(library(mice))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "/tmp/glmimp"
files <- sort(list.files(dir, pattern = "^imputation-[0-9]+\\.csv$", full.names = TRUE))
stopifnot(length(files) == 5)
fits <- lapply(files, function(f) {
  d <- read.csv(f, na.strings = "NA")
  base <- d[d$week == 0, c("patient_id", "pain_nrs")]
  names(base)[2] <- "baseline"
  w <- merge(d[d$week == 10, ], base, by = "patient_id")
  improvement <- w$baseline - w$pain_nrs
  slack <- 1e-9
  points <- improvement >= 2 * (1 - slack)
  fraction <- ifelse(w$baseline > 0, improvement / w$baseline >= 0.30 * (1 - slack), FALSE)
  w$responder <- as.integer(points | fraction)
  w$technique <- factor(w$technique)
  w$cohort <- factor(w$cohort, levels = c("acute", "chronic", "subacute"))
  fit <- glm(responder ~ technique + cohort, family = binomial, data = w,
             control = glm.control(epsilon = 1e-14, maxit = 100))
  # The covariance at the maximum-likelihood estimate, (X'WX)^-1 with W from the fitted
  # means: vcov() of a glm uses the weights of its last iteration's start, one step behind
  # (7e-8 relative here, even at epsilon 1e-14).
  X <- model.matrix(fit)
  mu <- fitted(fit)
  list(q = coef(fit), u = diag(solve(crossprod(X, X * (mu * (1 - mu))))), n = nrow(X), k = ncol(X))
})
rows <- list()
for (term in names(fits[[1]]$q)) {
  p <- pool.scalar(sapply(fits, function(f) f$q[[term]]), sapply(fits, function(f) f$u[[term]]),
                   n = fits[[1]]$n, k = fits[[1]]$k)
  values <- c(estimate = p$qbar, df = p$df, riv = p$r, lambda = (p$b + p$b / length(fits)) / p$t,
              fmi = p$fmi, ubar = p$ubar, b = p$b, std_error = sqrt(p$t))
  for (q in names(values)) {
    rows[[length(rows) + 1]] <- data.frame(term = term, quantity = q, value = sprintf("%.17g", values[[q]]))
  }
}
write.csv(do.call(rbind, rows), "Tests/OutcomeAnalysisTests/Fixtures/imputation_glm_pooled_reference.csv",
          row.names = FALSE, quote = FALSE)
