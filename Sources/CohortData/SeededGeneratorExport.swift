// The seeded generator lives in OutcomeStats (multiple imputation draws from it too); the
// simulator's users keep finding it here.
@_exported import struct OutcomeStats.SeededGenerator
