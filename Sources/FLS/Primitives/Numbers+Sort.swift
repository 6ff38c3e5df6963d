// Numbers: sorting, top-k and normalisation.

extension Builtins {
    static var numbersSort: [Primitive] {
        [
            number(
                "argsort", [Param("x"), Param("axis", .int(-1))], "Indices that sort each lane ascending.",
                "Stable: equal elements keep their order. nan sorts last. `axis=null` sorts the flattened array.",
                [Example("argsort([3, 1, 2])", "i64[3] [1 2 0]")]
            ) { args, _ in
                let x = try args.array(0)
                // axis=null sorts the flattened array, as numpy.
                if args.isNull(1) { return .array(try x.reshaped([x.count]).argsort(axis: 0)) }
                return .array(try x.argsort(axis: try args.int(1)))
            },
            number(
                "sort", [Param("x"), Param("axis", .int(-1))], "Each lane sorted ascending.",
                "nan sorts last. `axis=null` sorts the flattened array.",
                [Example("sort([3, 1, 2])", "i64[3] [1 2 3]")]
            ) { args, _ in
                let x = try args.array(0)
                if args.isNull(1) { return .array(try x.reshaped([x.count]).sorted(axis: 0)) }
                return .array(try x.sorted(axis: try args.int(1)))
            },
            number(
                "top", [Param("x"), Param("k"), Param("axis", .int(-1))], "Indices of the k largest, largest first.",
                "Ties put the lower index first. Uses a size-k heap per lane rather than a full sort, so `top(scores, 5)` on long rows is fast.",
                [
                    Example("top([0.2, 0.9, 0.5, 0.9], 2)", "i64[2] [1 3]"),
                    Example("top([[1, 3, 2], [9, 8, 7]], 1)", "i64[2,1]\n[[1]\n [0]]"),
                ]
            ) { args, _ in
                .array(try args.array(0).top(try args.int(1), axis: try args.int(2)))
            },
            number(
                "normalize", [Param("x"), Param("axis", .int(-1))], "Divide each lane by its L2 norm.",
                "Lanes that are all zero stay zero. Integers give f64; f32 stays f32.",
                [Example("normalize([[3, 4], [0, 0]])", "f64[2,2]\n[[0.6 0.8]\n [0.  0. ]]")]
            ) { args, _ in
                .array(try args.array(0).normalized(axis: try args.int(1)))
            },
        ]
    }
}
