# Brute-force Kenward–Roger (1997) reference for the MMRM on mmrm_trial_b.csv, written from the
# definitions and independent of pbkrtest / mmrm / SAS.
#
#   Rscript Notebooks-Scripts/reference_mmrm_kr_bruteforce.R        (from the repository root)
#
# Model: change ~ baseline + arm * visit + site (R's treatment coding), visit = factor(week),
# subject = patient_id, a GLS model whose rows for subject i have covariance Σᵢ, the submatrix of
# a t×t Σ(ψ) (t = 5 visits) at the visits the subject has (monotone dropout). The weight column
# `w` is not used. Σ is parametrized as SAS PROC MIXED does:
#   us    UN      ψ = lower triangle of Σ in SAS order UN(1,1), UN(2,1), UN(2,2), UN(3,1), ...
#   ar1   AR(1)   ψ = (σ², ρ),            Σ_su = σ² ρ^|s−u|
#   ar1h  ARH(1)  ψ = (σ₁²..σ_t², ρ),     Σ_su = σ_s σ_u ρ^|s−u|
#   csh   CSH     ψ = (σ₁²..σ_t², ρ),     Σ_su = σ_s σ_u ρ (s ≠ u)
# (|s−u| counts visits, not weeks.)
#
# 1. REML: minimize f(ψ) = −2ℓ_R = Σᵢ log|Σᵢ| + log|XᵀV⁻¹X| + rᵀV⁻¹r + (N−p) log 2π with β
#    profiled by GLS: BFGS on an unconstrained scale (log variances, Cholesky factor, transformed
#    ρ), then Newton steps in ψ with the analytic gradient and analytic observed Hessian until the
#    gradient is ≲ 1e-10. nlme::gls (tight tolerances) is fitted as a cross-check (printed only).
# 2. At ψ̂, with ∂Σ/∂ψ and ∂²Σ/∂ψ∂ψ analytic (checked against numDeriv):
#      Φ    = (Σᵢ XᵢᵀΣᵢ⁻¹Xᵢ)⁻¹
#      P_h  = Σᵢ Xᵢᵀ(∂Σᵢ⁻¹/∂ψ_h)Xᵢ
#      Q_hj = Σᵢ Xᵢᵀ(∂Σᵢ⁻¹/∂ψ_h)Σᵢ(∂Σᵢ⁻¹/∂ψ_j)Xᵢ
#      R_hj = Σᵢ XᵢᵀΣᵢ⁻¹(∂²Σᵢ/∂ψ_h∂ψ_j)Σᵢ⁻¹Xᵢ
#      W    = 2 H⁻¹, H = numDeriv::hessian(f, ψ̂) (observed; Richardson)
#      Φ_A  = Φ + 2Φ{Σ_hj W_hj (Q_hj − P_hΦP_j − ¼R_hj)}Φ         method "kr"
#             the same without the R term                          method "kr_linear"
#    For coefficient j (l = e_j): se = sqrt(lᵀΦ_A l), df = 2 / (aᵀWa), a_h = lᵀΦP_hΦl / lᵀΦl
#    (for one row this equals KR's m exactly; it does not depend on the R term).
#    For ar1 also method "kr_expected": W = 2 E⁻¹, E_hj = tr(P̃D_hP̃D_j), P̃ = V⁻¹ − V⁻¹XΦXᵀV⁻¹,
#    D_h = ∂V/∂ψ_h.
#
# Writes Tests/OutcomeStatsTests/Fixtures/mmrm_kr_bruteforce.csv with columns
# structure,method,quantity,term,value:
#   method fit:   m2loglik (term ""), estimate (β̂ per term), gradient_norm (‖∂f/∂ψ‖₂ at ψ̂, term "")
#   method kr, kr_linear (all structures), kr_expected (ar1): se, df per term.
# Console output also shows ψ̂, model-based SEs and the internal cross-checks.
suppressMessages({ library(numDeriv); library(nlme) })
started <- proc.time()[["elapsed"]]
dir <- "Tests/OutcomeStatsTests/Fixtures"

# ---------------------------------------------------------------------------------------------
# Data, design, and subjects grouped by visit pattern
# ---------------------------------------------------------------------------------------------
d <- read.csv(file.path(dir, "mmrm_trial_b.csv"))
d <- d[!is.na(d$change), ]
d$visit <- factor(d$week, levels = sort(unique(d$week)))
d$arm <- factor(d$arm, levels = c("usual_care", "massage"))
d$site <- factor(d$site)
d <- d[order(d$patient_id, as.integer(d$visit)), ]
X <- model.matrix(~ baseline + arm * visit + site, data = d)
y <- d$change
n_visits <- nlevels(d$visit); p <- ncol(X); N <- nrow(X)
visit_index <- as.integer(d$visit)
stopifnot(!anyDuplicated(paste(d$patient_id, visit_index)))

# For a visit pattern with m visits and n subjects, keep X at each position a (n×p), the
# responses (n×m), and the cross products C[[a]][[b]] = X_aᵀX_b, so that for any m×m matrix A
#   Σᵢ XᵢᵀAXᵢ = Σ_ab A_ab C_ab.
rows_by_subject <- split(seq_len(N), d$patient_id)
pattern_key <- vapply(rows_by_subject, function(r) paste(visit_index[r], collapse = "-"), "")
groups <- lapply(split(rows_by_subject, pattern_key), function(subject_rows) {
  visits <- visit_index[subject_rows[[1]]]
  m <- length(visits)
  at <- lapply(seq_len(m), function(a) vapply(subject_rows, `[`, 0L, a))
  Xa <- lapply(at, function(r) X[r, , drop = FALSE])
  list(visits = visits, m = m, n = length(subject_rows), Xa = Xa,
       Y = matrix(sapply(at, function(r) y[r]), ncol = m),
       C = lapply(seq_len(m), function(a) lapply(seq_len(m), function(b) crossprod(Xa[[a]], Xa[[b]]))))
})
cat(sprintf("N = %d rows, %d subjects, p = %d, %d visit patterns\n",
            N, length(rows_by_subject), p, length(groups)))

sum_xAx <- function(g, A) {               # Σᵢ XᵢᵀAXᵢ over the subjects of pattern g
  out <- matrix(0, p, p)
  for (a in seq_len(g$m)) for (b in seq_len(g$m)) out <- out + A[a, b] * g$C[[a]][[b]]
  out
}
sum_xAr <- function(g, A, Rg) {           # Σᵢ XᵢᵀArᵢ, Rg = residuals (n×m)
  RA <- Rg %*% t(A)
  out <- numeric(p)
  for (a in seq_len(g$m)) out <- out + crossprod(g$Xa[[a]], RA[, a])[, 1]
  out
}
residuals_of <- function(g, beta) g$Y - matrix(sapply(g$Xa, function(x) x %*% beta), ncol = g$m)
tr <- function(A) sum(diag(A))

# ---------------------------------------------------------------------------------------------
# Covariance structures: Σ(ψ), ∂Σ/∂ψ_h, ∂²Σ/∂ψ_h∂ψ_j (analytic), and an unconstrained map for BFGS
# ---------------------------------------------------------------------------------------------
structure_us <- function(t) {
  lt <- which(lower.tri(diag(t), diag = TRUE), arr.ind = TRUE)
  lt <- lt[order(lt[, 1], lt[, 2]), , drop = FALSE]            # SAS order: row by row
  k <- nrow(lt)
  sigma <- function(psi) { S <- matrix(0, t, t); S[lt] <- psi; S[lt[, 2:1]] <- psi; S }
  unit <- lapply(seq_len(k), function(h) { e <- numeric(k); e[h] <- 1; sigma(e) })
  zero <- matrix(0, t, t)
  list(name = "us", npar = k, labels = sprintf("UN(%d,%d)", lt[, 1], lt[, 2]),
       sigma = sigma,
       d1 = function(psi) unit,
       d2 = function(psi) lapply(seq_len(k), function(h) lapply(seq_len(k), function(j) zero)),
       # unconstrained: lower Cholesky factor with log diagonal
       from_u = function(u) {
         L <- matrix(0, t, t); L[lower.tri(L, diag = TRUE)] <- u
         diag(L) <- exp(diag(L)); (L %*% t(L))[lt]
       },
       to_u = function(psi) {
         L <- t(chol(sigma(psi))); diag(L) <- log(diag(L)); L[lower.tri(L, diag = TRUE)]
       },
       start = function(S0) S0[lt])
}

# Σ_su = sqrt(θ_k(s) θ_k(u)) c_su(ρ): ar1 has one variance (k(s) = 1), ar1h and csh one per visit.
# With g_su = Π_k θ_k^{a_k}, a_k = ½([k(s) = k] + [k(u) = k]):
#   ∂g/∂θ_k = a_k g/θ_k,  ∂²g/∂θ_k∂θ_l = a_k a_l g/(θ_kθ_l) − [k = l] a_k g/θ_k².
structure_scaled_correlation <- function(name, t, heterogeneous, correlation) {
  k_of <- if (heterogeneous) seq_len(t) else rep(1L, t)
  nv <- max(k_of)
  lag <- abs(outer(seq_len(t), seq_len(t), `-`))
  corr <- switch(correlation,
    ar = list(c = function(r) r^lag,
              dc = function(r) ifelse(lag == 0, 0, lag * r^(lag - 1)),
              d2c = function(r) ifelse(lag < 2, 0, lag * (lag - 1) * r^(pmax(lag - 2, 0))),
              lower = -1),
    cs = list(c = function(r) ifelse(lag == 0, 1, r),
              dc = function(r) ifelse(lag == 0, 0, 1),
              d2c = function(r) matrix(0, t, t),
              lower = -1 / (t - 1)))
  expo <- lapply(seq_len(nv), function(k) 0.5 * outer(k_of == k, k_of == k, `+`))
  g_of <- function(th) sqrt(outer(th[k_of], th[k_of]))
  rho_from <- function(z) corr$lower + (1 - corr$lower) * plogis(z)
  rho_to <- function(r) qlogis((r - corr$lower) / (1 - corr$lower))
  labels <- c(if (heterogeneous) sprintf("Var(%d)", seq_len(t)) else "Var", "Rho")
  list(name = name, npar = nv + 1, labels = labels,
       sigma = function(psi) g_of(psi[1:nv]) * corr$c(psi[nv + 1]),
       d1 = function(psi) {
         th <- psi[1:nv]; r <- psi[nv + 1]; g <- g_of(th); C <- corr$c(r)
         c(lapply(seq_len(nv), function(k) expo[[k]] * g / th[k] * C), list(g * corr$dc(r)))
       },
       d2 = function(psi) {
         th <- psi[1:nv]; r <- psi[nv + 1]; g <- g_of(th)
         C <- corr$c(r); dC <- corr$dc(r); d2C <- corr$d2c(r)
         lapply(seq_len(nv + 1), function(h) lapply(seq_len(nv + 1), function(j) {
           if (h <= nv && j <= nv)
             (expo[[h]] * expo[[j]] * g / (th[h] * th[j]) - (h == j) * expo[[h]] * g / th[h]^2) * C
           else if (h <= nv) expo[[h]] * g / th[h] * dC
           else if (j <= nv) expo[[j]] * g / th[j] * dC
           else g * d2C
         }))
       },
       from_u = function(u) c(exp(u[1:nv]), rho_from(u[nv + 1])),
       to_u = function(psi) c(log(psi[1:nv]), rho_to(psi[nv + 1])),
       start = function(S0) {
         v <- diag(S0); R0 <- cov2cor(S0)
         c(if (heterogeneous) v else mean(v), max(min(mean(R0[lag == 1]), 0.95), corr$lower + 0.05))
       })
}

structures <- list(
  us   = structure_us(n_visits),
  ar1  = structure_scaled_correlation("ar1", n_visits, FALSE, "ar"),
  ar1h = structure_scaled_correlation("ar1h", n_visits, TRUE, "ar"),
  csh  = structure_scaled_correlation("csh", n_visits, TRUE, "cs"))

# ---------------------------------------------------------------------------------------------
# REML objective and everything else at a given ψ
# ---------------------------------------------------------------------------------------------
safe_chol <- function(S) tryCatch(chol(S), error = function(e) NULL)

# f(ψ) = −2ℓ_R; Inf outside the positive-definite region.
m2loglik <- function(st, psi) {
  S <- st$sigma(psi)
  if (is.null(safe_chol(S))) return(Inf)
  XtVX <- matrix(0, p, p); XtVy <- numeric(p); logdet <- 0; inv <- list()
  for (gi in seq_along(groups)) {
    g <- groups[[gi]]
    ch <- safe_chol(S[g$visits, g$visits, drop = FALSE])
    if (is.null(ch)) return(Inf)
    inv[[gi]] <- chol2inv(ch)
    logdet <- logdet + g$n * 2 * sum(log(diag(ch)))
    XtVX <- XtVX + sum_xAx(g, inv[[gi]])
    for (a in seq_len(g$m)) XtVy <- XtVy + crossprod(g$Xa[[a]], (g$Y %*% inv[[gi]])[, a])[, 1]
  }
  chX <- safe_chol(XtVX)
  if (is.null(chX)) return(Inf)
  beta <- backsolve(chX, forwardsolve(t(chX), XtVy))
  rVr <- 0
  for (gi in seq_along(groups)) {
    Rg <- residuals_of(groups[[gi]], beta)
    rVr <- rVr + sum(inv[[gi]] * crossprod(Rg))
  }
  logdet + 2 * sum(log(diag(chX))) + rVr + (N - p) * log(2 * pi)
}

# All the pieces at ψ: β, Φ, P, Q, R, analytic gradient and observed Hessian of f, and E.
evaluate <- function(st, psi, second_order = TRUE) {
  k <- st$npar
  S <- st$sigma(psi); D1 <- st$d1(psi); D2 <- if (second_order) st$d2(psi)
  per <- lapply(groups, function(g) {
    ix <- g$visits
    Ui <- chol2inv(chol(S[ix, ix, drop = FALSE]))
    Dh <- lapply(D1, function(D) D[ix, ix, drop = FALSE])
    list(Ui = Ui, Dh = Dh, B = lapply(Dh, function(D) Ui %*% D %*% Ui))   # B_h = −∂Σᵢ⁻¹/∂ψ_h
  })
  XtVX <- Reduce(`+`, Map(function(g, q) sum_xAx(g, q$Ui), groups, per))
  XtVy <- Reduce(`+`, Map(function(g, q) {
    YU <- g$Y %*% q$Ui
    Reduce(`+`, lapply(seq_len(g$m), function(a) crossprod(g$Xa[[a]], YU[, a])[, 1]))
  }, groups, per))
  Phi <- solve(XtVX); Phi <- (Phi + t(Phi)) / 2
  beta <- as.vector(Phi %*% XtVy); names(beta) <- colnames(X)
  res <- Map(function(g) residuals_of(g, beta), groups)
  RR <- lapply(res, crossprod)

  P <- lapply(seq_len(k), function(h)
    -Reduce(`+`, Map(function(g, q) sum_xAx(g, q$B[[h]]), groups, per)))
  u <- lapply(seq_len(k), function(h)
    Reduce(`+`, Map(function(g, q, Rg) sum_xAr(g, q$B[[h]], Rg), groups, per, res)))
  trVD <- sapply(seq_len(k), function(h) sum(sapply(seq_along(groups), function(gi)
    groups[[gi]]$n * tr(per[[gi]]$Ui %*% per[[gi]]$Dh[[h]]))))
  rBr <- sapply(seq_len(k), function(h) sum(sapply(seq_along(groups), function(gi)
    sum(per[[gi]]$B[[h]] * RR[[gi]]))))
  gradient <- trVD + sapply(P, function(Ph) tr(Phi %*% Ph)) - rBr
  out <- list(beta = beta, Phi = Phi, P = P, gradient = gradient)
  if (!second_order) return(out)

  Q <- R <- lapply(seq_len(k), function(h) vector("list", k))
  H <- E <- matrix(0, k, k)
  for (h in seq_len(k)) for (j in seq_len(k)) {
    Qhj <- Rhj <- matrix(0, p, p)
    trVDVD <- trVD2 <- rVDVDVr <- rVD2Vr <- 0
    for (gi in seq_along(groups)) {
      g <- groups[[gi]]; q <- per[[gi]]
      D2hj <- D2[[h]][[j]][g$visits, g$visits, drop = FALSE]
      A_Q <- q$B[[h]] %*% q$Dh[[j]] %*% q$Ui            # Σᵢ⁻¹D_hΣᵢ⁻¹D_jΣᵢ⁻¹
      A_R <- q$Ui %*% D2hj %*% q$Ui
      Qhj <- Qhj + sum_xAx(g, A_Q)
      Rhj <- Rhj + sum_xAx(g, A_R)
      trVDVD <- trVDVD + g$n * tr(q$Ui %*% q$Dh[[h]] %*% q$Ui %*% q$Dh[[j]])
      trVD2 <- trVD2 + g$n * tr(q$Ui %*% D2hj)
      rVDVDVr <- rVDVDVr + sum(A_Q * RR[[gi]])
      rVD2Vr <- rVD2Vr + sum(A_R * RR[[gi]])
    }
    Q[[h]][[j]] <- Qhj; R[[h]][[j]] <- Rhj
    # E_hj = tr(P̃D_hP̃D_j); H_hj = tr(P̃D_hj) − E_hj + 2 rᵀV⁻¹D_hP̃D_jV⁻¹r − rᵀV⁻¹D_hjV⁻¹r
    E[h, j] <- trVDVD - 2 * tr(Phi %*% Qhj) + tr(Phi %*% P[[h]] %*% Phi %*% P[[j]])
    H[h, j] <- trVD2 - tr(Phi %*% Rhj) - E[h, j] +
      2 * (rVDVDVr - sum(u[[h]] * (Phi %*% u[[j]]))) - rVD2Vr
  }
  c(out, list(Q = Q, R = R, H = H, E = E))
}

# Φ_A and per-coefficient se, df for a given W.
kenward_roger <- function(ev, W, with_R = TRUE) {
  k <- length(ev$P); Phi <- ev$Phi
  inner <- matrix(0, p, p)
  for (h in seq_len(k)) for (j in seq_len(k)) {
    term <- ev$Q[[h]][[j]] - ev$P[[h]] %*% Phi %*% ev$P[[j]]
    if (with_R) term <- term - 0.25 * ev$R[[h]][[j]]
    inner <- inner + W[h, j] * term
  }
  PhiA <- Phi + 2 * Phi %*% inner %*% Phi
  PhiA <- (PhiA + t(PhiA)) / 2
  df <- sapply(seq_len(p), function(jj) {
    a <- sapply(ev$P, function(Ph) (Phi %*% Ph %*% Phi)[jj, jj]) / Phi[jj, jj]
    2 / sum(a * (W %*% a))
  })
  list(se = sqrt(diag(PhiA)), df = df)
}

# ---------------------------------------------------------------------------------------------
# Fit
# ---------------------------------------------------------------------------------------------
# Starting Σ: covariance of OLS residuals by visit, pairwise complete.
ols <- lm.fit(X, y)
wide <- matrix(NA_real_, length(rows_by_subject), n_visits)
for (i in seq_along(rows_by_subject)) {
  r <- rows_by_subject[[i]]; wide[i, visit_index[r]] <- ols$residuals[r]
}
S0 <- cov(wide, use = "pairwise.complete.obs")
if (is.null(safe_chol(S0))) S0 <- diag(diag(S0))

fit_structure <- function(st) {
  f_u <- function(u) m2loglik(st, st$from_u(u))
  g_u <- function(u) {
    psi <- st$from_u(u)
    as.vector(t(numDeriv::jacobian(st$from_u, u)) %*% evaluate(st, psi, FALSE)$gradient)
  }
  u <- st$to_u(st$start(S0))
  for (pass in 1:3) {
    opt <- optim(u, f_u, g_u, method = "BFGS", control = list(maxit = 2000, reltol = 1e-15))
    u <- opt$par
  }
  psi <- st$from_u(u)
  # Newton in ψ with the analytic gradient and observed Hessian, halving the step if needed.
  for (it in 1:50) {
    ev <- evaluate(st, psi)
    if (sqrt(sum(ev$gradient^2)) < 1e-11) break
    step <- solve(ev$H, ev$gradient)
    f0 <- m2loglik(st, psi); lambda <- 1
    while (lambda > 1e-8) {
      cand <- psi - lambda * step
      fc <- m2loglik(st, cand)
      if (is.finite(fc) && fc <= f0 + 1e-12 * abs(f0)) break
      lambda <- lambda / 2
    }
    if (lambda <= 1e-8) break
    psi <- cand
  }
  names(psi) <- st$labels
  psi
}

# Cross-check with nlme::gls (printed only).
nlme_check <- function(name) {
  form <- change ~ baseline + arm * visit + site
  d$vi <- visit_index
  ctl <- glsControl(maxIter = 1000, msMaxIter = 1000, tolerance = 1e-10, msTol = 1e-12,
                    returnObject = TRUE)
  fit <- tryCatch(switch(name,
    us   = gls(form, d, correlation = corSymm(form = ~ vi | patient_id),
               weights = varIdent(form = ~ 1 | visit), method = "REML", control = ctl),
    ar1  = gls(form, d, correlation = corAR1(form = ~ vi | patient_id),
               method = "REML", control = ctl),
    ar1h = gls(form, d, correlation = corAR1(form = ~ vi | patient_id),
               weights = varIdent(form = ~ 1 | visit), method = "REML", control = ctl),
    csh  = gls(form, d, correlation = corCompSymm(form = ~ vi | patient_id),
               weights = varIdent(form = ~ 1 | visit), method = "REML", control = ctl)),
    error = function(e) NULL)
  if (is.null(fit)) return(NULL)
  list(m2 = -2 * as.numeric(logLik(fit)), beta = coef(fit))
}

rows <- list()
add <- function(structure, method, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(structure = structure, method = method,
                                          quantity = quantity, term = term,
                                          value = sprintf("%.15g", value))
terms <- colnames(X)
log_det_XtX <- as.numeric(determinant(crossprod(X))$modulus)

for (st in structures) {
  t_start <- proc.time()[["elapsed"]]
  cat(sprintf("\n===== %s =====\n", st$name))
  psi <- fit_structure(st)
  ev <- evaluate(st, psi)
  f_hat <- m2loglik(st, psi)
  grad_norm <- sqrt(sum(ev$gradient^2))
  grad_nd <- numDeriv::grad(function(x) m2loglik(st, x), psi)
  cat("psi-hat:\n"); print(signif(psi, 12))
  cat(sprintf("-2 logL_R = %.12f   |grad| analytic = %.3g   |grad| numDeriv = %.3g\n",
              f_hat, grad_norm, sqrt(sum(grad_nd^2))))

  # Check analytic ∂Σ and ∂²Σ against numDeriv.
  J <- numDeriv::jacobian(function(x) as.vector(st$sigma(x)), psi)
  d1_err <- max(abs(J - sapply(st$d1(psi), as.vector)))
  d2_err <- max(sapply(seq_len(st$npar), function(h) max(abs(
    numDeriv::jacobian(function(x) as.vector(st$d1(x)[[h]]), psi) -
      sapply(st$d2(psi)[[h]], as.vector)))))
  cat(sprintf("max |analytic - numDeriv|: dSigma %.2g, d2Sigma %.2g\n", d1_err, d2_err))

  # Observed Hessian by numDeriv (used for W) vs the analytic one.
  H <- numDeriv::hessian(function(x) m2loglik(st, x), psi, method = "Richardson")
  H <- (H + t(H)) / 2
  cat(sprintf("observed Hessian: max rel |numDeriv - analytic| = %.2g\n",
              max(abs(H - ev$H)) / max(abs(ev$H))))
  W <- 2 * solve(H)

  ref <- nlme_check(st$name)
  if (!is.null(ref))
    cat(sprintf("nlme::gls: -2 logL_R = %.10f (diff %.3g; log|X'X| = %.6f), max |beta diff| = %.2g\n",
                ref$m2, ref$m2 - f_hat, log_det_XtX, max(abs(ref$beta - ev$beta))))

  add(st$name, "fit", "m2loglik", "", f_hat)
  for (j in seq_len(p)) add(st$name, "fit", "estimate", terms[j], ev$beta[j])
  add(st$name, "fit", "gradient_norm", "", grad_norm)

  methods <- list(kr = kenward_roger(ev, W, TRUE), kr_linear = kenward_roger(ev, W, FALSE))
  if (st$name == "ar1") methods$kr_expected <- kenward_roger(ev, 2 * solve(ev$E), TRUE)
  for (m in names(methods)) for (j in seq_len(p)) {
    add(st$name, m, "se", terms[j], methods[[m]]$se[j])
    add(st$name, m, "df", terms[j], methods[[m]]$df[j])
  }
  show <- data.frame(estimate = ev$beta, se_model = sqrt(diag(ev$Phi)),
                     do.call(cbind, lapply(names(methods), function(m)
                       setNames(data.frame(methods[[m]]$se, methods[[m]]$df),
                                paste0(c("se_", "df_"), m)))))
  print(signif(show, 7))
  cat(sprintf("[%s: %.1f s]\n", st$name, proc.time()[["elapsed"]] - t_start))
}

out <- do.call(rbind, rows)
path <- file.path(dir, "mmrm_kr_bruteforce.csv")
write.csv(out, path, row.names = FALSE, quote = FALSE)
cat(sprintf("\nwrote %s (%d rows) in %.1f s\n", path, nrow(out), proc.time()[["elapsed"]] - started))
