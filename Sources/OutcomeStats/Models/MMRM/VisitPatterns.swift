import Foundation

/// The subjects of an MMRM pooled by covariance group and pattern of observed visits, with the
/// moments that make an evaluation of the likelihood cost nothing per row.
///
/// For a pattern with k observed visits, each subject i contributes the row
/// zᵢ = [√w·x_{i1}, …, √w·x_{ik}, √w·y_{i1}, …, √w·y_{ik}] (its design rows at those visits, then
/// its responses, each scaled by the square root of its case weight), and the pattern keeps the
/// Gram matrix Σᵢ zᵢzᵢᵀ. For any k × k matrix A, the sums Σᵢ XᵢᵀAXᵢ, Σᵢ XᵢᵀAyᵢ and Σᵢ yᵢᵀAyᵢ are then
/// sums over the k² blocks of that Gram matrix, whatever the number of subjects.
///
/// A case weight w divides the observation's variance by w (SAS's `WEIGHT` statement and R
/// mmrm's `weights`): Σᵢ = W^{−1/2}ΣW^{−1/2}, so log|Σᵢ| = log|Σ| − Σ log w.
struct VisitPatterns {
    /// One pattern: subjects of one covariance group observed at the same visits.
    struct Pattern {
        /// The covariance group.
        let group: Int
        /// The observed visits, ascending indices into the group's visits.
        let visits: [Int]
        /// Number of subjects.
        let subjectCount: Int
        /// Σ over subjects and visits of log w.
        let logWeightSum: Double
        /// The Gram matrix of the rows zᵢ, (k(p + 1))², column-major, both triangles.
        let gram: [Double]
        /// The used-row index of each subject's observation at each visit, subject by subject
        /// (k per subject).
        let rows: [Int]
    }

    /// The most moments (doubles) the patterns may hold: 2 GiB.
    static let maximumMoments = 1 << 28

    let patterns: [Pattern]
    /// Number of fixed-effect columns p.
    let fixedCount: Int
    /// Number of subjects.
    let subjectCount: Int

    /// Pools the used rows.
    ///
    /// - Parameters:
    ///   - x: the n × p design, column-major.
    ///   - y: the n responses.
    ///   - weights: the n case weights, or `nil`.
    ///   - subjects: the subject code of each row (dense from 0).
    ///   - visits: the visit index of each row.
    ///   - groups: the covariance group of each row.
    ///   - subjectLabels, visitLabels: names for messages.
    ///   - precheck: called with the visits of each pattern before any moment is computed (a
    ///     work budget).
    /// - Throws: ``StatsError/mixedModel(_:)`` when a subject has two rows at one visit or
    ///   changes group.
    init(x: [Double], y: [Double], p: Int, weights: [Double]?, subjects: [Int32], visits: [Int32], groups: [Int32],
         subjectLabels: [String], visitLabels: [String], groupLabels: [String],
         precheck: (_ visitsPerPattern: [Int]) throws -> Void = { _ in }) throws {
        let n = y.count
        fixedCount = p
        let subjectCount = subjectLabels.count
        self.subjectCount = subjectCount
        // Rows by subject, in visit order.
        let order = (0..<n).sorted { (a: Int, b: Int) -> Bool in
            if subjects[a] != subjects[b] { return subjects[a] < subjects[b] }
            if visits[a] != visits[b] { return visits[a] < visits[b] }
            return a < b
        }
        struct Key: Hashable { let group: Int32; let visits: [Int32] }
        var bySubjectPattern: [Key: [Int]] = [:]   // key → flat rows
        var start = 0
        while start < n {
            let subject = subjects[order[start]]
            var end = start + 1
            while end < n && subjects[order[end]] == subject { end += 1 }
            let rows = Array(order[start..<end])
            for (a, b) in zip(rows, rows.dropFirst()) where visits[a] == visits[b] {
                throw StatsError.mixedModel("subject '\(excerpt(of: subjectLabels[Int(subject)], around: 1))' has two observations at visit '\(excerpt(of: visitLabels[Int(visits[a])], around: 1))' (data rows of the fit \(a + 1) and \(b + 1)); an MMRM needs at most one per visit: average them, or keep one")
            }
            let group = groups[rows[0]]
            if let other = rows.first(where: { groups[$0] != group }) {
                throw StatsError.mixedModel("subject '\(excerpt(of: subjectLabels[Int(subject)], around: 1))' is in covariance group '\(excerpt(of: groupLabels[Int(group)], around: 1))' and '\(excerpt(of: groupLabels[Int(groups[other])], around: 1))'; the groups before '/' must be constant within a subject")
            }
            bySubjectPattern[Key(group: group, visits: rows.map { visits[$0] }), default: []].append(contentsOf: rows)
            start = end
        }
        let keys = bySubjectPattern.keys.sorted { a, b in
            a.group != b.group ? a.group < b.group : a.visits.lexicographicallyPrecedes(b.visits)
        }
        // The moments take (k(p + 1))² numbers per pattern: bounded before any is allocated
        // (one pattern per subject, as with individual times, could otherwise fill memory).
        try precheck(keys.map(\.visits.count))
        var moments = 0.0
        for key in keys { moments += Double(key.visits.count * (p + 1)) * Double(key.visits.count * (p + 1)) }
        guard moments <= Double(Self.maximumMoments) else {
            throw StatsError.mixedModel("the MMRM's \(keys.count) visit patterns with \(p) fixed-effect columns need \(Int(moments)) moments, more than \(Self.maximumMoments) (2 GiB); use fewer visits or times (round individual times into visits), or fewer fixed effects")
        }
        var patterns: [Pattern] = []
        for key in keys {
            let rows = bySubjectPattern[key]!
            let k = key.visits.count
            let count = rows.count / k
            let width = k * (p + 1)
            var gram = [Double](repeating: 0, count: width * width)
            var logWeightSum = 0.0
            // Chunks of subjects, accumulated in order.
            let chunk = 2_048
            var first = 0
            while first < count {
                let m = min(chunk, count - first)
                var z = [Double](repeating: 0, count: m * width)
                for i in 0..<m {
                    for s in 0..<k {
                        let row = rows[(first + i) * k + s]
                        let w = weights?[row] ?? 1
                        if weights != nil { logWeightSum += Foundation.log(w) }
                        let root = weights == nil ? 1 : w.squareRoot()
                        for j in 0..<p { z[i + (s * p + j) * m] = root * x[row + j * n] }
                        z[i + (k * p + s) * m] = root * y[row]
                    }
                }
                z.withUnsafeBufferPointer { FixedOrder.accumulateGram($0.baseAddress!, rows: m, columns: width, into: &gram) }
                first += m
            }
            for j in 0..<width { for i in 0..<j { gram[j + i * width] = gram[i + j * width] } }
            patterns.append(Pattern(group: Int(key.group), visits: key.visits.map(Int.init), subjectCount: count,
                                    logWeightSum: logWeightSum, gram: gram, rows: rows))
        }
        self.patterns = patterns
    }
}

extension VisitPatterns.Pattern {
    /// Σᵢ XᵢᵀAXᵢ (p × p) for the symmetric k × k `a`.
    func xax(_ a: [Double], p: Int) -> [Double] {
        let k = visits.count
        let width = k * (p + 1)
        var result = [Double](repeating: 0, count: p * p)
        gram.withUnsafeBufferPointer { g in
            for u in 0..<k {
                for s in 0..<k {
                    let weight = a[s + u * k]
                    if weight == 0 { continue }
                    for col in 0..<p {
                        let base = (u * p + col) * width + s * p
                        for row in 0..<p { result[row + col * p] += weight * g[base + row] }
                    }
                }
            }
        }
        return result
    }

    /// Σᵢ XᵢᵀAyᵢ (p) for the k × k `a`.
    func xay(_ a: [Double], p: Int) -> [Double] {
        let k = visits.count
        let width = k * (p + 1)
        var result = [Double](repeating: 0, count: p)
        for u in 0..<k {
            for s in 0..<k {
                let weight = a[s + u * k]
                if weight == 0 { continue }
                let base = (k * p + u) * width + s * p
                for row in 0..<p { result[row] += weight * gram[base + row] }
            }
        }
        return result
    }

    /// Σᵢ yᵢᵀAyᵢ for the k × k `a`.
    func yay(_ a: [Double], p: Int) -> Double {
        let k = visits.count
        let width = k * (p + 1)
        var result = 0.0
        for u in 0..<k { for s in 0..<k { result += a[s + u * k] * gram[(k * p + s) + (k * p + u) * width] } }
        return result
    }

    /// The k × k matrices Σᵢ rᵢrᵢᵀ (residuals at β) and T with T_su = ⟨M⁻¹, Σᵢ x_{is}x_{iu}ᵀ⟩.
    func residualAndTraceMoments(beta: [Double], informationInverse minv: [Double], p: Int) -> (r: [Double], t: [Double]) {
        let k = visits.count
        let width = k * (p + 1)
        var r = [Double](repeating: 0, count: k * k)
        var t = [Double](repeating: 0, count: k * k)
        gram.withUnsafeBufferPointer { g in
            for u in 0..<k {
                for s in 0..<k {
                    var quadratic = 0.0, trace = 0.0
                    for col in 0..<p {
                        let base = (u * p + col) * width + s * p
                        var inner = 0.0
                        for row in 0..<p {
                            inner += g[base + row] * beta[row]
                            trace += g[base + row] * minv[col + row * p]
                        }
                        quadratic += inner * beta[col]
                    }
                    var cross = 0.0
                    let ys = k * p + s, yu = k * p + u
                    for j in 0..<p { cross += beta[j] * (g[(s * p + j) + yu * width] + g[(u * p + j) + ys * width]) }
                    r[s + u * k] = g[ys + yu * width] - cross + quadratic
                    t[s + u * k] = trace
                }
            }
        }
        return (r, t)
    }
}
