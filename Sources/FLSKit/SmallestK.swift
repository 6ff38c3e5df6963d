// The k nearest of a stream of candidates, kept as a short sorted list:
// the neighbour searches of t-SNE's affinities, trustworthiness and
// re-ranking all keep one per row.

/// The `capacity` smallest keys offered so far, smallest first. Among equal
/// keys the one offered first stays ahead, so offering candidates in index
/// order breaks ties by the lower index (as a stable argsort does).
struct SmallestK {
    let capacity: Int
    private(set) var keys: [Double]
    private(set) var indices: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        keys = [Double](repeating: 0, count: self.capacity)
        indices = [Int](repeating: 0, count: self.capacity)
    }

    /// Starts a new row.
    mutating func removeAll() { count = 0 }

    /// Keeps `index` if `key` is among the smallest so far.
    @inline(__always)
    mutating func offer(_ key: Double, _ index: Int) {
        if count == capacity && (capacity == 0 || key >= keys[capacity - 1]) { return }
        var pos = count == capacity ? capacity - 1 : count
        if count < capacity { count += 1 }
        while pos > 0 && keys[pos - 1] > key {
            keys[pos] = keys[pos - 1]
            indices[pos] = indices[pos - 1]
            pos -= 1
        }
        keys[pos] = key
        indices[pos] = index
    }
}
