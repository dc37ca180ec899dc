# Reference values for the MMRM (issue 14), from nlme's gls with tight tolerances and, for the
# compound-symmetry ≡ random-intercept identity, lme4 + lmerTest (Satterthwaite df).
#
#   Rscript Notebooks-Scripts/reference_mmrm.R
#
# Writes Tests/OutcomeStatsTests/Fixtures/mmrm_trial_a.csv (200 patients × 4 visits, complete),
# mmrm_trial_b.csv (300 patients × 5 visits, about 30 % monotone dropout) and
# mmrm_reference.csv (dataset, structure, estimation, quantity, term, value). The column w holds
# case weights for the weighted unstructured fit (`us_weighted`).
#
# Structures and their gls equivalents:
#   us     corSymm + varIdent(~1 | visit)        cs    corCompSymm
#   csh    corCompSymm + varIdent                ar1   corAR1
#   ar1h   corAR1 + varIdent                     toep  corARMA(p = t − 1)
#   toeph  corARMA(p = t − 1) + varIdent         sp_exp corExp(~ week | id) (ρ^d = exp(−d/range))
# `ad` and `adh` have no gls equivalent; they are checked by identities in the Swift tests.
suppressMessages({ library(nlme); library(lme4); library(lmerTest); library(emmeans) })
out <- "Tests/OutcomeStatsTests/Fixtures"

simulate <- function(n, weeks, dropout, seed) {
  set.seed(seed)
  t <- length(weeks)
  sds <- seq(1.0, 1.8, length.out = t)
  rho <- outer(1:t, 1:t, function(a, b) 0.75^abs(a - b) * 0.9 + 0.1 * (a == b))
  sigma <- diag(sds) %*% rho %*% diag(sds)
  chol_sigma <- chol(sigma)
  rows <- list()
  for (i in 1:n) {
    arm <- if (i %% 2 == 0) "massage" else "usual_care"
    baseline <- round(rnorm(1, 6.2, 1.4), 1)
    site <- paste0("S", 1 + (i %% 3))
    e <- as.vector(rnorm(t) %*% chol_sigma)
    mu <- 1.2 - 0.35 * baseline - (arm == "massage") * 0.25 * seq_len(t) - 0.15 * seq_len(t) + 0.2 * (site == "S2")
    y <- mu + e
    last <- t
    if (dropout > 0 && runif(1) < dropout) last <- sample(1:(t - 1), 1)
    for (j in 1:last) rows[[length(rows) + 1]] <- data.frame(
      patient_id = sprintf("P%03d", i), arm = arm, site = site, baseline = baseline,
      week = weeks[j], change = round(y[j], 3), w = 1 + 0.25 * ((i + j) %% 3))
  }
  do.call(rbind, rows)
}

a <- simulate(200, c(2, 4, 6, 8), 0, 20261203)
b <- simulate(300, c(1, 2, 4, 6, 8), 0.3, 7)
write.csv(a, file.path(out, "mmrm_trial_a.csv"), row.names = FALSE, quote = FALSE)
write.csv(b, file.path(out, "mmrm_trial_b.csv"), row.names = FALSE, quote = FALSE)

brute_force_satterthwaite <- function(d, L) {
  X <- model.matrix(change ~ baseline + arm * visit + site, d)
  y <- d$change
  ids <- split(seq_len(nrow(d)), d$patient_id)
  vi <- as.integer(d$visit)
  t <- nlevels(d$visit)
  sigma <- function(th) {
    L <- matrix(0, t, t); diag(L) <- exp(th[1:t]); L[lower.tri(L)] <- th[(t + 1):length(th)]; L %*% t(L)
  }
  parts <- function(th) {
    S <- sigma(th); M <- 0; cc <- 0; ld <- 0; yy <- 0
    for (r in ids) {
      v <- vi[r]; W <- solve(S[v, v, drop = FALSE]); Xi <- X[r, , drop = FALSE]
      M <- M + t(Xi) %*% W %*% Xi; cc <- cc + t(Xi) %*% W %*% y[r]; yy <- yy + t(y[r]) %*% W %*% y[r]
      ld <- ld + as.numeric(determinant(S[v, v, drop = FALSE])$modulus)
    }
    list(M = M, cc = cc, yy = yy, ld = ld)
  }
  f <- function(th) {
    p <- parts(th); b <- solve(p$M, p$cc)
    as.numeric(p$ld + determinant(p$M)$modulus + p$yy - t(p$cc) %*% b + (nrow(X) - ncol(X)) * log(2 * pi))
  }
  r <- resid(lm(y ~ X - 1))
  complete <- names(which(table(d$patient_id) == t))
  R <- matrix(r[d$patient_id %in% complete], ncol = t, byrow = TRUE)
  L0 <- t(chol(cov(R)))
  o <- nlminb(c(log(diag(L0)), L0[lower.tri(L0)]), f, control = list(eval.max = 5000, iter.max = 5000, rel.tol = 1e-15))
  H <- numDeriv::hessian(f, o$par)
  sapply(seq_len(nrow(L)), function(k) {
    l <- L[k, colnames(X)]
    v <- function(th) as.numeric(t(l) %*% solve(parts(th)$M) %*% l)
    g <- numDeriv::grad(v, o$par)
    2 * v(o$par)^2 / as.numeric(t(g) %*% (2 * solve(H)) %*% g)
  })
}

tight <- glsControl(maxIter = 1000, msMaxIter = 1000, tolerance = 1e-12, msTol = 1e-14,
                    returnObject = FALSE, opt = "nlminb")
results <- list()
add <- function(dataset, structure, estimation, quantity, term, value) {
  results[[length(results) + 1]] <<- data.frame(dataset = dataset, structure = structure, estimation = estimation,
                                                quantity = quantity, term = term, value = sprintf("%.15g", value))
}

for (name in c("a", "b")) {
  d <- if (name == "a") a else b
  d$visit <- factor(d$week)
  d$arm <- factor(d$arm, levels = c("massage", "usual_care"))
  d$vi <- as.integer(d$visit)
  t <- nlevels(d$visit)
  f <- change ~ baseline + arm * visit + site
  fits <- list(
    us = function(m) gls(f, d, correlation = corSymm(form = ~ vi | patient_id), weights = varIdent(form = ~ 1 | visit), method = m, control = tight),
    cs = function(m) gls(f, d, correlation = corCompSymm(form = ~ 1 | patient_id), method = m, control = tight),
    csh = function(m) gls(f, d, correlation = corCompSymm(form = ~ 1 | patient_id), weights = varIdent(form = ~ 1 | visit), method = m, control = tight),
    ar1 = function(m) gls(f, d, correlation = corAR1(form = ~ vi | patient_id), method = m, control = tight),
    ar1h = function(m) gls(f, d, correlation = corAR1(form = ~ vi | patient_id), weights = varIdent(form = ~ 1 | visit), method = m, control = tight),
    toep = function(m) gls(f, d, correlation = corARMA(form = ~ vi | patient_id, p = t - 1), method = m, control = tight),
    toeph = function(m) gls(f, d, correlation = corARMA(form = ~ vi | patient_id, p = t - 1), weights = varIdent(form = ~ 1 | visit), method = m, control = tight),
    sp_exp = function(m) gls(f, d, correlation = corExp(form = ~ week | patient_id), method = m, control = tight)
  )
  for (structure in names(fits)) {
    for (m in c("REML", "ML")) {
      if (m == "ML" && !(structure %in% c("us", "cs", "ar1"))) next
      fit <- fits[[structure]](m)
      X <- model.matrix(f, d)
      # gls's REML log-likelihood is −½ of SAS's and mmrm's −2ℓ_R (no ½ log|XᵀX| term).
      add(name, structure, m, "m2loglik", "", -2 * as.numeric(logLik(fit)))
      est <- coef(fit)
      # gls's ML vcov scales σ̂² by N/(N − p); SAS and mmrm do not: undo it.
      scale <- if (m == "ML") sqrt((nrow(X) - ncol(X)) / nrow(X)) else 1
      se <- sqrt(diag(vcov(fit))) * scale
      for (k in seq_along(est)) {
        add(name, structure, m, "estimate", names(est)[k], est[k])
        add(name, structure, m, "se", names(est)[k], se[k])
      }
    }
  }
  # LS-means of arm by visit and the treatment difference at each visit (emmeans on the
  # unstructured REML gls; Satterthwaite df from emmeans' numerical derivatives, looser).
  fit <- fits[["us"]]("REML")
  em <- emmeans(fit, ~ arm | visit, mode = "satterthwaite")
  es <- as.data.frame(summary(em))
  for (k in seq_len(nrow(es))) {
    key <- paste0(es$arm[k], "@", es$visit[k])
    add(name, "us", "REML", "lsmean", key, es$emmean[k])
    add(name, "us", "REML", "lsmean_se", key, es$SE[k])
    add(name, "us", "REML", "lsmean_df", key, es$df[k])
  }
  con <- contrast(em, method = "trt.vs.ctrl", ref = "usual_care")
  ds <- as.data.frame(summary(con))
  for (k in seq_len(nrow(ds))) {
    key <- paste0("massage@", ds$visit[k])
    add(name, "us", "REML", "difference", key, ds$estimate[k])
    add(name, "us", "REML", "difference_se", key, ds$SE[k])
    add(name, "us", "REML", "difference_df", key, ds$df[k])
  }
  # emmeans' appx-satterthwaite on gls differs from SAS's Satterthwaite by up to a factor of two
  # here, so the df reference is computed from the definition: −2ℓ_R of the unstructured model
  # in its Cholesky parameters, θ̂ by nlminb, H by numDeriv's Richardson Hessian, ∇(lᵀM⁻¹l) by
  # numDeriv's gradient, ν = 2v²/(∇vᵀ 2H⁻¹ ∇v), for emmeans' own contrast rows lᵀ.
  satterthwaite <- brute_force_satterthwaite(d, rbind(em@linfct, con@linfct))
  keys <- c(paste0(es$arm, "@", es$visit), paste0("massage@", ds$visit))
  for (k in seq_along(keys)) add(name, "us", "REML", if (k <= nrow(es)) "lsmean_satterthwaite_df" else "difference_satterthwaite_df", keys[k], satterthwaite[k])
  # Case weights: an observation's variance divided by its weight (SAS's WEIGHT statement).
  d$inv_w <- 1 / d$w
  fit <- gls(f, d, correlation = corSymm(form = ~ vi | patient_id),
             weights = varComb(varIdent(form = ~ 1 | visit), varFixed(~ inv_w)), method = "REML", control = tight)
  add(name, "us_weighted", "REML", "m2loglik", "", -2 * as.numeric(logLik(fit)))
  est <- coef(fit)
  se <- sqrt(diag(vcov(fit)))
  for (k in seq_along(est)) {
    add(name, "us_weighted", "REML", "estimate", names(est)[k], est[k])
    add(name, "us_weighted", "REML", "se", names(est)[k], se[k])
  }
  # cs ≡ random intercept (ρ > 0): lmerTest's Satterthwaite df.
  lf <- lmer(change ~ baseline + arm * visit + site + (1 | patient_id), d, REML = TRUE,
             control = lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14)))
  s <- summary(lf)$coefficients
  for (k in seq_len(nrow(s))) {
    add(name, "cs", "REML", "lmer_df", rownames(s)[k], s[k, "df"])
    add(name, "cs", "REML", "lmer_se", rownames(s)[k], s[k, "Std. Error"])
  }
  add(name, "cs", "REML", "lmer_m2loglik", "", REMLcrit(lf))
  # Type III F tests with Satterthwaite df (lmerTest, the same rule as SAS's).
  a3 <- anova(lf, type = 3, ddf = "Satterthwaite")
  for (k in seq_len(nrow(a3))) {
    add(name, "cs", "REML", "type3_F", rownames(a3)[k], a3[k, "F value"])
    add(name, "cs", "REML", "type3_ddf", rownames(a3)[k], a3[k, "DenDF"])
    add(name, "cs", "REML", "type3_ndf", rownames(a3)[k], a3[k, "NumDF"])
  }
}
write.csv(do.call(rbind, results), file.path(out, "mmrm_reference.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", length(results), "reference values\n")

# The example cohort's trial analysis (Datasets/analyses.yaml, pain-trial-mmrm): change in pain
# from the week-0 value on the baseline, technique × week and cohort, unstructured, REML, weeks > 0.
cohort <- read.csv("Datasets/example_cohort.csv")
base <- cohort[cohort$week == 0, c("patient_id", "pain_nrs")]
names(base)[2] <- "pain_nrs_baseline"
e <- merge(cohort, base, by = "patient_id")
e$pain_nrs_change <- e$pain_nrs - e$pain_nrs_baseline
e <- e[e$week > 0 & !is.na(e$pain_nrs_change) & !is.na(e$pain_nrs_baseline), ]
e <- e[order(e$patient_id, e$week), ]
e$technique <- relevel(factor(e$technique), ref = "usual_care")
e$cohort <- relevel(factor(e$cohort), ref = "acute")
e$week <- factor(e$week)
e$vi <- as.integer(e$week)
fe <- gls(pain_nrs_change ~ pain_nrs_baseline + technique * week + cohort, e,
          correlation = corSymm(form = ~ vi | patient_id), weights = varIdent(form = ~ 1 | week),
          method = "REML", control = tight)
example <- data.frame(quantity = "m2loglik", term = "", value = sprintf("%.15g", -2 * as.numeric(logLik(fe))))
est <- coef(fe)
se <- sqrt(diag(vcov(fe)))
example <- rbind(example,
                 data.frame(quantity = "estimate", term = names(est), value = sprintf("%.15g", est)),
                 data.frame(quantity = "se", term = names(est), value = sprintf("%.15g", se)))
write.csv(example, "Tests/OutcomeAnalysisTests/Fixtures/mmrm_example_reference.csv", row.names = FALSE, quote = FALSE)
cat("wrote the example cohort's MMRM reference\n")
