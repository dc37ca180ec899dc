# Reference values for conditional-mean reference-based imputation (issue 15), computed by an
# independent route: the imputation model is fitted by direct maximum likelihood (nlme::gls,
# unstructured covariance, visit-specific effects of arm, baseline and site), and each
# subject's missing visits get E[y_mis | y_obs] = m_mis + S_mo S_oo^-1 (y_obs - m_obs) with the
# mean vector m of the assumption (Carpenter, Roger & Kenward 2013). The ANCOVA at the last
# visit is then fitted with lm(). With monotone dropout the ML fit's mean and regression
# structure equal the factored-likelihood (sequential regression) estimates that the tool uses,
# so the two routes agree up to gls's convergence (optim's BFGS: nlminb stops about 1e-6 short).
#
#   Rscript Notebooks-Scripts/reference_reference_based.R > Tests/OutcomeAnalysisTests/Fixtures/reference_based_reference.csv
#
# Columns: assumption, term, estimate, jackknife_se (the delete-one-subject jackknife, for
# jump-to-reference only; NA otherwise).
suppressMessages(library(nlme))
d <- read.csv("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv")
weeks <- sort(unique(d$week)); nt <- length(weeks)
ids <- sort(unique(d$patient_id))
d$arm <- relevel(factor(d$arm), "usual_care")
d$site <- factor(d$site)
subjects <- d[!duplicated(d$patient_id), c("patient_id", "arm", "site", "baseline")]
subjects <- subjects[order(subjects$patient_id), ]

impute <- function(data, assumption) {
  data$visit <- factor(data$week, levels = weeks)
  fit <- gls(change ~ 0 + visit + visit:arm + visit:baseline + visit:site, data = data,
             correlation = corSymm(form = ~ as.integer(visit) | patient_id),
             weights = varIdent(form = ~ 1 | visit), method = "ML",
             control = glsControl(opt = "optim", optimMethod = "BFGS", tolerance = 1e-12, msTol = 1e-12, maxIter = 1000, msMaxIter = 1000))
  # Sigma over all visits: a subject observed at every visit.
  full <- names(which(table(data$patient_id) == nt))[1]
  S <- getVarCov(fit, individual = full)
  subs <- subjects[subjects$patient_id %in% unique(data$patient_id), ]
  grid <- function(arm) {
    g <- data.frame(patient_id = rep(subs$patient_id, each = nt), visit = factor(rep(weeks, nrow(subs)), levels = weeks),
                    arm = factor(if (is.null(arm)) rep(as.character(subs$arm), each = nt) else arm, levels = levels(d$arm)),
                    baseline = rep(subs$baseline, each = nt), site = factor(rep(as.character(subs$site), each = nt), levels = levels(d$site)))
    matrix(as.numeric(predict(fit, newdata = g)), nrow = nt)
  }
  owns <- grid(NULL); refs <- grid("usual_care")
  out <- list()
  for (i in seq_len(nrow(subs))) {
    s <- subs[i, ]
    rows <- data[data$patient_id == s$patient_id, ]
    y <- rep(NA_real_, nt); y[match(rows$week, weeks)] <- rows$change
    own <- owns[, i]; ref <- refs[, i]
    o <- which(!is.na(y)); dlast <- max(c(0, o))
    if (dlast < nt) {
      m <- own
      later <- (dlast + 1):nt
      # The reference arm is imputed under MAR by every assumption.
      rule <- if (s$arm == "usual_care") "mar" else assumption
      if (rule == "jump-to-reference") m[later] <- ref[later]
      if (rule == "copy-reference") m <- ref
      if (rule == "copy-increments") m[later] <- if (dlast > 0) own[dlast] + ref[later] - ref[dlast] else ref[later]
      if (rule == "last-mean" && dlast > 0) m[later] <- own[dlast]
      y[later] <- m[later] + if (length(o)) S[later, o, drop = FALSE] %*% solve(S[o, o, drop = FALSE], y[o] - m[o]) else 0
    }
    out[[i]] <- data.frame(patient_id = s$patient_id, arm = s$arm, site = s$site, baseline = s$baseline, week = weeks, change = y)
  }
  do.call(rbind, out)
}
ancova <- function(completed) {
  last <- completed[completed$week == max(weeks), ]
  coef(lm(change ~ baseline + arm + site, data = last))
}
cat("assumption,term,estimate,jackknife_se\n")
for (assumption in c("mar", "jump-to-reference", "copy-reference", "copy-increments", "last-mean")) {
  est <- ancova(impute(d, assumption))
  se <- rep(NA_real_, length(est))
  if (assumption == "jump-to-reference") {
    reps <- t(sapply(ids, function(id) ancova(impute(d[d$patient_id != id, ], assumption))))
    n <- nrow(reps)
    se <- sqrt((n - 1) / n * colSums(sweep(reps, 2, colMeans(reps))^2))
  }
  terms <- sub("^arm", "arm", names(est))
  for (j in seq_along(est)) cat(sprintf("%s,%s,%.15g,%.15g\n", assumption, terms[j], est[j], se[j]))
}
