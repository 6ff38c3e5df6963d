// Numbers, second wave: statistics (median, quantiles, nan-skipping
// reductions, std/var with ddof, products, differences, counts,
// covariance), element-wise extras, selection and searching. numpy's names,
// keyword names, results and dtypes.

extension Builtins {
    /// The second wave's number primitives.
    static var numbersSecondWave: [Primitive] { numbersStats + numbersElementwise + numbersReshaping }

    static let nanLaneDoc = "A lane holding nan gives nan (use the `nan` variant to skip them)."

    /// q as numpy reads it: the values, their shape, and whether q was a plain (weak) number.
    static func quantileArgument(_ args: Arguments, _ i: Int, scale: Double) throws -> (
        qs: [Double], shape: [Int], weak: Bool
    ) {
        let weak: Bool
        switch args[i] {
        case .int, .float: weak = true;
        default: weak = false
        }
        let q = try args.array(i)
        guard q.dtype.isNumeric, q.dtype != .bool else { throw args.fail(i, "a number or an array of numbers") }
        let qs = q.storage.doubles.map { $0 / scale }
        for x in qs where !(x >= 0 && x <= 1) {
            throw RuntimeError(
                scale == 100
                    ? "percentile: percentiles must be in the range [0, 100]"
                    : "quantile: quantiles must be in the range [0, 1]")
        }
        return (qs, q.shape, weak)
    }

    static func quantilePrimitive(_ name: String, scale: Double, _ summary: String, _ examples: [Example]) -> Primitive
    {
        number(
            name, [Param("x"), Param("q"), Param("axis", .null)], summary,
            "numpy's default \"linear\" method (the element at `(n-1)*q`, interpolated between neighbours). `q` is a number or an array; an array of q puts its axes first in the result. Integers give f64; an f32 array with a plain-number q stays f32. "
                + nanLaneDoc + " Uses selection, not a full sort.",
            examples
        ) { args, _ in
            let x = try args.array(0)
            let (qs, shape, weak) = try quantileArgument(args, 1, scale: scale)
            let r = try x.quantiles(
                qs, qShape: shape, axis: try args.axis(2), median: false, skipNaN: false, inF32: weak, name: name)
            return keepWeak(args[0], r)
        }
    }

    static func ddofVariance(
        _ name: String, squareRoot: Bool, skipNaN: Bool, _ summary: String, _ doc: String, _ examples: [Example]
    ) -> Primitive {
        number(
            name, [Param("x"), Param("axis", .null), Param("keepdims", .bool(false)), Param("ddof", .int(0))], summary,
            doc + " `ddof` is subtracted from the count in the divisor (`ddof=1` gives the sample estimate). "
                + axisDoc,
            examples
        ) { args, _ in
            let x = try args.array(0)
            let ddof = try args.int(3)
            let keep = try args.bool(2)
            if ddof == 0 && !skipNaN {
                return .array(try x.reduce(squareRoot ? .std : .var, axis: try args.axis(1), keepdims: keep))
            }
            return .array(
                try x.variance(
                    axis: try args.axis(1), ddof: ddof, squareRoot: squareRoot, skipNaN: skipNaN, keepdims: keep))
        }
    }

    /// std and var, registered with the other reductions.
    static var standardDeviation: Primitive {
        ddofVariance(
            "std", squareRoot: true, skipNaN: false, "Standard deviation.", "Integers give f64; f32 stays f32.",
            [
                Example("std([1, 2, 3, 4])", "1.118033988749895"),
                Example("std([1, 2, 3, 4], ddof=1)", "1.2909944487358056"),
            ])
    }

    static var variance: Primitive {
        ddofVariance(
            "var", squareRoot: false, skipNaN: false, "Variance.", "Integers give f64; f32 stays f32.",
            [
                Example("var([1, 2, 3, 4])", "1.25"),
                Example("var([[1, 2], [3, 5]], axis=0, ddof=1)", "f64[2] [2.  4.5]"),
            ])
    }

    static var numbersStats: [Primitive] {
        [
            number(
                "median", [Param("x"), Param("axis", .null)], "Middle value (mean of the middle two for even counts).",
                "Integers give f64; f32 stays f32. " + nanLaneDoc
                    + " `axis` picks one axis (null: all elements). Uses selection, not a full sort.",
                [
                    Example("median([3, 1, 4, 1])", "2.0"),
                    Example("median([[1, 5, 2], [8, 4, 6]], axis=1)", "f64[2] [2. 6.]"),
                ]
            ) { args, _ in
                .array(
                    try args.array(0).quantiles(
                        [0.5], qShape: [], axis: try args.axis(1), median: true, skipNaN: false, inF32: true,
                        name: "median"))
            },
            number(
                "nanmedian", [Param("x"), Param("axis", .null)], "Median ignoring nan.",
                "An all-nan lane gives nan. Integers give f64; f32 stays f32.",
                [Example("nanmedian([1.0, float(\"nan\"), 3.0, 10.0])", "3.0")]
            ) { args, _ in
                .array(
                    try args.array(0).quantiles(
                        [0.5], qShape: [], axis: try args.axis(1), median: true, skipNaN: true, inF32: true,
                        name: "nanmedian"))
            },
            quantilePrimitive(
                "percentile", scale: 100, "The q-th percentile (q from 0 to 100).",
                [
                    Example("percentile([1, 2, 3, 4], 25)", "1.75"),
                    Example("percentile(range(11), [10, 50, 95])", "f64[3] [1.  5.  9.5]"),
                ]),
            quantilePrimitive(
                "quantile", scale: 1, "The q-th quantile (q from 0 to 1).",
                [
                    Example("quantile([1, 2, 3, 4], 0.5)", "2.5"),
                    Example(
                        "quantile([[1, 2], [3, 5]], [0.25, 0.75], axis=0)", "f64[2,2]\n[[1.5  2.75]\n [2.5  4.25]]"),
                ]),
            ddofVariance(
                "nanstd", squareRoot: true, skipNaN: true, "Standard deviation ignoring nan.",
                "A lane with no values left (after `ddof`) gives nan.",
                [Example("nanstd([1.0, float(\"nan\"), 3.0])", "1.0")]),
            number(
                "nanmax", [Param("x"), Param("axis", .null), Param("keepdims", .bool(false))],
                "Largest element ignoring nan.",
                "An all-nan lane gives nan; integers behave as `max`. " + axisDoc,
                [
                    Example("nanmax([1.0, float(\"nan\"), 3.0])", "3.0"),
                    Example(
                        "nanmax([[float(\"nan\"), 2.0], [float(\"nan\"), float(\"nan\")]], axis=1)", "f64[2] [ 2. nan]"),
                ]
            ) { args, _ in
                .array(try args.array(0).nanExtreme(isMax: true, axis: try args.axis(1), keepdims: try args.bool(2)))
            },
            number(
                "nanmin", [Param("x"), Param("axis", .null), Param("keepdims", .bool(false))],
                "Smallest element ignoring nan.",
                "An all-nan lane gives nan; integers behave as `min`. " + axisDoc,
                [Example("nanmin([4.0, float(\"nan\"), 3.0])", "3.0")]
            ) { args, _ in
                .array(try args.array(0).nanExtreme(isMax: false, axis: try args.axis(1), keepdims: try args.bool(2)))
            },
            number(
                "prod", [Param("x"), Param("axis", .null), Param("keepdims", .bool(false))], "Product of elements.",
                "Bool and integer arrays multiply in i64 (wrapping on overflow, as numpy); f32 stays f32. The product of nothing is 1. "
                    + axisDoc,
                [
                    Example("prod([1, 2, 3, 4])", "24"),
                    Example("prod([[1.5, 2.0], [3.0, 4.0]], axis=0)", "f64[2] [4.5 8. ]"),
                ]
            ) { args, _ in
                .array(try args.array(0).product(axis: try args.axis(1), keepdims: try args.bool(2)))
            },
            number(
                "cumprod", [Param("x"), Param("axis", .null)], "Running product.",
                "Without an axis the array is flattened first. Bool and integer arrays accumulate in i64.",
                [Example("cumprod([1, 2, 3, 4])", "i64[4] [ 1  2  6 24]")]
            ) { args, _ in
                .array(try args.array(0).cumulativeProduct(axis: try args.axis(1)))
            },
            number(
                "diff", [Param("x"), Param("n", .int(1)), Param("axis", .int(-1))],
                "Differences of neighbours along an axis, n times.",
                "`x[1:] - x[:-1]` along `axis`, repeated `n` times; the axis gets `n` shorter. Keeps the dtype (unsigned values wrap; bool gives 'not equal').",
                [
                    Example("diff([1, 4, 9, 16])", "i64[3] [3 5 7]"),
                    Example("diff([1, 4, 9, 16], n=2)", "i64[2] [2 2]"),
                    Example("diff([[1, 2], [5, 9]], axis=0)", "i64[1,2] [[4 7]]"),
                ]
            ) { args, _ in
                .array(try args.array(0).difference(order: try args.int(1), axis: try args.int(2)))
            },
            number(
                "bincount", [Param("x"), Param("weights", .null), Param("minlength", .int(0))],
                "Count occurrences of each non-negative integer.",
                "`x` is a 1-d array of non-negative integers; element `i` of the result counts the `i`s (i64), or sums their `weights` (f64). The result has `max(x) + 1` elements, at least `minlength`.",
                [
                    Example("bincount([0, 1, 1, 3])", "i64[4] [1 2 0 1]"),
                    Example("bincount([0, 1, 1], weights=[0.5, 1.0, 2.0], minlength=4)", "f64[4] [0.5 3.  0.  0. ]"),
                ]
            ) { args, _ in
                let w = args.isNull(1) ? nil : try args.array(1)
                return .array(try args.array(0).binCount(weights: w, minlength: try args.int(2)))
            },
            number(
                "cov", [Param("x"), Param("ddof", .int(1))],
                "Covariance matrix; rows are variables, columns observations.",
                "As numpy's `cov(x)`: the result is `[rows, rows]` in f64 (a 1-d `x` is one variable and gives one number). `ddof=1` (the default) divides by `n - 1`. Uses BLAS for the product when available.",
                [
                    Example(
                        "cov([[1, 2, 3], [2, 4, 7]])", "f64[2,2]\n[[1.         2.5       ]\n [2.5        6.33333333]]")
                ]
            ) { args, _ in
                .array(try args.array(0).covariance(ddof: try args.int(1)))
            },
            number(
                "corrcoef", [Param("x")], "Pearson correlation matrix; rows are variables.",
                "As numpy's `corrcoef(x)`: `cov(x)` scaled by the standard deviations and clipped to [-1, 1]. A constant row gives nan.",
                [
                    Example(
                        "corrcoef([[1, 2, 3], [3, 1, 2], [2, 4, 6]])",
                        "f64[3,3]\n[[ 1.  -0.5  1. ]\n [-0.5  1.  -0.5]\n [ 1.  -0.5  1. ]]")
                ]
            ) { args, _ in
                .array(try args.array(0).correlation())
            },
            number(
                "argpartition", [Param("x"), Param("k"), Param("axis", .int(-1))],
                "Indices that put the k-th smallest in place.",
                "As numpy's argpartition: position `k` of each lane gets the index of the element a sort would put there; indices of smaller elements come before it and of larger ones after, in no promised order. `k` may be a list of positions; negative counts from the end. nan counts as largest. Linear time (quickselect). `axis=null` partitions the flattened array.",
                [
                    Example("x = [50, 10, 40, 20, 30]\nx[argpartition(x, 2)[2]]", "30"),
                    Example("x = [50, 10, 40, 20, 30]\nsort(x[argpartition(x, 2)[:2]])", "i64[2] [10 20]"),
                ]
            ) { args, _ in
                var x = try args.array(0)
                let ks = try args.shape(1)
                if args.isNull(2) { x = NDArray(shape: [x.count], storage: x.storage) }
                return .array(try x.argpartition(ks, axis: args.isNull(2) ? 0 : try args.int(2)))
            },
            number(
                "searchsorted", [Param("a"), Param("v"), Param("side", .string("left"))],
                "Where values would go in a sorted array.",
                "`a` is 1-d and sorted ascending. For each value of `v`, the first index where it could be inserted keeping `a` sorted (`side=\"right\"`: the last). A single value gives a single index; an array gives an i64 array of its shape.",
                [
                    Example("searchsorted([1, 3, 5, 7], 5)", "2"),
                    Example("searchsorted([1, 3, 5, 7], [0, 5, 9], side=\"right\")", "i64[3] [0 3 4]"),
                ]
            ) { args, _ in
                let side = try args.string(2)
                guard side == "left" || side == "right" else {
                    throw RuntimeError("searchsorted: 'side' must be \"left\" or \"right\", got \"\(side)\"")
                }
                let v = try args.array(1)
                let r = NDArray(
                    shape: v.shape, storage: .i64(try searchSorted(try args.array(0), v, right: side == "right")))
                return keepWeak(args[1], r)
            },
            number(
                "isin", [Param("x"), Param("values")], "True where an element of x occurs in values.",
                "The result has x's shape. Numbers compare by value across dtypes (1 and 1.0 match); nan matches nothing; strings match strings.",
                [
                    Example("isin([1, 2, 3, 4], [2, 4, 6])", "bool[4] [false  true false  true]"),
                    Example("isin([\"a\", \"b\"], [\"b\"])", "bool[2] [false  true]"),
                ]
            ) { args, _ in
                .array(try args.array(0).membership(in: try args.array(1)))
            },
        ]
    }

    static func moreFloatFunction(_ f: MoreFloatFunction, _ summary: String, _ examples: [Example]) -> Primitive {
        number(f.rawValue, [Param("x")], summary, "Integers give f64 (bool and u8 give f32); f32 stays f32.", examples)
        { args, _ in
            keepWeak(args[0], try args.array(0).applying(f))
        }
    }

    static var numbersElementwise: [Primitive] {
        [
            number(
                "maximum", [Param("a"), Param("b")], "Element-wise larger of a and b.",
                "The arguments broadcast and promote like arithmetic operands; nan on either side gives nan (as numpy's maximum; `max` reduces one array instead).",
                [
                    Example("maximum([1, 5, 3], [4, 2, 3])", "i64[3] [4 5 3]"),
                    Example("maximum([[1], [6]], [2.5, 5.5])", "f64[2,2]\n[[2.5 5.5]\n [6.  6. ]]"),
                    Example("maximum([1.0, float(\"nan\")], 0)", "f64[2] [ 1. nan]"),
                ]
            ) { args, _ in
                try elementwiseExtreme(args[0], args[1], isMax: true)
            },
            number(
                "minimum", [Param("a"), Param("b")], "Element-wise smaller of a and b.",
                "The arguments broadcast and promote like arithmetic operands; nan on either side gives nan.",
                [Example("minimum([1, 5, 3], 2)", "i64[3] [1 2 2]")]
            ) { args, _ in
                try elementwiseExtreme(args[0], args[1], isMax: false)
            },
            number(
                "isfinite", [Param("x")], "True where an element is neither infinite nor nan.",
                "Integer and bool arrays are always finite.",
                [Example("isfinite([1.0, float(\"inf\"), float(\"nan\")])", "bool[3] [ true false false]")]
            ) { args, _ in
                keepWeak(args[0], try args.array(0).finiteMask(finite: true))
            },
            number(
                "isinf", [Param("x")], "True where an element is +inf or -inf.",
                "Integer and bool arrays have no infinities.",
                [Example("isinf([1.0, -float(\"inf\"), float(\"nan\")])", "bool[3] [false  true false]")]
            ) { args, _ in
                keepWeak(args[0], try args.array(0).finiteMask(finite: false))
            },
            number(
                "sign", [Param("x")], "-1, 0 or 1 by the sign of each element.",
                "Keeps the dtype; nan stays nan; bool is an error, as in numpy.",
                [Example("sign([-2.5, 0.0, 3.0])", "f64[3] [-1.  0.  1.]"), Example("sign(-7)", "-1")]
            ) { args, _ in
                keepWeak(args[0], try args.array(0).signs())
            },
            moreFloatFunction(
                .tanh, "Hyperbolic tangent, element-wise.", [Example("tanh([0, 1])", "f64[2] [0.         0.76159416]")]),
            moreFloatFunction(
                .log1p, "log(1 + x), accurate for small x.", [Example("log1p(1e-10)", "9.999999999500001e-11")]),
            moreFloatFunction(
                .expm1, "exp(x) - 1, accurate for small x.", [Example("expm1(1e-10)", "1.00000000005e-10")]),
            moreFloatFunction(
                .log2, "Base-2 logarithm, element-wise.", [Example("log2([1, 8, 1024])", "f64[3] [ 0.  3. 10.]")]),
            moreFloatFunction(
                .log10, "Base-10 logarithm, element-wise.", [Example("log10([1, 1000])", "f64[2] [0. 3.]")]),
        ]
    }

    /// An axis argument that may also be a list of axes.
    static func axes(_ args: Arguments, _ i: Int) throws -> [Int]? {
        if args.isNull(i) { return nil }
        return try args.shape(i)
    }

    static var numbersReshaping: [Primitive] {
        [
            number(
                "tile", [Param("x"), Param("reps")], "Repeat the whole array along each axis.",
                "`reps` is an int or a list with one count per axis, aligned from the last axis (numpy's tile).",
                [
                    Example("tile([1, 2], 3)", "i64[6] [1 2 1 2 1 2]"),
                    Example("tile([1, 2], [2, 2])", "i64[2,4]\n[[1 2 1 2]\n [1 2 1 2]]"),
                ]
            ) { args, _ in
                .array(try args.array(0).tiled(try args.shape(1)))
            },
            number(
                "repeat", [Param("x"), Param("repeats"), Param("axis", .null)],
                "Repeat each element (or each slice along an axis).",
                "`repeats` is one count, or one count per element along `axis`. Without an axis the array is flattened first.",
                [
                    Example("repeat([1, 2], 2)", "i64[4] [1 1 2 2]"),
                    Example("repeat([[1, 2], [3, 4]], [1, 2], axis=0)", "i64[3,2]\n[[1 2]\n [3 4]\n [3 4]]"),
                ]
            ) { args, _ in
                .array(try args.array(0).repeated(try args.shape(1), axis: try args.axis(2)))
            },
            number(
                "flip", [Param("x"), Param("axis", .null)], "Reverse the order of elements along an axis.",
                "`axis` is an int or a list of axes; null reverses every axis.",
                [
                    Example("flip([1, 2, 3])", "i64[3] [3 2 1]"),
                    Example("flip([[1, 2], [3, 4]], axis=1)", "i64[2,2]\n[[2 1]\n [4 3]]"),
                ]
            ) { args, _ in
                .array(try args.array(0).flipped(try axes(args, 1)))
            },
            number(
                "roll", [Param("x"), Param("shift"), Param("axis", .null)],
                "Shift elements along an axis, wrapping around.",
                "A positive `shift` moves elements towards the end. Without an axis the flattened array is rolled and the shape kept. `shift` and `axis` may be equal-length lists to roll several axes.",
                [
                    Example("roll([1, 2, 3, 4], 1)", "i64[4] [4 1 2 3]"),
                    Example("roll([[1, 2, 3], [4, 5, 6]], -1, axis=1)", "i64[2,3]\n[[2 3 1]\n [5 6 4]]"),
                ]
            ) { args, _ in
                var x = try args.array(0)
                let shifts = try args.shape(1)
                guard let ax = try axes(args, 2) else {
                    guard shifts.count == 1 else {
                        throw RuntimeError("roll: a list of shifts needs a list of axes of the same length")
                    }
                    return .array(try x.rolled(shifts[0], axis: nil))
                }
                let pairs = shifts.count == 1 && ax.count > 1 ? ax.map { (shifts[0], $0) } : Array(zip(shifts, ax))
                guard shifts.count == ax.count || shifts.count == 1 else {
                    throw RuntimeError("roll: 'shift' has \(shifts.count) values but 'axis' has \(ax.count)")
                }
                for (s, a) in pairs { x = try x.rolled(s, axis: a) }
                return .array(x)
            },
            number(
                "outer", [Param("a"), Param("b")], "Outer product: every element of a times every element of b.",
                "Both arguments are flattened; the result is `[len(a), len(b)]` with the dtype `a * b` would have.",
                [Example("outer([1, 2, 3], [10, 100])", "i64[3,2]\n[[ 10 100]\n [ 20 200]\n [ 30 300]]")]
            ) { args, _ in
                let a = try args.array(0), b = try args.array(1)
                return try binaryOperation(
                    .multiply, .array(NDArray(shape: [a.count, 1], storage: a.storage)),
                    .array(NDArray(shape: [1, b.count], storage: b.storage)))
            },
        ]
    }
}
