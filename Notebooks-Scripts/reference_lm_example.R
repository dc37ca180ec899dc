# Reference values for the example cohort: R's lm() for every analysis of Datasets/analyses.yaml.
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_lm_example.R > Tests/OutcomeAnalysisTests/Fixtures/lm_reference.csv
# The formulas and reference levels below must match Datasets/analyses.yaml; the Swift test
# (Tests/OutcomeAnalysisTests/ExampleAgainstRTests.swift) fails when they drift apart.
d <- read.csv("Datasets/example_cohort.csv", na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
d$technique <- relevel(factor(d$technique), ref = "usual_care")
d$cohort <- relevel(factor(d$cohort), ref = "acute")
analyses <- list(
  "pain" = pain_nrs ~ sessions_per_week + technique + cohort * week,
  "sleep" = sleep_psqi ~ sessions_per_week + technique + cohort * week,
  "range-of-motion" = rom_flexion_deg ~ sessions_per_week + technique + cohort * week,
  "mood" = mood_phq9 ~ sessions_per_week + technique + cohort * week,
  "pain-dose-by-cohort" = pain_nrs ~ sessions_per_week * cohort + week + age,
  "pain-by-site" = pain_nrs ~ sessions_per_week + technique + cohort * week,
  "pain-technique-by-cohort" = pain_nrs ~ technique * cohort + week
)
cat("analysis,term,estimate,std_error,statistic,p_value,n_obs,sigma,r_squared,f_statistic\n")
for (name in names(analyses)) {
  fit <- lm(analyses[[name]], data = d)
  s <- summary(fit)
  co <- coef(s)
  for (term in rownames(co)) {
    cat(sprintf("%s,%s,%.17g,%.17g,%.17g,%.17g,%d,%.17g,%.17g,%.17g\n", name, term,
                co[term, 1], co[term, 2], co[term, 3], co[term, 4], nobs(fit), s$sigma,
                s$r.squared, s$fstatistic[["value"]]))
  }
}
# (The pain-by-site analysis reuses the pain model; its per-site fits and pooled estimates are
#  checked against metafor by Notebooks-Scripts/reference_meta.R.)
