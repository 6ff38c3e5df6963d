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
        "elif": "write 'else if'",
        "dict": "write a record: {name: value}",
        "tuple": "write list(a, b)",
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
    static let isOperator = "FLS has no 'is': compare with == (x == null)"
    static let conditionalExpression = "FLS writes 'a if c else b' as: if c { a } else { b }"
}
