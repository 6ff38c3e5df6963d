// Numbers: shapes, dtypes and array constructors.

extension Builtins {
    /// A dtype argument that may be null, giving `fallback`.
    static func optionalDType(_ args: Arguments, _ i: Int, _ fallback: DType) throws -> DType {
        args.isNull(i) ? fallback : try args.dtype(i)
    }

    /// The arrays of a list argument (a list, or the first axis of an array).
    static func arrays(_ args: Arguments, _ i: Int) throws -> [NDArray] {
        try args.list(i).map { v in
            guard let a = try v.asArray() else {
                throw RuntimeError("\(args.primitive.name): every item must be an array, got \(v.kindName)")
            }
            return a
        }
    }

    static var numbersStructural: [Primitive] {
        [
            number(
                "shape", [Param("x")], "The extent of each axis, as an i64 array.", "A 0-d array has shape `[]`.",
                [Example("shape(zeros([2, 3]))", "i64[2] [2 3]")]
            ) { args, _ in
                let a = try args.array(0)
                return .array(NDArray(shape: [a.ndim], storage: .i64(a.shape.map { Int64($0) })))
            },
            number(
                "len", [Param("x")], "Length of the first axis (or of a list, record or string).",
                "A 0-d array has no length and is an error.",
                [Example("len([4, 5, 6])", "3"), Example("len(zeros([2, 5]))", "2")]
            ) { args, _ in
                switch args[0] {
                case .list(let xs): return .int(Int64(xs.count))
                case .record(let r): return .int(Int64(r.count))
                // Code points, as Python's len counts (not grapheme clusters).
                case .string(let s): return .int(Int64(s.unicodeScalars.count))
                case .handle(let h):
                    if let n = h.length { return .int(Int64(n)) }
                case .array(let a):
                    if let n = a.shape.first { return .int(Int64(n)) }
                    if case .str(let v) = a.storage, let s = v.first { return .int(Int64(s.unicodeScalars.count)) }
                default: break
                }
                throw RuntimeError(
                    "len: \(args[0].kindWithArticle) has no length",
                    hint: "len works on arrays with at least one axis, lists, records and strings")
            },
            number(
                "dtype", [Param("x")], "The element type's name.",
                "One of \"bool\", \"u8\", \"i32\", \"i64\", \"f32\", \"f64\", \"str\".",
                [Example("dtype([1.5])", "\"f64\"")]
            ) { args, _ in
                .string(try args.array(0).dtype.name)
            },
            number(
                "astype", [Param("x"), Param("dtype")], "Convert to another dtype.",
                "Floats truncate toward zero into integers and integers wrap, as numpy's astype; strings parse into numbers.",
                [Example("astype([1.7, -2.7], \"i32\")", "i32[2] [ 1 -2]")]
            ) { args, _ in
                .array(try args.array(0).astype(try args.dtype(1)))
            },
            number(
                "reshape", [Param("x"), Param("shape")], "Same elements, new shape.",
                "One extent may be -1 and is inferred. The element count must not change.",
                [Example("reshape(range(6), [2, -1])", "i64[2,3]\n[[0 1 2]\n [3 4 5]]")]
            ) { args, _ in
                .array(try args.array(0).reshaped(try args.shape(1)))
            },
            number(
                "transpose", [Param("x"), Param("axes", .null)], "Permute the axes (reverse them by default).",
                "`axes` lists the old axis for each new one.",
                [Example("transpose(reshape(range(6), [2, 3]))", "i64[3,2]\n[[0 3]\n [1 4]\n [2 5]]")]
            ) { args, _ in
                .array(try args.array(0).transposed(args.isNull(1) ? nil : try args.shape(1)))
            },
            number(
                "concat", [Param("xs"), Param("axis", .int(0))], "Join arrays along an existing axis.",
                "Takes a list (or the first axis of an array) of arrays; other axes must match. Dtypes promote.",
                [Example("concat(list([1, 2], [3]))", "i64[3] [1 2 3]")]
            ) { args, _ in
                .array(try NDArray.concatenate(try arrays(args, 0), axis: try args.int(1)))
            },
            number(
                "stack", [Param("xs"), Param("axis", .int(0))], "Join equal-shape arrays along a new axis.",
                "Takes a list (or the first axis of an array) of arrays.",
                [Example("stack(list([1, 2], [3, 4]), axis=1)", "i64[2,2]\n[[1 3]\n [2 4]]")]
            ) { args, _ in
                let parts = try arrays(args, 0)
                var dtype = parts.first?.dtype ?? .f64
                for p in parts { dtype = try promote(dtype, p.dtype) }
                return .array(try NDArray.stacked(try parts.map { try $0.astype(dtype) }, axis: try args.int(1)))
            },
            number(
                "range", [Param("start"), Param("stop", .null), Param("step", .null)],
                "Evenly spaced values, like numpy's arange.",
                "`range(n)` counts 0..n-1; `range(a, b)` and `range(a, b, step)` stop before b. All-integer arguments give i64, any float gives f64.",
                [
                    Example("range(5)", "i64[5] [0 1 2 3 4]"),
                    Example("range(0, 1, 0.25)", "f64[4] [0.   0.25 0.5  0.75]"),
                ]
            ) { args, _ in
                var isFloat = false
                for i in 0..<3 where !args.isNull(i) {
                    if args[i].asInt() == nil {
                        _ = try args.double(i)
                        isFloat = true
                    }
                }
                let a = try args.double(0)
                let (start, stop) = args.isNull(1) ? (0, a) : (a, try args.double(1))
                let step = args.isNull(2) ? 1 : try args.double(2)
                return .array(try NDArray.arange(start, stop, step, float: isFloat))
            },
            number(
                "zeros", [Param("shape"), Param("dtype", .string("f64"))], "An array of zeros.",
                "`shape` is an int or a list of ints.", [Example("zeros(3)", "f64[3] [0. 0. 0.]")]
            ) { args, _ in
                .array(try NDArray.zeros(try args.shape(0), try args.dtype(1)))
            },
            number(
                "ones", [Param("shape"), Param("dtype", .string("f64"))], "An array of ones.",
                "`shape` is an int or a list of ints.", [Example("ones([2, 2], \"i32\")", "i32[2,2]\n[[1 1]\n [1 1]]")]
            ) { args, _ in
                let dtype = try args.dtype(1)
                let z = try NDArray.zeros(try args.shape(0), .bool)
                let one = NDArray(shape: z.shape, storage: .bool(Array(repeating: true, count: z.count)))
                return .array(try one.astype(dtype))
            },
            number(
                "full", [Param("shape"), Param("value"), Param("dtype", .null)], "An array filled with one value.",
                "The dtype defaults to the value's (an int gives i64, a float f64).",
                [Example("full(3, 7)", "i64[3] [7 7 7]"), Example("full([2], \"a\")", "str[2] ['a' 'a']")]
            ) { args, _ in
                let v = try args.array(1)
                guard v.ndim == 0 else {
                    throw RuntimeError("full: value must be a single number or string, got \(args[1].kindName)")
                }
                let dtype = try optionalDType(args, 2, v.dtype)
                let shape = try args.shape(0)
                _ = try Limits.elementCount(shape, dtype)
                // A plain integer that does not fit the dtype is numpy's OverflowError, not a wrapped value.
                if case .int(let n) = args[1], let r = integerRange(dtype), !r.contains(n) {
                    throw RuntimeError(
                        "full: the integer \(n) is out of bounds for \(dtype)",
                        hint: "use a dtype that holds it, e.g. \"i64\"")
                }
                return .array(try v.astype(dtype).broadcast(to: shape))
            },
            number(
                "eye", [Param("n"), Param("m", .null), Param("dtype", .string("f64"))],
                "A matrix with ones on the diagonal.",
                "`m` columns (default n).", [Example("eye(2)", "f64[2,2]\n[[1. 0.]\n [0. 1.]]")]
            ) { args, _ in
                let n = try args.int(0)
                return .array(try NDArray.eye(n, args.isNull(1) ? n : try args.int(1), dtype: try args.dtype(2)))
            },
            number(
                "linspace", [Param("start"), Param("stop"), Param("num", .int(50)), Param("endpoint", .bool(true))],
                "`num` evenly spaced f64 values from start to stop.", "With `endpoint=false` stop is left out.",
                [Example("linspace(0, 1, 5)", "f64[5] [0.   0.25 0.5  0.75 1.  ]")]
            ) { args, _ in
                .array(
                    try NDArray.linspace(
                        try args.double(0), try args.double(1), try args.int(2), endpoint: try args.bool(3)))
            },
        ]
    }
}
