# Reference values for CohortData on the example cohort, computed independently in R:
#   1. Table 1: each patient's earliest visit, summarised by cohort and overall
#      (n, missing, mean, sd, median and quartiles by quantile type 7; counts per level);
#   2. derived columns per row: baseline (week-0 value), change, percent change, responder
#      (pain: >= 2 points or >= 30 % improvement; PHQ-9: >= 5 points; missing at week 0);
#   3. lm(pain_nrs_change ~ pain_nrs_baseline + cohort * week) on the derived data.
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_cohortdata_example.R
# It writes Tests/OutcomeAnalysisTests/Fixtures/{table1_reference,derived_reference,derived_lm_reference}.csv.
d <- read.csv("Datasets/example_cohort.csv", na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
out <- "Tests/OutcomeAnalysisTests/Fixtures/"

# 1. Table 1.
first <- d[order(match(d$patient_id, unique(d$patient_id)), d$week), ]
first <- first[!duplicated(first$patient_id), ]
groups <- c("acute", "subacute", "chronic", "overall")
rows <- c()
for (v in c("symptom_weeks", "age", "bmi", "sessions_per_week", "pain_nrs", "sleep_psqi", "rom_flexion_deg", "mood_phq9")) {
  for (g in groups) {
    x <- if (g == "overall") first[[v]] else first[[v]][first$cohort == g]
    y <- x[!is.na(x)]
    q <- quantile(y, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
    rows <- c(rows, sprintf("%s,%s,numeric,%d,%d,%.17g,%.17g,%.17g,%.17g,%.17g", v, g, length(y), sum(is.na(x)),
                            mean(y), sd(y), q[2], q[1], q[3]))
  }
}
for (v in c("site", "sex", "technique")) {
  for (g in groups) {
    x <- if (g == "overall") first[[v]] else first[[v]][first$cohort == g]
    for (level in sort(unique(first[[v]]), method = "radix")) {
      rows <- c(rows, sprintf("%s,%s,level=%s,%d,%d,,,,,", v, g, level, sum(x == level, na.rm = TRUE), sum(is.na(x))))
    }
  }
}
writeLines(c("variable,group,kind,n,missing,mean,sd,median,q1,q3", rows), paste0(out, "table1_reference.csv"))

# 2. Derived columns.
derive <- function(outcome) {
  base <- d[d$week == 0, c("patient_id", outcome)]
  base <- base[!duplicated(base$patient_id), ]
  b <- base[[outcome]][match(d$patient_id, base$patient_id)]
  list(baseline = b, change = d[[outcome]] - b, pct = ifelse(b == 0, NA, 100 * (d[[outcome]] - b) / b))
}
p <- derive("pain_nrs")
m <- derive("mood_phq9")
improvement <- p$baseline - d$pain_nrs
# Missing at the baseline visit itself (a week-0 row is no evidence of response).
pain_responder <- ifelse(is.na(improvement) | d$week == 0, NA,
                         as.integer(improvement >= 2 - 1e-9 | (p$baseline > 0 & improvement >= 0.3 * p$baseline - 1e-9)))
mood_responder <- ifelse(is.na(m$change) | d$week == 0, NA, as.integer(-m$change >= 5 - 1e-9))
derived <- data.frame(pain_nrs_baseline = p$baseline, pain_nrs_change = p$change, pain_nrs_pct_change = p$pct,
                      pain_nrs_responder = pain_responder, mood_phq9_responder = mood_responder)
write.csv(format(derived, digits = 17), paste0(out, "derived_reference.csv"), row.names = FALSE, quote = FALSE, na = "NA")

# 3. A model on derived columns.
d$pain_nrs_baseline <- p$baseline
d$pain_nrs_change <- p$change
d$cohort <- relevel(factor(d$cohort), ref = "acute")
fit <- lm(pain_nrs_change ~ pain_nrs_baseline + cohort * week, data = d)
co <- coef(summary(fit))
lines <- sprintf("%s,%.17g,%.17g,%d", rownames(co), co[, 1], co[, 2], nobs(fit))
writeLines(c("term,estimate,std_error,n_obs", lines), paste0(out, "derived_lm_reference.csv"))
