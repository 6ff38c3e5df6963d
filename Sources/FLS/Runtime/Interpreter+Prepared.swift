// Compile once, run many times: what the REPL's `:timeit` measures, so the
// time is the program's and not the parser's.

extension Interpreter {
    /// Parses and compiles `source` in this session once; each call of the
    /// result runs it again and returns the last expression's value (nil when
    /// the unit ends with a statement). Throws `ParseFailure` like `run`.
    public func prepare(_ source: SourceFile) throws -> () throws -> Value? {
        let stmts = try Parser.parse(source)
        var compiler = Compiler(interpreter: self, globals: globals)
        let code: Statement
        let lastIsExpression: Bool
        do { (code, lastIsExpression) = try compiler.compileUnit(stmts) } catch let d as Diagnostic {
            throw ParseFailure(diagnostics: [d])
        }
        return { [unowned self] in
            let frame = Frame.make(count: 0, parent: nil)
            self.callDepth = 0
            do { _ = try frame.run(code) } catch let signal as ControlSignal {
                switch signal {
                case .returned: throw RuntimeError("'return' outside a function")
                default: throw RuntimeError("'break' or 'continue' outside a loop")
                }
            }
            if lastIsExpression { return frame.takeResult() }
            return nil
        }
    }
}

extension Interpreter {
    /// The folder the session's program came from (a notebook's or script's folder; the current folder in the REPL).
    public var directory: String { globals.directory }
}
