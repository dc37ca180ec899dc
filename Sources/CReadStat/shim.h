// Umbrella header for the CReadStat system library: ReadStat (Debian's libreadstat-dev), which
// reads SPSS (.sav), Stata (.dta) and SAS (.sas7bdat, .xpt) files. Only CohortData's
// StatisticalFiles folder imports this module.
#pragma once
#include <readstat.h>
