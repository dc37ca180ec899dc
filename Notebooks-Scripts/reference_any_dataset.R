# Reference values for data files that are not long cohorts in our contract, fitted under their
# own column names (issue 12):
#   1. lme4's sleepstudy as write.csv exports it: lmer(Reaction ~ Days + (Days | Subject)), REML,
#      lmerTest's Satterthwaite df;
#   2. HSAUR3's BtheB depression trial in long form (subject, time, bdi, bdi.pre, treatment, drug,
#      length): lmer(bdi ~ bdi.pre + time + treatment + drug + length + (1 | subject));
#   3. a one-row-per-patient endpoint file made from the example cohort (patient_id, technique,
#      cohort, pain_w0, pain_w10): the ANCOVA lm(pain_w10 ~ pain_w0 + technique + cohort).
# Optimizers as in reference_lmer.R: bobyqa with rhoend = 1e-12 (the criterion decides).
# Run from the repository root:
#   Rscript Notebooks-Scripts/reference_any_dataset.R
# It writes Tests/OutcomeAnalysisTests/Fixtures/{sleepstudy,btheb_long,endpoint}.csv (the data)
# and any_dataset_reference.csv (dataset,term,estimate,std_error,df).
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(HSAUR3) })
out <- "Tests/OutcomeAnalysisTests/Fixtures/"
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
tight <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.2, rhoend = 1e-12, maxfun = 1e5))
rows <- c("dataset,term,estimate,std_error,df,criterion")
add <- function(dataset, fit, criterion) {
  co <- coef(summary(fit))
  df <- if ("df" %in% colnames(co)) co[, "df"] else rep(df.residual(fit), nrow(co))
  rows <<- c(rows, paste(dataset, rownames(co), f17(co[, 1]), f17(co[, 2]), f17(df), f17(criterion), sep = ","))
}

write.csv(sleepstudy, paste0(out, "sleepstudy.csv"), row.names = FALSE)
d <- read.csv(paste0(out, "sleepstudy.csv"))
d$Subject <- factor(d$Subject)
fit <- lmer(Reaction ~ Days + (Days | Subject), data = d, REML = TRUE, control = tight)
add("sleepstudy", fit, REMLcrit(fit))

data("BtheB", package = "HSAUR3")
BtheB$subject <- factor(seq_len(nrow(BtheB)))
long <- reshape(BtheB, idvar = "subject", varying = c("bdi.2m", "bdi.3m", "bdi.5m", "bdi.8m"),
                direction = "long", v.names = "bdi", times = c(2, 3, 5, 8), timevar = "time")
long <- long[order(long$subject, long$time), c("subject", "time", "bdi", "bdi.pre", "treatment", "drug", "length")]
write.csv(long, paste0(out, "btheb_long.csv"), row.names = FALSE)
b <- read.csv(paste0(out, "btheb_long.csv"), na.strings = c("", "NA"))
b$subject <- factor(b$subject)
for (name in c("treatment", "drug", "length")) b[[name]] <- factor(b[[name]], levels = sort(unique(b[[name]]), method = "radix"))
fit <- lmer(bdi ~ bdi.pre + time + treatment + drug + length + (1 | subject), data = b, REML = TRUE, control = tight)
add("btheb", fit, REMLcrit(fit))

cohort <- read.csv("Datasets/example_cohort.csv", na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
base <- cohort[cohort$week == 0, c("patient_id", "technique", "cohort", "pain_nrs")]
end <- cohort[cohort$week == 10, c("patient_id", "pain_nrs")]
endpoint <- merge(base, end, by = "patient_id", suffixes = c("_w0", "_w10"))
names(endpoint) <- c("patient_id", "technique", "cohort", "pain_w0", "pain_w10")
write.csv(endpoint, paste0(out, "endpoint.csv"), row.names = FALSE, na = "")
e <- read.csv(paste0(out, "endpoint.csv"), na.strings = c("", "NA"))
e$technique <- relevel(factor(e$technique, levels = sort(unique(e$technique), method = "radix")), ref = "usual_care")
e$cohort <- factor(e$cohort, levels = sort(unique(e$cohort), method = "radix"))
fit <- lm(pain_w10 ~ pain_w0 + technique + cohort, data = e)
add("endpoint", fit, NA)
writeLines(rows, paste0(out, "any_dataset_reference.csv"))
