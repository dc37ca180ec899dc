# Reference values for OutcomeStats' effect sizes, responder comparison, descriptive statistics and
# p-value adjustment, on the example cohort and the simulated cohort (seed 7, 500 patients).
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_effect_sizes.R
# writes Tests/OutcomeAnalysisTests/Fixtures/effect_sizes_reference.csv and p_adjust_reference.csv.
#
# Cohen's d / Hedges' g intervals: the noncentral-t method of R's effectsize::cohens_d (and
# MBESS::ci.smd), written out with base R because neither package is installed here:
# t = d / sqrt(1/n1 + 1/n2); the noncentrality limits solve pt(t, df, ncp) = 0.975 and 0.025
# (uniroot to 1e-14); d limits = ncp limits * sqrt(1/n1 + 1/n2); g = d * J with
# J = exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df-1)/2)) (effectsize's exact correction).
# Risk difference: prop.test(correct = FALSE) (Wald interval); NNT = 1/RD.
load <- function(path) {
  d <- read.csv(path, na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
  base <- d$pain_nrs[d$week == 0][match(d$patient_id, d$patient_id[d$week == 0])]
  change <- base - d$pain_nrs
  d$pain_nrs_responder <- ifelse(d$week == 0, NA,
    as.numeric(change >= 2 - 1e-9 | (base > 0 & change / base >= 0.3 - 1e-9)))
  d
}
datasets <- list(example = load("Datasets/example_cohort.csv"),
                 simulated = load("Tests/OutcomeAnalysisTests/Fixtures/simulated_cohort_500_seed7.csv"))
ncp_limit <- function(t, df, prob) {
  f <- function(ncp) pt(t, df, ncp) - prob
  lo <- t - 10; hi <- t + 10
  while (f(lo) < 0) lo <- lo - 10
  while (f(hi) > 0) hi <- hi + 10
  uniroot(f, c(lo, hi), tol = 1e-14, maxiter = 1000)$root
}
rows <- list()
add <- function(data, quantity, label, value) rows[[length(rows) + 1]] <<- data.frame(data, quantity, label, value = sprintf("%.17g", value))
for (data in names(datasets)) {
  d <- datasets[[data]]
  w10 <- d[d$week == 10, ]
  for (technique in c("deep_tissue", "combined", "stroking")) {
    label <- paste0(technique, "-vs-usual_care")
    x1 <- na.omit(w10$pain_nrs[w10$technique == technique]); x2 <- na.omit(w10$pain_nrs[w10$technique == "usual_care"])
    n1 <- length(x1); n2 <- length(x2); df <- n1 + n2 - 2
    sp <- sqrt(((n1 - 1) * var(x1) + (n2 - 1) * var(x2)) / df)
    dd <- (mean(x1) - mean(x2)) / sp
    scale <- sqrt(1 / n1 + 1 / n2)
    lo <- ncp_limit(dd / scale, df, 0.975) * scale; hi <- ncp_limit(dd / scale, df, 0.025) * scale
    J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
    add(data, "cohens_d", label, dd); add(data, "cohens_d_low", label, lo); add(data, "cohens_d_high", label, hi)
    add(data, "hedges_g", label, dd * J); add(data, "hedges_g_low", label, lo * J); add(data, "hedges_g_high", label, hi * J)
    r1 <- na.omit(w10$pain_nrs_responder[w10$technique == technique]); r2 <- na.omit(w10$pain_nrs_responder[w10$technique == "usual_care"])
    pt2 <- prop.test(c(sum(r1), sum(r2)), c(length(r1), length(r2)), correct = FALSE)
    rd <- unname(pt2$estimate[1] - pt2$estimate[2])
    add(data, "responders_treated", label, sum(r1)); add(data, "n_treated", label, length(r1))
    add(data, "responders_control", label, sum(r2)); add(data, "n_control", label, length(r2))
    add(data, "risk_difference", label, rd); add(data, "rd_low", label, pt2$conf.int[1]); add(data, "rd_high", label, pt2$conf.int[2])
    add(data, "nnt", label, 1 / rd)
  }
  b <- d[d$week == 0, ]
  add(data, "median", "pain_nrs_week0", median(b$pain_nrs, na.rm = TRUE))
  add(data, "iqr", "pain_nrs_week0", IQR(b$pain_nrs, na.rm = TRUE))
  add(data, "median", "rom_flexion_deg_week10", median(w10$rom_flexion_deg, na.rm = TRUE))
  add(data, "iqr", "rom_flexion_deg_week10", IQR(w10$rom_flexion_deg, na.rm = TRUE))
  ok <- complete.cases(b$pain_nrs, b$sleep_psqi)
  add(data, "correlation", "pain_nrs-sleep_psqi_week0", cor(b$pain_nrs[ok], b$sleep_psqi[ok]))
  ok <- complete.cases(d$pain_nrs, d$mood_phq9)
  add(data, "correlation", "pain_nrs-mood_phq9_all", cor(d$pain_nrs[ok], d$mood_phq9[ok]))
}
write.csv(do.call(rbind, rows), "Tests/OutcomeAnalysisTests/Fixtures/effect_sizes_reference.csv", row.names = FALSE, quote = FALSE)

# p.adjust on fixed vectors: ties, an NA, values that cap at 1, and the GLM's p-values.
vectors <- list(
  mixed = c(0.01, 0.04, 0.03, 0.005, 0.5, 0.04, NA, 0.2, 1e-8, 0.9),
  ties = c(0.02, 0.02, 0.02, 0.02),
  tiny = c(1e-300, 3e-12, 0.049, 0.051, 0.0125),
  single = c(0.3))
fit <- glm(pain_nrs_responder ~ technique + cohort, family = binomial(),
           data = transform(datasets$example[datasets$example$week == 10, ],
                            technique = relevel(factor(technique), "usual_care"), cohort = relevel(factor(cohort), "acute")))
vectors$glm <- unname(coef(summary(fit))[-1, 4])
out <- list()
for (name in names(vectors)) for (method in c("holm", "hochberg", "BH")) {
  p <- vectors[[name]]
  out[[length(out) + 1]] <- data.frame(vector = name, method, index = seq_along(p), p = sprintf("%.17g", p),
                                       adjusted = sprintf("%.17g", p.adjust(p, method)))
}
write.csv(do.call(rbind, out), "Tests/OutcomeAnalysisTests/Fixtures/p_adjust_reference.csv", row.names = FALSE, quote = FALSE)
