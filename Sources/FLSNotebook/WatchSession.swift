// `fls watch NB.fls`: one session that follows a notebook as it is edited.
// Each saved version is compared with the last one that ran: cells whose
// source is new or edited, or whose inputs now come from a different cell,
// run again together with everything CellGraph says they affect; every other
// cell is skipped and keeps its outputs and its variables. A version with a
// syntax error is reported and not run, and the last good one stays the
// reference for the next save.

import FLS

/// Follows a notebook through its saves, re-running only what changed.
public final class WatchSession {
    /// What one save did.
    public struct Report: Equatable, Sendable {
        /// Code cell numbers (1-based) that ran, in order.
        public var ran: [Int] = []
        /// Of those, the ones that were new or edited (or whose inputs moved).
        public var changed: [Int] = []
        /// Code cell numbers skipped as unchanged.
        public var skipped: [Int] = []
        /// Code cell numbers that failed.
        public var failed: [Int] = []
        /// The syntax error that stopped this save from running, rendered.
        public var syntaxError: String?
    }

    let fileName: String
    let kernel: InterpreterKernel
    let write: (String) -> Void
    let color: Bool
    /// The last version that ran, its graph and each code cell's latest result.
    public private(set) var notebook: Notebook?
    var graph: CellGraph?
    var results: [CellResult?] = []

    /// `kernel` holds the session; `write` receives headings and summaries (cell outputs go through the kernel's host).
    public init(fileName: String, kernel: InterpreterKernel, color: Bool, write: @escaping (String) -> Void) {
        self.fileName = fileName
        self.kernel = kernel
        self.color = color
        self.write = write
    }

    /// The latest result of every code cell that has run, for a rendered page.
    public var cellResults: [CellResult] { results.compactMap { $0 } }

    /// Takes the file's new text: runs what changed and reports.
    @discardableResult
    public func update(text: String) -> Report {
        var report = Report()
        let next = NotebookParser.parse(text)
        let nextGraph = CellGraph(notebook: next, fileName: fileName)
        if let bad = nextGraph.nodes.enumerated().first(where: { $0.element.syntaxError != nil }),
            let error = bad.element.syntaxError
        {
            let rendered = DiagnosticRenderer.render(error, color: color)
            report.syntaxError = rendered
            write(
                style("[cell \(bad.offset + 1)] syntax error: nothing ran; the last good version stays loaded", "1;31")
                    + "\n" + rendered + "\n")
            return report
        }
        let (matches, changed) = compare(nextGraph)
        forgetRemovedNames(nextGraph)
        let toRun = nextGraph.affected(by: changed)
        var nextResults = [CellResult?](repeating: nil, count: nextGraph.nodes.count)
        for (k, j) in matches.enumerated() {
            if let j, j < results.count, var kept = results[j] {
                kept.cellIndex = nextGraph.nodes[k].cellIndex
                nextResults[k] = kept
            }
        }
        for k in toRun {
            let node = nextGraph.nodes[k]
            let cell = next.cells[node.cellIndex]
            let title = cell.title.isEmpty ? "" : " " + cell.title
            write(
                style("In [\(k + 1)]:", "1;32") + style(title, "1")
                    + (changed.contains(k) ? "" : style("  (depends on a changed cell)", "2")) + "\n")
            let result = kernel.run(cell: cell, index: node.cellIndex)
            nextResults[k] = result
            if result.failed { report.failed.append(k + 1) }
        }
        notebook = next
        graph = nextGraph
        results = nextResults
        report.ran = toRun.map { $0 + 1 }
        report.changed = changed.sorted().map { $0 + 1 }
        report.skipped = nextGraph.nodes.indices.filter { !toRun.contains($0) }.map { $0 + 1 }
        write(summary(report) + "\n")
        return report
    }

    /// Matches each new code cell to an old one with the same source (in order), and finds the changed ones:
    /// unmatched cells, and matched ones whose inputs now come from a different cell.
    func compare(_ next: CellGraph) -> (matches: [Int?], changed: Set<Int>) {
        guard let old = graph else {
            return ([Int?](repeating: nil, count: next.nodes.count), Set(next.nodes.indices))
        }
        var matches = [Int?](repeating: nil, count: next.nodes.count)
        var pointer = 0
        for k in next.nodes.indices {
            var j = pointer
            while j < old.nodes.count && old.nodes[j].source != next.nodes[k].source { j += 1 }
            if j < old.nodes.count {
                matches[k] = j
                pointer = j + 1
            }
        }
        var changed = Set<Int>()
        for k in next.nodes.indices {
            guard let j = matches[k] else {
                changed.insert(k)
                continue
            }
            // Same text; did a name it reads come to come from another cell? (An edited
            // definer needs no check here: the graph re-runs its dependents anyway.)
            let newInputs = Dictionary(next.inputs(of: k).map { ($0.name, $0.from) }, uniquingKeysWith: { a, _ in a })
            let oldInputs = Dictionary(old.inputs(of: j).map { ($0.name, $0.from) }, uniquingKeysWith: { a, _ in a })
            for name in Set(newInputs.keys).union(oldInputs.keys) {
                if let from = newInputs[name] {
                    guard let was = matches[from] else { continue }
                    if was != oldInputs[name] { changed.insert(k) }
                } else if oldInputs[name] != nil {
                    changed.insert(k)
                }
            }
        }
        return (matches, changed)
    }

    /// Names only removed cells defined are forgotten, so a cell still reading one fails as a fresh run would.
    func forgetRemovedNames(_ next: CellGraph) {
        guard let old = graph else { return }
        var stillDefined = Set<String>()
        for node in next.nodes { if let u = node.uses { stillDefined.formUnion(u.defines) } }
        for node in old.nodes {
            guard let u = node.uses else { continue }
            for name in u.defines where !stillDefined.contains(name) {
                kernel.interpreter.globals[name] = nil
            }
        }
    }

    /// `ran 2, 3 (changed: 2) · skipped as unchanged: 1, 4 · failed: 3`.
    func summary(_ r: Report) -> String {
        func list(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: ", ") }
        var parts: [String] = []
        if r.ran.isEmpty {
            parts.append("nothing changed")
        } else {
            let cells = r.ran.count == 1 ? "cell" : "cells"
            let dependents = r.ran.filter { !r.changed.contains($0) }
            var what = "ran \(cells) \(list(r.ran))"
            if !dependents.isEmpty && !r.changed.isEmpty {
                what += " (changed: \(list(r.changed)); depending on them: \(list(dependents)))"
            }
            parts.append(what)
        }
        if !r.skipped.isEmpty { parts.append("skipped as unchanged: \(list(r.skipped))") }
        if !r.failed.isEmpty { parts.append(style("failed: \(list(r.failed))", "31")) }
        return style("\u{2014} ", "2") + parts.joined(separator: style(" \u{00B7} ", "2"))
    }

    func style(_ text: String, _ sgr: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}
