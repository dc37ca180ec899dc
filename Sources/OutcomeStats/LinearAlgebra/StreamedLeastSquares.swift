import Dispatch

/// Least squares for tall designs that never holds X: X is produced a block of rows at a time
/// (``RowBlockSource``), factored by a stacked Householder QR and refined by corrected
/// seminormal equations with residuals in extended precision.
///
/// 1. **Factor.** Rows are split into chunks of ``chunkRows``; each chunk stacks its blocks of
///    [X y] onto a triangular factor (``FixedOrder/stackedQR(_:order:block:rows:)``), and the
///    chunk factors are stacked in chunk order.
///    The result is the R of a Householder QR of [X y] (TSQR): [R c; 0 ρ] with Qᵀy = [c; ρ].
///    Chunks run on all cores; the chunk size and the merge order do not depend on the number of
///    cores, so the bits do not either.
/// 2. **Rank.** Column norms are those of R's columns. Columns are examined left to right as in
///    ``RefinedLeastSquares`` (and R's `lm`): column j is aliased when |Rⱼⱼ| ≤ `rankTolerance`·‖xⱼ‖;
///    it is removed and the small factor refactored without it, which equals refactoring X.
/// 3. **Scale and check.** X̃ = XD with D the powers of two that bring each column norm into
///    [1, 2), R̃ = RD exactly. When R̃'s reciprocal condition is below
///    ``minimumReciprocalCondition``, or the refinement's error bound (see
///    ``refinementErrorBound(reciprocalCondition:scaledR:order:residualNorm:coefficients:arithmetic:)``)
///    is above ``maximumErrorBound``, the initializer returns `nil`: the caller uses
///    ``RefinedLeastSquares``, whose augmented-system refinement handles ill-conditioned designs.
/// 4. **Solve and refine.** b̃₀ = R̃⁻¹c, then corrected seminormal equations (Björck): each pass
///    over the rows computes r = y − X̃b̃ and g = X̃ᵀr in extended precision (``ExtendedArithmetic``,
///    r kept unrounded in g), and b̃ += R̃⁻¹R̃⁻ᵀg. With R from a backward-stable QR the error
///    contracts by about κ(X̃)·u a pass; refinement stops when the correction is below a unit
///    roundoff of b̃, which for a well-conditioned design is after the first pass (b̃₀ of a
///    backward-stable QR is already that close).
/// 5. **Sandwich.** Given a heteroskedasticity-consistent estimator, each refinement pass also
///    accumulates its meat from the rows of Q₁ = X̃R̃⁻¹ and its residuals (``SandwichMeat``), so
///    the fit and its HC3 covariance take two passes over the rows in all.
///
/// Memory is O(chunk × p) per core besides the residuals; on 1,000,000 × 16 the passes replace a
/// 128 MB design matrix and its 128 MB factor copy.
///
/// ```swift
/// let columns = try DesignColumns(formula: formula, frame: frame)
/// if let ls = try StreamedLeastSquares(source: columns, rankTolerance: LinearModel.rankTolerance) {
///     ls.coefficients
/// }
/// ```
struct StreamedLeastSquares: LeastSquaresSolution {
    /// Rows per chunk: the unit of parallel work, fixed so results do not depend on core count.
    static let chunkRows = 32_768
    /// Rows per block inside a chunk (a 2,048 × 17 block is 272 KiB, inside a core's L2 cache).
    static let blockRows = 2_048
    /// Below this reciprocal condition of R̃ the streamed solution is not used (the dense solver
    /// then also refines (XᵀX)⁻¹, which needs the design in memory).
    static let minimumReciprocalCondition = 1e-4
    /// Largest ``refinementErrorBound(reciprocalCondition:scaledR:order:residualNorm:coefficients:arithmetic:)``
    /// at which the streamed solution is used; above it the in-memory solver keeps more digits.
    static let maximumErrorBound = 1e-14
    /// A correction at most this fraction of ‖b̃‖∞ ends the refinement once applied. The next
    /// pass would contract it by about κ(X̃)·u ≤ 10⁴·1.1e-16 (the streamed path refuses
    /// reciprocal conditions below ``minimumReciprocalCondition``), to below 2⁻²⁶·2.2e-12 ≈ 3e-20
    /// of ‖b̃‖, far under a unit roundoff: a pass that could change no digit is not run.
    static let convergedCorrection = 0x1p-26

    let rowCount: Int
    let columnCount: Int
    let keptColumns: [Int]
    let coefficients: [Double]
    let residuals: [Double]
    let refinementSteps: Int
    let reciprocalCondition: Double
    /// Powers of two D of the kept columns.
    let scales: [Double]
    /// R̃ of X̃ = XD over the kept columns, rank × rank, upper triangular, column-major.
    let scaledR: [Double]
    let source: any RowBlockSource
    /// The sandwich meat accumulated during the last refinement pass, from the final residuals.
    let fusedMeat: SandwichMeat?

    /// Solves min ‖y − Xb‖ over the columns of `source` that are not aliased, or returns `nil`
    /// when the kept columns are too ill-conditioned for corrected seminormal equations.
    ///
    /// - Parameters:
    ///   - source: X and y, a block of rows at a time.
    ///   - rankTolerance: relative norm below which a column counts as a combination of the
    ///     kept columns before it.
    ///   - sandwich: a heteroskedasticity-consistent estimator (HC0–HC3) whose meat every
    ///     refinement pass accumulates from its residuals (the last pass's is kept), so
    ///     ``sandwich(_:clusters:)`` for it needs no further pass over the rows.
    ///   - arithmetic: the extended precision of the refinement.
    /// - Throws: ``StatsError/tooFewObservations(observations:parameters:)`` when fewer rows than
    ///   estimable columns; ``StatsError/lapack(routine:info:)`` when LAPACK fails.
    init?(source: any RowBlockSource, rankTolerance: Double, sandwich: CovarianceEstimator? = nil,
          arithmetic: ExtendedArithmetic = .native) throws {
        let n = source.rowCount
        let p = source.columnCount
        rowCount = n
        columnCount = p
        self.source = source

        let full = try Self.factor(source)
        let (kept, norms, factor) = try Self.rank(of: full, columns: p, rankTolerance: rankTolerance)
        let k = kept.count
        guard k <= n else { throw StatsError.tooFewObservations(observations: n, parameters: k) }
        keptColumns = kept
        let scales = kept.map { j in
            norms[j] > 0 && norms[j].isFinite ? Double(sign: .plus, exponent: -norms[j].exponent, significand: 1) : 1
        }
        self.scales = scales
        var r = [Double](repeating: 0, count: k * k)
        var c = [Double](repeating: 0, count: k)
        for j in 0..<k {
            for i in 0...j { r[i + j * k] = factor[i + j * (k + 1)] * scales[j] }
            c[j] = factor[j + k * (k + 1)]
        }
        scaledR = r
        guard k > 0 else {
            coefficients = []
            residuals = [Double](unsafeUninitializedCapacity: n) { buffer, count in
                if n > 0 { source.fillResponse(0..<n, into: buffer.baseAddress!) }
                count = n
            }
            refinementSteps = 0
            reciprocalCondition = 0
            fusedMeat = nil
            return
        }
        reciprocalCondition = FixedOrder.reciprocalCondition(upper: r, order: k)
        guard reciprocalCondition >= Self.minimumReciprocalCondition else { return nil }

        // b̃₀ = R̃⁻¹c, then corrected seminormal equations, when their error bound allows.
        var b = c
        try FixedOrder.trtrsUpper(r, order: k, &b)
        let bound = Self.refinementErrorBound(reciprocalCondition: reciprocalCondition, scaledR: r, order: k,
                                              residualNorm: abs(factor[k + k * (k + 1)]), coefficients: b,
                                              arithmetic: arithmetic)
        guard bound <= Self.maximumErrorBound else { return nil }
        var residuals = [Double](repeating: 0, count: n)
        var steps = 0
        var previous = Double.infinity
        let fusable = sandwich.flatMap { $0 == .classical || $0.clusterColumn != nil ? nil : $0 }
        var meat: SandwichMeat?
        while steps < RefinedLeastSquares.maximumRefinementSteps {
            // Any pass may be the last (from a QR's b̃₀ the first usually is), so each accumulates
            // the meat of its residuals.
            let (g, passMeat) = Self.refinementPass(source, kept: kept, scales: scales, r: r, b: b,
                                                    sandwich: fusable,
                                                    arithmetic: arithmetic, residuals: &residuals)
            meat = passMeat
            var delta = g.map(\.value)
            FixedOrder.trsm(r, order: k, lower: false, transpose: true, &delta, columns: 1)
            try FixedOrder.trtrsUpper(r, order: k, &delta)
            steps += 1
            let size = delta.reduce(0) { max($0, abs($1)) }
            let bSize = b.reduce(0) { max($0, abs($1)) }
            if steps > 1 && !(size < previous) { break }   // stagnation or NaN: keep the last iterate
            for j in 0..<k { b[j] += delta[j] }
            previous = size / 2
            if size <= Self.convergedCorrection * bSize { break }
        }
        coefficients = zip(b, scales).map { $0 * $1 }
        self.residuals = residuals
        refinementSteps = steps
        fusedMeat = meat
    }

    /// The relative error the refinement can leave in b̃: κ²·uₓ·(1 + ‖r‖/(‖R̃‖_F‖b̃‖)), κ = 1/rcond.
    ///
    /// Each pass forms g = X̃ᵀr from residuals r computed in the extended precision of unit
    /// roundoff uₓ; at the solution g is a sum that cancels, so its error is about uₓ‖X̃‖‖r‖ and
    /// the correction R̃⁻¹R̃⁻ᵀg turns it into about κ²uₓ‖r‖/‖X̃‖ in b̃. (The augmented-system
    /// refinement of ``RefinedLeastSquares`` carries r as an unknown of its own and so avoids the
    /// cancellation.) NIST's Wampler4 and Wampler5, with κ ≈ 4·10³ after scaling and residuals
    /// large against the fit, have bounds near 10⁻¹⁰ and keep only 10–11 digits this way.
    static func refinementErrorBound(reciprocalCondition: Double, scaledR r: [Double], order k: Int,
                                     residualNorm: Double, coefficients b: [Double],
                                     arithmetic: ExtendedArithmetic) -> Double {
        let kappa = 1 / reciprocalCondition
        let rNorm = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let bNorm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return kappa * kappa * arithmetic.unitRoundoff * (1 + residualNorm / (rNorm * bNorm))
    }

    /// (XᵀX)⁻¹ = D R̃⁻¹R̃⁻ᵀ D over the kept columns.
    func inverseGram() throws -> [Double] {
        let k = keptColumns.count
        var rInverse = scaledR
        try FixedOrder.trtriUpper(&rInverse, order: k)
        var gram = gramOfUpperInverse(rInverse, order: k)
        for j in 0..<k { for i in 0..<k { gram[i + j * k] *= scales[i] * scales[j] } }
        return gram
    }

    /// The sandwich of ``SandwichMeat`` with the rows of Q₁ = X̃R̃⁻¹ formed block by block.
    func sandwich(_ estimator: CovarianceEstimator, clusters: [Int]?) throws -> [Double] {
        let k = keptColumns.count
        guard k > 0 else { return [] }
        let groups = clusters.map { ($0.max() ?? -1) + 1 } ?? 0
        let kept = keptColumns
        let scales = scales
        let source = source
        let scaledR = scaledR
        let n = rowCount
        @Sendable func accumulate(_ range: Range<Int>, into meat: inout SandwichMeat) {
            var block = [Double](repeating: 0, count: Self.blockRows * k)
            block.withUnsafeMutableBufferPointer { bp in
                for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.blockRows) {
                    let m = min(Self.blockRows, range.upperBound - start)
                    source.fill(start..<(start + m), columns: kept, scales: scales, into: bp.baseAddress!)
                    FixedOrder.solveRightUpper(scaledR, order: k, bp.baseAddress!, rows: m)
                    residuals.withUnsafeBufferPointer { ep in
                        if let clusters {
                            clusters.withUnsafeBufferPointer { cp in
                                meat.add(bp.baseAddress!, rows: m, residuals: ep.baseAddress! + start,
                                         clusters: cp.baseAddress! + start)
                            }
                        } else {
                            meat.add(bp.baseAddress!, rows: m, residuals: ep.baseAddress! + start, clusters: nil)
                        }
                    }
                }
            }
        }
        var rInverse = scaledR
        try FixedOrder.trtriUpper(&rInverse, order: k)
        if clusters == nil, let fusedMeat, fusedMeat.estimator == estimator {
            return fusedMeat.covariance(rInverse: rInverse, scales: scales)
        }
        var meat = SandwichMeat(estimator, order: k, rows: n, groups: groups)
        if clusters != nil {
            // Cluster scores are G × k: one accumulator, rows in order.
            accumulate(0..<n, into: &meat)
        } else {
            let parts = Self.inChunks(rows: n) { range in
                var part = SandwichMeat(estimator, order: k, rows: n, groups: 0)
                accumulate(range, into: &part)
                return part
            }
            for part in parts { meat.absorb(part) }
        }
        return meat.covariance(rInverse: rInverse, scales: scales)
    }

    /// The columns of X that are not aliased, given the factor `full` of [X y] from
    /// ``factor(_:)``: left to right, column j is aliased when |Rⱼⱼ| ≤ `rankTolerance`·‖xⱼ‖, and
    /// after each removal the small factor is refactored without the column (which equals
    /// refactoring X without it).
    ///
    /// - Returns: the kept columns, every column's norm ‖xⱼ‖ (from R's columns), and the factor of
    ///   [X_kept y], (k + 1) × (k + 1).
    static func rank(of full: [Double], columns p: Int, rankTolerance: Double) throws
        -> (kept: [Int], norms: [Double], factor: [Double]) {
        let augmented = p + 1
        var norms = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var sum = 0.0
            for i in 0...j { sum += full[i + j * augmented] * full[i + j * augmented] }
            norms[j] = sum.squareRoot()
        }
        var kept = Array(0..<p)
        var factor = full
        while true {
            let order = kept.count + 1
            let failing = kept.indices.first { k in !(abs(factor[k + k * order]) > rankTolerance * norms[kept[k]]) }
            guard let failing else { break }
            kept.remove(at: failing)
            let columns = kept + [p]
            var small = [Double](repeating: 0, count: augmented * columns.count)
            for (k, j) in columns.enumerated() {
                for i in 0...j { small[i + k * augmented] = full[i + j * augmented] }
            }
            _ = try FixedOrder.geqrf(&small, rows: augmented, columns: columns.count)
            factor = [Double](repeating: 0, count: columns.count * columns.count)
            for j in columns.indices { for i in 0...j { factor[i + j * columns.count] = small[i + j * augmented] } }
        }
        return (kept, norms, factor)
    }

    /// R of the Householder QR of [X y], (p + 1) × (p + 1), column-major, upper triangular.
    static func factor(_ source: any RowBlockSource) throws -> [Double] {
        let p = source.columnCount
        let order = p + 1
        let columns = Array(0..<p)
        let ones = [Double](repeating: 1, count: p)
        let parts = inChunks(rows: source.rowCount) { range -> Result<[Double], any Error> in
            Result {
                var r = [Double](repeating: 0, count: order * order)
                var block = [Double](repeating: 0, count: blockRows * order)
                for start in stride(from: range.lowerBound, to: range.upperBound, by: blockRows) {
                    let m = min(blockRows, range.upperBound - start)
                    block.withUnsafeMutableBufferPointer { bp in
                        source.fill(start..<(start + m), columns: columns, scales: ones, into: bp.baseAddress!)
                        source.fillResponse(start..<(start + m), into: bp.baseAddress! + p * m)
                        r.withUnsafeMutableBufferPointer { rp in
                            FixedOrder.stackedQR(rp.baseAddress!, order: order, block: bp.baseAddress!, rows: m)
                        }
                    }
                }
                return r
            }
        }
        guard var r = try parts.first?.get() else { return [Double](repeating: 0, count: order * order) }
        for part in parts.dropFirst() {
            var block = try part.get()
            r.withUnsafeMutableBufferPointer { rp in
                block.withUnsafeMutableBufferPointer { bp in
                    FixedOrder.stackedQR(rp.baseAddress!, order: order, block: bp.baseAddress!, rows: order)
                }
            }
        }
        return r
    }

    /// One refinement pass: residuals r = y − X̃b̃ into `residuals`, and X̃ᵀr in double-double;
    /// with `sandwich`, also the meat of that estimator from these residuals (rows of
    /// Q₁ = X̃R̃⁻¹ formed from the block once its residuals are done).
    static func refinementPass(_ source: any RowBlockSource, kept: [Int], scales: [Double], r: [Double], b: [Double],
                               sandwich: CovarianceEstimator?, arithmetic: ExtendedArithmetic,
                               residuals: inout [Double]) -> (gradient: [DoubleDouble], meat: SandwichMeat?) {
        let k = kept.count
        let n = source.rowCount
        let parts = residuals.withUnsafeMutableBufferPointer { rp in
            let shared = SharedPointer(rp.baseAddress!)
            return inChunks(rows: n) { range -> ([DoubleDouble], SandwichMeat?) in
                var g = [DoubleDouble](repeating: DoubleDouble(0), count: k)
                var meat = sandwich.map { SandwichMeat($0, order: k, rows: n, groups: 0) }
                var block = [Double](repeating: 0, count: blockRows * (k + 1))
                block.withUnsafeMutableBufferPointer { bp in
                    let x = bp.baseAddress!
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: blockRows) {
                        let m = min(blockRows, range.upperBound - start)
                        source.fill(start..<(start + m), columns: kept, scales: scales, into: x)
                        source.fillResponse(start..<(start + m), into: x + k * m)
                        arithmetic.blockResiduals(x: x, rows: m, columns: k, y: x + k * m, b: b,
                                                  residuals: shared.pointer + start, gradient: &g)
                        if meat != nil {
                            FixedOrder.solveRightUpper(r, order: k, x, rows: m)
                            meat!.add(x, rows: m, residuals: shared.pointer + start, clusters: nil)
                        }
                    }
                }
                return (g, meat)
            }
        }
        var g = [DoubleDouble](repeating: DoubleDouble(0), count: k)
        var meat = sandwich.map { SandwichMeat($0, order: k, rows: n, groups: 0) }
        for (partG, partMeat) in parts {
            for j in 0..<k { g[j] = g[j] + partG[j] }
            if let partMeat { meat!.absorb(partMeat) }
        }
        return (g, meat)
    }

    /// `body` over consecutive ranges of ``chunkRows`` rows, run on all cores; results in row order.
    static func inChunks<T: Sendable>(rows n: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let count = (n + chunkRows - 1) / chunkRows
        guard count > 1 else { return count == 1 ? [body(0..<n)] : [] }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            let base = SharedPointer(slots.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                let start = index * chunkRows
                base.pointer[index] = body(start..<min(n, start + chunkRows))
            }
        }
        return results.map { $0! }
    }
}

/// A pointer handed to concurrent chunks that each write a disjoint part of its memory.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}
