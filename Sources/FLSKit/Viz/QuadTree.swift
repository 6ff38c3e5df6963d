/// A region quad tree over 2-D points, stored as flat arrays and built top down
/// by partitioning an index array, for Barnes-Hut summaries of far-away points.
struct QuadTree {
    /// Per node: centre of mass, number of points, squared cell width, first
    /// child (children are contiguous) and child count (0 for a leaf).
    private(set) var comX: [Double] = []
    private(set) var comY: [Double] = []
    private(set) var count: [Double] = []
    private(set) var width2: [Double] = []
    private(set) var firstChild: [Int32] = []
    private(set) var childCount: [UInt8] = []
    /// The leaf holding each point.
    private(set) var leafOf: [Int32]

    /// Cells this deep stay leaves even with several points, which only happens
    /// for (nearly) coincident points; it bounds the depth and the traversal stack.
    static let maxDepth = 40

    @_optimize(speed)
    init(_ y: [Double], count n: Int) {
        leafOf = [Int32](repeating: 0, count: n)
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, y[2 * i]); maxX = max(maxX, y[2 * i])
            minY = min(minY, y[2 * i + 1]); maxY = max(maxY, y[2 * i + 1])
        }
        let half = max(maxX - minX, maxY - minY, 1e-12) / 2 * (1 + 1e-6)
        var perm = [Int32](0..<Int32(n))
        var scratch = [Int32](repeating: 0, count: n)
        var quads = [UInt8](repeating: 0, count: n)
        // Work items: node index, range in perm, cell centre, half width, depth.
        var work: [(node: Int, lo: Int, hi: Int, cx: Double, cy: Double, h: Double, depth: Int)] = []
        reserve(2 * n)
        append()
        work.append((0, 0, n, (minX + maxX) / 2, (minY + maxY) / 2, half, 0))
        while let item = work.popLast() {
            let node = item.node
            var sx = 0.0, sy = 0.0
            for t in item.lo..<item.hi { let i = Int(perm[t]); sx += y[2 * i]; sy += y[2 * i + 1] }
            let c = Double(item.hi - item.lo)
            comX[node] = sx / c; comY[node] = sy / c; count[node] = c
            width2[node] = 4 * item.h * item.h
            if item.hi - item.lo == 1 || item.depth >= QuadTree.maxDepth {
                for t in item.lo..<item.hi { leafOf[Int(perm[t])] = Int32(node) }
                continue
            }
            // Counting sort of the range into the four quadrants, with scalar
            // counters and cursors (indexable containers here cost more than the sort).
            var c0 = 0, c1 = 0, c2 = 0, c3 = 0
            for t in item.lo..<item.hi {
                let i = Int(perm[t])
                let q = UInt8(y[2 * i] >= item.cx ? 1 : 0) | UInt8(y[2 * i + 1] >= item.cy ? 2 : 0)
                quads[t] = q
                switch q {
                case 0: c0 += 1
                case 1: c1 += 1
                case 2: c2 += 1
                default: c3 += 1
                }
            }
            var f0 = item.lo, f1 = item.lo + c0, f2 = f1 + c1, f3 = f2 + c2
            let starts = (f0, f1, f2, f3)
            for t in item.lo..<item.hi {
                switch quads[t] {
                case 0: scratch[f0] = perm[t]; f0 += 1
                case 1: scratch[f1] = perm[t]; f1 += 1
                case 2: scratch[f2] = perm[t]; f2 += 1
                default: scratch[f3] = perm[t]; f3 += 1
                }
            }
            for t in item.lo..<item.hi { perm[t] = scratch[t] }
            let sizeList = [c0, c1, c2, c3]
            let startList = [starts.0, starts.1, starts.2, starts.3]
            firstChild[node] = Int32(comX.count)
            var made: UInt8 = 0
            let h = item.h / 2
            for q in 0..<4 where sizeList[q] > 0 {
                let child = comX.count
                append()
                made += 1
                let cx = item.cx + (q & 1 == 1 ? h : -h), cy = item.cy + (q & 2 == 2 ? h : -h)
                work.append((child, startList[q], startList[q] + sizeList[q], cx, cy, h, item.depth + 1))
            }
            childCount[node] = made
        }
    }

    private mutating func reserve(_ k: Int) {
        comX.reserveCapacity(k); comY.reserveCapacity(k); count.reserveCapacity(k)
        width2.reserveCapacity(k); firstChild.reserveCapacity(k); childCount.reserveCapacity(k)
    }

    private mutating func append() {
        comX.append(0); comY.append(0); count.append(0); width2.append(0); firstChild.append(-1); childCount.append(0)
    }

    /// Repulsive force Σ_j w_ij² (y_i - y_j) and Σ_j w_ij on point i, where a cell
    /// is taken as one heavy point when it is a leaf or its width / distance < theta.
    @_optimize(speed)
    func repulsion(point i: Int, x: Double, y: Double, theta2: Double, stack: inout [Int32])
        -> (fx: Double, fy: Double, z: Double)
    {
        var fx = 0.0, fy = 0.0, z = 0.0
        var top = 0
        stack[0] = 0
        top = 1
        let ownLeaf = Int(leafOf[i])
        comX.withUnsafeBufferPointer { cxs in
            comY.withUnsafeBufferPointer { cys in
                count.withUnsafeBufferPointer { cnt in
                    width2.withUnsafeBufferPointer { w2 in
                        firstChild.withUnsafeBufferPointer { fc in
                            childCount.withUnsafeBufferPointer { cc in
                                while top > 0 {
                                    top -= 1
                                    let node = Int(stack[top])
                                    let dx = x - cxs[node], dy = y - cys[node]
                                    let d2 = dx * dx + dy * dy
                                    let leaf = cc[node] == 0
                                    if leaf || w2[node] < theta2 * d2 {
                                        var c = cnt[node]
                                        // The point itself is not a neighbour; its coincident
                                        // companions (if any) still count.
                                        if node == ownLeaf { c -= 1 }
                                        guard c > 0 else { continue }
                                        let w = 1 / (1 + d2)
                                        z += c * w
                                        let f = c * w * w
                                        fx += f * dx; fy += f * dy
                                    } else {
                                        let first = Int(fc[node])
                                        if top + 4 > stack.count {
                                            stack.append(contentsOf: repeatElement(0, count: stack.count))
                                        }
                                        for k in 0..<Int(cc[node]) { stack[top] = Int32(first + k); top += 1 }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (fx, fy, z)
    }
}
