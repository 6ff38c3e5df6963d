// Numbers: random numbers from the session's generator. Each primitive
// takes the generator out of the context, draws, and puts it back.

extension Builtins {
    static func randomArray(
        _ args: Arguments, _ context: CallContext, _ draw: (inout RandomGenerator) -> Double
    ) throws -> Value {
        var random = context.random
        defer { context.random = random }
        if args.isNull(0) { return .float(draw(&random)) }
        let shape = try args.shape(0)
        let n = try Limits.elementCount(shape, .f64)
        var v = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if i & 65535 == 65535 { try Interrupt.check() }
            v[i] = draw(&random)
        }
        return .array(NDArray(shape: shape, storage: .f64(v)))
    }

    static var numbersRandom: [Primitive] {
        [
            number(
                "seed", [Param("n")], "Seed the random generator.",
                "The same seed gives the same sequence from rand, randn, choice and permutation (xoshiro256**).",
                [Example("seed(1); rand()", "0.7029218331588505")]
            ) { args, context in
                context.random = RandomGenerator(seed: UInt64(truncatingIfNeeded: try args.int(0)))
                return .null
            },
            number(
                "rand", [Param("shape", .null)], "Uniform random floats in [0, 1).",
                "Without a shape, one float; `rand(3)` and `rand([2, 3])` give f64 arrays.",
                [Example("seed(0); rand(2)", "f64[2] [0.601263   0.74777409]")]
            ) { args, context in
                try randomArray(args, context) { $0.uniform() }
            },
            number(
                "randn", [Param("shape", .null)], "Standard normal random floats.",
                "Without a shape, one float; otherwise an f64 array of that shape.",
                [Example("seed(0); randn([2, 2])", "f64[2,2]\n[[ 0.59810265  1.46345992]\n [-0.89505255 -0.18806277]]")]
            ) { args, context in
                try randomArray(args, context) { $0.normal() }
            },
            number(
                "choice", [Param("x"), Param("size", .null), Param("replace", .bool(true))], "Random picks from x.",
                "`x` is an int n (pick from range(n)) or an array (pick along its first axis). Without `size`, one pick. `replace=false` never picks an item twice.",
                [Example("seed(0); choice(10, 3)", "i64[3] [0 2 8]")]
            ) { args, context in
                let source: NDArray
                if let n = args[0].asInt() {
                    source = try NDArray.arange(0, Double(n), 1, float: false)
                } else {
                    source = try args.array(0)
                    guard source.ndim >= 1 else {
                        throw RuntimeError("choice: x must be an int or an array with at least one axis")
                    }
                }
                let n = source.shape[0]
                let size = args.isNull(1) ? nil : try args.shape(1)
                let k = try size.map { try Limits.elementCount($0, .i64) } ?? 1
                guard n > 0 || k == 0 else { throw RuntimeError("choice: cannot pick from an empty array") }
                let replace = try args.bool(2)
                var random = context.random
                defer { context.random = random }
                var picks: [Int64] = []
                if replace {
                    for i in 0..<k {
                        if i & 65535 == 65535 { try Interrupt.check() }
                        picks.append(Int64(random.below(n)))
                    }
                } else {
                    guard k <= n else {
                        throw RuntimeError(
                            "choice: cannot pick \(k) items from \(n) without replacement", hint: "use replace=true")
                    }
                    // A partial Fisher-Yates shuffle. Only the positions it
                    // touched differ from the identity, so a long axis keeps
                    // them in a dictionary (O(k) memory, the same picks).
                    if n <= 1 << 20 {
                        var pool = Array(0..<n)
                        for i in 0..<k {
                            let j = i + random.below(n - i)
                            pool.swapAt(i, j)
                            picks.append(Int64(pool[i]))
                        }
                    } else {
                        var moved: [Int: Int] = [:]
                        for i in 0..<k {
                            if i & 65535 == 65535 { try Interrupt.check() }
                            let j = i + random.below(n - i)
                            let atI = moved[i] ?? i, atJ = moved[j] ?? j
                            moved[i] = atJ
                            moved[j] = atI
                            picks.append(Int64(atJ))
                        }
                    }
                }
                let index = NDArray(shape: size ?? [], storage: .i64(picks))
                if size == nil { return try source.subscriptGet([.int(Int(picks[0]))]) }
                return try source.subscriptGet([.array(index)])
            },
            number(
                "permutation", [Param("x")], "A random ordering.",
                "`permutation(n)` shuffles range(n); an array is shuffled along its first axis.",
                [Example("seed(0); permutation(4)", "i64[4] [1 3 2 0]")]
            ) { args, context in
                let source: NDArray
                if let n = args[0].asInt() {
                    source = try NDArray.arange(0, Double(n), 1, float: false)
                } else {
                    source = try args.array(0)
                    guard source.ndim >= 1 else {
                        throw RuntimeError("permutation: x must be an int or an array with at least one axis")
                    }
                }
                // The order is an i64 array as long as the first axis.
                let count = try Limits.elementCount([source.shape[0]], .i64)
                var order = (0..<count).map { Int64($0) }
                if order.count > 1 {
                    var random = context.random
                    defer { context.random = random }
                    for i in stride(from: order.count - 1, to: 0, by: -1) {
                        if i & 65535 == 0 { try Interrupt.check() }
                        order.swapAt(i, random.below(i + 1))
                    }
                }
                return try source.subscriptGet([.array(NDArray(shape: [order.count], storage: .i64(order)))])
            },
        ]
    }
}
