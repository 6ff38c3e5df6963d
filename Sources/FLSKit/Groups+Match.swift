// `match`: where each key sits in a table of keys, the join the kit's files
// need (signatures cover a sample of the frames in pose.pkl and images.tar).

import FLS

extension Groups {
    static var match: Primitive {
        Primitive(
            "match", family: "Groups", params: [Param("x"), Param("table")],
            summary: "For each item of x, the index of its first occurrence in table (-1 when absent).",
            doc: """
                Joins files through their paths: `rows = match(sigs.paths, pose.paths)` gives, for every \
                signature, its row in pose.pkl, so `pose.keypoints[rows]` lines up with `sigs.signatures`. \
                Both are 1-d str or integer arrays; one hash table over `table`, one pass over `x`.
                """,
            examples: [
                Example("match([\"b\", \"z\", \"a\"], [\"a\", \"b\", \"c\"])", "i64[3] [ 1 -1  0]"),
                Example("match([30, 10], [10, 20, 30, 10])", "i64[2] [2 0]"),
            ]
        ) { args, _ in
            let x = try args.array(0)
            let table = try args.array(1)
            guard x.ndim == 1, table.ndim == 1 else {
                throw RuntimeError(
                    "match: 'x' and 'table' must be 1-d arrays, got \(args[0].kindName) and \(args[1].kindName)")
            }
            var out = [Int64](repeating: -1, count: x.count)
            switch (x.storage, table.storage) {
            case (.str(let xs), .str(let ts)):
                // Keys are compared by their UTF-8 bytes, as numpy compares
                // str (Swift's String equality would also join canonically
                // equivalent spellings), without making a String per path.
                let table = ts.packedForm()
                var first: [Int64] = []
                first.reserveCapacity(table.count)
                var keys = ByteRangeKeys(expected: table.count)
                try table.bytes.withUnsafeBufferPointer { base in
                    try table.offsets.withUnsafeBufferPointer { offsets in
                        for i in 0..<table.count {
                            if i & 65535 == 0 { try Interrupt.check() }
                            let k = keys.number(base, start: offsets[i], length: offsets[i + 1] - offsets[i])
                            if k == first.count { first.append(Int64(i)) }
                        }
                        for i in 0..<xs.count {
                            if i & 65535 == 0 { try Interrupt.check() }
                            if let k = xs.withUTF8(i, { keys.find($0, in: base) }) { out[i] = first[k] }
                        }
                    }
                }
            default:
                guard x.dtype.isInteger || x.count == 0, table.dtype.isInteger || table.count == 0,
                    let xs = x.storage.integerValues ?? (x.count == 0 ? [] : nil),
                    let ts = table.storage.integerValues ?? (table.count == 0 ? [] : nil)
                else {
                    throw RuntimeError(
                        "match: 'x' and 'table' must both hold strings or both hold integers, got \(x.dtype) and \(table.dtype)"
                    )
                }
                var index: [Int64: Int64] = [:]
                index.reserveCapacity(ts.count)
                for (i, t) in ts.enumerated() where index[t] == nil { index[t] = Int64(i) }
                for (i, v) in xs.enumerated() {
                    if i & 65535 == 0 { try Interrupt.check() }
                    if let j = index[v] { out[i] = j }
                }
            }
            return .array(NDArray(shape: [out.count], storage: .i64(out)))
        }
    }
}
