// Primitive calls written the numpy or Python way, and the FLS form each one
// names: `zeros(2, 3)` is `zeros([2, 3])`, `concat(a, b)` is
// `concat(list(a, b))`, `map(f, xs)` is `map(xs, f)`. One table, keyed by the
// primitive and the mistake, gives the hint for an argument of the wrong kind
// (`Arguments.fail`) and for an extra argument or an unknown keyword (when
// the arguments are bound to the parameters). The main message stays as it
// is; only the hint changes.

/// A Python or numpy habit in a call of one primitive.
struct PythonHabit {
    /// What the call did.
    enum Mistake: Equatable {
        /// This parameter got a value of the wrong kind (`zeros(2, 3)`: 'dtype' got an int).
        case argument(String)
        /// A keyword the primitive does not take (`sort(x, reverse=true)`).
        case keyword(String)
        /// More positional arguments than the primitive has parameters (`rand(2, 3)`).
        case tooMany
    }

    let primitive: String
    let mistake: Mistake
    /// The hint, given the call's values (bound to the parameters for
    /// `.argument`, as written for the others); nil when they show that the
    /// mistake is another one.
    let hint: ([Value]) -> String?

    /// The hint for `mistake` in a call of `primitive` with `values`, if the table has one.
    static func hint(_ primitive: String, _ mistake: Mistake, _ values: [Value]) -> String? {
        for habit in all where habit.primitive == primitive && habit.mistake == mistake {
            if let h = habit.hint(values) { return h }
        }
        return nil
    }

    static let all: [PythonHabit] = [
        // numpy's shape as separate numbers (`np.random.rand(2, 3)`); FLS takes one shape.
        PythonHabit(primitive: "zeros", mistake: .argument("dtype")) { shapeList("zeros", $0.prefix(2)) },
        PythonHabit(primitive: "ones", mistake: .argument("dtype")) { shapeList("ones", $0.prefix(2)) },
        PythonHabit(primitive: "full", mistake: .argument("dtype")) { values in
            shapeList("full", values.prefix(2), after: values.dropFirst(2).map(\.literalText))
        },
        PythonHabit(primitive: "zeros", mistake: .tooMany) { shapeList("zeros", $0[...]) },
        PythonHabit(primitive: "ones", mistake: .tooMany) { shapeList("ones", $0[...]) },
        PythonHabit(primitive: "rand", mistake: .tooMany) { shapeList("rand", $0[...]) },
        PythonHabit(primitive: "randn", mistake: .tooMany) { shapeList("randn", $0[...]) },
        PythonHabit(primitive: "reshape", mistake: .tooMany) { values in
            shapeList("reshape", values.dropFirst(), before: "x")
        },
        // numpy's concatenate((a, b)) without the tuple: the arrays as separate arguments.
        PythonHabit(primitive: "concat", mistake: .argument("axis")) { oneList("concat", $0) },
        PythonHabit(primitive: "stack", mistake: .argument("axis")) { oneList("stack", $0) },
        PythonHabit(primitive: "concat", mistake: .tooMany) { oneList("concat", $0) },
        PythonHabit(primitive: "stack", mistake: .tooMany) { oneList("stack", $0) },
        // Python's map(f, xs) and filter(f, xs) take the function first.
        PythonHabit(primitive: "map", mistake: .argument("f")) { itemsFirst("map", $0) },
        PythonHabit(primitive: "filter", mistake: .argument("f")) { itemsFirst("filter", $0) },
        // sorted(xs, reverse=True), sorted(xs, key=f), np.unique(x, return_counts=True).
        PythonHabit(primitive: "sort", mistake: .keyword("reverse")) { _ in descending("sort") },
        PythonHabit(primitive: "sort", mistake: .keyword("descending")) { _ in descending("sort") },
        PythonHabit(primitive: "argsort", mistake: .keyword("reverse")) { _ in descending("argsort") },
        PythonHabit(primitive: "argsort", mistake: .keyword("descending")) { _ in descending("argsort") },
        PythonHabit(primitive: "sort", mistake: .keyword("key")) { _ in
            "sort by the keys' order: xs[argsort(keys)] for an array, [xs[i] for i in argsort(map(xs, f))] for a list"
        },
        PythonHabit(primitive: "unique", mistake: .keyword("return_counts")) { _ in returnsAll("counts") },
        PythonHabit(primitive: "unique", mistake: .keyword("return_inverse")) { _ in returnsAll("inverse") },
    ]

    /// "the shape is one list: zeros([2, 3])" when the numbers are all ints.
    private static func shapeList(
        _ name: String, _ extents: ArraySlice<Value>, before: String? = nil, after: [String] = []
    ) -> String? {
        guard extents.count > 1, extents.allSatisfy({ if case .int = $0 { true } else { false } }) else {
            return nil
        }
        let shape = "[" + extents.map(\.literalText).joined(separator: ", ") + "]"
        let arguments = ([before].compactMap { $0 } + [shape] + after).joined(separator: ", ")
        return "the shape is one list: \(name)(\(arguments))"
    }

    /// "concat takes one list: concat(list(a, b))" when the second argument is an array too.
    private static func oneList(_ name: String, _ values: [Value]) -> String? {
        guard values.count > 1, case .array(let a) = values[1], a.ndim > 0 else { return nil }
        let names = ["a", "b", "c", "d", "e", "f"]
        let items = values.count <= names.count ? names.prefix(values.count).joined(separator: ", ") : "a, b, ..."
        return "\(name) takes one list: \(name)(list(\(items)))"
    }

    /// "FLS writes map(xs, f): the items first" when the first argument is the function.
    private static func itemsFirst(_ name: String, _ values: [Value]) -> String? {
        guard let first = values.first, case .function = first else { return nil }
        return "FLS writes \(name)(xs, f): the items first"
    }

    private static func descending(_ name: String) -> String {
        "\(name) is ascending: write \(name)(x)[::-1] for descending order"
    }

    private static func returnsAll(_ field: String) -> String {
        "unique(x) returns a record of values, inverse and counts: write unique(x).\(field)"
    }
}
