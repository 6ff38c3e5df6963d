// Numbers: element-wise math. Unboxed scalars in give unboxed scalars out,
// so `abs(-3)` stays a plain int.

extension Builtins {
    static func number(
        _ name: String, _ params: [Param], _ summary: String, _ doc: String, _ examples: [Example],
        _ body: @escaping Primitive.Implementation
    ) -> Primitive {
        Primitive(name, family: "Numbers", params: params, summary: summary, doc: doc, examples: examples, body)
    }

    static func floatFunction(
        _ name: String, _ f: FloatFunction, _ summary: String, _ doc: String, _ examples: [Example]
    ) -> Primitive {
        number(name, [Param("x")], summary, doc, examples) { args, _ in
            keepWeak(args[0], try args.array(0).applying(f))
        }
    }

    static var numbersMath: [Primitive] {
        [
            number(
                "abs", [Param("x")], "Absolute value, element-wise.",
                "Keeps the dtype; integers wrap at their minimum like numpy.",
                [Example("abs([-1.5, 2])", "f64[2] [1.5 2. ]"), Example("abs(-3)", "3")]
            ) { args, _ in
                keepWeak(args[0], try args.array(0).absolute())
            },
            floatFunction(
                "sqrt", .sqrt, "Square root, element-wise.",
                "Integers give f64 (bool and u8 give f32); negative inputs give nan.",
                [Example("sqrt([1, 4, 9])", "f64[3] [1. 2. 3.]")]),
            floatFunction(
                "exp", .exp, "e raised to each element.",
                "Integers give f64; f32 stays f32.", [Example("exp(0)", "1.0")]),
            floatFunction(
                "log", .log, "Natural logarithm, element-wise.",
                "log(0) is -inf and negative inputs give nan, as in numpy.",
                [Example("log([1, 100])", "f64[2] [0.         4.60517019]")]),
            floatFunction(
                "floor", .floor, "Largest integer not above each element.",
                "Floats stay floats (numpy's floor); integer arrays are returned unchanged.",
                [Example("floor([-1.5, 2.5])", "f64[2] [-2.  2.]")]),
            floatFunction(
                "ceil", .ceil, "Smallest integer not below each element.",
                "Floats stay floats; integer arrays are returned unchanged.",
                [Example("ceil([-1.5, 2.5])", "f64[2] [-1.  3.]")]),
            floatFunction(
                "sin", .sin, "Sine of each element (radians).", "Integers give f64.", [Example("sin(0)", "0.0")]),
            floatFunction(
                "cos", .cos, "Cosine of each element (radians).", "Integers give f64.", [Example("cos(0)", "1.0")]),
            number(
                "round", [Param("x"), Param("decimals", .int(0))], "Round half to even at `decimals` places.",
                "Like numpy's round: ties go to the even neighbour, so 0.5 rounds to 0 and 1.5 to 2. A negative `decimals` rounds to tens, hundreds...",
                [Example("round([0.5, 1.5, 2.5])", "f64[3] [0. 2. 2.]"), Example("round(3.14159, 2)", "3.14")]
            ) { args, _ in
                keepWeak(args[0], try args.array(0).rounded(decimals: try args.int(1)))
            },
            number(
                "isnan", [Param("x")], "True where an element is not a number.",
                "Integer and bool arrays have no nan, so they give all false.",
                [Example("isnan(sqrt([-1, 4]))", "bool[2] [ true false]")]
            ) { args, _ in
                keepWeak(args[0], try args.array(0).isNaNMask())
            },
            number(
                "clip", [Param("x"), Param("min", .null), Param("max", .null)], "Limit elements to [min, max].",
                "Either bound may be null. Bounds promote like arithmetic operands (a float bound makes an int array f64).",
                [Example("clip([1, 5, 10], 2, 8)", "i64[3] [2 5 8]")]
            ) { args, _ in
                var v = args[0]
                // A nan bound makes every element nan, as numpy.
                for i in [1, 2] {
                    if case .float(let b) = args[i], b.isNaN { return try binaryOperation(.add, v, .float(.nan)) }
                }
                // A typed-in integer beyond a u8 or i32 array's range is no bound
                // on the side it cannot reach, and an error on the other (numpy 2).
                var lower = args[1], upper = args[2]
                if case .array(let a) = v, let r = integerRange(a.dtype) {
                    if case .int(let n) = lower, !r.contains(n) {
                        if n > r.upperBound {
                            throw RuntimeError("clip: the integer \(n) is out of bounds for \(a.dtype)")
                        }
                        lower = .null
                    }
                    if case .int(let n) = upper, !r.contains(n) {
                        if n < r.lowerBound {
                            throw RuntimeError("clip: the integer \(n) is out of bounds for \(a.dtype)")
                        }
                        upper = .null
                    }
                }
                // The three operands promote together, as in numpy (a bool
                // array clipped by 0 and an f32 array is f32, not f64).
                let operands = [v, lower, upper].compactMap { Operand($0) }
                var strong: DType? = nil
                for case .strong(let a) in operands { strong = try strong.map { try promote($0, a.dtype) } ?? a.dtype }
                if var dtype = strong, let x = Operand(v) {
                    for o in operands {
                        if case .strong = o { continue }
                        dtype = try promoteWeak(dtype, o)
                    }
                    v = .array(try x.array(as: dtype))
                }
                // A bound is applied where the element is beyond it or the
                // bound is nan (numpy's maximum and minimum keep a nan).
                for (bound, beyond) in [(lower, BinaryOperator.less), (upper, .greater)] {
                    if case .null = bound { continue }
                    let outside = try binaryOperation(beyond, v, bound)
                    let nanBound = try binaryOperation(.notEqual, bound, bound)
                    guard let mask = try binaryOperation(.or, outside, nanBound).asArray() else { return v }
                    v = .array(try selectWhere(mask, bound, v))
                }
                if case .array(let a) = v { return keepWeak(args[0], a) }
                return v
            },
            number(
                "where", [Param("cond"), Param("x"), Param("y")], "Pick x where cond is true, else y.",
                "All three broadcast together; x and y promote like arithmetic operands.",
                [Example("where([true, false, true], 1, 0)", "i64[3] [1 0 1]")]
            ) { args, _ in
                .array(try selectWhere(try args.array(0), args[1], args[2]))
            },
        ]
    }
}

/// A kernel's 0-d result unboxed again when the input was an unboxed
/// scalar, so scalar code keeps Python-like weak scalars.
func keepWeak(_ input: Value, _ result: NDArray) -> Value {
    switch input {
    case .int, .float, .bool:
        guard result.ndim == 0 else { return .array(result) }
        switch result.storage {
        case .bool(let v): return v.first.map(Value.bool) ?? .null
        case .f32(let v): return v.first.map { .float(Double($0)) } ?? .null
        case .f64(let v): return v.first.map(Value.float) ?? .null
        default: return result.storage.int64s.first.map(Value.int) ?? .null
        }
    default: return .array(result)
    }
}
