# Writes the test files of the SPSS/Stata/SAS loader with R's haven (issue 12):
#   - the example cohort as .sav, .dta, .xpt (version 8) and .sas7bdat, column for column as the
#     CSV (character columns stay character, numbers stay doubles), so each must load to the same
#     frame as Datasets/example_cohort.csv and give the same fit;
#   - labelled.dta and labelled.sav: value labels (arm 1 = "usual care", 2 = "massage", in that
#     code order), special missing values (Stata .a/.b; SPSS user-defined missing 99), a date
#     and variable labels;
#   - short.xpt (version 5): names of at most 8 characters, with their variable labels.
# Run from the repository root:  Rscript Notebooks-Scripts/write_statistical_files.R
suppressPackageStartupMessages(library(haven))
out <- "Tests/OutcomeAnalysisTests/Fixtures/statistical-files/"
d <- read.csv("Datasets/example_cohort.csv", na.strings = c("", "NA", "."), stringsAsFactors = FALSE)
for (name in names(d)) if (is.integer(d[[name]])) d[[name]] <- as.double(d[[name]])
write_sav(d, paste0(out, "example_cohort.sav"))
write_dta(d, paste0(out, "example_cohort.dta"), version = 15)
write_xpt(d, paste0(out, "example_cohort.xpt"), version = 8)
suppressWarnings(write_sas(d, paste0(out, "example_cohort.sas7bdat")))

labelled_data <- data.frame(
  id = c(1, 2, 3, 4, 5, 6),
  arm = labelled(c(1, 2, 1, 2, 2, 1), c("usual care" = 1, "massage" = 2), label = "Randomized arm"),
  pain = labelled(c(6.5, tagged_na("a"), 4, 3.5, tagged_na("b"), 5), label = "Pain NRS at week 10"),
  visit = as.Date(c("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09")))
write_dta(labelled_data, paste0(out, "labelled.dta"), version = 15)
spss <- labelled_data
spss$pain <- labelled_spss(c(6.5, 99, 4, 3.5, 99, 5), na_values = 99, label = "Pain NRS at week 10")
write_sav(spss, paste0(out, "labelled.sav"))

short <- data.frame(PATIENT = c("P1", "P1", "P2", "P2"), WEEK = c(0, 10, 0, 10), PAINNRS = c(6, 4, 7, 3))
attr(short$PAINNRS, "label") <- "Pain numeric rating scale"
write_xpt(short, paste0(out, "short.xpt"), version = 5)

# out_of_range.dta: pain_nrs = 12 in its second observation (the NRS is 0-10).
write_dta(data.frame(patient_id = c("P1", "P1"), week = c(0, 10), pain_nrs = c(3, 12)), paste0(out, "out_of_range.dta"))
