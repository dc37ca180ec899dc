# Inference reference values for the MMRM (issue 14): Kenward–Roger and proportional-weight
# LS-means from pbkrtest and emmeans on the structure an lmer model expresses (compound
# symmetry ≡ a random intercept per patient), and the empirical (sandwich) covariance computed
# here by its definition from lme4's and nlme's fits.
#
#   Rscript Notebooks-Scripts/reference_mmrm_inference.R
#
# Reads the simulated trials that reference_mmrm.R writes (mmrm_trial_a.csv, complete;
# mmrm_trial_b.csv, about 30 % monotone dropout) and writes
# Tests/OutcomeStatsTests/Fixtures/mmrm_inference_reference.csv (dataset, quantity, term, value):
#   se, df        pbkrtest::vcovAdj (Φ_A) and pbkrtest::Lb_ddf for each coefficient;
#   anova_F, anova_df   lmerTest's anova(type = 3, ddf = "Kenward-Roger") (pbkrtest's F scaling);
#   lsmean_se, lsmean_df  emmeans(lmer.df = "kenward-roger") of arm by visit;
#   prop_lsmean, prop_lsmean_se, prop_lsmean_df  the same with weights = "proportional" (SAS's
#   OM), averaging over site in proportion to its frequency among the rows fitted; and
#   prop_arm_lsmean* for arm alone (averaged over visit and site);
#   empirical_se       Φ(Σᵢ XᵢᵀVᵢ⁻¹rᵢrᵢᵀVᵢ⁻¹Xᵢ)Φ (SAS's EMPIRICAL, CR0) for the cs fit (lmer) and,
#   as empirical_se_us, for the unstructured fit (gls, corSymm + varIdent, tight tolerances).
# pbkrtest takes W = Cov(θ̂) from the expected information; the Swift test fits with
# parameterInformation: .expected to compare.
suppressMessages({ library(lme4); library(lmerTest); library(pbkrtest); library(emmeans); library(nlme) })
# Φ(Σᵢ XᵢᵀVᵢ⁻¹rᵢrᵢᵀVᵢ⁻¹Xᵢ)Φ with Vᵢ = sigma_of(rows of subject i).
sandwich_by_subject <- function(X, r, ids, sigma_of) {
  bread <- 0; meat <- 0
  for (rows in split(seq_along(r), ids)) {
    w <- solve(sigma_of(rows))
    xw <- t(X[rows, , drop = FALSE]) %*% w
    bread <- bread + xw %*% X[rows, , drop = FALSE]
    u <- xw %*% r[rows]
    meat <- meat + u %*% t(u)
  }
  phi <- solve(bread)
  phi %*% meat %*% phi
}
dir <- "Tests/OutcomeStatsTests/Fixtures"
rows <- list()
add <- function(dataset, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(dataset = dataset, quantity = quantity, term = term,
                                          value = sprintf("%.15g", value))
for (name in c("a", "b")) {
  d <- read.csv(file.path(dir, sprintf("mmrm_trial_%s.csv", name)))
  d$visit <- factor(d$week, levels = sort(unique(d$week)))
  d$arm <- factor(d$arm, levels = c("usual_care", "massage"))
  d$site <- factor(d$site)
  fit <- lmer(change ~ baseline + arm * visit + site + (1 | patient_id), data = d, REML = TRUE,
              control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 1e-2, rhoend = 1e-12)))
  add(name, "m2loglik", "", -2 * as.numeric(logLik(fit)))
  adjusted <- as.matrix(pbkrtest::vcovAdj(fit))
  v0 <- as.matrix(vcov(fit))
  beta <- fixef(fit)
  for (j in seq_along(beta)) {
    l <- matrix(0, 1, length(beta)); l[j] <- 1
    add(name, "estimate", names(beta)[j], beta[j])
    add(name, "se", names(beta)[j], sqrt(adjusted[j, j]))
    add(name, "df", names(beta)[j], pbkrtest::Lb_ddf(l, v0, pbkrtest::vcovAdj(fit)))
  }
  X <- getME(fit, "X")
  r <- as.vector(d$change - X %*% beta)
  components <- as.data.frame(VarCorr(fit))
  tau2 <- components$vcov[1]; sigma2 <- components$vcov[2]
  empirical <- sandwich_by_subject(X, r, d$patient_id, function(rows) tau2 + diag(sigma2, length(rows)))
  for (j in seq_along(beta)) add(name, "empirical_se", names(beta)[j], sqrt(empirical[j, j]))
  if (name == "b") {
    d$vi <- as.integer(d$visit)
    tight <- glsControl(maxIter = 1000, msMaxIter = 1000, tolerance = 1e-12, msTol = 1e-14, msVerbose = FALSE)
    us <- gls(change ~ baseline + arm * visit + site, d, correlation = corSymm(form = ~ vi | patient_id),
              weights = varIdent(form = ~ 1 | visit), method = "REML", control = tight)
    Xg <- model.matrix(change ~ baseline + arm * visit + site, d)
    rg <- as.vector(d$change - Xg %*% coef(us))
    full <- getVarCov(us, individual = names(which.max(table(d$patient_id))))
    empirical_us <- sandwich_by_subject(Xg, rg, d$patient_id, function(rows) full[d$vi[rows], d$vi[rows], drop = FALSE])
    add(name, "m2loglik_us", "", -2 * as.numeric(logLik(us)))
    for (j in seq_along(coef(us))) add(name, "empirical_se_us", names(coef(us))[j], sqrt(empirical_us[j, j]))
  }
  table <- anova(fit, type = 3, ddf = "Kenward-Roger")
  for (term in rownames(table)) {
    add(name, "anova_F", term, table[term, "F value"])
    add(name, "anova_df", term, table[term, "DenDF"])
  }
  means <- summary(emmeans(fit, ~ arm | visit, lmer.df = "kenward-roger"))
  for (i in seq_len(nrow(means))) {
    key <- paste(means$arm[i], means$visit[i], sep = "@")
    add(name, "lsmean", key, means$emmean[i])
    add(name, "lsmean_se", key, means$SE[i])
    add(name, "lsmean_df", key, means$df[i])
  }
  proportional <- summary(emmeans(fit, ~ arm | visit, lmer.df = "kenward-roger", weights = "proportional"))
  for (i in seq_len(nrow(proportional))) {
    key <- paste(proportional$arm[i], proportional$visit[i], sep = "@")
    add(name, "prop_lsmean", key, proportional$emmean[i])
    add(name, "prop_lsmean_se", key, proportional$SE[i])
    add(name, "prop_lsmean_df", key, proportional$df[i])
  }
  arm <- summary(emmeans(fit, ~ arm, lmer.df = "kenward-roger", weights = "proportional"))
  for (i in seq_len(nrow(arm))) {
    add(name, "prop_arm_lsmean", arm$arm[i], arm$emmean[i])
    add(name, "prop_arm_lsmean_se", arm$arm[i], arm$SE[i])
    add(name, "prop_arm_lsmean_df", arm$arm[i], arm$df[i])
  }
}
write.csv(do.call(rbind, rows), file.path(dir, "mmrm_inference_reference.csv"), row.names = FALSE, quote = FALSE)
