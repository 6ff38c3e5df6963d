// Which code cells depend on which, from the names each defines and reads
// (NameUses in the core), as marimo and Pluto do. Used by `fls run --cell N`
// (run what N needs first) and `fls watch` (re-run what an edit affects).
//
// The rules, in file order:
// - A cell that reads `x` depends on the nearest cell above it that defines
//   or changes `x` (the value a top-to-bottom run would give it).
// - A name defined in two cells: readers below the second use the second;
//   re-running the first also re-runs the second (and what depends on it),
//   so the name ends as a top-to-bottom run leaves it.
// - `x[i] = e`, `x.f = e` and `x += e` in a later cell read `x` and change it
//   in place: cells below that read `x` depend on that cell, and re-running
//   it re-runs the cell that made `x` first, so the change is never applied
//   twice to the same value.
// - A cell with `use module` is a dependency of every cell below it (its
//   names are known only when the module loads).
// - A name no cell defines is a primitive or an error at run time.

import FLS

/// The dependency graph of a notebook's code cells.
public struct CellGraph {
    /// One code cell: where it is and what it names.
    public struct Node {
        /// Its index in `Notebook.cells`.
        public var cellIndex: Int
        /// Its source text (what `fls watch` compares).
        public var source: String
        /// Its names, or nil when it has a syntax error.
        public var uses: NameUses?
        /// The syntax error, when it has one.
        public var syntaxError: Error?
    }

    /// The code cells in file order; node k is code cell number k + 1.
    public let nodes: [Node]

    /// Analyses the code cells of `notebook` (`fileName` names errors).
    public init(notebook: Notebook, fileName: String) {
        nodes = notebook.codeCellIndices.map { index in
            let cell = notebook.cells[index]
            let padding = String(repeating: "\n", count: max(0, cell.sourceLine - 1))
            do {
                let uses = try NameUses.of(SourceFile(name: fileName, text: padding + cell.source))
                return Node(cellIndex: index, source: cell.source, uses: uses, syntaxError: nil)
            } catch {
                return Node(cellIndex: index, source: cell.source, uses: nil, syntaxError: error)
            }
        }
    }

    /// The nearest node before `k` that defines or changes `name`.
    public func definer(of name: String, before k: Int) -> Int? {
        var j = k - 1
        while j >= 0 {
            if let u = nodes[j].uses, u.defines.contains(name) || u.mutates.contains(name) { return j }
            j -= 1
        }
        return nil
    }

    /// The names node `k` takes from cells above it, with the node each comes from.
    public func inputs(of k: Int) -> [(name: String, from: Int)] {
        guard let u = nodes[k].uses else { return [] }
        return u.reads.union(u.mutates).sorted().compactMap { name in
            definer(of: name, before: k).map { (name, $0) }
        }
    }

    /// The nodes `k` depends on directly, in order.
    public func dependencies(of k: Int) -> [Int] {
        var out = Set(inputs(of: k).map(\.from))
        for j in 0..<k where nodes[j].uses?.usesModule ?? false { out.insert(j) }
        return out.sorted()
    }

    /// Everything `k` needs, transitively, in file order (without `k`).
    public func prerequisites(of k: Int) -> [Int] {
        var seen = Set<Int>()
        var work = [k]
        while let n = work.popLast() {
            for d in dependencies(of: n) where !seen.contains(d) {
                seen.insert(d)
                work.append(d)
            }
        }
        return seen.sorted()
    }

    /// Names node `k` reads that no cell above defines but a cell below does: `(name, that cell)`.
    public func definedOnlyLater(for k: Int) -> [(name: String, at: Int)] {
        guard let u = nodes[k].uses else { return [] }
        return u.reads.union(u.mutates).sorted().compactMap { name in
            guard definer(of: name, before: k) == nil else { return nil }
            for j in (k + 1)..<nodes.count where nodes[j].uses?.defines.contains(name) ?? false {
                return (name, j)
            }
            return nil
        }
    }

    /// The nodes to run again when `changed` nodes are new or edited, in file order:
    /// the changed ones, what depends on them, later cells that define the same
    /// names, and the cells that first made the values changed in place.
    public func affected(by changed: Set<Int>) -> [Int] {
        var dependents = [[Int]](repeating: [], count: nodes.count)
        for k in nodes.indices {
            for d in dependencies(of: k) { dependents[d].append(k) }
        }
        var dirty = changed
        var work = Array(changed)
        func add(_ n: Int) {
            if dirty.insert(n).inserted { work.append(n) }
        }
        while let n = work.popLast() {
            for d in dependents[n] { add(d) }
            guard let u = nodes[n].uses else { continue }
            // A later cell that defines or changes the same name must run after this one again.
            for name in u.defines.union(u.mutates) {
                for j in (n + 1)..<nodes.count {
                    if let v = nodes[j].uses, v.defines.contains(name) || v.mutates.contains(name) { add(j) }
                }
            }
            // A change in place starts again from the value it changes.
            for name in u.mutates {
                if let d = definer(of: name, before: n) { add(d) }
            }
        }
        return dirty.sorted()
    }
}
