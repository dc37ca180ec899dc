# Reference values for GLM fits large enough that each IRLS step is solved by the stacked
# (streamed) QR (from 65,536 complete cases): R's glm() on a simulated cohort of 90,000 visits.
# The cohort is not committed; `outcomes simulate` makes the same bytes from the seed:
#   swift build --product outcomes
#   .build/debug/outcomes simulate --patients 15000 --seed 13 --out /tmp/simulated_15000_seed13.csv
#   Rscript Notebooks-Scripts/reference_glm_streamed.R /tmp/simulated_15000_seed13.csv \
#     > Tests/OutcomeAnalysisTests/Fixtures/glm_streamed_reference.csv
# Same conventions as reference_glm.R (responder rule, epsilon = 1e-14 and a restart from the
# estimates so that standard errors describe the optimum). The Swift test is
# Tests/OutcomeAnalysisTests/StreamedFitAgainstRTests.swift.
options(warn = 1)
d <- read.csv(commandArgs(trailingOnly = TRUE)[1], na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
base <- d$pain_nrs[d$week == 0][match(d$patient_id, d$patient_id[d$week == 0])]
change <- base - d$pain_nrs
d$pain_nrs_responder <- ifelse(d$week == 0, NA,
  as.numeric(change >= 2 - 1e-9 | (base > 0 & change / base >= 0.3 - 1e-9)))
d$technique <- relevel(factor(d$technique), ref = "usual_care")
d$cohort <- relevel(factor(d$cohort), ref = "acute")
models <- list(
  "responder-all" = list(pain_nrs_responder ~ technique + cohort * week + sessions_per_week + age, binomial()),
  "mood-poisson" = list(mood_phq9 ~ technique + cohort * week + sessions_per_week, poisson())
)
cat("data,model,term,estimate,std_error,statistic,p_value,n_obs,deviance,null_deviance,df_residual,df_null,aic\n")
for (name in names(models)) {
  m <- models[[name]]
  control <- glm.control(epsilon = 1e-14, maxit = 100)
  first <- glm(m[[1]], family = m[[2]], data = d, control = control)
  fit <- glm(m[[1]], family = m[[2]], data = d, control = control, start = coef(first))
  stopifnot(fit$converged, max(abs(coef(fit) - coef(first))) < 1e-10)
  co <- coef(summary(fit))
  for (term in rownames(co)) {
    cat(sprintf("%s,%s,%s,%.17g,%.17g,%.17g,%.17g,%d,%.17g,%.17g,%d,%d,%.17g\n", "simulated_15000_seed13", name, term,
                co[term, 1], co[term, 2], co[term, 3], co[term, 4], nobs(fit), deviance(fit),
                fit$null.deviance, fit$df.residual, fit$df.null, AIC(fit)))
  }
}
