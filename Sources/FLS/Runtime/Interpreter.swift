// The interpreter: parses, compiles and runs units of source against one
// session's globals, calls functions, and loads modules.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs FLS programs. One interpreter is one session (a script run, a
/// notebook, a REPL): its globals persist from one `run` to the next.
public final class Interpreter: CallContext {
    public var host: Host
    /// The session's own registry (a copy: registering here changes no other session).
    public let table: PrimitiveTable
    /// True while this session runs (its table's kernels are bound; see `enter`).
    var isEntered = false
    /// The table's kernels with this host's settings (FLS_NO_HUGEPAGES).
    var kernels: Kernels
    /// The session's random generator, seeded from the host's clock.
    public var random: RandomGenerator
    /// The session's top-level variables.
    public let globals: Globals
    /// Folders searched by `use name` after the script's folder (FLS_PATH).
    public var searchPaths: [String] = []
    /// Modules shipped inside the binary: name -> source.
    public var builtinModules: [String: String] = [:]

    var callDepth = 0
    /// The first top-level definition (`fn name` or `name = ...`) of each
    /// name in the unit being run, for the hint of a name used before it.
    var unitDefinitions: [String: SourceSpan] = [:]
    /// Whether functions and loops take the typed path (ScalarCompiler.swift);
    /// FLS_SCALAR=0 in the host's environment turns it off, and so does
    /// `scalarFunctionsByDefault` (for tests comparing both paths).
    public var scalarFunctions = true
    public nonisolated(unsafe) static var scalarFunctionsByDefault = true
    /// The registers of scalar functions, allocated on first use.
    var scalarRegisters: Registers? = nil
    var scalarRegisterCount = 0
    /// Interrupt.flagPointer, kept here: the static goes through a lazy-initialisation check.
    let interruptFlag = Interrupt.flagPointer
    /// The recursion limit the register file was sized for.
    var scalarRegisterDepth = -1
    /// Calls from generic code that ran on the scalar path, and statements
    /// of typed loops that ran the generic way (for tests).
    var scalarEntries = 0
    var islandRuns = 0
    /// Where the registers of the next typed entry start. A typed loop that
    /// runs a statement the generic way (an island) keeps its frame, and
    /// typed code entered meanwhile (a function the statement calls, a loop
    /// inside it) gets the registers above it.
    var scalarWindow = 0
    /// Loaded modules by resolved path: their globals.
    var modules: [String: Globals] = [:]
    var loading: Set<String> = []

    /// Makes a session whose relative paths resolve from `directory`.
    public init(host: Host, table: PrimitiveTable = .core, directory: String = ".") {
        self.host = host
        self.table = table
        self.globals = Globals(directory: directory)
        kernels = table.kernels
        kernels.adviseHugePages = host.environment("FLS_NO_HUGEPAGES") == nil
        random = RandomGenerator(seed: host.wallClockSeconds().bitPattern)
        if let path = host.environment("FLS_PATH") {
            searchPaths = path.split(separator: ":").map(String.init)
        }
        scalarFunctions = Interpreter.scalarFunctionsByDefault && host.environment("FLS_SCALAR") != "0"
    }

    deinit {
        releaseScalarRegisters()
    }

    /// Forgets every variable and loaded module. Functions and the variables
    /// they can see refer to each other, so a session's memory (its arrays)
    /// is only given back once it is closed: front ends close a session
    /// they replace (`:reset`, a notebook restart) or finish.
    public func close() {
        var doomed: [Value] = []
        for g in [globals] + Array(modules.values) {
            let slots = g.values
            for i in slots.indices {
                if let v = slots[i] { doomed.append(v) }
                slots[i] = nil
            }
        }
        modules = [:]
        releaseIteratively(&doomed)
    }

    /// The result of running a unit of source.
    public struct Outcome {
        /// The value of the last statement when it is an expression, else nil.
        public var value: Value?
    }

    /// Parses, compiles and runs `source` in this session. Throws
    /// `ParseFailure` (nothing ran) or `RuntimeError` (with its span).
    @discardableResult
    public func run(_ source: SourceFile) throws -> Outcome {
        let stmts = try Parser.parse(source)
        return try enter { try run(stmts, globals: globals) }
    }

    /// Checks a unit of source for syntax errors without running it.
    public func check(_ source: SourceFile) throws {
        let stmts = try Parser.parse(source)
        var compiler = Compiler(interpreter: self, globals: Globals(directory: globals.directory))
        do { _ = try compiler.compileUnit(stmts) } catch let d as Diagnostic {
            throw ParseFailure(diagnostics: [d])
        }
    }

    func run(_ stmts: [Stmt], globals: Globals) throws -> Outcome {
        let outerDefinitions = unitDefinitions
        unitDefinitions = [:]
        for stmt in stmts {
            switch stmt.kind {
            case .function(let decl): unitDefinitions[decl.name] = unitDefinitions[decl.name] ?? decl.span
            case .assign(.name(let name, let span), _): unitDefinitions[name] = unitDefinitions[name] ?? span
            default: break
            }
        }
        defer { unitDefinitions = outerDefinitions }
        var compiler = Compiler(interpreter: self, globals: globals)
        let code: Statement
        let lastIsExpression: Bool
        do { (code, lastIsExpression) = try compiler.compileUnit(stmts) } catch let d as Diagnostic {
            throw ParseFailure(diagnostics: [d])
        }
        let frame = Frame.make(count: 0, parent: nil)
        callDepth = 0
        do { _ = try frame.run(code) } catch let signal as ControlSignal {
            switch signal {
            case .returned: throw RuntimeError("'return' outside a function")
            default: throw RuntimeError("'break' or 'continue' outside a loop")
            }
        }
        // A mapped file changed in place while this unit ran (or before): say so.
        if let message = MappedFile.changedWhileInUse() { throw RuntimeError(message) }
        if lastIsExpression { return Outcome(value: frame.takeResult()) }
        return Outcome(value: nil)
    }

    // MARK: names

    /// A name with no assigned global: a primitive, or an error with a suggestion.
    /// `locals`: the variables of the functions around the name, also
    /// candidates for a misspelt one.
    func builtin(_ name: String, span: SourceSpan, globals: Globals, locals: [String] = []) throws -> Value {
        if let p = table[name] {
            if let c = p.constant { return c }
            let f = Value.function(Function(.primitive(p)))
            // Cache the function value in the global slot's place is not safe
            // (users may assign the name later), so it is rebuilt; it is cheap.
            return f
        }
        var candidates = locals + globals.variables.map(\.name) + table.names
        if globals !== self.globals { candidates += self.globals.variables.map(\.name) }
        // Python's and numpy's names first (True, None, hstack), then spelling:
        // the nearest FLS name, unless a Python name is nearer (a misspelt
        // `concatinate` leads to concat) and only one edit away (`take` is
        // not a misspelt `True`).
        var hint = PythonNames.undefined[name]
        // Defined by a top-level statement further down the unit being run.
        if let later = unitDefinitions[name], later.file === span.file, later.start > span.start {
            let line = later.file.location(of: later.start).line
            hint =
                "'\(name)' is defined on line \(line), which has not run yet: a script runs from top to bottom, "
                + "so define it before the line that needs it"
        }
        if hint == nil {
            let fls = nearestName(name, candidates + Array(Parser.constants.keys) + ["true", "false", "null"])
            let python = nearestName(name, Array(PythonNames.undefined.keys))
            if let p = python, p.distance <= 1, p.distance < fls?.distance ?? Int.max {
                hint = PythonNames.undefined[p.name]
            } else if let f = fls {
                hint = "did you mean '\(f.name)'?"
            }
        }
        throw RuntimeError("name '\(name)' is not defined", hint: hint, span: span)
    }

    // MARK: calls

    /// Calls a function with positional and keyword arguments.
    public func call(_ fn: Function, _ args: [Value]) throws -> Value {
        try enter { try call(fn, args, [], span: nil) }
    }

    func call(
        _ fn: Function, _ args: [Value], _ keywords: [(String, Value)], span: SourceSpan?,
        selections: [Int: RowSelection] = [:]
    ) throws -> Value {
        switch fn.body {
        case .closure(let c):
            let params = c.code.paramNames
            if args.count > params.count {
                throw RuntimeError(
                    "\(c.name)() takes \(params.count) argument\(params.count == 1 ? "" : "s") but \(args.count) were given",
                    span: span, hint: "it takes \(c.signature)")
            }
            // Match keywords to parameter positions before making the frame.
            var given = [Value?](repeating: nil, count: params.count)
            for i in 0..<args.count { given[i] = args[i] }
            for (name, v) in keywords {
                guard let i = params.firstIndex(of: name) else {
                    throw RuntimeError(
                        "\(c.name)() has no parameter '\(name)'",
                        hint: "its parameters are \(params.joined(separator: ", "))", span: span)
                }
                if given[i] != nil {
                    throw RuntimeError("\(c.name)() got argument '\(name)' twice", span: span)
                }
                given[i] = v
            }
            let frame = Frame.make(count: c.code.slotCount, parent: c.captured)
            let slots = frame.slots
            for i in 0..<given.count { slots[i] = given[i] }
            return try invoke(c, frame: frame, given: params.count, span: span, fillFrom: args.count)
        case .primitive(let p):
            return try callPrimitive(p, args, keywords, span: span, selections: selections)
        }
    }

    /// Calls a primitive: binds the arguments, runs it, and gives its errors the call's span.
    func callPrimitive(
        _ p: Primitive, _ args: [Value], _ keywords: [(String, Value)], span: SourceSpan?,
        selections: [Int: RowSelection]? = nil
    ) throws -> Value {
        var arguments = try bind(p, args, keywords, span: span)
        if let selections { arguments.rowSelections = selections }
        guard let impl = p.implementation else {
            throw RuntimeError("\(p.name) is a constant, not a function", span: span)
        }
        do {
            let faults = MappedFile.faultCount
            let result = try impl(&arguments, self)
            if MappedFile.faultCount != faults { throw RuntimeError(MappedFile.changedMessage(), span: span) }
            return result
        } catch var error as RuntimeError {
            if error.span == nil { error.span = span }
            throw error
        }
    }

    /// Runs a closure whose first `given` parameter slots are filled (the
    /// rest from defaults, in order from `fillFrom`).
    func invoke(_ c: Closure, frame: Frame, given: Int, span: SourceSpan?, fillFrom: Int? = nil) throws -> Value {
        let n = c.code.paramCount
        var i = fillFrom ?? given
        while i < n {
            if frame.slots[i] == nil {
                guard let d = c.defaults[i] else {
                    throw RuntimeError(
                        "\(c.name)() is missing argument '\(c.code.paramNames[i])'", span: span,
                        hint: "it takes \(c.signature)")
                }
                frame.slots[i] = d
            }
            i += 1
        }
        try enterCall(span)
        defer { callDepth -= 1 }
        do {
            if scalarFunctions, c.code.isTopLevel, let v = try runScalar(c.code, frame) { return v }
            switch try frame.run(c.code.body) {
            case .normal, .returned: return frame.takeResult()
            case .breakLoop, .continueLoop:
                throw RuntimeError("'break' or 'continue' outside a loop", span: span)
            }
        } catch let error as RuntimeError {
            guard let span else { throw error }
            throw traced(error, c.name, span)
        }
    }

    /// Matches arguments to a primitive's parameters.
    func bind(_ p: Primitive, _ args: [Value], _ keywords: [(String, Value)], span: SourceSpan?) throws -> Arguments {
        // Every parameter given by position, none collecting the rest: the arguments as they are.
        if keywords.isEmpty, args.count == p.params.count, !p.collectsRest {
            return Arguments(primitive: p, values: args)
        }
        // `print(a, b)`, `list(x, y)`: only the rest, all given by position.
        if keywords.isEmpty, p.params.count == 1, p.collectsRest {
            return Arguments(primitive: p, values: [.list(args)])
        }
        var values = [Value?](repeating: nil, count: p.params.count)
        var i = 0
        var argIndex = 0
        while argIndex < args.count {
            guard i < p.params.count else {
                throw RuntimeError(
                    "\(p.name) takes at most \(p.params.count) argument\(p.params.count == 1 ? "" : "s") but \(args.count) were given",
                    span: span, hint: PythonHabit.hint(p.name, .tooMany, args) ?? "it takes \(p.signature)")
            }
            if p.params[i].variadic {
                values[i] = .list(Array(args[argIndex...]))
                argIndex = args.count
            } else {
                values[i] = args[argIndex]
                argIndex += 1
            }
            i += 1
        }
        for (name, v) in keywords {
            guard let j = p.params.firstIndex(where: { $0.name == name }) else {
                var hint = "it takes \(p.signature)"
                if let best = closestName(name, p.params.map(\.name)) { hint = "did you mean '\(best)'? " + hint }
                if let habit = PythonHabit.hint(p.name, .keyword(name), args) { hint = habit }
                throw RuntimeError("\(p.name) has no parameter '\(name)'", span: span, hint: hint)
            }
            if values[j] != nil {
                throw RuntimeError("\(p.name) got argument '\(name)' twice", span: span)
            }
            values[j] = v
        }
        var out: [Value] = []
        out.reserveCapacity(values.count)
        for (j, v) in values.enumerated() {
            if let v { out.append(v); continue }
            guard let d = p.params[j].defaultValue else {
                // numpy's one-argument where(c) gives the positions where c holds.
                let positions = p.name == "where" && j == 1 ? "; the positions where c holds are range(len(c))[c]" : ""
                throw RuntimeError(
                    "\(p.name) is missing argument '\(p.params[j].name)'", span: span,
                    hint: "it takes \(p.signature)" + positions)
            }
            out.append(d)
        }
        return Arguments(primitive: p, values: out)
    }

    // MARK: modules

    /// `use name` / `use "path"`: loads a module once and binds its public names.
    func use(_ name: String, isPath: Bool, into target: Globals, span: SourceSpan) throws {
        let (key, text, directory) = try locateModule(name, isPath: isPath, from: target.directory, span: span)
        let moduleGlobals: Globals
        if let loaded = modules[key] {
            moduleGlobals = loaded
        } else {
            if loading.contains(key) {
                throw RuntimeError("module '\(name)' uses itself (circular use)", span: span)
            }
            loading.insert(key)
            defer { loading.remove(key) }
            let g = Globals(directory: directory)
            let file = SourceFile(name: key.hasPrefix("<") ? key : displayPath(key), text: text)
            let stmts: [Stmt]
            do { stmts = try Parser.parse(file) } catch let failure as ParseFailure {
                throw failure
            }
            let savedDepth = callDepth
            defer { callDepth = savedDepth }
            _ = try run(stmts, globals: g)
            modules[key] = g
            moduleGlobals = g
        }
        for (n, v) in moduleGlobals.variables where !n.hasPrefix("_") {
            target[n] = v
        }
    }

    func locateModule(_ name: String, isPath: Bool, from directory: String, span: SourceSpan) throws -> (
        key: String, text: String, directory: String
    ) {
        if isPath {
            let path = name.hasPrefix("/") ? name : joinPath(directory, name)
            guard let text = host.readText(path: path) else {
                throw RuntimeError(
                    "cannot read module file \"\(name)\"", span: span,
                    hint: "paths are relative to the current file's folder (\(directory))")
            }
            return (path, text, parentDirectory(path))
        }
        let file = name + ".fls"
        for dir in [directory] + searchPaths {
            let path = joinPath(dir, file)
            if let text = host.readText(path: path) { return (path, text, parentDirectory(path)) }
        }
        if let text = builtinModules[name] { return ("<stdlib>/\(file)", text, directory) }
        var hint = "searched \(([directory] + searchPaths).joined(separator: ", ")) and the built-in Stdlib"
        if let best = closestName(name, Array(builtinModules.keys)) { hint = "did you mean '\(best)'? " + hint }
        if name.hasSuffix("/fls") {
            // `use helper.fls`: the dot reads as a folder, helper/fls.fls.
            let base = String(name.dropLast(4))
            hint =
                "write use \(base.split(separator: "/").joined(separator: ".")) (a module name has no .fls) "
                + "or use \"\(base).fls\" (a path in quotes)"
        }
        throw RuntimeError("no module named '\(name)'", span: span, hint: hint)
    }
}

// MARK: small helpers

func joinPath(_ dir: String, _ file: String) -> String {
    if dir.isEmpty || dir == "." { return file }
    return dir.hasSuffix("/") ? dir + file : dir + "/" + file
}

func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let d = String(path[..<slash])
    return d.isEmpty ? "/" : d
}

func displayPath(_ path: String) -> String {
    path.hasPrefix("./") ? String(path.dropFirst(2)) : path
}

/// Reads a whole UTF-8 text file; nil when it cannot be read, or when it
/// runs past `Limits.maxSourceBytes` or the memory gatekeeper (a script
/// named /dev/zero never ends).
public func readTextFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, f) }
        if n <= 0 { break }
        let total = bytes.count + n
        if total > Limits.maxSourceBytes || !Limits.allowsAllocation(total) { return nil }
        bytes.append(contentsOf: buffer[0..<n])
    }
    if ferror(f) != 0 { return nil }
    return String(decoding: bytes, as: UTF8.self)
}

/// The candidate closest to `name` by edit distance (a swap of two
/// neighbouring letters counts as one edit, so `medain` finds `median`), if
/// close enough to suggest.
public func closestName(_ name: String, _ candidates: [String]) -> String? {
    nearestName(name, candidates)?.name
}

/// The closest candidate and its distance. Close enough is about one edit
/// in six letters of the two names together, as Python's suggestions
/// reckon it: one edit for short names (`with` is not `eigh`, `size` not
/// `line`), two from five letters on (`medain`, `axs`).
func nearestName(_ name: String, _ candidates: [String]) -> (name: String, distance: Int)? {
    let a = Array(name.lowercased().utf8)
    var best: (name: String, distance: Int)? = nil
    for c in Set(candidates).sorted() where c != name {
        let b = Array(c.lowercased().utf8)
        if abs(a.count - b.count) > 2 { continue }
        let d = editDistance(a, b)
        if d > max(1, (a.count + b.count + 3) / 6) { continue }
        if let b = best, b.distance <= d { continue }
        best = (c, d)
    }
    return best
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of adjacent bytes each cost one.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = min(cur[j], before[j - 2] + 1)
            }
        }
        before = prev
        prev = cur
    }
    return prev[b.count]
}

/// Drops values one level at a time: a list of lists 100,000 deep would
/// otherwise be freed by recursion in Swift's release and overflow the
/// stack. Each list's or record's items are taken out before it goes; a
/// container shared by several others is taken apart once.
func releaseIteratively(_ work: inout [Value]) {
    var seen: Set<UnsafeRawPointer> = []
    func takeApart(_ items: [Value]) -> Bool {
        guard !items.isEmpty else { return false }
        guard let base = items.withUnsafeBufferPointer({ $0.baseAddress }) else { return false }
        return seen.insert(UnsafeRawPointer(base)).inserted
    }
    while let v = work.popLast() {
        switch v {
        case .list(let items): if takeApart(items) { work.append(contentsOf: items) }
        case .record(let r):
            let items = r.values
            if takeApart(items) { work.append(contentsOf: items) }
        default: break
        }
    }
}
