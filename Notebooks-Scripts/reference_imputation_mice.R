# Reference for chained-equations imputation (issue 15): R's mice on the example cohort, whose
# pain_nrs is missing at 43 visits (the baseline of some patients among them, so the ANCOVA's
# baseline covariate is missing), with the imputation model the tool uses: within each
# technique, every visit of pain_nrs imputed by normal linear regression (method "norm") on
# the cohort and every other visit, 10 iterations, m = 500. The week-10 ANCOVA
# pain_nrs ~ pain_nrs_baseline + technique + cohort is fitted to each completed data set and
# pooled by mice::pool().
#
#   Rscript Notebooks-Scripts/reference_imputation_mice.R > Tests/OutcomeAnalysisTests/Fixtures/imputation_mice_reference.csv
#
# Columns: term, estimate, std_error, b (the between-imputation variance, for the Monte-Carlo
# error sqrt(b/m) of the estimate), m.
suppressMessages(library(mice))
d <- read.csv("Datasets/example_cohort.csv")
weeks <- sort(unique(d$week))
wide <- reshape(d[, c("patient_id", "technique", "cohort", "week", "pain_nrs")], idvar = c("patient_id", "technique", "cohort"),
                timevar = "week", direction = "wide")
names(wide) <- sub("^pain_nrs\\.", "pain_", names(wide))
wide$cohort <- factor(wide$cohort)
m <- 500
groups <- split(wide, wide$technique)
imputed <- lapply(seq_along(groups), function(i) {
  g <- groups[[i]]
  vars <- g[, c("cohort", paste0("pain_", weeks))]
  method <- ifelse(colSums(is.na(vars)) > 0, "norm", "")
  list(ids = g[, c("patient_id", "technique")],
       imp = mice(vars, m = m, maxit = 10, method = method, seed = 20261204 + i, printFlag = FALSE))
})
fits <- lapply(seq_len(m), function(k) {
  completed <- do.call(rbind, lapply(imputed, function(x) cbind(x$ids, complete(x$imp, k))))
  completed$technique <- relevel(factor(completed$technique), "usual_care")
  lm(pain_10 ~ pain_0 + technique + cohort, data = completed)
})
pooled <- summary(pool(as.mira(fits)))
b <- pool(as.mira(fits))$pooled$b
terms <- sub("^pain_0$", "pain_nrs_baseline", as.character(pooled$term))
cat("term,estimate,std_error,b,m\n")
for (j in seq_along(terms)) cat(sprintf("%s,%.15g,%.15g,%.15g,%d\n", terms[j], pooled$estimate[j], pooled$std.error[j], b[j], m))
