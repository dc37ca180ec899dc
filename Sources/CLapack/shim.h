// Umbrella header for the CLapack system library: OpenBLAS's CBLAS and the LAPACKE C interface.
// Only OutcomeStats' linear-algebra layer imports this module.
#pragma once
#include <cblas.h>
#include <lapacke.h>
