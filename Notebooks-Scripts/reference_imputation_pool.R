# Rubin's rules reference (issue 15): R's mice::pool() on the completed data sets that
# `outcomes fit --impute mar` writes, for the ANCOVA at the last visit of simulated trial b
# (300 patients, 5 visits, about 30 % monotone dropout).
#
#   swift build -c release
#   .build/release/outcomes fit "change ~ baseline + arm + site" \
#       Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv --subset "week == 8" \
#       --reference arm=usual_care --impute mar --imputations 5 --seed 7 --impute-by arm \
#       --patient patient_id --visit week \
#       --write-imputations Tests/OutcomeAnalysisTests/Fixtures/imputation
#   Rscript Notebooks-Scripts/reference_imputation_pool.R
#
# Writes Tests/OutcomeAnalysisTests/Fixtures/imputation/pooled_reference.csv (term, quantity,
# value): mice's pooled estimate, std_error (√t), df (Barnard–Rubin), riv, lambda, fmi, ubar, b.
suppressMessages(library(mice))
dir <- "Tests/OutcomeAnalysisTests/Fixtures/imputation"
files <- sort(list.files(dir, pattern = "^imputation-[0-9]+\\.csv$", full.names = TRUE))
stopifnot(length(files) >= 2)
fits <- lapply(files, function(f) {
  d <- read.csv(f)
  d <- d[d$week == 8, ]
  d$arm <- factor(d$arm, levels = c("usual_care", "massage"))
  d$site <- factor(d$site)
  lm(change ~ baseline + arm + site, data = d)
})
pooled <- pool(as.mira(fits))$pooled
rows <- list()
for (i in seq_len(nrow(pooled))) {
  for (q in c("estimate", "df", "riv", "lambda", "fmi", "ubar", "b")) {
    rows[[length(rows) + 1]] <- data.frame(term = as.character(pooled$term[i]), quantity = q,
                                           value = sprintf("%.17g", pooled[[q]][i]))
  }
  rows[[length(rows) + 1]] <- data.frame(term = as.character(pooled$term[i]), quantity = "std_error",
                                         value = sprintf("%.17g", sqrt(pooled$t[i])))
}
write.csv(do.call(rbind, rows), file.path(dir, "pooled_reference.csv"), row.names = FALSE, quote = FALSE)
