# Reference values for the fit vocabulary (StatisticalFit, issue 13): log-likelihood, AIC, BIC,
# n, residual df, 90 % intervals, fitted values and predictions for new data, from R's own
# accessors (logLik, AIC, BIC, nobs, df.residual, confint / confint.default, fitted, predict)
# on the example cohort:
#   lm        pain_nrs ~ week + cohort + technique
#   lm-w      the same, weights bmi
#   glm       mood_phq9 ~ technique + week, poisson
#   lmer      pain_nrs ~ week + cohort + (1 | patient_id), REML (population-level predictions)
#
#   Rscript Notebooks-Scripts/reference_fit_vocabulary.R > Tests/OutcomeAnalysisTests/Fixtures/fit_vocabulary_reference.csv
#
# Columns: model, quantity, index, value (index: the coefficient's or row's position from 1,
# 0 for a scalar). The new data are the four rows of fit_vocabulary_newdata.csv beside the output.
suppressMessages(library(lme4))
d <- read.csv("Datasets/example_cohort.csv")
newdata <- data.frame(week = c(0, 12, 4, 8),
                      cohort = c("acute", "chronic", "subacute", "chronic"),
                      technique = c("usual_care", "deep_tissue", "combined", "friction"))
fits <- list(
  lm = lm(pain_nrs ~ week + cohort + technique, data = d),
  `lm-w` = lm(pain_nrs ~ week + cohort + technique, data = d, weights = bmi),
  glm = glm(mood_phq9 ~ technique + week, family = poisson, data = d),
  lmer = lmer(pain_nrs ~ week + cohort + (1 | patient_id), data = d, REML = TRUE)
)
cat("model,quantity,index,value\n")
out <- function(model, quantity, values) {
  for (i in seq_along(values)) cat(sprintf("%s,%s,%d,%.17g\n", model, quantity, if (length(values) == 1) 0L else i, values[i]))
}
for (name in names(fits)) {
  f <- fits[[name]]
  out(name, "loglik", as.numeric(logLik(f)))
  out(name, "aic", AIC(f))
  out(name, "bic", BIC(f))
  out(name, "nobs", nobs(f))
  if (!inherits(f, "merMod")) out(name, "df_residual", df.residual(f))
  # Intervals: t at the residual df for lm, Wald z for glm; the mixed model's Satterthwaite
  # intervals are checked against lmerTest elsewhere (MixedModelAgainstRTests).
  if (!inherits(f, "merMod")) {
    ci <- if (inherits(f, "glm")) confint.default(f, level = 0.9) else confint(f, level = 0.9)
    out(name, "conf_low_90", ci[, 1])
    out(name, "conf_high_90", ci[, 2])
  }
  out(name, "fitted_first5", head(as.numeric(fitted(f)), 5))
  prediction <- if (inherits(f, "merMod")) predict(f, newdata, re.form = NA)
                else if (inherits(f, "glm")) predict(f, newdata, type = "response") else predict(f, newdata)
  out(name, "predict_new", as.numeric(prediction))
}
