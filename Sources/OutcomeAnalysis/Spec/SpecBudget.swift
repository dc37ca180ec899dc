import Yams

/// The limits a spec file is held to before any of it is expanded, so that a short hostile
/// spec cannot exhaust memory, time or the stack:
///
/// | limit | value | why |
/// |---|---|---|
/// | YAML aliases (`*name`) | ``maximumAliases`` (100) | a "billion laughs" needs aliases of aliases |
/// | alias as (part of) a mapping key | refused | the YAML library hashes keys in full |
/// | explicit `? ` keys and `[…]`/`{…}` collections as keys | refused | the YAML library compares duplicate collection keys in time exponential in their depth (a 1.7 KB spec took 4 s, found by the spec fuzzer) |
/// | nodes after aliases are resolved | ``maximumNodes`` (100,000) | a spec of 1,000 analyses has ~20,000 |
/// | nesting | ``maximumDepth`` (256) levels of flow brackets or indentation | the YAML library recurses |
/// | analyses after `for_each` | ``defaultMaximumAnalyses`` (1,000), raised by `max_analyses:` | counted before expanding |
///
/// Aliases are counted from the text before it is parsed (a lexical count that may count a
/// `*name` inside a quoted string too, never fewer than the parser sees).
enum SpecBudget {
    /// Most aliases a spec may use.
    static let maximumAliases = 100
    /// Most YAML nodes a spec may hold once aliases are resolved.
    static let maximumNodes = 100_000
    /// Deepest nesting of flow collections, or of block indentation in columns.
    static let maximumDepth = 256
    /// Most analyses a spec expands to unless it says `max_analyses: N`.
    static let defaultMaximumAnalyses = 1_000
    /// The highest `max_analyses:` a spec may ask for.
    static let ceilingMaximumAnalyses = 1_000_000

    /// Counts aliases and nesting in `text` before YAML parses it.
    ///
    /// - Throws: ``AnalysisError/spec(file:line:column:message:)`` at the alias or line over a limit.
    static func checkText(_ text: String, file: String) throws {
        let bytes = Array(text.utf8)
        var aliases = 0
        var explicitKey: (Int, Int)? = nil
        var firstAlias: (Int, Int)? = nil
        var flowDepth = 0
        var line = 1, lineStart = 0
        var index = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isAnchorCharacter(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        // Block depth: the column of a line's first content after indentation and the
        // indicators `- `, `? `, `: ` (each block level takes at least one column).
        func contentColumn(from start: Int) -> Int {
            var i = start
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x20 || b == 0x09 { i += 1; continue }
                if (b == 0x2D || b == 0x3F || b == 0x3A), i + 1 < bytes.count, bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 { i += 2; continue }
                break
            }
            return i - start
        }
        // Whether the alias ending at `start` is a key, or inside a flow collection that is one:
        // a ':' follows it, or follows a bracket on its line that closes a collection holding it
        // (an implicit key never spans lines). Text in quotes may make this say yes wrongly,
        // never no.
        func isKey(after start: Int) -> Bool {
            var i = start
            var depth = 0
            func colonFollows(_ j: Int) -> Bool {
                var k = j
                while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
                return k < bytes.count && bytes[k] == 0x3A
            }
            if colonFollows(i) { return true }
            while i < bytes.count, bytes[i] != 0x0A {
                switch bytes[i] {
                case 0x5B, 0x7B: depth += 1
                case 0x5D, 0x7D:
                    if depth == 0 { if colonFollows(i + 1) { return true } } else { depth -= 1 }
                default: break
                }
                i += 1
            }
            return false
        }
        // A line whose content (after indentation and `- ` indicators) is an explicit key `? `,
        // or a flow collection followed by `:` on the same line, has a collection as a key.
        func checkLineKey(from start: Int, line: Int) throws {
            var i = start
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x20 || b == 0x09 { i += 1; continue }
                if b == 0x2D, i + 1 < bytes.count, bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 { i += 2; continue }
                break
            }
            guard i < bytes.count else { return }
            let column = i - start + 1
            if bytes[i] == 0x3F, i + 1 == bytes.count || isSpace(bytes[i + 1]) {
                throw complexKeyError(file: file, line: line, column: column)
            }
            guard bytes[i] == 0x5B || bytes[i] == 0x7B else { return }
            var depth = 0
            var j = i
            while j < bytes.count, bytes[j] != 0x0A {
                switch bytes[j] {
                case 0x5B, 0x7B: depth += 1
                case 0x5D, 0x7D:
                    depth -= 1
                    if depth == 0 {
                        if colonIndicatorFollows(j + 1) { throw complexKeyError(file: file, line: line, column: column) }
                        return
                    }
                default: break
                }
                j += 1
            }
        }
        // Whether `: ` (a mapping indicator) follows position `j`, after blanks.
        func colonIndicatorFollows(_ j: Int) -> Bool {
            var k = j
            while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            guard k < bytes.count, bytes[k] == 0x3A else { return false }
            return k + 1 == bytes.count || isSpace(bytes[k + 1]) || bytes[k + 1] == 0x2C || bytes[k + 1] == 0x7D || bytes[k + 1] == 0x5D
        }
        if contentColumn(from: 0) > maximumDepth { throw depthError(file: file, line: 1) }
        try checkLineKey(from: 0, line: 1)
        while index < bytes.count {
            let byte = bytes[index]
            let previous: UInt8? = index > 0 ? bytes[index - 1] : nil
            let atTokenStart = previous.map { isSpace($0) || $0 == 0x5B || $0 == 0x7B || $0 == 0x2C || $0 == 0x3A || $0 == 0x3F || $0 == 0x2D } ?? true
            switch byte {
            case 0x0A:
                line += 1
                lineStart = index + 1
                if contentColumn(from: lineStart) > maximumDepth { throw depthError(file: file, line: line) }
                try checkLineKey(from: lineStart, line: line)
            case 0x5B, 0x7B:
                flowDepth += 1
                if flowDepth > maximumDepth {
                    throw AnalysisError.spec(file: file, line: line, column: index - lineStart + 1,
                                             message: "nests deeper than \(maximumDepth) levels of '[' or '{'; a spec needs a few")
                }
            case 0x5D, 0x7D:
                flowDepth = max(0, flowDepth - 1)
                // A collection closing inside another flow collection, then `:`: a collection key.
                if flowDepth > 0, colonIndicatorFollows(index + 1) {
                    throw complexKeyError(file: file, line: line, column: index - lineStart + 1)
                }
            case 0x3F where atTokenStart && (index + 1 == bytes.count || isSpace(bytes[index + 1])):
                if explicitKey == nil { explicitKey = (line, index - lineStart + 1) }
            case 0x2A where atTokenStart && index + 1 < bytes.count && isAnchorCharacter(bytes[index + 1]):
                aliases += 1
                let column = index - lineStart + 1
                if firstAlias == nil { firstAlias = (line, column) }
                if aliases > maximumAliases {
                    throw AnalysisError.spec(file: file, line: line, column: column,
                                             message: "more than \(maximumAliases) YAML aliases ('*name'); a spec needs a few (use 'defaults:' or 'for_each:' to share settings)")
                }
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if isKey(after: end) {
                    throw AnalysisError.spec(file: file, line: line, column: column,
                                             message: "a YAML alias may not be (part of) a mapping key; spec keys are plain names")
                }
            default:
                break
            }
            index += 1
        }
        if let key = explicitKey, let alias = firstAlias {
            throw AnalysisError.spec(file: file, line: alias.0, column: alias.1,
                                     message: "a spec may not combine YAML aliases with explicit '?' keys (line \(key.0)); write keys as plain names")
        }
    }

    private static func complexKeyError(file: String, line: Int, column: Int) -> AnalysisError {
        .spec(file: file, line: line, column: column,
              message: "a mapping key must be a plain name ('key: value'), not an explicit '?' key or a '[…]'/'{…}' collection")
    }

    private static func depthError(file: String, line: Int) -> AnalysisError {
        .spec(file: file, line: line, column: 1, message: "is indented deeper than \(maximumDepth) columns; a spec nests a few levels")
    }

    /// The number of nodes of `root` with every alias resolved, up to `maximumNodes + 1`,
    /// computed without expanding: an alias is the very node it names (same mark and kind),
    /// so each distinct node's size is computed once.
    ///
    /// - Throws: ``AnalysisError/spec(file:line:column:message:)`` when over ``maximumNodes``.
    static func checkExpandedSize(_ root: Node, file: String) throws {
        struct Key: Hashable { let line: Int, column: Int, kind: Int }
        var sizes: [Key: Int] = [:]
        func size(_ node: Node, depth: Int) -> Int {
            let kind: Int
            switch node {
            case .scalar: return 1
            case .mapping: kind = 1
            case .sequence: kind = 2
            default: return 1
            }
            let key = node.mark.map { Key(line: $0.line, column: $0.column, kind: kind) }
            if let key, let known = sizes[key] { return known }
            var total = 1
            if depth < maximumDepth * 2 {
                switch node {
                case .mapping(let mapping):
                    for (k, v) in mapping where total <= maximumNodes { total += size(k, depth: depth + 1) + size(v, depth: depth + 1) }
                case .sequence(let sequence):
                    for item in sequence where total <= maximumNodes { total += size(item, depth: depth + 1) }
                default: break
                }
            }
            total = min(total, maximumNodes + 1)
            if let key { sizes[key] = total }
            return total
        }
        if size(root, depth: 0) > maximumNodes {
            throw AnalysisError.spec(file: file, line: root.mark?.line, column: root.mark?.column,
                                     message: "holds more than \(maximumNodes) YAML values once its aliases are resolved; a spec needs far fewer")
        }
    }
}
