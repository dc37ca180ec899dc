# Reference values for the linear mixed models: lme4 (fits, variance components, BLUPs, logLik,
# anova LRT) and lmerTest (Satterthwaite df and p-values), fitted with tight optimizer settings
# (bobyqa, rhoend = 1e-12; lme4's defaults stop 1e-5 to 2e-4 short of the optimum here).
#
# Polish: even with rhoend = 1e-12, bobyqa stops 3.7e-5 (relative) short of the optimum in the
# near-singular cohort's slope factor θ₂₂, where lme4's REML criterion is flat to 1e-11. For
# every non-singular fit this script therefore takes up to two Newton steps on a quadratic fitted
# by least squares to lme4's own deviance function (devFunOnly = TRUE) at 300 random points
# around bobyqa's θ, accepts a step only if lme4's deviance decreases, and recomputes every
# reported value at the final θ with lme4/lmerTest (an optimizer that returns its start). The
# bobyqa objective is reported as `objective_bobyqa`, so the test can also check that our
# criterion is no worse than bobyqa's.
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_lmer.R > Tests/OutcomeAnalysisTests/Fixtures/lmer_reference.csv
# Cohorts: the example cohort; a simulated cohort (outcomes simulate --patients 400 --seed 31);
# a near-singular and a singular random slope (Notebooks-Scripts/make_near_singular_cohort.R).
# The Swift test is Tests/OutcomeAnalysisTests/MixedModelAgainstRTests.swift; it lists the same
# models by id.
suppressMessages({ library(lme4); library(lmerTest) })
cohorts <- c(example = "Datasets/example_cohort.csv",
             simulated = "Tests/OutcomeAnalysisTests/Fixtures/mixed_cohort_b.csv",
             near_singular = "Tests/OutcomeAnalysisTests/Fixtures/mixed_cohort_near_singular.csv",
             singular = "Tests/OutcomeAnalysisTests/Fixtures/mixed_cohort_singular.csv")
models <- list(
  slope = pain_nrs ~ week * cohort + sessions_per_week + technique + (1 + week | patient_id),
  intercept = pain_nrs ~ week + cohort + (1 | patient_id),
  uncorrelated = pain_nrs ~ week * cohort + (1 + week || patient_id),
  nested = pain_nrs ~ week + cohort + (1 | site/patient_id),
  crossed = pain_nrs ~ cohort + (1 | patient_id) + (1 | week)
)
control <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12))
fixedOptimizer <- function(par, fn, lower, upper, control = list(), ...) {
  list(par = par, fval = fn(par), conv = 0, message = "fixed at the polished theta", feval = 1)
}
# Up to two Newton steps on a least-squares quadratic model of devfun around theta.
polish <- function(devfun, theta, lower) {
  m <- length(theta)
  for (iteration in 1:2) {
    scale <- 1e-4 * pmax(abs(theta), 1e-2)
    set.seed(iteration)
    z <- matrix(runif(300 * m, -1, 1), ncol = m)
    points <- sweep(z * matrix(scale, nrow(z), m, byrow = TRUE), 2, theta, "+")
    values <- apply(points, 1, devfun)
    pairs <- which(upper.tri(diag(m), diag = TRUE), arr.ind = TRUE)
    design <- cbind(1, z, apply(pairs, 1, function(ij) z[, ij[1]] * z[, ij[2]]))
    coefficients <- qr.solve(design, values - min(values))
    gradient <- coefficients[2:(m + 1)]
    hessian <- matrix(0, m, m)
    for (k in seq_len(nrow(pairs))) {
      i <- pairs[k, 1]; j <- pairs[k, 2]; c <- coefficients[m + 1 + k]
      if (i == j) hessian[i, i] <- 2 * c else { hessian[i, j] <- c; hessian[j, i] <- c }
    }
    if (any(eigen(hessian, symmetric = TRUE)$values <= 0)) break
    candidate <- theta - solve(hessian, gradient) * scale
    if (any(candidate < lower) || devfun(candidate) >= devfun(theta)) break
    theta <- candidate
  }
  theta
}
out <- function(cohort, model, estimation, quantity, name, value) {
  cat(sprintf("%s,%s,%s,%s,%s,%.17g\n", cohort, model, estimation, quantity, name, value))
}
cat("cohort,model,estimation,quantity,name,value\n")
for (cohort in names(cohorts)) {
  d <- read.csv(cohorts[[cohort]], na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
  d$technique <- relevel(factor(d$technique), ref = "usual_care")
  d$cohort <- relevel(factor(d$cohort), ref = "acute")
  fits <- list()
  for (model in names(models)) {
    for (reml in c(TRUE, FALSE)) {
      if (!reml && model != "slope" && model != "intercept") next
      est <- if (reml) "REML" else "ML"
      m <- suppressMessages(suppressWarnings(lmer(models[[model]], data = d, REML = reml, control = control)))
      objectiveBobyqa <- if (reml) REMLcrit(m) else deviance(m)
      if (!isSingular(m)) {
        devfun <- suppressMessages(lmer(models[[model]], data = d, REML = reml, devFunOnly = TRUE))
        theta <- polish(devfun, getME(m, "theta"), getME(m, "lower"))
        m <- suppressMessages(suppressWarnings(lmer(models[[model]], data = d, REML = reml, start = list(theta = theta),
                                                    control = lmerControl(optimizer = fixedOptimizer, calc.derivs = FALSE))))
      }
      fits[[paste(model, est)]] <- m
      s <- summary(m)
      co <- coef(s)
      for (term in rownames(co)) {
        out(cohort, model, est, "beta", term, co[term, "Estimate"])
        out(cohort, model, est, "se", term, co[term, "Std. Error"])
        out(cohort, model, est, "df", term, co[term, "df"])
        out(cohort, model, est, "p", term, co[term, "Pr(>|t|)"])
      }
      vc <- as.data.frame(VarCorr(m))
      vc$grp <- sub("\\.[0-9]+$", "", vc$grp)
      for (i in seq_len(nrow(vc))) {
        if (vc$grp[i] == "Residual") next
        if (is.na(vc$var2[i])) {
          out(cohort, model, est, "variance", paste0(vc$grp[i], "|", vc$var1[i]), vc$vcov[i])
          out(cohort, model, est, "std_dev", paste0(vc$grp[i], "|", vc$var1[i]), vc$sdcor[i])
        } else {
          out(cohort, model, est, "correlation", paste0(vc$grp[i], "|", vc$var1[i], "|", vc$var2[i]), vc$sdcor[i])
        }
      }
      out(cohort, model, est, "sigma", "", sigma(m))
      out(cohort, model, est, "objective", "", if (reml) REMLcrit(m) else deviance(m))
      out(cohort, model, est, "objective_bobyqa", "", objectiveBobyqa)
      out(cohort, model, est, "loglik", "", as.numeric(logLik(m)))
      out(cohort, model, est, "aic", "", AIC(m))
      out(cohort, model, est, "bic", "", BIC(m))
      out(cohort, model, est, "n_obs", "", nobs(m))
      out(cohort, model, est, "singular", "", as.numeric(isSingular(m)))
      theta <- getME(m, "theta")
      for (i in seq_along(theta)) out(cohort, model, est, "theta", i, theta[[i]])
      re <- ranef(m)
      for (g in names(re)) {
        for (level in head(rownames(re[[g]]), 3)) {
          for (term in colnames(re[[g]])) {
            out(cohort, model, est, "ranef", paste0(g, "|", level, "|", term), re[[g]][level, term])
          }
        }
      }
    }
  }
  # Likelihood-ratio test as anova.merMod computes it (both refitted with ML).
  a <- suppressMessages(anova(fits[["intercept ML"]], fits[["slope ML"]]))  # ML fits: anova does not refit
  out(cohort, "lrt", "ML", "chisq", "", a$Chisq[2])
  out(cohort, "lrt", "ML", "df", "", a$Df[2])
  out(cohort, "lrt", "ML", "p", "", a$`Pr(>Chisq)`[2])
}
