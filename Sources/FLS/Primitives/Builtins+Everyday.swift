#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The "Everyday" family: printing, help, and working with lists and records.

extension Builtins {
    /// print, help, map, filter, keys, list, str, int, float.
    public static var everyday: [Primitive] {
        [
            Primitive(
                "print", family: "Everyday",
                params: [.rest("values"), Param("sep", .string(" ")), Param("end", .string("\n"))],
                summary: "Print values separated by spaces, then a newline.",
                doc:
                    "Strings print without quotes; arrays print like numpy's `print`. `sep` goes between values and `end` after the last.",
                examples: [
                    Example("print(\"top\", 1, 2.5)", "top 1 2.5"),
                    Example("print([1, 2, 3], sep=\"\", end=\"!\\n\")", "[1 2 3]!"),
                ]
            ) { args, ctx in
                let values = try args.list(0)
                let sep = try args.string(1)
                let end = try args.string(2)
                // The joined text is one string: its size is asked first.
                let texts = try values.map(printTextChecked)
                var bytes = end.utf8.count
                for t in texts { bytes = try Limits.stringSum(bytes, t.utf8.count + sep.utf8.count) }
                try Limits.checkString(bytes: bytes)
                ctx.host.write(texts.joined(separator: sep) + end)
                return .null
            },
            Primitive(
                "help", family: "Everyday", params: [Param("name", .null)],
                summary: "Show the documentation of a primitive (or list them all).",
                doc:
                    "`help(\"mean_by\")` or `help(mean_by)` prints the signature, the description and examples. `help()` lists every primitive by family; `help(f)` on a function of the program shows its signature and where it is defined.",
                examples: [Example("help(\"keys\")", HelpText.render(keysPrimitive).trimmingTrailingNewlines)]
            ) { args, ctx in
                guard let interpreter = ctx as? Interpreter else { return .null }
                let table = interpreter.table
                if args.isNull(0) {
                    ctx.host.write(HelpText.overview(table))
                    return .null
                }
                var name = ""
                if case .function(let f) = args[0], let c = f.closure {
                    // A function of the program: its signature and where it is defined.
                    ctx.host.write("\(c.signature)\n    a function defined at \(c.code.span.locationText)\n")
                    return .null
                }
                if case .function(let f) = args[0] { name = f.name } else { name = try args.string(0) }
                guard let p = table[name] else {
                    var hint = "help() lists every primitive"
                    if let best = closestName(name, table.names) { hint = "did you mean '\(best)'?" }
                    throw RuntimeError("no primitive named '\(name)'", hint: hint)
                }
                ctx.host.write(HelpText.render(p))
                return .null
            },
            Primitive(
                "map", family: "Everyday", params: [Param("xs"), Param("f")],
                summary: "Apply a function to each item; a list gives a list, an array's rows give a stacked array.",
                doc:
                    "Over a list the result is a list. Over an array `f` receives each item of the first axis and the results are stacked into an array (a list when they cannot stack). Over a record `f` receives each key.",
                examples: [
                    Example("map([1, 2, 3], fn(x) = x * 10)", "i64[3] [10 20 30]"),
                    Example("map(list(\"a\", \"b\"), fn(s) = s + \"!\")", "list(\"a!\", \"b!\")"),
                ]
            ) { args, ctx in
                let f = try args.function(1)
                switch args[0] {
                case .list(let xs):
                    var out: [Value] = []
                    out.reserveCapacity(xs.count)
                    for x in xs {
                        try Interrupt.check()
                        out.append(try ctx.call(f, [x]))
                    }
                    return .list(out)
                case .record(let r):
                    return .list(try r.keys.map { try ctx.call(f, [.string($0)]) })
                case .array(let a) where a.ndim >= 1:
                    var out: [Value] = []
                    for row in try a.rows() {
                        try Interrupt.check()
                        out.append(try ctx.call(f, [row]))
                    }
                    if out.isEmpty { return .list([]) }
                    return (try? stackLiteral(out)) ?? .list(out)
                default:
                    throw RuntimeError("map: 'xs' must be a list, a record or an array, got \(args[0].kindName)")
                }
            },
            Primitive(
                "filter", family: "Everyday", params: [Param("xs"), Param("f")],
                summary: "Keep the items for which the function returns true.",
                doc:
                    "Over a list the result is a list; over an array, the rows (first-axis items) for which `f` is true, as an array.",
                examples: [Example("filter([1, 5, 2, 8], fn(x) = x > 2)", "i64[2] [5 8]")]
            ) { args, ctx in
                let f = try args.function(1)
                func keep(_ v: Value) throws -> Bool {
                    let r = try ctx.call(f, [v])
                    switch r {
                    case .bool(let b): return b
                    case .array(let a) where a.ndim == 0 && a.dtype == .bool:
                        if case .bool(let s) = a.storage, let b = s.first { return b }
                        return false
                    case .null: return false
                    default:
                        throw RuntimeError("filter: the function must return true or false, got \(r.kindName)")
                    }
                }
                switch args[0] {
                case .list(let xs):
                    return .list(try xs.filter(keep))
                case .array(let a) where a.ndim >= 1:
                    var mask: [Bool] = []
                    for row in try a.rows() {
                        try Interrupt.check()
                        mask.append(try keep(row))
                    }
                    let m = NDArray(shape: [mask.count], storage: .bool(mask))
                    return try a.subscriptGet([.array(m)])
                default:
                    throw RuntimeError("filter: 'xs' must be a list or an array, got \(args[0].kindName)")
                }
            },
            keysPrimitive,
            Primitive(
                "env", family: "Everyday", params: [Param("name"), Param("default", .null)],
                summary: "An environment variable's value, or `default` when it is not set.",
                doc:
                    "Lets a notebook take its data folder from the shell: `data = env(\"FLS_DATA\", \"sample-data/tiny\")`.",
                examples: [Example("env(\"FLS_SURELY_UNSET_VARIABLE\", \"fallback\")", "\"fallback\"")]
            ) { args, context in
                let name = try args.string(0)
                if let v = context.host.environment(name) { return .string(v) }
                return args[1]
            },
            Primitive(
                "clock", family: "Everyday", params: [],
                summary: "Seconds on a monotonic clock, for timing code.",
                doc: "Only differences are meaningful: `t = clock(); work(); print(clock() - t)`.",
                examples: [Example("t = clock()\nclock() - t >= 0", "true")]
            ) { _, context in
                .float(context.host.monotonicSeconds())
            },
            Primitive(
                "list", family: "Everyday", params: [.rest("items")],
                summary: "Make a list of any values (heterogeneous, not stacked).",
                doc:
                    "Unlike `[a, b]`, which stacks numbers and equal-shape arrays into one array, `list(a, b)` keeps each value as it is. `list(x)` of a single array gives its first-axis items.",
                examples: [
                    Example("list(1, \"two\", [3, 4])", "list(1, \"two\", i64[2] [3 4])"),
                    Example("len(list())", "0"),
                ]
            ) { args, _ in
                let items = try args.list(0)
                if items.count == 1, case .array(let a) = items[0], a.ndim >= 1 { return .list(try a.rows()) }
                return .list(items)
            },
            Primitive(
                "str", family: "Everyday", params: [Param("x")],
                summary: "The text `print` would show for a value.",
                doc:
                    "Strings come back unchanged; arrays give numpy's `str` form; records and lists their display text. Use f-strings for formatting numbers.",
                examples: [Example("str(42) + \"!\"", "\"42!\""), Example("str([1.5, 2])", "\"[1.5 2. ]\"")]
            ) { args, _ in .string(try printTextChecked(args[0])) },
            Primitive(
                "int", family: "Everyday", params: [Param("x")],
                summary: "Convert to an integer, truncating toward zero like Python.",
                doc:
                    "Accepts numbers, 0-d arrays (a numpy bool gives 1 or 0) and strings of digits. For whole arrays use `astype(x, \"i64\")`.",
                examples: [
                    Example("int(-2.7)", "-2"), Example("int(\"42\")", "42"), Example("int([true, false][0])", "1"),
                ]
            ) { args, _ in
                let v = args[0]
                switch v {
                case .int: return v
                case .bool(let b): return .int(b ? 1 : 0)
                case .string(let s):
                    guard let n = Int64(pythonDigits(s.trimmingSpaces)) else {
                        throw RuntimeError("int: cannot convert \"\(s)\" to an integer")
                    }
                    return .int(n)
                default:
                    if let b = numpyBool(v) { return .int(b ? 1 : 0) }
                    if case .array(let a) = v, a.ndim == 0, a.dtype.isInteger, let n = v.asInt() {
                        return .int(Int64(n))
                    }
                    if let x = v.asDouble() { return .int(try truncatedToInt(x, v)) }
                    throw RuntimeError(
                        "int: cannot convert \(v.kindName) to an integer",
                        hint: "for arrays use astype(x, \"i64\")")
                }
            },
            Primitive(
                "float", family: "Everyday", params: [Param("x")],
                summary: "Convert to a float (f64).",
                doc:
                    "Accepts numbers, 0-d arrays and numeric strings (`\"nan\"` and `\"inf\"` too). For whole arrays use `astype(x, \"f64\")`.",
                examples: [Example("float(3)", "3.0"), Example("float(\"2.5e3\")", "2500.0")]
            ) { args, _ in
                let v = args[0]
                if case .string(let s) = v {
                    // Swift reads hexadecimal floats and nan payloads ("0x1p3",
                    // "nan(1)"); Python's float does not.
                    let text = pythonDigits(s.trimmingSpaces)
                    guard !text.contains(where: { $0 == "x" || $0 == "X" || $0 == "(" }), let x = Double(text) else {
                        throw RuntimeError("float: cannot convert \"\(s)\" to a number")
                    }
                    return .float(x)
                }
                if case .bool(let b) = v { return .float(b ? 1 : 0) }
                if let b = numpyBool(v) { return .float(b ? 1 : 0) }
                if let x = v.asDouble() { return .float(x) }
                throw RuntimeError(
                    "float: cannot convert \(v.kindName) to a number",
                    hint: "for arrays use astype(x, \"f64\")")
            },
        ]
    }

    static var keysPrimitive: Primitive {
        Primitive(
            "keys", family: "Everyday", params: [Param("r")],
            summary: "The field names of a record, in order, as a str array.",
            doc:
                "Also works on handles with fields (an archive's `paths`, `path`, `count`). `for k in r` loops over the same names.",
            examples: [Example("keys({person: 1, video: 2})", "str[2] ['person' 'video']")]
        ) { args, _ in
            switch args[0] {
            case .record(let r): return .array(NDArray(shape: [r.count], storage: .str(r.keys)))
            case .handle(let h): return .array(NDArray(shape: [h.fieldNames.count], storage: .str(h.fieldNames)))
            default: throw RuntimeError("keys: 'r' must be a record, got \(args[0].kindName)")
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    var trimmingTrailingNewlines: String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}

/// Python's int() and float() accept single underscores between digits ("1_000").
func pythonDigits(_ text: String) -> String {
    var s = text
    // Any Unicode decimal digit stands for its ASCII one ("٣", "１２"), as in Python.
    if s.unicodeScalars.contains(where: { !$0.isASCII }) {
        var ascii = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if !c.isASCII, c.properties.numericType == .decimal, let v = c.properties.numericValue,
                let d = Int(exactly: v), (0...9).contains(d)
            {
                ascii.append(Unicode.Scalar(UInt8(48 + d)))
            } else {
                ascii.append(c)
            }
        }
        s = String(ascii)
    }
    guard s.contains("_") else { return s }
    let chars = Array(s)
    for (i, c) in chars.enumerated() where c == "_" {
        guard i > 0, i < chars.count - 1, chars[i - 1].isNumber, chars[i + 1].isNumber else { return s }
    }
    return String(s.filter { $0 != "_" })
}

/// `int` of a float `x` (the value `v`): truncated toward zero, or an error
/// for nan, the infinities and what no Int64 holds.
func truncatedToInt(_ x: Double, _ v: @autoclosure () -> Value) throws -> Int64 {
    // Exactly the doubles an Int64 holds: -2^63 <= x < 2^63.
    guard x.isFinite, x >= -9.223372036854775808e18, x < 9.223372036854775808e18 else {
        throw RuntimeError("int: cannot convert \(printText(v())) to an integer")
    }
    return Int64(x.rounded(.towardZero))
}

/// The value of a numpy bool (a 0-d bool array, as `x[i]` of a bool array
/// or a comparison of numpy scalars gives), which `int` and `float` take as
/// 1 and 0 as numpy does; nil for anything else.
func numpyBool(_ v: Value) -> Bool? {
    guard case .array(let a) = v, a.ndim == 0, a.dtype == .bool else { return nil }
    return a.storage.int64s.first.map { $0 != 0 }
}
