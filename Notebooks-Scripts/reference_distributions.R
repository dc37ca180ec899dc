# Reference values for OutcomeStats' distributions, from R's pt/qt/pf/pnorm/qnorm.
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_distributions.R > Tests/OutcomeStatsTests/Fixtures/distributions.csv
# Columns: distribution, function, df1, df2, argument, value (17 significant digits).
cat("distribution,function,df1,df2,argument,value\n")
out <- function(d, f, df1, df2, x, v) cat(sprintf("%s,%s,%.17g,%.17g,%.17g,%.17g\n", d, f, df1, df2, x, v))
for (df in c(1, 2, 3, 5, 9, 30, 120, 1000)) {
  for (t in c(-40, -8, -3, -1.5, -0.2, 0, 0.7, 2, 5, 25)) {
    out("t", "cdf", df, NA, t, pt(t, df))
    out("t", "sf", df, NA, t, pt(t, df, lower.tail = FALSE))
  }
  for (p in c(1e-10, 1e-4, 0.025, 0.3, 0.975, 0.9999)) out("t", "quantile", df, NA, p, qt(p, df))
}
for (df1 in c(1, 2, 6, 20)) for (df2 in c(1, 5, 9, 60, 2000)) for (f in c(0.01, 0.5, 1, 3, 30, 330.285339234588)) {
  out("F", "sf", df1, df2, f, pf(f, df1, df2, lower.tail = FALSE))
  out("F", "cdf", df1, df2, f, pf(f, df1, df2))
}
for (z in c(-30, -10, -3, -1, 0, 0.5, 2, 8)) {
  out("normal", "cdf", NA, NA, z, pnorm(z))
  out("normal", "sf", NA, NA, z, pnorm(z, lower.tail = FALSE))
}
for (p in c(1e-300, 1e-20, 1e-5, 0.025, 0.5, 0.8, 0.975, 1 - 1e-12)) out("normal", "quantile", NA, NA, p, qnorm(p))
