/// A unified diff (`diff -u` style) between two texts, line by line, with three lines of
/// context — what `outcomes run --check` prints when a committed report drifted.
///
/// The alignment is a longest common subsequence over lines, O(n·m) in time and memory after
/// trimming the common prefix and suffix; report files are small enough for that.
enum UnifiedDiff {
    static func diff(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        // Edit script over the middle: (kind, index in a, index in b).
        var operations: [(Character, Int, Int)] = (0..<prefix).map { (" ", $0, $0) }
        operations += lcsOperations(middleA, middleB).map { ($0.0, $0.1 + prefix, $0.2 + prefix) }
        operations += (0..<suffix).map { (" ", a.count - suffix + $0, b.count - suffix + $0) }

        var lines = ["--- \(oldName)", "+++ \(newName)"]
        var index = 0
        while index < operations.count {
            guard operations[index].0 != " " else { index += 1; continue }
            let start = max(0, index - context)
            var end = index
            // Extend the hunk while changes are within 2·context lines of each other.
            var lastChange = index
            while end < operations.count {
                if operations[end].0 != " " { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            end = min(operations.count, lastChange + context + 1)
            let hunk = operations[start..<end]
            let oldStart = hunk.first { $0.0 != "+" }.map { $0.1 + 1 } ?? (hunk.first!.1 + 1)
            let newStart = hunk.first { $0.0 != "-" }.map { $0.2 + 1 } ?? (hunk.first!.2 + 1)
            let oldCount = hunk.filter { $0.0 != "+" }.count
            let newCount = hunk.filter { $0.0 != "-" }.count
            lines.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for (kind, i, j) in hunk {
                lines.append(String(kind) + (kind == "+" ? b[j] : a[i]))
            }
            index = end
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Keep/delete/insert operations aligning `a` and `b` by a longest common subsequence.
    private static func lcsOperations(_ a: [String], _ b: [String]) -> [(Character, Int, Int)] {
        let n = a.count, m = b.count
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var result: [(Character, Int, Int)] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                result.append((" ", i, j)); i += 1; j += 1
            } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                // Deletions before insertions, as diff -u prints a replaced line.
                result.append(("-", i, j)); i += 1
            } else {
                result.append(("+", i, j)); j += 1
            }
        }
        return result
    }
}
