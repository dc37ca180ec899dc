import Foundation
import OutcomeReports

/// Renders the batch index — `index.md`, `index.html` and `index.json` — from index entries,
/// the same way for a whole run and for `outcomes merge` of shards.
enum IndexDocument {
    /// The index files, keyed by file name.
    static func files(entries: [IndexEntry], stamp: String?) -> [String: String] {
        let entries = entries.sorted { $0.position < $1.position }
        var items: [[ReportInline]] = []
        for entry in entries {
            if entry.succeeded {
                items.append([.link(entry.name, target: "\(entry.name)/report.md"), .plain(": \(entry.title) — "),
                              .code(entry.formula), .plain(" (\(entry.headline ?? ""))")])
            } else {
                items.append([.plain(entry.name + ": "), .bold("failed"), .plain(": \(entry.error ?? "unknown error")")])
            }
        }
        var blocks: [ReportBlock] = [.heading(level: 1, text: "Analyses")]
        if let stamp { blocks.append(.paragraph([.plain(stamp)])) }
        let failed = entries.filter { !$0.succeeded }.count
        blocks.append(.paragraph([.plain("\(entries.count) analyses: \(entries.count - failed) succeeded, \(failed) failed.")]))
        blocks.append(.list(items))
        // Models that share a right-hand side (one per outcome, say) side by side.
        var sides: [String] = []
        let succeeded = entries.filter { $0.succeeded && !$0.coefficients.isEmpty }
        for entry in succeeded where !sides.contains(entry.rightHandSide) { sides.append(entry.rightHandSide) }
        for side in sides {
            let group = succeeded.filter { $0.rightHandSide == side }
            guard group.count > 1 else { continue }
            let models = group.map { SideBySideTable.Model(name: $0.name, coefficients: CoefficientTable(rows: $0.coefficients.map(\.row))) }
            blocks.append(.heading(level: 2, text: "Models side by side"))
            blocks.append(.paragraph([.plain("Models with right-hand side "), .code(side), .plain(".")]))
            blocks.append(.table(SideBySideTable(models: models).table()))
        }
        let htmlBlocks = blocks.map { block -> ReportBlock in
            guard case .list(let items) = block else { return block }
            return .list(items.map { $0.map { run in
                if case let .link(text, target) = run, target.hasSuffix("/report.md") {
                    return .link(text, target: String(target.dropLast(3)) + ".html")
                }
                return run
            } })
        }
        return [
            "index.md": MarkdownDocumentRenderer().render(blocks),
            "index.html": HTMLDocumentRenderer().render(title: "Analyses", blocks: htmlBlocks),
            "index.json": json(entries: entries, stamp: stamp),
        ]
    }

    /// `index.json`: every analysis with its status and headline estimates (ten significant
    /// digits, as every committed report number), for other tools to read.
    static func json(entries: [IndexEntry], stamp: String?) -> String {
        func number(_ text: String?) -> JSONValue { text.flatMap(Double.init).map { .reportNumber($0) } ?? .null }
        let analyses: [JSONValue] = entries.map { entry in
            var members: [(String, JSONValue)] = [
                ("name", .string(entry.name)), ("title", .string(entry.title)), ("formula", .string(entry.formula)),
                ("model", .string(entry.model)), ("status", .string(entry.status)),
            ]
            if let error = entry.error { members.append(("error", .string(error))) }
            if entry.succeeded {
                members.append(("report", .string("\(entry.name)/report.md")))
                members.append(("results", .string("\(entry.name)/results.json")))
                members.append(("n_obs", entry.observations.map { .integer($0) } ?? .null))
                members.append(("r_squared", number(entry.rSquared)))
                members.append(("coefficients", .array(entry.coefficients.filter { !$0.isReference }.map { c in
                    .object([("term", .string(c.term)), ("estimate", number(c.estimate)), ("conf_low", number(c.low)),
                             ("conf_high", number(c.high)), ("p_value", number(c.p))])
                })))
            }
            if let seconds = entry.seconds { members.append(("seconds", number(seconds))) }
            return .object(members)
        }
        var root: [(String, JSONValue)] = []
        if let stamp { root.append(("stamp", .string(stamp))) }
        root.append(("analyses", .array(analyses)))
        return JSONValue.object(root).rendered(pretty: true)
    }
}
