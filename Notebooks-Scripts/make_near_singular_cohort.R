# Builds the near-singular and singular cohort fixtures for the mixed-model tests: the visits of
# `outcomes simulate --patients 150 --seed 5` with pain_nrs regenerated so the random slope's
# standard deviation is tiny next to the residual's (SLOPE_SD per week vs 1.0). With
# SLOPE_SD = 0.02 lme4's slope factor θ₂₂ is 0.007 (near the boundary, not on it); with
# SLOPE_SD = 0.004 the fit is singular (θ₂₂ = 0, correlation −1).
# Run from the repository root:
#   .build/debug/outcomes simulate --patients 150 --seed 5 --out /tmp/base_c.csv
#   Rscript Notebooks-Scripts/make_near_singular_cohort.R /tmp/base_c.csv 0.02 \
#       Tests/OutcomeAnalysisTests/Fixtures/mixed_cohort_near_singular.csv
#   Rscript Notebooks-Scripts/make_near_singular_cohort.R /tmp/base_c.csv 0.004 \
#       Tests/OutcomeAnalysisTests/Fixtures/mixed_cohort_singular.csv
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
set.seed(20261125)
ids <- unique(d$patient_id)
b0 <- setNames(rnorm(length(ids), 0, 1.0), ids)
b1 <- setNames(rnorm(length(ids), 0, as.numeric(args[2])), ids)
y <- 5.5 + b0[d$patient_id] + (-0.2 + b1[d$patient_id]) * d$week + 0.4 * (d$cohort == "chronic") + rnorm(nrow(d), 0, 1.0)
d$pain_nrs <- ifelse(is.na(d$pain_nrs), NA, pmin(10, pmax(0, round(y, 1))))
write.csv(d, args[3], row.names = FALSE, na = "", quote = FALSE)
