/// How many digits result JSON carries.
public enum NumberPrecision: Sendable {
    /// Every bit: shortest round-trip decimals (`outcomes fit --format json`).
    case full
    /// Ten significant digits, so committed reports are byte-identical on machines whose BLAS
    /// kernels differ in the last bits (see `JSONNumber.reportDigits`).
    case report
}
