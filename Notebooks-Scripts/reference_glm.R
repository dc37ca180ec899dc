# Reference values for OutcomeStats' GeneralizedLinearModel: R's glm() on the example cohort and
# on a second simulated cohort (`outcomes simulate --patients 500 --seed 7`, committed as
# Tests/OutcomeAnalysisTests/Fixtures/simulated_cohort_500_seed7.csv).
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_glm.R > Tests/OutcomeAnalysisTests/Fixtures/glm_reference.csv
# glm.control(epsilon = 1e-14): R's glm reports standard errors from the weights of its last-but-one
# IRLS step. Iterating to 1e-14 brings that step within ~1e-7 of the optimum (the deviance change is
# quadratic in the step), which still moves standard errors by ~1e-8; so the fit is repeated from
# start = its own estimates, whose first IRLS step then uses the weights at the optimum and
# converges at once: those standard errors describe the optimum. The model list must match
# Tests/OutcomeAnalysisTests/GLMAgainstRTests.swift.
options(warn = 1)
load <- function(path) {
  d <- read.csv(path, na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
  # Responder (Farrar 2001 / IMMPACT): improvement from the week-0 value of >= 2 points or >= 30 %.
  # NA at the baseline visit and when the baseline or the value is missing.
  base <- d$pain_nrs[d$week == 0][match(d$patient_id, d$patient_id[d$week == 0])]
  change <- base - d$pain_nrs
  d$pain_nrs_responder <- ifelse(d$week == 0, NA,
    as.numeric(change >= 2 - 1e-9 | (base > 0 & change / base >= 0.3 - 1e-9)))
  d$technique <- relevel(factor(d$technique), ref = "usual_care")
  d$cohort <- relevel(factor(d$cohort), ref = "acute")
  d$sex <- factor(d$sex)   # levels F, M: glm models P(sex = M), the second level
  d
}
datasets <- list(example = load("Datasets/example_cohort.csv"),
                 simulated = load("Tests/OutcomeAnalysisTests/Fixtures/simulated_cohort_500_seed7.csv"))
models <- list(
  "responder-week10" = list(pain_nrs_responder ~ technique + cohort, binomial(), function(d) d[d$week == 10, ]),
  "responder-all" = list(pain_nrs_responder ~ technique + cohort * week + sessions_per_week + age, binomial(), identity),
  "sex" = list(sex ~ age + bmi + cohort, binomial(), function(d) d[d$week == 0, ]),
  "mood-poisson" = list(mood_phq9 ~ technique + cohort * week + sessions_per_week, poisson(), identity),
  "sleep-poisson" = list(sleep_psqi ~ cohort + week + age, poisson(), identity)
)
cat("data,model,term,estimate,std_error,statistic,p_value,n_obs,deviance,null_deviance,df_residual,df_null,aic\n")
for (data in names(datasets)) for (name in names(models)) {
  m <- models[[name]]
  d <- m[[3]](datasets[[data]])
  control <- glm.control(epsilon = 1e-14, maxit = 100)
  first <- glm(m[[1]], family = m[[2]], data = d, control = control)
  fit <- glm(m[[1]], family = m[[2]], data = d, control = control, start = coef(first))
  stopifnot(fit$converged, max(abs(coef(fit) - coef(first))) < 1e-10)
  co <- coef(summary(fit))
  for (term in rownames(co)) {
    cat(sprintf("%s,%s,%s,%.17g,%.17g,%.17g,%.17g,%d,%.17g,%.17g,%d,%d,%.17g\n", data, name, term,
                co[term, 1], co[term, 2], co[term, 3], co[term, 4], nobs(fit), deviance(fit),
                fit$null.deviance, fit$df.residual, fit$df.null, AIC(fit)))
  }
}
