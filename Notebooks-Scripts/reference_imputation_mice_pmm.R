# Reference for predictive mean matching and logistic imputation (issue 15): R's mice on the
# example cohort with, besides its 43 missing pain_nrs visits, sex deleted for every patient
# whose number is 3 modulo 8 (38 patients). Within each technique, every visit of pain_nrs is
# imputed by predictive mean matching (method "pmm", 5 donors) and sex by logistic regression
# (method "logreg"), each on all the other columns (cohort, sex, the other visits), 10
# iterations, m = 500. The week-10 ANCOVA pain_nrs ~ pain_nrs_baseline + technique + cohort +
# sex is fitted to each completed data set and pooled by mice::pool().
#
#   Rscript Notebooks-Scripts/reference_imputation_mice_pmm.R > Tests/OutcomeAnalysisTests/Fixtures/imputation_mice_pmm_reference.csv
#
# The test deletes the same sex values. Columns: term, estimate, std_error, b (the
# between-imputation variance, for the Monte-Carlo error sqrt(b/m)), m.
suppressMessages(library(mice))
d <- read.csv("Datasets/example_cohort.csv")
d$sex[as.integer(sub("^P", "", d$patient_id)) %% 8 == 3] <- NA
weeks <- sort(unique(d$week))
# Subject-level columns are merged after reshaping the visits: reshape() with a missing value in
# an idvar column would fold every patient with a missing sex into one row.
subjects <- unique(d[, c("patient_id", "technique", "cohort", "sex")])
stopifnot(!anyDuplicated(subjects$patient_id))
wide <- merge(subjects, reshape(d[, c("patient_id", "week", "pain_nrs")], idvar = "patient_id",
                                timevar = "week", direction = "wide"), by = "patient_id")
stopifnot(nrow(wide) == length(unique(d$patient_id)))
names(wide) <- sub("^pain_nrs\\.", "pain_", names(wide))
wide$cohort <- factor(wide$cohort)
wide$sex <- factor(wide$sex, levels = c("F", "M"))
m <- 500
groups <- split(wide, wide$technique)
imputed <- lapply(seq_along(groups), function(i) {
  g <- groups[[i]]
  vars <- g[, c("cohort", "sex", paste0("pain_", weeks))]
  missing <- colSums(is.na(vars)) > 0
  method <- ifelse(missing, "pmm", "")
  method["sex"] <- if (missing[["sex"]]) "logreg" else ""
  list(ids = g[, c("patient_id", "technique")],
       imp = mice(vars, m = m, maxit = 10, method = method, seed = 20261205 + i, printFlag = FALSE))
})
fits <- lapply(seq_len(m), function(k) {
  completed <- do.call(rbind, lapply(imputed, function(x) cbind(x$ids, complete(x$imp, k))))
  completed$technique <- relevel(factor(completed$technique), "usual_care")
  lm(pain_10 ~ pain_0 + technique + cohort + sex, data = completed)
})
pooled <- summary(pool(as.mira(fits)))
b <- pool(as.mira(fits))$pooled$b
terms <- sub("^pain_0$", "pain_nrs_baseline", as.character(pooled$term))
cat("term,estimate,std_error,b,m\n")
for (j in seq_along(terms)) cat(sprintf("%s,%.15g,%.15g,%.15g,%d\n", terms[j], pooled$estimate[j], pooled$std.error[j], b[j], m))
