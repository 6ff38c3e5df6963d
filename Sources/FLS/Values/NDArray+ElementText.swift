// Element texts for front ends that lay an array out themselves (the
// Jupyter kernel's HTML tables), formatted as `print` would show them.

extension NDArray {
    /// The texts of the elements at the given flat positions, formatted
    /// together (one float precision, one width) as numpy prints them, without
    /// the padding that aligns them. Positions must be in range.
    public func elementTexts(at positions: [Int]) -> [String] {
        let valid = positions.filter { $0 >= 0 && $0 < count }
        guard valid.count == positions.count else { return [] }
        let shown = ShownElements(shape: [], strides: [], summarise: false, edgeItems: 0, offsets: positions)
        guard let formatter = try? ElementFormatter(self, shown: shown) else { return [] }
        return positions.map { formatter.format($0).trimmingCharacters(in: " ") }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
