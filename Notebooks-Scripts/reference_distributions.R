# Reference values for OutcomeStats' distributions, from R's p*/q* functions (R's nmath: Cody's
# pnorm, Wichura's qnorm, pbeta by TOMS 708, pgamma by Morten Welinder's series/continued
# fractions with the Temme expansion, qbinom by search).
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_distributions.R > Tests/OutcomeStatsTests/Fixtures/distributions.csv
# Columns: distribution, function, df1, df2, argument, value (17 significant digits).
# Values below 1e-300 (subnormal or zero in double) and non-finite quantiles are left out: their
# relative error is meaningless.
cat("distribution,function,df1,df2,argument,value\n")
out <- function(d, f, df1, df2, x, v) {
  if (is.finite(v) && (v == 0 || abs(v) >= 1e-300)) cat(sprintf("%s,%s,%.17g,%.17g,%.17g,%.17g\n", d, f, df1, df2, x, v))
}
# R's qt, qf (via qbeta) and qchisq can miss by up to 1e-2 in far tails (e.g. qt(1e-300, 1.5):
# pt at R's own answer is 0.985e-300). Each quantile reference is therefore polished by Newton
# steps on R's accurate p-function in the tail that holds p, until pfun(x) = p to ~1e-16.
polish <- function(x, p, pfun, dfun) {
  if (!is.finite(x) || x == 0) return(x)
  upper <- p > 0.5
  logTarget <- if (upper) log1p(-p) else log(p)
  for (i in 1:50) {
    # Newton on log P(x) = log p: step = (log P - log p) / (d/dx log P) with d/dx log P = +-f/P.
    lp <- pfun(x, lower.tail = !upper, log.p = TRUE)
    slope <- exp(dfun(x, log = TRUE) - lp) * (if (upper) -1 else 1)
    step <- (lp - logTarget) / slope
    if (!is.finite(step)) break
    x1 <- x - step
    if (abs(x1 - x) <= 2e-16 * abs(x)) { x <- x1; break }
    x <- x1
  }
  x
}
probabilities <- c(1e-300, 1e-100, 1e-20, 1e-10, 1e-4, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999, 1 - 1e-12)

# Student t, including df 0.5 and 1e6 and tails to 1e-300.
# For df > 4e5 R's pt switches to a normal approximation (Abramowitz & Stegun 26.7.8, error
# O(1/df^2)), and qt refines with that pt; there the references come from the same incomplete
# beta (TOMS 708) that pt uses below 4e5, and the quantile from uniroot on it.
pt_beta <- function(t, df, lower = TRUE) {
  if (!is.finite(t * t)) return(if ((t <= 0) == lower) 0 else 1)   # far below 1e-300 at df > 4e5
  y <- t * t / (df + t * t)   # both forms without cancellation, as R's pt does for df <= 4e5
  tail <- if (y < 0.5) 0.5 * pbeta(y, 0.5, df / 2, lower.tail = FALSE) else 0.5 * pbeta(df / (df + t * t), df / 2, 0.5)
  if ((t <= 0) == lower) tail else 1 - tail
}
qt_beta <- function(p, df) {
  if (p == 0.5) return(0)
  q <- min(p, 1 - p)
  lo <- qnorm(q) * 1.5 - 1; hi <- 0
  r <- uniroot(function(t) pt_beta(t, df) / q - 1, c(lo, hi), tol = 1e-300, maxiter = 5000)$root
  if (p < 0.5) r else -r
}
for (df in c(0.5, 1, 1.5, 2, 3, 5, 9, 9.5, 30, 120, 1000, 1e5, 1e6)) {
  big <- df > 4e5
  for (t in c(-1e200, -1e30, -1e10, -1e5, -300, -40, -8, -3, -1.5, -0.2, -1e-8, 0, 0.7, 2, 5, 25, 1e4)) {
    out("t", "cdf", df, NA, t, if (big) pt_beta(t, df) else pt(t, df))
    out("t", "sf", df, NA, t, if (big) pt_beta(t, df, lower = FALSE) else pt(t, df, lower.tail = FALSE))
  }
  # p = 0.5 is left out: the quantile is 0 and R returns rounding noise (2.6e-16 at df 0.5).
  for (p in probabilities) if (p != 0.5 && (!big || p >= 1e-100)) out("t", "quantile", df, NA, p, if (big) qt_beta(p, df) else
    polish(qt(p, df), p, function(x, ...) pt(x, df, ...), function(x, ...) dt(x, df, ...)))
}
# F
for (df1 in c(0.5, 1, 2, 6, 20, 1e5)) for (df2 in c(0.5, 1, 5, 9, 60, 2000, 1e6)) {
  for (f in c(1e-10, 0.01, 0.5, 1, 3, 30, 330.285339234588, 1e5, 1e12)) {
    out("F", "sf", df1, df2, f, pf(f, df1, df2, lower.tail = FALSE))
    out("F", "cdf", df1, df2, f, pf(f, df1, df2))
  }
  for (p in c(1e-10, 0.025, 0.5, 0.975, 1 - 1e-10)) out("F", "quantile", df1, df2, p,
    polish(qf(p, df1, df2), p, function(x, ...) pf(x, df1, df2, ...), function(x, ...) df(x, df1, df2, ...)))
}
# Normal, to 1e-300 in both tails.
for (z in c(-37.5, -35, -30, -20, -10, -3, -1, -1e-10, 0, 0.5, 2, 8, 20, 30, 37.5)) {
  out("normal", "cdf", NA, NA, z, pnorm(z))
  out("normal", "sf", NA, NA, z, pnorm(z, lower.tail = FALSE))
}
for (p in probabilities) out("normal", "quantile", NA, NA, p, qnorm(p))
# Chi-squared, df 0.5 to 1e6, arguments relative to df, and far tails.
for (df in c(0.5, 1, 2, 3, 7.5, 30, 100, 1000, 1e5, 1e6)) {
  for (m in c(1e-10, 1e-3, 0.1, 0.5, 0.9, 0.99, 1, 1.01, 1.1, 2, 5, 20)) {
    out("chisq", "cdf", df, NA, df * m, pchisq(df * m, df))
    out("chisq", "sf", df, NA, df * m, pchisq(df * m, df, lower.tail = FALSE))
  }
  for (x in c(1e-200, 1e-5, 1300, 1e4)) {
    out("chisq", "cdf", df, NA, x, pchisq(x, df))
    out("chisq", "sf", df, NA, x, pchisq(x, df, lower.tail = FALSE))
  }
  for (p in probabilities) out("chisq", "quantile", df, NA, p,
    polish(qchisq(p, df), p, function(x, ...) pchisq(x, df, ...), function(x, ...) dchisq(x, df, ...)))
}
# Binomial: df1 = size n, df2 = probability of success.
for (np in list(c(1, 0.3), c(10, 0.5), c(20, 0.05), c(100, 0.3), c(1000, 0.001), c(1000, 0.999),
                c(1e6, 0.5), c(1e6, 1e-5))) {
  n <- np[1]; pr <- np[2]
  ks <- unique(pmin(n, pmax(0, round(c(0, 1, 2, n * pr / 4, n * pr - 3 * sqrt(n * pr), n * pr,
                                       n * pr + 3 * sqrt(n * pr), n * pr * 2 + 5, n - 1, n)))))
  for (k in ks) {
    out("binomial", "cdf", n, pr, k, pbinom(k, n, pr))
    out("binomial", "sf", n, pr, k, pbinom(k, n, pr, lower.tail = FALSE))
  }
  for (p in c(1e-10, 0.025, 0.3, 0.5, 0.975, 1 - 1e-10)) out("binomial", "quantile", n, pr, p, qbinom(p, n, pr))
}
