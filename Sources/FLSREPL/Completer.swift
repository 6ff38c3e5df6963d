// Tab completion: primitives, Stdlib modules, variables, record fields after
// `.`, keyword names inside a call, file paths inside strings, `:` commands.

import FLS
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

extension REPLSession {
    /// Candidates for the text before the cursor, and how many characters
    /// before the cursor they replace.
    public func completions(before text: String) -> (candidates: [String], replace: Int) {
        let chars = Array(text)
        // `:` commands at the start of the line.
        if let first = chars.first, first == ":", !chars.contains(" ") {
            let prefix = String(chars)
            return (Self.commands.map(\.name).filter { $0.hasPrefix(prefix) }, chars.count)
        }
        if text.hasPrefix(":load ") || text.hasPrefix(":l ") {
            let partial = String(text.drop { $0 != " " }.dropFirst())
            return (Self.pathCompletions(partial), partial.count)
        }
        // Inside a string literal: complete a file path.
        if let quote = Self.openStringStart(chars) {
            let partial = String(chars[(quote + 1)...])
            return (Self.pathCompletions(partial), partial.count)
        }
        // The word being typed.
        var start = chars.count
        while start > 0, chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == "_" {
            start -= 1
        }
        let word = String(chars[start...])
        // After `use `: module names.
        let head = String(chars[..<start]).trimmingCharacters(in: " \t")
        if head == "use" {
            return (interpreter.builtinModules.keys.filter { $0.hasPrefix(word) }.sorted(), word.count)
        }
        // After `.`: fields of the value on the left (a chain of names only).
        if start > 0 && chars[start - 1] == "." {
            var s = start - 1
            while s > 0, chars[s - 1].isLetter || chars[s - 1].isNumber || chars[s - 1] == "_" || chars[s - 1] == "." {
                s -= 1
            }
            let chain = String(chars[s..<(start - 1)]).split(separator: ".").map(String.init)
            guard let value = lookup(chain) else { return ([], 0) }
            return (Self.fieldNames(value).filter { $0.hasPrefix(word) }.sorted(), word.count)
        }
        var candidates = Set<String>()
        // Inside a call: the callee's keyword names.
        if let callee = Self.enclosingCallee(chars, before: start), let value = lookup([callee]) {
            for p in Self.parameterNames(value) where p.hasPrefix(word) { candidates.insert(p + "=") }
        }
        for (name, _) in interpreter.globals.variables where name.hasPrefix(word) { candidates.insert(name) }
        for name in interpreter.table.names where name.hasPrefix(word) { candidates.insert(name) }
        for k in [
            "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "use", "and", "or", "not", "true",
            "false", "null",
        ]
        where k.hasPrefix(word) && !word.isEmpty { candidates.insert(k) }
        if word.isEmpty && candidates.count > 50 { return ([], 0) }
        return (candidates.sorted(), word.count)
    }

    /// The value a chain of names (`sigs.paths`) refers to: a variable, a primitive, a field.
    public func lookup(_ chain: [String]) -> Value? {
        guard let first = chain.first else { return nil }
        var value: Value? = interpreter.globals[first]
        if value == nil, let p = interpreter.table[first] {
            value = p.constant ?? .function(Function(.primitive(p)))
        }
        for field in chain.dropFirst() {
            switch value {
            case .record(let r)?: value = r[field]
            case .handle(let h)?: value = try? h.field(field)
            default: return nil
            }
        }
        return value
    }

    static func fieldNames(_ v: Value) -> [String] {
        switch v {
        case .record(let r): return r.keys
        case .handle(let h): return h.fieldNames
        case .array: return ["T", "dtype", "ndim", "shape", "size"]
        default: return []
        }
    }

    static func parameterNames(_ v: Value) -> [String] {
        guard case .function(let f) = v else { return [] }
        switch f.body {
        case .primitive(let p): return p.params.filter { !$0.variadic }.map(\.name)
        case .closure(let c): return c.parameterNames
        }
    }

    /// The name of the function whose argument list the cursor is in.
    public static func enclosingCallee(_ chars: [Character], before end: Int) -> String? {
        var depth = 0
        var i = end - 1
        while i >= 0 {
            let c = chars[i]
            if c == ")" || c == "]" {
                depth += 1
            } else if c == "(" || c == "[" {
                if depth == 0 {
                    guard c == "(" else { return nil }
                    var s = i
                    while s > 0, chars[s - 1].isLetter || chars[s - 1].isNumber || chars[s - 1] == "_" { s -= 1 }
                    return s < i ? String(chars[s..<i]) : nil
                }
                depth -= 1
            }
            i -= 1
        }
        return nil
    }

    /// Index of the quote that opens an unterminated string, if the cursor is in one.
    static func openStringStart(_ chars: [Character]) -> Int? {
        var open: Int? = nil
        var quote: Character = "\""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if open != nil {
                if c == "\\" { i += 2; continue }
                if c == quote { open = nil }
            } else if c == "\"" || c == "'" {
                open = i
                quote = c
            } else if c == "#" {
                return nil
            }
            i += 1
        }
        return open
    }

    /// Files and folders matching a partial path (folders end with `/`).
    static func pathCompletions(_ partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let dir = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var expanded = dir
        if dir.hasPrefix("~/"), let home = getenv("HOME") { expanded = String(cString: home) + String(dir.dropFirst()) }
        guard let d = opendir(expanded.isEmpty ? "." : expanded) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") && !prefix.hasPrefix(".") { continue }
            guard name.hasPrefix(prefix) else { continue }
            var st = stat()
            let full = (expanded.isEmpty ? "" : expanded) + name
            let isDir = stat(full, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            out.append(dir + name + (isDir ? "/" : ""))
        }
        return out.sorted()
    }
}
