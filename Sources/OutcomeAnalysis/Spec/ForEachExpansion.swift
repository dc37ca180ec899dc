import Yams

/// Expands an analysis entry with `for_each:` into one entry per combination of values.
///
/// ```yaml
/// - name: "{outcome}-{cohort}"
///   formula: "{outcome} ~ week * technique"
///   subset: cohort == "{cohort}"
///   for_each:
///     outcome: [pain_nrs, sleep_psqi]
///     cohort: [acute, chronic]
/// ```
/// stands for four analyses. Combinations follow the keys' order, the last key varying
/// fastest; every `{key}` in every value of the entry is replaced (marks are kept, so errors
/// still point into the spec).
///
/// How many analyses an entry stands for is known from the list lengths alone (``count(_:reader:)``),
/// so a spec's limit (`max_analyses:`, 1,000 by default) is checked before anything expands.
enum ForEachExpansion {
    /// The number of analyses `item` stands for: the product of its `for_each` list lengths
    /// (`Int.max` when that overflows), 1 without `for_each`.
    ///
    /// - Throws: ``AnalysisError/spec(file:line:column:message:)`` for a malformed `for_each`.
    static func count(_ item: Node, reader: SpecNodeReader) throws -> Int {
        guard case .mapping = item, let loops = item["for_each"] else { return 1 }
        guard case .mapping(let loopMapping) = loops, !loopMapping.isEmpty else {
            throw reader.error(loops, "'for_each' maps a placeholder to a list of values, e.g. { outcome: [pain_nrs, sleep_psqi] }")
        }
        var product = 1
        for (keyNode, valuesNode) in loopMapping {
            guard case .sequence(let sequence) = valuesNode, !sequence.isEmpty else {
                throw reader.error(valuesNode, "for_each '\(keyNode.string ?? "")' needs a non-empty list of values")
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: sequence.count)
            product = overflow ? Int.max : next
        }
        return product
    }

    /// The entries `item` stands for, each with the bindings that produced it.
    static func expand(_ item: Node, reader: SpecNodeReader) throws -> [Node] {
        guard case .mapping(let mapping) = item, let loops = item["for_each"] else { return [item] }
        guard case .mapping(let loopMapping) = loops, !loopMapping.isEmpty else {
            throw reader.error(loops, "'for_each' maps a placeholder to a list of values, e.g. { outcome: [pain_nrs, sleep_psqi] }")
        }
        var keys: [String] = []
        var valueLists: [[String]] = []
        for (keyNode, valuesNode) in loopMapping {
            let key = keyNode.string ?? ""
            guard key.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
                throw reader.error(keyNode, "for_each placeholder '\(key)' must be a simple name such as 'outcome'")
            }
            guard case .sequence(let sequence) = valuesNode, !sequence.isEmpty else {
                throw reader.error(valuesNode, "for_each '\(key)' needs a non-empty list of values")
            }
            keys.append(key)
            valueLists.append(try sequence.map { try reader.scalar($0, key: "for_each \(key)") })
        }
        let body = mapping.filter { $0.key.string != "for_each" }
        var combinations: [[String: String]] = [[:]]
        for (key, values) in zip(keys, valueLists) {
            combinations = combinations.flatMap { partial in values.map { partial.merging([key: $0]) { $1 } } }
        }
        return combinations.map { bindings in
            .mapping(Node.Mapping(body.map { (substitute($0.key, bindings), substitute($0.value, bindings)) },
                                  mapping.tag, mapping.style, mapping.mark))
        }
    }

    /// `node` with `{key}` replaced by its binding in every scalar.
    static func substitute(_ node: Node, _ bindings: [String: String]) -> Node {
        switch node {
        case .scalar(var scalar):
            var text = scalar.string
            for (key, value) in bindings { text = text.replacingOccurrences(of: "{\(key)}", with: value) }
            if text != scalar.string { scalar.string = text }
            return .scalar(scalar)
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (substitute($0.key, bindings), substitute($0.value, bindings)) },
                                         mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map { substitute($0, bindings) }, sequence.tag, sequence.style, sequence.mark))
        default:
            return node
        }
    }
}
