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

    /// Method names whose FLS form is not `name(x, ...)`, by the receiver's
    /// text and the arguments' text.
    static func renamedMethod(_ name: String, receiver: String, arguments: [String]) -> String? {
        let rest = arguments.isEmpty ? "" : ", " + arguments.joined(separator: ", ")
        switch name {
        case "append":
            return "write \(receiver) = append(\(receiver)\(rest)) (lists are values: append makes a new one)"
        case "flatten", "ravel": return "write reshape(\(receiver), -1)"
        case "copy": return "write y = \(receiver): values are never shared, a change to one copies it"
        case "item": return "\(receiver) is a number already"
        case "length", "len", "size", "count": return arguments.isEmpty ? "write len(\(receiver))" : nil
        case "tolist": return "write list(...) to make a list, or keep the array"
        // numpy's method takes the new shape as separate numbers; the function takes one shape.
        case "reshape" where arguments.count > 1:
            return
                "write reshape(\(receiver), [\(arguments.joined(separator: ", "))]): FLS calls functions, not methods"
        case "items", "values":
            return "write for k in \(receiver) { ... \(receiver)[k] ... }: a record loops over its keys"
        default: return nil
        }
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
