# Reference values for the nested-model F test of two weighted fits: R's anova(smaller, larger)
# of lm(..., weights = bmi), on the example cohort and the second simulated cohort
# (`outcomes simulate --patients 500 --seed 7`), with the factor coding of reference_inference.R.
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_weighted_nested.R
# It writes Tests/OutcomeAnalysisTests/Fixtures/inference_nested_weighted.csv.
out <- "Tests/OutcomeAnalysisTests/Fixtures/"
datasets <- list(example = "Datasets/example_cohort.csv",
                 simulated = "Tests/OutcomeAnalysisTests/Fixtures/simulated_cohort_seed7.csv")
references <- list(technique = "usual_care", cohort = "acute")
load_cohort <- function(path) {
  d <- read.csv(path, na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
  for (name in c("technique", "cohort", "site", "sex")) {
    levels <- sort(unique(d[[name]][!is.na(d[[name]])]), method = "radix")
    d[[name]] <- factor(d[[name]], levels = levels)
    base <- if (!is.null(references[[name]])) match(references[[name]], levels) else 1
    contrasts(d[[name]]) <- contr.treatment(levels, base = base)
  }
  d
}
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
rows <- c("dataset,smaller,larger,weights,statistic,df,df_residual,rss_smaller,rss_larger,p_value")
for (dataset in names(datasets)) {
  d <- load_cohort(datasets[[dataset]])
  d <- d[complete.cases(d[, c("pain_nrs", "technique", "cohort", "week", "bmi")]), ]
  larger <- lm(pain_nrs ~ technique * cohort + week, data = d, weights = bmi)
  smaller <- lm(pain_nrs ~ technique + cohort + week, data = d, weights = bmi)
  a <- anova(smaller, larger)
  rows <- c(rows, paste(dataset, "pain_nrs ~ technique + cohort + week", "pain_nrs ~ technique * cohort + week", "bmi",
                        f17(a$F[2]), a$Df[2], a$Res.Df[2], f17(a$RSS[1]), f17(a$RSS[2]), f17(a$`Pr(>F)`[2]), sep = ","))
}
writeLines(rows, paste0(out, "inference_nested_weighted.csv"))
