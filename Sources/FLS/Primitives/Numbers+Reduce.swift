// Numbers: reductions with `axis` and `keepdims`, numpy's result dtypes.

extension Builtins {
    static func reduction(
        _ kind: Reduction, _ summary: String, _ doc: String, _ examples: [Example], keepdims: Bool = true
    ) -> Primitive {
        let params =
            keepdims
            ? [Param("x"), Param("axis", .null), Param("keepdims", .bool(false))] : [Param("x"), Param("axis", .null)]
        return number(kind.rawValue, params, summary, doc, examples) { args, _ in
            let keep = keepdims ? try args.bool(2) : false
            let x = try args.array(0)
            // Python's max(a, b) of two numbers: a 0-d array's only axes are 0 and -1.
            if kind == .max || kind == .min, x.ndim == 0, !args.isNull(1), ![0, -1].contains(args[1].asInt()) {
                let name = kind.rawValue
                throw RuntimeError(
                    "\(name) reduces one array; its second argument is the axis",
                    hint: "the \(name) of two values is \(name)imum(a, b)")
            }
            return .array(try x.reduce(kind, axis: try args.axis(1), keepdims: keep))
        }
    }

    static let axisDoc =
        "`axis` picks one axis (negative counts from the end; null reduces everything); `keepdims=true` keeps it with length 1."

    static var numbersReduce: [Primitive] {
        [
            reduction(
                .sum, "Sum of elements.",
                "Bool and integer arrays sum into i64; f32 stays f32 (with pairwise summation, as numpy). " + axisDoc,
                [Example("sum([[1, 2], [3, 4]])", "10"), Example("sum([[1, 2], [3, 4]], axis=0)", "i64[2] [4 6]")]),
            reduction(
                .mean, "Arithmetic mean.", "Integers give f64; f32 stays f32. " + axisDoc,
                [Example("mean([1, 2, 3, 4])", "2.5")]),
            reduction(
                .min, "Smallest element.", "An empty array is an error; nan wins, as in numpy. " + axisDoc,
                [Example("min([3, 7, 2])", "2")]),
            reduction(
                .max, "Largest element.", "An empty array is an error; nan wins, as in numpy. " + axisDoc,
                [Example("max([3, 7, 2])", "7"), Example("max([[1, 5], [4, 2]], axis=1)", "i64[2] [5 4]")]),
            standardDeviation, variance,  // with ddof: Numbers+Stats.swift
            reduction(
                .argmin, "Index of the smallest element.",
                "Gives i64; the first occurrence wins. Without an axis the index is into the flattened array.",
                [Example("argmin([3, 1, 2, 1])", "1")]),
            reduction(
                .argmax, "Index of the largest element.",
                "Gives i64; the first occurrence wins. Without an axis the index is into the flattened array.",
                [Example("argmax([3, 7, 2])", "1")]),
            reduction(
                .any, "True if any element is true (non-zero).", axisDoc,
                [Example("any([false, true])", "true")]),
            reduction(
                .all, "True if every element is true (non-zero).", axisDoc,
                [Example("all([[true, false], [true, true]], axis=1)", "bool[2] [false  true]")]),
            reduction(
                .nanmean, "Mean ignoring nan.", "All-nan lanes give nan. " + axisDoc,
                [Example("nanmean(sqrt([-1, 4, 16]))", "3.0")]),
            reduction(
                .nansum, "Sum treating nan as zero.", axisDoc,
                [Example("nansum(sqrt([-1, 4, 9]))", "5.0")]),
            number(
                "cumsum", [Param("x"), Param("axis", .null)], "Running sum.",
                "Without an axis the array is flattened first. Bool and integer arrays accumulate in i64.",
                [Example("cumsum([1, 2, 3])", "i64[3] [1 3 6]")]
            ) { args, _ in
                .array(try args.array(0).cumsum(axis: try args.axis(1)))
            },
        ]
    }
}
