// Python and numpy habits people bring with them, and the FLS form each one
// names. This one table serves the parser (`def`, `import`, `elif`, `print x`),
// name look-ups (`True`, `None`, `hstack`, `np`) and method calls
// (`x.mean(axis=0)`, `xs.append(v)`). Spelling suggestions search these names
// too, so `concatinate` still leads to `concat`.

enum PythonNames {
    static let lowerCaseConstants = "FLS writes its constants in lower case: true, false, null"
    static let builtIn =
        "numpy's functions are built in under their own names: write mean(x), concat(xs), not np.mean(x)"

    /// Names FLS does not define, with the hint that names the FLS form.
    /// Python's exit() and quit().
    static let leaving =
        "a script ends after its last line (break leaves a loop, return a function); in the REPL, :quit or Ctrl-D"

    static let undefined: [String: String] = [
        "True": "write 'true' (\(lowerCaseConstants))",
        "False": "write 'false' (\(lowerCaseConstants))",
        "None": "write 'null' (\(lowerCaseConstants))",
        "np": builtIn,
        "numpy": builtIn,
        "math": "math is built in: write sqrt(x), floor(x), pi",
        "concatenate": "write concat(xs, axis=0)",
        "hstack": "write concat(xs) for 1-d arrays, concat(xs, axis=1) to put 2-d arrays side by side",
        "vstack": "write concat(xs) for 2-d arrays, stack(xs) to make 1-d arrays the rows of a matrix",
        "array": "write [1, 2, 3]: brackets make arrays (a list of equal rows stacks with stack(xs))",
        "asarray": "values are arrays already; brackets make one: [1, 2, 3]",
        "arange": "write range(n) or range(start, stop, step)",
        "newaxis": "write null: x[:, null] adds an axis",
        "absolute": "write abs(x)",
        "nonzero": "the positions where c holds: range(len(c))[c]",
        "argwhere": "the positions where c holds: range(len(c))[c]",
        "flatnonzero": "the positions where c holds: range(len(c))[c]",
        "exit": leaving,
        "quit": leaving,
        "input": "FLS reads no keyboard input: set the value in the script, or read a file with load_json or load_csv",
        "amax": "write max(x)",
        "amin": "write min(x)",
        "dot": "write a @ b",
        "matmul": "write a @ b",
        "power": "write x ** y",
        "sorted": "write sort(x)",
        "pass": "FLS needs no 'pass': an empty block is { }",
        "assert": "FLS has no assert: \(assertHint)",
        "elif": "write 'else if'",
        "dict": "write a record: {name: value}",
        "tuple": "write list(a, b)",
        "take": "write x[indices]: an integer array as an index takes those elements",
        "size": "write len(x) for the first axis, prod(shape(x)) for every element",
        "length": "write len(x)",
        "zeros_like": "write zeros(shape(x))",
        "ones_like": "write ones(shape(x))",
        "full_like": "write full(shape(x), value)",
        "empty": "write zeros(shape): FLS has no uninitialised arrays",
        "empty_like": "write zeros(shape(x)): FLS has no uninitialised arrays",
        "identity": "write eye(n)",
        "expand_dims": "write x[:, null]: null adds an axis where it stands",
        "squeeze": "index the unit axis away (x[:, 0]) or write reshape(x, new_shape)",
        "ravel": "write reshape(x, -1)",
        "flatten": "write reshape(x, -1)",
        "column_stack": "write stack(xs, axis=1)",
        "count_nonzero": "write sum(x != 0)",
        "logical_and": "write a and b (element-wise on arrays)",
        "logical_or": "write a or b (element-wise on arrays)",
        "logical_not": "write not x (element-wise on arrays)",
        "allclose": "write all(abs(a - b) <= tolerance)",
        "isclose": "write abs(a - b) <= tolerance",
        "reversed": "write flip(x) or x[::-1]",
        "pow": "write x ** y",
        "float32": "write astype(x, \"f32\")",
        "float64": "write astype(x, \"f64\")",
        "int32": "write astype(x, \"i32\")",
        "int64": "write astype(x, \"i64\")",
        "uint8": "write astype(x, \"u8\")",
        "set": "write unique(x).values for the distinct values",
        "shuffle": "write permutation(x): it returns the items in a random order",
        "randint": "write choice(n, size=k) for k random ints in range(n)",
        "random": "write rand(n), randn(n), choice(x, size=k) or permutation(x); seed(s) repeats them",
        "linalg": "linear algebra is built in: norm, inv, solve, det, eigh, svd, lstsq",
        "einsum": "write a @ b, or * and sum(..., axis=k)",
        "eig": "write eigh(a) (symmetric matrices)",
        "pinv": "write lstsq(a, b) to solve, or inv(a) for a square matrix",
        "trace": "write sum(x[range(n), range(n)])",
        "loadtxt": "write load_csv(path)",
        "genfromtxt": "write load_csv(path)",
        "savetxt": "write save_csv(path, columns)",
        "load": "write load_npy, load_npz, load_pickle, load_json, load_csv or load_tar (path)",
        "save": "write save_npy, save_npz, save_pickle, save_json or save_csv (path, value)",
        "open": "files are read by the loaders: load_csv, load_json, load_npy, load_pickle, load_tar",
        "json": "write load_json(path) and save_json(path, value)",
        "pickle": "write load_pickle(path) and save_pickle(path, value)",
        "pd": "pandas is not part of FLS: load_csv(path) gives a record of typed columns",
        "pandas": "pandas is not part of FLS: load_csv(path) gives a record of typed columns",
        "plt": "pictures are built in: line, scatter, hist, bar, montage (and save_png)",
        "matplotlib": "pictures are built in: line, scatter, hist, bar, montage (and save_png)",
        "sklearn": "learning is built in: fit_pca, fit_lda, fit_logistic, fit_standardize, knn, predict",
        "self": "FLS has no classes: a record holds fields ({name: value}), functions take it",
        "format": "write an f-string: f\"{x:.2f}\"",
        "isinstance": "write dtype(x) for an array's element type",
        "type": "write dtype(x) for an array's element type",
    ]

    /// What a method was called on, as far as its hint cares.
    enum Receiver {
        case string, list, record
        /// An array or a number (a 0-d array), with its shape.
        case array(shape: [Int])
        case other
    }

    /// Method names whose FLS form is not `name(x, ...)`, by what the method
    /// was called on, the receiver's text and the arguments' text.
    static func renamedMethod(_ name: String, on kind: Receiver, receiver x: String, arguments: [String]) -> String? {
        let rest = arguments.isEmpty ? "" : ", " + arguments.joined(separator: ", ")
        let first = arguments.first ?? "v"
        switch kind {
        case .string: if let h = stringMethod(name, x, arguments) { return h }
        case .record: if let h = recordMethod(name, x, arguments) { return h }
        case .list, .array: if let h = sequenceMethod(name, on: kind, x, arguments) { return h }
        case .other: break
        }
        switch name {
        case "append":
            return "write \(x) = append(\(x)\(rest)) (lists are values: append makes a new one)"
        case "flatten", "ravel": return "write reshape(\(x), -1)"
        case "copy": return "write y = \(x): values are never shared, a change to one copies it"
        case "length", "len", "size": return arguments.isEmpty ? "write len(\(x))" : nil
        case "count":
            return arguments.isEmpty
                ? "write len(\(x)) for the number of items, sum(\(x) == v) for how many equal v"
                : "write sum(\(x) == \(first)): it counts the elements equal to \(first)"
        case "tolist": return "write list(...) to make a list, or keep the array"
        // numpy's method takes the new shape as separate numbers; the function takes one shape.
        case "reshape" where arguments.count > 1:
            return "write reshape(\(x), [\(arguments.joined(separator: ", "))]): FLS calls functions, not methods"
        case "items", "values":
            return "write for k in \(x) { ... \(x)[k] ... }: a record loops over its keys"
        default: return nil
        }
    }

    /// Python's list methods on a list or an array (`xs = [1, 2]` is an array in FLS).
    private static func sequenceMethod(_ name: String, on kind: Receiver, _ x: String, _ arguments: [String])
        -> String?
    {
        let isList: Bool
        if case .list = kind { isList = true } else { isList = false }
        let v = arguments.first ?? "v"
        let values = isList ? "lists are values" : "arrays are values"
        switch name {
        case "pop":
            if arguments.isEmpty || v == "-1" { return "write v = \(x)[-1]; \(x) = \(x)[:-1] (\(values))" }
            if v == "0" { return "write v = \(x)[0]; \(x) = \(x)[1:] (\(values))" }
            return "write v = \(x)[\(v)] to read it; \(x)[:-1] and \(x)[1:] leave out the last and the first item"
        case "reverse": return "write \(x) = \(x)[::-1] (\(values): the slice is a new one)"
        case "remove":
            return isList
                ? "write \(x) = filter(\(x), fn(x) = x != \(v)): it keeps the items that are not \(v)"
                : "write \(x) = \(x)[\(x) != \(v)]: it keeps the elements that are not \(v)"
        case "extend":
            return isList
                ? "write for y in \(v) { \(x) = append(\(x), y) } (lists are values: append makes a new one)"
                : "write \(x) = concat(list(\(x), \(v)))"
        case "insert":
            guard arguments.count == 2 else { return nil }
            let (i, item) = (arguments[0], arguments[1])
            return isList
                ? "lists are values and have no insert: \(x) = append(\(x), \(item)) adds at the end; "
                    + "build a new list in a loop to put it elsewhere"
                : "write \(x) = concat(list(\(x)[:\(i)], [\(item)], \(x)[\(i):]))"
        case "index":
            return isList
                ? "write argmax([x == \(v) for x in \(x)]) (after checking \(v) in \(x))"
                : "write argmax(\(x) == \(v)) (after checking \(v) in \(x))"
        case "count":
            guard !arguments.isEmpty, isList else { return nil }
            return "write sum([x == \(v) for x in \(x)]): it counts the items equal to \(v)"
        case "clear": return isList ? "write \(x) = list()" : "write \(x) = []"
        case "dot": return isList ? nil : "write \(x) @ \(v)"
        case "item":
            guard case .array(let shape) = kind else { return nil }
            if shape.isEmpty { return "\(x) is a number already" }
            let n = shape.reduce(1, *)
            let zeros = Array(repeating: "0", count: shape.count).joined(separator: ", ")
            if n == 0 { return "item() needs an array of one element and \(x) is empty" }
            if n == 1 { return "write \(x)[\(zeros)] for its one element" }
            return "item() needs an array of one element and \(x) has \(n): write \(x)[\(zeros)] for the first"
        case "astype":
            guard let dtype = arguments.first.flatMap(flsDType) else { return nil }
            return "write astype(\(x), \"\(dtype)\"): FLS names dtypes with strings"
        default: return nil
        }
    }

    /// Python's string methods whose FLS form is not `name(s, ...)`.
    private static func stringMethod(_ name: String, _ s: String, _ arguments: [String]) -> String? {
        let sub = arguments.first ?? "sub"
        switch name {
        case "format":
            if let f = fString(s, arguments) { return "write an f-string: \(f)" }
            return "write an f-string: f\"...{x}...{y:.2f}\""
        case "find", "index":
            return "write \(sub) in \(s) to test for it; len(split(\(s), \(sub))[0]) is where it first starts"
        case "count": return "write len(split(\(s), \(sub))) - 1: it counts the occurrences of \(sub)"
        case "rstrip", "lstrip":
            let chars = arguments.isEmpty ? "" : ", " + sub
            return "write strip(\(s)\(chars)): it strips both ends; FLS has no one-sided strip"
        case "isdigit", "isnumeric", "isdecimal":
            return "write \(s) != \"\" and strip(\(s), \"0123456789\") == \"\""
        default: return nil
        }
    }

    /// Python's dict methods on a record.
    private static func recordMethod(_ name: String, _ d: String, _ arguments: [String]) -> String? {
        let k = arguments.first ?? "k"
        let v = arguments.count > 1 ? arguments[1] : "null"
        switch name {
        case "get": return "write if \(k) in \(d) { \(d)[\(k)] } else { \(v) }"
        case "update":
            // A literal argument is named first, so that the loop reads it once.
            let arg = arguments.first ?? "o"
            let (o, named) = isName(arg) ? (arg, "") : ("o", "o = \(arg); ")
            return "write \(d)[k] = v for each key: \(named)for k in \(o) { \(d)[k] = \(o)[k] }"
        case "pop":
            return "write v = \(d)[\(k)]; a record keeps its keys, so build one without it: "
                + "r = {}; for j in \(d) { if j != \(k) { r[j] = \(d)[j] } }"
        case "setdefault": return "write if \(k) not in \(d) { \(d)[\(k)] = \(v) }"
        default: return nil
        }
    }

    /// The hint for a method called on a string, list or array that FLS has
    /// no form for: not the fields they have, since a call was meant.
    static func unknownMethod(_ name: String, on kind: Receiver) -> String? {
        switch kind {
        case .string:
            return "FLS has no string methods: its text functions are split, join, strip, replace, lower, upper, "
                + "startswith and endswith, and f-strings format"
        case .list:
            return "FLS has no list methods: lists are values, and functions make new ones (append, filter, map, "
                + "xs[i:j])"
        case .array: return "FLS calls functions, not methods: fls help lists them"
        case .record, .other: return nil
        }
    }

    /// Whether `text` is a plain variable name.
    private static func isName(_ text: String) -> Bool {
        guard let c = text.first, c.isLetter || c == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The FLS dtype name for a numpy or Python dtype as written (`np.float32`, `float`).
    static func flsDType(_ text: String) -> String? {
        var t = text
        if t.count > 2, t.first == "\"" || t.first == "'", t.last == t.first { t = String(t.dropFirst().dropLast()) }
        for prefix in ["np.", "numpy."] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        switch t {
        case "float", "float64", "float_", "double": return "f64"
        case "float32", "single": return "f32"
        case "int", "int64", "int_": return "i64"
        case "int32": return "i32"
        case "uint8": return "u8"
        case "bool", "bool_": return "bool"
        case "str", "str_": return "str"
        default: return nil
        }
    }

    /// `"{} is {:.2f}".format(a, b)` as the f-string `f"{a} is {b:.2f}"`, when
    /// the receiver is a string literal whose fields are all `{}` or `{:spec}`
    /// and there is one argument per field.
    static func fString(_ literal: String, _ arguments: [String]) -> String? {
        guard literal.count >= 2, literal.first == "\"", literal.last == "\"" else { return nil }
        var out = "f"
        var next = 0
        var inField = false
        for c in literal {
            if inField {
                if c == "}" || c == ":" {
                    guard next < arguments.count else { return nil }
                    out += arguments[next]
                    next += 1
                    inField = false
                } else {
                    return nil
                }
            } else if c == "{" {
                inField = true
            }
            out.append(c)
        }
        return next == arguments.count ? out : nil
    }

    /// The hint for `module.name` when `module` (np, numpy, math) is not defined.
    static func moduleMember(_ module: String, _ name: String, isPrimitive: (String) -> Bool) -> String? {
        guard ["np", "numpy", "math"].contains(module) else { return nil }
        if ["pi", "inf", "nan"].contains(name) { return "numpy's constants are built in: write \(name)" }
        if let h = undefined[name], name != "None", name != "True", name != "False" { return h }
        if isPrimitive(name) { return "numpy's functions are built in: write \(name)(...)" }
        return undefined[module]
    }

    /// The hint for a statement that starts with a Python keyword FLS does
    /// not have, given the tokens from that keyword on (same line).
    static let def = "'def' is Python: FLS defines functions with 'fn'"
    static let importStatement = "'import' is Python: FLS's primitives are built in"
    static let importHint =
        "numpy's functions are built in under their own names (mean(x), concat(xs)); 'use name' loads an FLS module (name.fls)"
    static let elif = "'elif' is Python: FLS writes 'else if'"
    static let printStatement = "'print x' is Python 2: print is a function"
    static let lambda = "'lambda' is Python: FLS writes fn(x) = x * 2"
    static let colonBlock = "FLS blocks are written in braces, not with ':' and indentation: if c { ... }"
    static let classStatement = "'class' is Python: FLS has no classes"
    static let classHint = "hold the fields in a record ({name: value}) and write functions that take it"
    static func exceptions(_ keyword: String) -> String { "'\(keyword)' is Python: FLS has no exceptions" }
    static let exceptionsHint =
        "an error stops the cell with its message and location; test for a problem with if and print what is wrong"
    static let withStatement = "'with' is Python: FLS needs no context managers"
    static let withHint = "files are read whole by the loaders: load_csv, load_json, load_npy, load_pickle, load_tar"
    static func scopeDeclaration(_ keyword: String) -> String {
        "'\(keyword)' is Python: FLS has no scope declarations"
    }
    static let scopeDeclarationHint =
        "a function reads the variables around it; assignment in a function makes a local, "
        + "so return the new value and assign it outside"
    static let delStatement = "'del' is Python: FLS frees a value when nothing refers to it"
    static let delHint = "values are not changed in place: build the new list or record (append, a comprehension)"
    static let assertStatement = "'assert' is Python: FLS has no assert statement"
    static let assertHint = "test with if and print what is wrong: if not c { print(\"...\") }"
    static let isOperator = "FLS has no 'is': compare with == (x == null)"
    static let conditionalExpression = "FLS writes 'a if c else b' as: if c { a } else { b }"

    /// The hint for a parenthesised Python tuple, `(2, 3)` or `(a, b)`, given
    /// its items' text and the function whose first argument it is, if any.
    static func tuple(_ items: [String], allIntegers: Bool, callee: String?) -> String {
        let joined = items.joined(separator: ", ")
        if allIntegers { return "FLS has no tuples: write [\(joined)]; a shape is an array of ints" }
        if let f = callee, ["concatenate", "hstack", "concat"].contains(f) {
            return "FLS has no tuples: write concat(list(\(joined)))"
        }
        return "FLS has no tuples: write list(\(joined))"
    }
}
