# Reference values for ANOVA tables (types I, II, III), Wald tests, nested-model F tests,
# prediction intervals and estimated marginal means with pairwise contrasts, from R's lm(),
# anova(), car::Anova(), car::linearHypothesis(), predict() and emmeans, on the example cohort
# and on a second simulated cohort (`outcomes simulate --patients 500 --seed 7`).
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_inference.R
# It writes Tests/OutcomeAnalysisTests/Fixtures/inference_*.csv and
# Tests/OutcomeStatsTests/Fixtures/studentized_range.csv.
suppressPackageStartupMessages({ library(car); library(emmeans) })
out <- "Tests/OutcomeAnalysisTests/Fixtures/"
datasets <- list(example = "Datasets/example_cohort.csv",
                 simulated = "Tests/OutcomeAnalysisTests/Fixtures/simulated_cohort_seed7.csv")
references <- list(technique = "usual_care", cohort = "acute")
# Factor levels sorted by bytes (as OutcomeStats sorts them), treatment contrasts against the
# spec's reference levels, level order unchanged (so emmeans lists levels in our order).
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
models <- list(
  "main" = pain_nrs ~ sessions_per_week + technique + cohort * week,
  "interaction" = pain_nrs ~ technique * cohort + week,
  "dose" = pain_nrs ~ sessions_per_week * cohort + week + age
)
# Wald hypotheses on the "interaction" model (car::linearHypothesis, F form).
hypotheses <- c("techniquedeep_tissue = techniquefriction",
                "techniquedeep_tissue = 0; techniquefriction = 0",
                "2 * week + cohortchronic = 1")
# Marginal means: factor, by, adjustment.
emm_requests <- list(c("technique", "", "tukey"), c("technique", "cohort", "tukey"),
                     c("technique", "cohort", "holm"), c("cohort", "", "none"), c("cohort", "technique", "bonferroni"))
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
accurate_qtukey <- function(p, nmeans, df)
  uniroot(function(q) ptukey(q, nmeans, df) - p, c(1e-3, 100), tol = 1e-15)$root

anova_rows <- c("dataset,model,type,term,df,sum_sq,statistic,p_value")
wald_rows <- c("dataset,model,hypothesis,statistic,df,df_residual,p_value")
nested_rows <- c("dataset,smaller,larger,statistic,df,df_residual,p_value")
predict_rows <- c("dataset,model,row,fit,se_fit,conf_low,conf_high,pred_low,pred_high")
emm_rows <- c("dataset,model,factor,by,adjust,level,by_level,estimate,std_error,df,conf_low,conf_high")
contrast_rows <- c("dataset,model,factor,by,adjust,contrast,by_level,estimate,std_error,df,statistic,p_value,conf_low,conf_high")

for (dataset in names(datasets)) {
  d <- load_cohort(datasets[[dataset]])
  fits <- list()
  for (model in names(models)) {
    fit <- lm(models[[model]], data = d)
    fits[[model]] <- fit
    a1 <- anova(fit)
    for (term in rownames(a1)) {
      anova_rows <- c(anova_rows, paste(dataset, model, "I", trimws(term), a1[term, "Df"], f17(a1[term, "Sum Sq"]),
                                        f17(a1[term, "F value"]), f17(a1[term, "Pr(>F)"]), sep = ","))
    }
    a2 <- Anova(fit, type = 2)
    for (term in rownames(a2)) {
      anova_rows <- c(anova_rows, paste(dataset, model, "II", term, a2[term, "Df"], f17(a2[term, "Sum Sq"]),
                                        f17(a2[term, "F value"]), f17(a2[term, "Pr(>F)"]), sep = ","))
    }
    # Type III with sum-to-zero contrasts for every factor, as car's documentation advises.
    factors <- intersect(all.vars(models[[model]]), c("technique", "cohort"))
    sum_contrasts <- setNames(rep(list("contr.sum"), length(factors)), factors)
    fit3 <- lm(models[[model]], data = d, contrasts = sum_contrasts)
    a3 <- Anova(fit3, type = 3)
    for (term in rownames(a3)) {
      anova_rows <- c(anova_rows, paste(dataset, model, "III", term, a3[term, "Df"], f17(a3[term, "Sum Sq"]),
                                        f17(a3[term, "F value"]), f17(a3[term, "Pr(>F)"]), sep = ","))
    }
    # Prediction on a grid of new data.
    newdata <- expand.grid(technique = levels(d$technique), cohort = levels(d$cohort), week = c(0, 5, 10),
                           sessions_per_week = c(1, 2.5), age = 47)
    newdata$technique <- factor(newdata$technique, levels = levels(d$technique))
    newdata$cohort <- factor(newdata$cohort, levels = levels(d$cohort))
    if (dataset == "example" && model == "main")
      write.csv(newdata, paste0(out, "inference_newdata.csv"), row.names = FALSE, quote = FALSE)
    pc <- predict(fit, newdata, interval = "confidence", se.fit = TRUE)
    pp <- predict(fit, newdata, interval = "prediction")
    for (i in seq_len(nrow(newdata))) {
      predict_rows <- c(predict_rows, paste(dataset, model, i - 1, f17(pc$fit[i, "fit"]), f17(pc$se.fit[i]),
                                            f17(pc$fit[i, "lwr"]), f17(pc$fit[i, "upr"]),
                                            f17(pp[i, "lwr"]), f17(pp[i, "upr"]), sep = ","))
    }
    # Marginal means and pairwise contrasts.
    for (request in emm_requests) {
      factor <- request[1]; by <- request[2]; adjust <- request[3]
      spec <- if (by == "") as.formula(paste("~", factor)) else as.formula(paste("~", factor, "|", by))
      if (!all(c(factor, if (by != "") by) %in% all.vars(models[[model]]))) next
      emm <- emmeans(fit, spec)
      s <- summary(emm)
      for (i in seq_len(nrow(s))) {
        emm_rows <- c(emm_rows, paste(dataset, model, factor, by, adjust, s[[factor]][i],
                                      if (by == "") "" else as.character(s[[by]][i]),
                                      f17(s$emmean[i]), f17(s$SE[i]), s$df[i], f17(s$lower.CL[i]), f17(s$upper.CL[i]), sep = ","))
      }
      pr <- summary(pairs(emm, adjust = adjust), infer = c(FALSE, TRUE))
      k <- nlevels(d[[factor]])
      m <- k * (k - 1) / 2
      # Intervals: Tukey from an accurate studentized-range quantile (R's qtukey stops at 1e-4),
      # Bonferroni for "holm" and "bonferroni" (as emmeans' confint does), plain t for "none".
      half <- switch(adjust,
                     tukey = accurate_qtukey(0.95, k, pr$df[1]) / sqrt(2),
                     holm = qt(1 - 0.05 / (2 * m), pr$df[1]),
                     bonferroni = qt(1 - 0.05 / (2 * m), pr$df[1]),
                     none = qt(0.975, pr$df[1]))
      for (i in seq_len(nrow(pr))) {
        contrast_rows <- c(contrast_rows, paste(dataset, model, factor, by, adjust, as.character(pr$contrast[i]),
                                                if (by == "") "" else as.character(pr[[by]][i]),
                                                f17(pr$estimate[i]), f17(pr$SE[i]), pr$df[i], f17(pr$t.ratio[i]),
                                                f17(pr$p.value[i]), f17(pr$estimate[i] - half * pr$SE[i]),
                                                f17(pr$estimate[i] + half * pr$SE[i]), sep = ","))
      }
    }
  }
  for (h in hypotheses) {
    lh <- linearHypothesis(fits[["interaction"]], strsplit(h, ";")[[1]])
    wald_rows <- c(wald_rows, paste(dataset, "interaction", h, f17(lh$F[2]), lh$Df[2], lh$Res.Df[2], f17(lh$`Pr(>F)`[2]), sep = ","))
  }
  smaller <- lm(pain_nrs ~ technique + cohort + week, data = d)
  nested <- anova(smaller, fits[["interaction"]])
  nested_rows <- c(nested_rows, paste(dataset, "pain_nrs ~ technique + cohort + week", "interaction",
                                      f17(nested$F[2]), nested$Df[2], nested$Res.Df[2], f17(nested$`Pr(>F)`[2]), sep = ","))
}
# A rank-deficient fit: the example cohort without deep tissue work in acute patients, so the
# cell deep_tissue × acute is empty and one interaction coefficient is aliased. Types I and II
# (car handles aliasing in type II; type III refuses it, as we do); emmeans marks the means and
# contrasts that the data cannot estimate as nonEst (NA here).
d <- load_cohort(datasets[["example"]])
d <- d[!(d$technique %in% "deep_tissue" & d$cohort %in% "acute"), ]
fit <- lm(models[["interaction"]], data = d)
for (type in c("I", "II")) {
  a <- if (type == "I") anova(fit) else Anova(fit, type = 2)
  for (term in rownames(a)) {
    anova_rows <- c(anova_rows, paste("example_empty_cell", "interaction", type, trimws(term), a[term, "Df"],
                                      f17(a[term, "Sum Sq"]), f17(a[term, "F value"]), f17(a[term, "Pr(>F)"]), sep = ","))
  }
}
for (request in list(c("technique", "", "tukey"), c("technique", "cohort", "holm"))) {
  factor <- request[1]; by <- request[2]; adjust <- request[3]
  spec <- if (by == "") as.formula(paste("~", factor)) else as.formula(paste("~", factor, "|", by))
  emm <- emmeans(fit, spec)
  s <- summary(emm)
  for (i in seq_len(nrow(s))) {
    emm_rows <- c(emm_rows, paste("example_empty_cell", "interaction", factor, by, adjust, s[[factor]][i],
                                  if (by == "") "" else as.character(s[[by]][i]),
                                  f17(s$emmean[i]), f17(s$SE[i]), s$df[i], f17(s$lower.CL[i]), f17(s$upper.CL[i]), sep = ","))
  }
  pr <- summary(pairs(emm, adjust = adjust), infer = c(FALSE, TRUE))
  k <- nlevels(d[[factor]])
  for (i in seq_len(nrow(pr))) {
    contrast_rows <- c(contrast_rows, paste("example_empty_cell", "interaction", factor, by, adjust,
                                            as.character(pr$contrast[i]), if (by == "") "" else as.character(pr[[by]][i]),
                                            f17(pr$estimate[i]), f17(pr$SE[i]), pr$df[i], f17(pr$t.ratio[i]),
                                            f17(pr$p.value[i]), "NA", "NA", sep = ","))
  }
}
writeLines(anova_rows, paste0(out, "inference_anova.csv"))
writeLines(wald_rows, paste0(out, "inference_wald.csv"))
writeLines(nested_rows, paste0(out, "inference_nested.csv"))
writeLines(predict_rows, paste0(out, "inference_predict.csv"))
writeLines(emm_rows, paste0(out, "inference_emmeans.csv"))
writeLines(contrast_rows, paste0(out, "inference_contrasts.csv"))

# Studentized range: R's ptukey (both tails) on a grid reaching far into the upper tail and to
# large degrees of freedom, and quantiles found by solving ptukey(q) = p to 1e-15 with uniroot
# (the exact inverse of R's ptukey), next to R's own qtukey.
tukey_rows <- c("kind,q_or_p,nmeans,df,lower,upper,r_qtukey")
for (nmeans in c(2, 3, 4, 7, 10, 20)) for (df in c(2, 5, 10, 30, 100, 500, 1000, 3000, 10000, 30000)) {
  for (q in c(0.1, 0.5, 1, 2, 3, 3.5, 4, 5, 6, 8, 10, 15, 20)) {
    tukey_rows <- c(tukey_rows, paste("cdf", q, nmeans, df, f17(ptukey(q, nmeans, df)),
                                      f17(ptukey(q, nmeans, df, lower.tail = FALSE)), "NA", sep = ","))
  }
  for (p in c(0.05, 0.5, 0.9, 0.95, 0.99)) {
    tukey_rows <- c(tukey_rows, paste("quantile", p, nmeans, df, f17(accurate_qtukey(p, nmeans, df)), "NA",
                                      f17(qtukey(p, nmeans, df)), sep = ","))
  }
}
writeLines(tukey_rows, "Tests/OutcomeStatsTests/Fixtures/studentized_range.csv")
