# Reference values for the intervals of OutcomeStats.groupedMeans (the trajectory plots):
#  - the Wilson score interval of a proportion (MeanInterval.wilsonScore, responder rates):
#    R's prop.test(x, n, correct = FALSE)$conf.int;
#  - the t interval of a mean (MeanInterval.studentT): R's t.test(values)$conf.int.
# Run from the repository root (writes both files):
#   Rscript Notebooks-Scripts/reference_wilson.R
# The Swift test is Tests/OutcomeStatsTests/GroupedMeansTests.swift.
out <- file("Tests/OutcomeStatsTests/Fixtures/wilson_reference.csv", "w")
cat("x,n,level,lower,upper\n", file = out)
for (n in c(1, 2, 7, 30, 200, 1000)) {
  for (x in unique(c(0, 1, floor(n / 3), n - 1, n))) {
    if (x < 0 || x > n) next
    for (level in c(0.95, 0.9)) {
      ci <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level)$conf.int)
      cat(sprintf("%d,%d,%.2f,%.17g,%.17g\n", x, n, level, ci[1], ci[2]), file = out)
    }
  }
}
close(out)
# Samples: pain scores at three weeks (the Swift test builds the same values).
samples <- list(w0 = c(6.5, 7.1, 5.9, 8.0, 6.2), w2 = c(5.0, 4.4, 6.1, 5.5, 4.9, 5.3, 3.8), w4 = c(3.0, 3.9))
out <- file("Tests/OutcomeStatsTests/Fixtures/t_interval_reference.csv", "w")
cat("week,level,mean,lower,upper\n", file = out)
for (week in names(samples)) {
  for (level in c(0.95, 0.9)) {
    tt <- t.test(samples[[week]], conf.level = level)
    cat(sprintf("%s,%.2f,%.17g,%.17g,%.17g\n", substring(week, 2), level, mean(samples[[week]]), tt$conf.int[1], tt$conf.int[2]), file = out)
  }
}
close(out)
