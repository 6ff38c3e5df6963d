// One interactive session: runs complete inputs, handles `:` commands, and
// answers completion requests. The terminal side (libedit, signals) lives
// in the executable; everything here is testable without a terminal.

import FLS
import FLSKit
import FLSNotebook

#if canImport(Glibc)
import Glibc
#endif

/// The REPL's state and its commands.
public final class REPLSession {
    public let host: Host
    public let color: Bool
    public private(set) var interpreter: Interpreter
    let directory: String
    var inputCount = 0

    /// The commands, with their one-line help.
    public static let commands: [(name: String, usage: String, summary: String)] = [
        (":help", ":help [name]", "this list; :help Family lists a family, :help name shows a primitive"),
        (":vars", ":vars", "list variables with kind, dtype, shape and memory"),
        (":type", ":type expr", "show the kind, dtype and shape of an expression's value"),
        (":time", ":time expr", "run an expression and show wall time and peak memory growth"),
        (":timeit", ":timeit expr", "run an expression many times and show the mean time and its spread"),
        (":load", ":load file.fls", "run a script or notebook into this session"),
        (":reset", ":reset", "forget every variable"),
        (":quit", ":quit", "leave (Ctrl-D does too)"),
    ]

    public init(host: Host, color: Bool, directory: String = ".", interpreter: Interpreter? = nil) {
        self.host = host
        self.color = color
        self.directory = directory
        self.interpreter = interpreter ?? Session.makeInterpreter(host: host, directory: directory)
        self.interpreter.host = host
        ownsInterpreter = interpreter == nil
    }

    /// False while the session works in an interpreter lent by its opener
    /// (a notebook being stepped through), which it must not close.
    var ownsInterpreter: Bool

    /// Runs one complete input. Returns false when the user asked to quit.
    @discardableResult
    public func handle(_ input: String) -> Bool {
        let trimmed = input.trimmingCharacters(in: " \t\n")
        if trimmed.isEmpty { return true }
        if trimmed.hasPrefix(":") { return command(trimmed) }
        inputCount += 1
        Interrupt.clear()
        do {
            let outcome = try runOnLargeStack { try interpreter.run(SourceFile(name: "<repl>", text: input)) }
            if let value = outcome.value, !REPLSession.isNull(value) {
                ScriptRunner.show(value, host: host)
                // As in Python's REPL: `_` holds the last value shown.
                interpreter.globals["_"] = value
            }
        } catch {
            host.writeError(DiagnosticRenderer.render(error, color: color) + "\n")
        }
        return true
    }

    static func isNull(_ value: Value) -> Bool {
        if case .null = value { return true }
        return false
    }

    func fail(_ message: String, hint: String? = nil) {
        host.writeError(DiagnosticRenderer.render(message: message, span: nil, hint: hint, color: color) + "\n")
    }

    func command(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1)
        let name = String(parts[0])
        let rest = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: " \t") : ""
        switch name {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            if rest.isEmpty {
                var text = "Commands:\n"
                for c in Self.commands { text += "  \(c.usage.padded(to: 16)) \(c.summary)\n" }
                text += "\n_ holds the last value shown.\n"
                text +=
                    "Keys: Tab completes, Up/Down and Ctrl-R search history, Ctrl-C cancels a line or stops a computation, Ctrl-D quits.\n"
                text += "\nPrimitives by family (:help Family lists one with summaries, :help name shows one):\n"
                text += HelpText.familyIndex(interpreter.table)
                host.write(text)
            } else if let family = HelpText.familyName(rest, in: interpreter.table) {
                host.write(HelpText.family(family, in: interpreter.table))
            } else if let p = interpreter.table[rest] {
                host.write(HelpText.render(p))
            } else {
                let best = REPLSession.closest(rest, interpreter.table.names)
                fail(
                    "no primitive named '\(rest)'", hint: best.map { "did you mean '\($0)'?" } ?? ":help lists them all"
                )
            }
        case ":vars":
            host.write(variablesTable())
        case ":type", ":t":
            guard !rest.isEmpty else {
                fail(":type needs an expression", hint: "write :type sigs.signatures")
                return true
            }
            evaluate(rest) { value in self.host.write(REPLSession.describe(value) + "\n") }
        case ":time":
            guard !rest.isEmpty else {
                fail(":time needs an expression", hint: "write :time cosine(test, train)")
                return true
            }
            let before = MemoryProbe.resetPeak()
            let start = MemoryProbe.now()
            evaluate(rest) { value in
                let seconds = MemoryProbe.now() - start
                let grown = max(0, MemoryProbe.peakBytes() - before)
                ScriptRunner.show(value, host: self.host)
                if !REPLSession.isNull(value) { self.interpreter.globals["_"] = value }
                self.host.write(
                    "time: \(REPLSession.formatSeconds(seconds)), peak memory +\(REPLSession.formatBytes(grown))\n")
            }
        case ":timeit":
            guard !rest.isEmpty else {
                fail(":timeit needs an expression", hint: "write :timeit cosine(test, train)")
                return true
            }
            timeit(rest)
        case ":load", ":l":
            guard !rest.isEmpty else {
                fail(":load needs a file", hint: "write :load Notebooks/01_explore.fls")
                return true
            }
            var path = rest
            if path.hasPrefix("\"") && path.hasSuffix("\"") && path.count >= 2 {
                path = String(path.dropFirst().dropLast())
            }
            guard let text = readTextFile(path) else {
                fail("cannot read \(path)")
                return true
            }
            if NotebookScript.hasCellMarkers(text) {
                _ = NotebookScript.run(text: text, name: path, interpreter: interpreter, host: host, color: color)
            } else {
                _ = ScriptRunner.runUnit(interpreter, SourceFile(name: path, text: text), host: host, color: color)
            }
        case ":reset":
            if ownsInterpreter { interpreter.close() }
            interpreter = Session.makeInterpreter(host: host, directory: directory)
            ownsInterpreter = true
            host.write("all variables cleared\n")
        default:
            let best = REPLSession.closest(name, Self.commands.map(\.name))
            fail(
                "unknown command \(name)",
                hint: best.map { "did you mean \($0)? (:help lists the commands)" } ?? ":help lists the commands")
        }
        return true
    }

    /// Evaluates an expression in the session and hands its value to `body`.
    func evaluate(_ text: String, _ body: (Value) -> Void) {
        do {
            let outcome = try runOnLargeStack { try interpreter.run(SourceFile(name: "<repl>", text: text)) }
            body(outcome.value ?? .null)
        } catch {
            host.writeError(DiagnosticRenderer.render(error, color: color) + "\n")
        }
    }

    // MARK: :vars and :type

    /// `f32[1204,2048]`, `record {paths, signatures}`, `list of 3`, ...
    public static func describe(_ v: Value) -> String {
        switch v {
        case .record(let r): return "record {\(r.keys.joined(separator: ", "))}"
        case .list(let xs): return "list of \(xs.count)"
        case .function(let f):
            switch f.body {
            case .primitive(let p): return "primitive \(p.signature)"
            case .closure(let c): return "function \(c.signature)"
            }
        case .array(let a): return a.ndim == 0 ? "\(a.dtype) scalar" : v.kindName
        default: return v.kindName
        }
    }

    func variablesTable() -> String {
        let vars = interpreter.globals.variables.filter { v in
            if case .function(let f) = v.value, case .primitive = f.body { return false }
            return true
        }
        if vars.isEmpty { return "no variables yet\n" }
        var rows: [[String]] = [["name", "kind", "dtype", "shape", "memory"]]
        for (name, value) in vars {
            var kind = "", dtype = "", shape = ""
            switch value {
            case .array(let a):
                kind = a.ndim == 0 ? "scalar" : "array"
                dtype = a.dtype.name
                shape = a.ndim == 0 ? "" : "[" + a.shape.map(String.init).joined(separator: ",") + "]"
            case .int: kind = "int"
            case .float: kind = "float"
            case .bool: kind = "bool"
            case .string: kind = "string"
            case .null: kind = "null"
            case .list(let xs): kind = "list"; shape = "\(xs.count) items"
            case .record(let r): kind = "record"; shape = "\(r.count) fields"
            case .function: kind = "function"
            case .handle(let h): kind = h.typeName; shape = h.length.map { "\($0) items" } ?? ""
            }
            let bytes = REPLSession.memory(value), mapped = REPLSession.mappedMemory(value)
            var memory = REPLSession.formatBytes(bytes)
            if mapped > 0 {
                memory += mapped >= bytes ? " (mapped file)" : " (\(REPLSession.formatBytes(mapped)) mapped)"
            }
            rows.append([name, kind, dtype, shape, memory])
        }
        var widths = [Int](repeating: 0, count: 5)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in i == 4 ? c : c.padded(to: widths[i]) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Approximate bytes held by a value.
    public static func memory(_ v: Value) -> Int {
        switch v {
        case .array(let a):
            if case .str(let s) = a.storage {
                if let packed = s.packedStrings { return packed.bytes.count + packed.offsets.count * 8 }
                return s.reduce(0) { $0 + 16 + $1.utf8.count }
            }
            return a.count * a.dtype.itemSize
        case .string(let s): return s.utf8.count
        case .list(let xs): return xs.reduce(0) { $0 + memory($1) }
        case .record(let r): return r.values.reduce(0) { $0 + memory($1) }
        default: return 8
        }
    }

    /// Of `memory(v)`, the bytes that are views of a file (a mapped numpy
    /// payload or tar index): they cost no memory until read, and the
    /// kernel can drop them again.
    public static func mappedMemory(_ v: Value) -> Int {
        switch v {
        case .array(let a):
            switch a.storage {
            case .f32(let b): return b.foreignOwner is MappedFile ? b.count * 4 : 0
            case .f64(let b): return b.foreignOwner is MappedFile ? b.count * 8 : 0
            case .i64(let b): return b.foreignOwner is MappedFile ? b.count * 8 : 0
            case .i32(let b): return b.foreignOwner is MappedFile ? b.count * 4 : 0
            case .u8(let b): return b.foreignOwner is MappedFile ? b.count : 0
            case .str(let s):
                guard let packed = s.packedStrings else { return 0 }
                return (packed.bytes.foreignOwner is MappedFile ? packed.bytes.count : 0)
                    + (packed.offsets.foreignOwner is MappedFile ? packed.offsets.count * 8 : 0)
            case .bool: return 0
            }
        case .list(let xs): return xs.reduce(0) { $0 + mappedMemory($1) }
        case .record(let r): return r.values.reduce(0) { $0 + mappedMemory($1) }
        default: return 0
        }
    }

    public static func formatBytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var x = Double(n) / 1024
        var u = 0
        while x >= 1024 && u < units.count - 1 {
            x /= 1024
            u += 1
        }
        return x >= 100 ? "\(Int(x.rounded())) \(units[u])" : formatDecimal(x, 1) + " " + units[u]
    }

    static func formatSeconds(_ s: Double) -> String {
        if s < 1e-3 { return formatDecimal(s * 1e6, 0) + " µs" }
        if s < 1 { return formatDecimal(s * 1e3, 1) + " ms" }
        return formatDecimal(s, 2) + " s"
    }

    static func formatDecimal(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (x * scale).rounded() / scale
        if places == 0 { return String(Int(r)) }
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < places { s += String(repeating: "0", count: places - decimals) }
        }
        return s
    }

    static func closest(_ name: String, _ candidates: [String]) -> String? {
        closestName(name, candidates)
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
