// Parser: tokens to a syntax tree, by recursive descent with one function per
// precedence level (LANGUAGE.md section 2, lowest first):
//   pipe |>  <  or  <  and  <  not  <  comparison (not chained)  <  + -
//   <  * / // % @  <  unary - +  <  ** (right)  <  postfix call/index/field
// Errors stop the statement; the parser skips to the next line and goes on,
// so one run reports several mistakes, and nothing runs if any were found.

struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var current = 0
    var diagnostics: [Diagnostic] = []
    var depth = 0
    /// False while parsing the header of `if`/`for`/`while`, where `{` opens the block.
    var allowRecordLiteral = true

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// The built-in constants: names that read as f64 literals and cannot be assigned.
    static let constants: [String: Double] = ["inf": .infinity, "nan": .nan, "pi": .pi]

    /// A name in an expression: a constant's value or a variable.
    func nameExpr(_ t: Token) -> Expr {
        if let c = Parser.constants[t.text] { return Expr(.float(c), span(t)) }
        return Expr(.name(t.text), span(t))
    }

    /// The error for binding a constant's name.
    func constantError(_ name: String, _ span: SourceSpan) -> Diagnostic {
        Diagnostic(
            "cannot assign to '\(name)': it is a constant", span: span,
            hint: "inf, nan and pi are built-in constants; choose another name")
    }

    /// A name that a statement binds (a loop variable, a parameter, a function).
    mutating func bindingName(_ message: String) throws -> Token {
        let t = try consume(identifierOp: message)
        if Parser.constants[t.text] != nil { throw constantError(t.text, span(t)) }
        return t
    }

    /// Parses a whole file (or REPL input).
    static func parse(_ file: SourceFile) throws -> [Stmt] {
        let (tokens, lexErrors) = Lexer.tokenize(file)
        // A lexical error drops a token, and the parse errors that follow from
        // it would only confuse: report the lexical errors alone.
        if !lexErrors.isEmpty { throw ParseFailure(diagnostics: lexErrors) }
        var parser = Parser(file: file, tokens: tokens)
        let program = parser.program()
        let all = lexErrors + parser.diagnostics
        if !all.isEmpty {
            throw ParseFailure(diagnostics: all.sorted { $0.span.start < $1.span.start })
        }
        return program
    }

    // MARK: helpers

    var peek: Token { tokens[current] }
    var previous: Token { tokens[max(0, current - 1)] }
    var atEnd: Bool { peek.kind == .eof }

    func span(_ t: Token) -> SourceSpan { SourceSpan(file: file, start: t.start, end: t.end) }
    func span(from start: Int) -> SourceSpan { SourceSpan(file: file, start: start, end: previous.end) }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[current]
        if t.kind != .eof { current += 1 }
        return t
    }

    func check(_ op: Operator) -> Bool { peek.isOp(op) }
    func checkKeyword(_ k: Keyword) -> Bool { peek.isKeyword(k) }

    mutating func match(_ op: Operator) -> Bool {
        if check(op) {
            advance()
            return true
        }
        return false
    }

    mutating func matchKeyword(_ k: Keyword) -> Bool {
        if checkKeyword(k) {
            advance()
            return true
        }
        return false
    }

    func error(_ message: String, at token: Token, hint: String? = nil) -> Diagnostic {
        var t = token
        if t.kind == .newline || t.kind == .eof {
            // Point just after the previous token rather than at the line break.
            let p = previous
            t = Token(kind: .eof, text: "", start: p.end, end: p.end + 1)
        }
        return Diagnostic(
            message, span: SourceSpan(file: file, start: t.start, end: min(t.end, file.bytes.count)), hint: hint)
    }

    mutating func consume(_ op: Operator, _ message: String, hint: String? = nil) throws -> Token {
        if check(op) { return advance() }
        // `f(a if c else b)`, `x is y` inside brackets: name the FLS form.
        throw error(message, at: peek, hint: hint ?? (peek.isOp(.colon) ? nil : pythonHint(peek)))
    }

    mutating func skipNewlines() {
        while peek.kind == .newline { advance() }
    }

    mutating func enter() throws {
        depth += 1
        if depth > Limits.maxParseDepth {
            throw error(
                "expression nested too deeply (more than \(Limits.maxParseDepth) levels)", at: peek,
                hint: "split it into smaller expressions with variables")
        }
    }

    /// Skips to the start of the next top-level statement after an error in
    /// the one that began at token `start`: past the end of any block or
    /// bracket still open where the error was found, so that the rest of a
    /// function body is not read as top-level statements.
    mutating func synchronize(from start: Int) {
        var open = 0
        for t in tokens[min(start, current)..<current] {
            if t.isOp(.leftParen) || t.isOp(.leftBracket) || t.isOp(.leftBrace) { open += 1 }
            if t.isOp(.rightParen) || t.isOp(.rightBracket) || t.isOp(.rightBrace) { open = max(0, open - 1) }
        }
        while !atEnd {
            if open == 0 && (peek.kind == .newline || check(.semicolon)) {
                advance()
                return
            }
            if check(.leftParen) || check(.leftBracket) || check(.leftBrace) { open += 1 }
            if check(.rightParen) || check(.rightBracket) || check(.rightBrace) { open = max(0, open - 1) }
            advance()
        }
    }

    // MARK: statements

    mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            while peek.kind == .newline || check(.semicolon) { advance() }
            if atEnd { break }
            let start = current
            do {
                statements.append(try statement())
                try endOfStatement()
            } catch let d as Diagnostic {
                diagnostics.append(d)
                if diagnostics.count >= Limits.maxReportedParseErrors { break }
                depth = 0
                allowRecordLiteral = true
                synchronize(from: start)
            } catch {
                break
            }
        }
        return statements
    }

    mutating func endOfStatement() throws {
        if peek.kind == .newline || check(.semicolon) {
            advance()
            return
        }
        if atEnd || check(.rightBrace) { return }
        var hint: String? = nil
        if let o = peek.op, Parser.comparisonOperator(o) != nil {
            hint = "comparisons do not chain: write 'a < b and b < c'"
        } else if let python = pythonHint(peek) {
            hint = python
        } else if peek.kind == .identifier || peek.kind == .int || peek.kind == .string {
            hint = "put one statement per line, or separate them with ';'"
        }
        throw error("expect a newline or ';' after the statement, found \(describe(peek))", at: peek, hint: hint)
    }

    /// A token as an error message names it: `'x'`, or `the string "b"`
    /// (a string token's text is not kept).
    func describe(_ t: Token) -> String {
        guard t.kind == .string || t.kind == .fstring else { return "'\(t.text)'" }
        let text = sourceText(t.start, t.end)
        return "the string " + (text.count > 40 ? String(text.prefix(37)) + "..." : text)
    }

    /// Hints for tokens that show a Python habit where FLS expects something else.
    func pythonHint(_ t: Token) -> String? {
        if t.isOp(.colon) { return PythonNames.colonBlock }
        if t.kind == .identifier && t.text == "is" { return PythonNames.isOperator }
        if t.isKeyword(.if) { return PythonNames.conditionalExpression }
        let strings: [TokenKind] = [.string, .fstring]
        if strings.contains(t.kind) && t.start == peek.start && current > 0 && strings.contains(previous.kind) {
            // Python joins adjacent string literals; FLS does not.
            return
                "FLS does not join adjacent strings: write \(sourceText(previous.start, previous.end)) + \(sourceText(t.start, t.end))"
        }
        return nil
    }

    /// The items of a Python tuple whose first item is `first` and whose
    /// comma comes next, read by a copy of the parser (so nothing is
    /// consumed): their source text, and whether all are integer literals.
    func tupleItems(_ first: Expr) -> (texts: [String], allIntegers: Bool)? {
        var probe = self
        var items = [first]
        while probe.match(.comma) {
            if probe.check(.rightParen) || probe.peek.kind == .newline || probe.atEnd { break }
            guard let e = try? probe.expression() else { return nil }
            items.append(e)
        }
        let allIntegers = items.allSatisfy { if case .int = $0.kind { true } else { false } }
        return (items.map { sourceText($0.span.start, $0.span.end) }, allIntegers)
    }

    /// The error for `x, y = 1, 2` or `x = 1, 2` at the comma after `value`.
    func tupleValue(left: String, _ value: Expr) -> Diagnostic {
        let target = left.split(separator: ",").map { String($0).trimmingSpaces }.joined(separator: ", ")
        let items = tupleItems(value)?.texts.joined(separator: ", ") ?? "..."
        return error(
            "expect a newline or ';' after the statement, found ','", at: peek,
            hint: "FLS has no tuples: write \(target) = list(\(items))")
    }

    /// A `{ ... }` block of statements.
    mutating func block(_ what: String) throws -> [Stmt] {
        if !check(.leftBrace) { braceOnNextLine("expect '{' to open the \(what)", what) }
        _ = try consume(.leftBrace, "expect '{' to open the \(what)", hint: pythonHint(peek))
        try enter()
        defer { depth -= 1 }
        let saved = allowRecordLiteral
        allowRecordLiteral = true
        defer { allowRecordLiteral = saved }
        var statements: [Stmt] = []
        while true {
            while peek.kind == .newline || check(.semicolon) { advance() }
            if check(.rightBrace) { break }
            if atEnd {
                throw error("expect '}' to close the \(what)", at: peek)
            }
            statements.append(try statement())
            try endOfStatement()
        }
        advance()
        return statements
    }

    /// A block's `{` on the line after its header (`if c` then `{`): reports
    /// the error and moves to the `{`, so that the block is read as one and
    /// its lines do not make up a second error as a record literal.
    @discardableResult
    mutating func braceOnNextLine(_ message: String, _ what: String) -> Bool {
        guard peek.kind == .newline else { return false }
        var look = current
        while tokens[look].kind == .newline { look += 1 }
        guard tokens[look].isOp(.leftBrace) else { return false }
        let header: String
        switch what {
        case "if body": header = "if c {"
        case "else body": header = "} else {"
        case "for loop body": header = "for x in xs {"
        case "while loop body": header = "while c {"
        default: header = "fn f(x) {"
        }
        diagnostics.append(
            error(message, at: peek, hint: "the '{' goes on the header's line: \(header)"))
        current = look
        return true
    }

    mutating func statement() throws -> Stmt {
        let start = peek.start
        if peek.kind == .identifier { try pythonStatement() }
        if checkKeyword(.fn), tokens[current + 1].kind == .identifier {
            advance()
            let decl = try functionRest(name: try bindingName("expect a function name").text, start: start)
            return Stmt(kind: .function(decl), span: decl.span)
        }
        if matchKeyword(.for) {
            if check(.leftParen) { throw parenthesisedLoopVariables() }
            var targets: [Target] = []
            repeat {
                let t = try bindingName("expect a loop variable name after 'for'")
                targets.append(.name(t.text, span(t)))
            } while match(.comma)
            guard matchKeyword(.in) else { throw error("expect 'in' after the loop variable", at: peek) }
            let iterable = try headerExpression()
            let body = try block("for loop body")
            return Stmt(kind: .forLoop(targets, iterable, body), span: span(from: start))
        }
        if matchKeyword(.while) {
            let cond = try headerExpression()
            if check(.assign) { throw assignmentInHeader("while", cond) }
            let body = try block("while loop body")
            return Stmt(kind: .whileLoop(cond, body), span: span(from: start))
        }
        if matchKeyword(.break) { return Stmt(kind: .breakLoop, span: span(from: start)) }
        if matchKeyword(.continue) { return Stmt(kind: .continueLoop, span: span(from: start)) }
        if matchKeyword(.return) {
            if peek.kind == .newline || check(.semicolon) || check(.rightBrace) || atEnd {
                return Stmt(kind: .returnValue(nil), span: span(from: start))
            }
            let value = try expression()
            return Stmt(kind: .returnValue(value), span: span(from: start))
        }
        if matchKeyword(.use) {
            if peek.kind == .string {
                let t = advance()
                return Stmt(kind: .use(t.stringValue, isPath: true), span: span(from: start))
            }
            var name = try consume(identifierOp: "expect a module name or a \"file.fls\" path after 'use'").text
            while match(.dot) {
                name += "/" + (try consume(identifierOp: "expect a name after '.'").text)
            }
            return Stmt(kind: .use(name, isPath: false), span: span(from: start))
        }

        let first = try expression()
        if check(.comma) {
            // Unpacking: a, b, c = e
            var targets = [try target(first)]
            while match(.comma) {
                targets.append(try target(try expression()))
            }
            let equals = try consume(.assign, "expect '=' after the names to unpack into", hint: "write 'a, b = pair'")
            let value = try expression()
            if check(.comma) { throw tupleValue(left: sourceText(start, equals.start), value) }
            return Stmt(kind: .unpack(targets, value), span: span(from: start))
        }
        if match(.assign) {
            let t = try target(first)
            let value = try expression()
            if check(.comma) { throw tupleValue(left: sourceText(start, first.span.end), value) }
            return Stmt(kind: .assign(t, value), span: span(from: start))
        }
        if let op = peek.op.flatMap(Parser.augmentedOperator) {
            advance()
            let t = try target(first)
            let value = try expression()
            return Stmt(kind: .augmented(t, op, value), span: span(from: start))
        }
        return Stmt(kind: .expression(first), span: first.span)
    }

    /// Stops at a statement written the Python way (`def f(x):`, `import
    /// numpy`, `elif`, `print x`) with an error that names the FLS form.
    mutating func pythonStatement() throws {
        let t = peek
        let next = tokens[current + 1]
        switch t.text {
        case "def" where next.kind == .identifier:
            var params = "(...)"
            if tokens[current + 2].isOp(.leftParen) {
                var i = current + 2
                var depth = 0
                while tokens[i].kind != .eof && tokens[i].kind != .newline {
                    if tokens[i].isOp(.leftParen) { depth += 1 }
                    if tokens[i].isOp(.rightParen) {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    i += 1
                }
                if tokens[i].isOp(.rightParen) { params = sourceText(tokens[current + 2].start, tokens[i].end) }
            }
            throw error(
                PythonNames.def, at: t,
                hint: "write fn \(next.text)\(params) { ... } or fn \(next.text)\(params) = expression")
        case "import" where next.kind == .identifier:
            throw error(PythonNames.importStatement, at: t, hint: PythonNames.importHint)
        case "from" where next.kind == .identifier:
            var i = current + 1
            while tokens[i].kind != .newline && tokens[i].kind != .eof {
                if tokens[i].kind == .identifier && tokens[i].text == "import" {
                    throw error(PythonNames.importStatement, at: t, hint: PythonNames.importHint)
                }
                i += 1
            }
        case "elif" where !next.isOp(.assign):
            throw error(PythonNames.elif, at: t, hint: "write } else if c { ... }")
        case "class" where next.kind == .identifier:
            throw error(PythonNames.classStatement, at: t, hint: PythonNames.classHint)
        case "try" where next.isOp(.colon) || next.isOp(.leftBrace),
            "except" where next.kind == .identifier || next.isOp(.colon),
            "raise" where next.kind == .identifier:
            throw error(PythonNames.exceptions(t.text), at: t, hint: PythonNames.exceptionsHint)
        case "with" where next.kind == .identifier:
            throw error(PythonNames.withStatement, at: t, hint: PythonNames.withHint)
        case "global" where next.kind == .identifier, "nonlocal" where next.kind == .identifier:
            throw error(PythonNames.scopeDeclaration(t.text), at: t, hint: PythonNames.scopeDeclarationHint)
        case "del" where next.kind == .identifier:
            let alone = [.newline, .eof].contains(tokens[current + 2].kind) || tokens[current + 2].isOp(.semicolon)
            throw error(
                PythonNames.delStatement, at: t,
                hint: alone ? "write \(next.text) = null to let a large value go" : PythonNames.delHint)
        case "assert" where startsValue(next):
            throw error(PythonNames.assertStatement, at: t, hint: PythonNames.assertHint)
        case "print":
            guard startsValue(next) else { return }
            advance()
            let rest = try expression()
            throw error(
                PythonNames.printStatement, at: t, hint: "write print(\(sourceText(rest.span.start, rest.span.end)))")
        default:
            return
        }
    }

    /// Whether `t` begins a value written after a Python statement word
    /// (`print x`, `assert x > 0`), not a call, index or assignment.
    func startsValue(_ t: Token) -> Bool {
        [.identifier, .int, .float, .string, .fstring].contains(t.kind)
            || t.isKeyword(.true) || t.isKeyword(.false) || t.isKeyword(.null) || t.isKeyword(.not)
    }

    func sourceText(_ start: Int, _ end: Int) -> String {
        String(decoding: file.bytes[max(0, start)..<min(end, file.bytes.count)], as: UTF8.self)
    }

    mutating func consume(identifierOp message: String) throws -> Token {
        if peek.kind == .identifier { return advance() }
        if peek.keyword != nil {
            throw error(message, at: peek, hint: "'\(peek.text)' is a keyword and cannot be a name")
        }
        throw error(message, at: peek)
    }

    func target(_ e: Expr) throws -> Target {
        let text = sourceText(e.span.start, e.span.end)
        if Parser.constants[text] != nil { throw constantError(text, e.span) }
        switch e.kind {
        case .name(let n): return .name(n, e.span)
        case .index(let base, let items): return .index(base, items, e.span)
        case .field(let base, let name): return .field(base, name, e.span)
        default:
            throw Diagnostic(
                "cannot assign to this expression", span: e.span,
                hint: "the left of '=' must be a name, an index a[i] or a field r.name")
        }
    }

    /// An expression in the header of `if`/`for`/`while`, where `{` opens the block.
    mutating func headerExpression() throws -> Expr {
        let saved = allowRecordLiteral
        allowRecordLiteral = false
        defer { allowRecordLiteral = saved }
        return try expression()
    }

    /// The error for Python's `for (i, x) in xs` at the '(': FLS unpacks
    /// loop variables written without parentheses.
    func parenthesisedLoopVariables() -> Diagnostic {
        let message = "expect a loop variable name after 'for'"
        var probe = self
        probe.advance()
        var names: [String] = []
        while probe.peek.kind == .identifier {
            names.append(probe.advance().text)
            if !probe.match(.comma) { break }
        }
        guard !names.isEmpty, probe.match(.rightParen) else { return error(message, at: peek) }
        var loop = "for \(names.joined(separator: ", ")) in"
        if probe.matchKeyword(.in), let xs = try? probe.headerExpression() {
            loop += " " + sourceText(xs.span.start, xs.span.end)
        }
        return error(message, at: peek, hint: "write \(loop): loop variables take no parentheses")
    }

    /// The error for `if x = 3 {` (and `while`), at the `=` after `cond`.
    func assignmentInHeader(_ keyword: String, _ cond: Expr) -> Diagnostic {
        var probe = self
        probe.advance()
        let right = (try? probe.headerExpression()).map { sourceText($0.span.start, $0.span.end) } ?? "..."
        let what = keyword == "if" ? "if body" : "while loop body"
        return error(
            "expect '{' to open the \(what)", at: peek,
            hint:
                "'=' assigns; compare with '==': \(keyword) \(sourceText(cond.span.start, cond.span.end)) == \(right) { ... }"
        )
    }

    /// After `fn NAME` or `fn`: parameters and body (`{ ... }` or `= expr`).
    mutating func functionRest(name: String, start: Int) throws -> FunctionDecl {
        _ = try consume(.leftParen, "expect '(' after the function name")
        var params: [ParamDecl] = []
        var seen = Set<String>()
        if !check(.rightParen) {
            repeat {
                if check(.rightParen) { break }
                let t = try bindingName("expect a parameter name")
                if seen.contains(t.text) {
                    throw error("duplicate parameter '\(t.text)'", at: t)
                }
                seen.insert(t.text)
                var def: Expr? = nil
                if match(.assign) {
                    def = try expression()
                } else if params.last?.defaultValue != nil {
                    throw error("parameter '\(t.text)' without a default follows one with a default", at: t)
                }
                params.append(ParamDecl(name: t.text, defaultValue: def, span: span(t)))
            } while match(.comma)
        }
        _ = try consume(.rightParen, "expect ')' after the parameters")
        let body: [Stmt]
        if match(.assign) {
            let e = try expression()
            body = [Stmt(kind: .expression(e), span: e.span)]
        } else if check(.leftBrace) || braceOnNextLine("expect '{' or '=' after the parameters", "function body") {
            body = try block("function body")
        } else {
            throw error(
                "expect '{' or '=' after the parameters", at: peek, hint: "write fn f(x) = x * 2 or fn f(x) { ... }")
        }
        return FunctionDecl(name: name, params: params, body: body, span: span(from: start))
    }

    // MARK: expressions, lowest precedence first

    mutating func expression() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        return try pipe()
    }

    mutating func pipe() throws -> Expr {
        var left = try orExpr()
        while match(.pipe) {
            let right = try orExpr()
            let s = left.span.to(right.span)
            if case .call(let callee, let args) = right.kind {
                let first = Argument(name: nil, value: left, span: left.span)
                left = Expr(.call(callee, [first] + args), s)
            } else {
                left = Expr(.call(right, [Argument(name: nil, value: left, span: left.span)]), s)
            }
        }
        return left
    }

    mutating func orExpr() throws -> Expr {
        var left = try andExpr()
        while matchKeyword(.or) {
            let right = try andExpr()
            left = Expr(.binary(.or, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func andExpr() throws -> Expr {
        var left = try notExpr()
        while matchKeyword(.and) {
            let right = try notExpr()
            left = Expr(.binary(.and, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func notExpr() throws -> Expr {
        if checkKeyword(.not) {
            let t = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try notExpr()
            return Expr(.unary(.not, operand), span(t).to(operand.span))
        }
        return try comparison()
    }

    /// The operator a comparison symbol stands for.
    static func comparisonOperator(_ o: Operator) -> BinaryOperator? {
        switch o {
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    /// The operator of an augmented assignment (`+=`).
    static func augmentedOperator(_ o: Operator) -> BinaryOperator? {
        switch o {
        case .plusAssign: return .add
        case .minusAssign: return .subtract
        case .starAssign: return .multiply
        case .slashAssign: return .divide
        default: return nil
        }
    }

    /// Whether a comparison (`==`, `<`, ..., `in`, `not in`) comes next.
    var atComparison: Bool {
        if let o = peek.op, Parser.comparisonOperator(o) != nil { return true }
        return checkKeyword(.in) || (checkKeyword(.not) && tokens[current + 1].isKeyword(.in))
    }

    mutating func comparison() throws -> Expr {
        let left = try additive()
        guard atComparison else { return left }
        let result: Expr
        if let op = peek.op.flatMap(Parser.comparisonOperator) {
            advance()
            let right = try additive()
            result = Expr(.binary(op, left, right), left.span.to(right.span))
        } else {
            let negated = checkKeyword(.not)
            advance()
            if negated { advance() }
            let right = try additive()
            result = Expr(.membership(left, right, negated: negated), left.span.to(right.span))
        }
        if atComparison {
            throw error("comparisons do not chain", at: peek, hint: "write 'a < b and b < c'")
        }
        return result
    }

    mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while check(.plus) || check(.minus) {
            let op: BinaryOperator = advance().isOp(.plus) ? .add : .subtract
            let right = try multiplicative()
            left = Expr(.binary(op, left, right), left.span.to(right.span))
        }
        return left
    }

    /// The operator a multiplicative symbol stands for.
    static func multiplicativeOperator(_ o: Operator) -> BinaryOperator? {
        switch o {
        case .star: return .multiply
        case .slash: return .divide
        case .slashSlash: return .floorDivide
        case .percent: return .modulo
        case .at: return .matmul
        default: return nil
        }
    }

    mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while let op = peek.op.flatMap(Parser.multiplicativeOperator) {
            let symbol = advance()
            if check(.assign) && peek.start == symbol.end { throw missingAugmented(symbol, left) }
            let right = try unary()
            left = Expr(.binary(op, left, right), left.span.to(right.span))
        }
        return left
    }

    /// The error for Python's `x //= 2`, `x %= 2`, `x **= 2`, `x @= m`
    /// (FLS has `+= -= *= /=` only), with `=` next after `symbol`.
    func missingAugmented(_ symbol: Token, _ left: Expr) -> Diagnostic {
        var probe = self
        probe.advance()
        let right = (try? probe.expression()).map { sourceText($0.span.start, $0.span.end) } ?? "..."
        let name = sourceText(left.span.start, left.span.end)
        return Diagnostic(
            "FLS has no '\(symbol.text)='", span: SourceSpan(file: file, start: symbol.start, end: peek.end),
            hint: "write \(name) = \(name) \(symbol.text) \(right)")
    }

    mutating func unary() throws -> Expr {
        if peek.isOp(.minus) || peek.isOp(.plus) {
            let t = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try unary()
            // Fold negative literals so `-9223372036854775808`-style edge cases and
            // constants stay unboxed.
            if t.isOp(.minus) {
                switch operand.kind {
                case .int(let v): return Expr(.int(0 &- v), span(t).to(operand.span))
                case .float(let v): return Expr(.float(-v), span(t).to(operand.span))
                default: break
                }
            }
            return Expr(.unary(t.isOp(.minus) ? .negate : .plus, operand), span(t).to(operand.span))
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        if match(.starStar) {
            if check(.assign) && peek.start == previous.end { throw missingAugmented(previous, base) }
            try enter()
            defer { depth -= 1 }
            let exponent = try unary()  // right-associative; `2 ** -1` allowed
            return Expr(.binary(.power, base, exponent), base.span.to(exponent.span))
        }
        return base
    }

    mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            if match(.leftParen) {
                let args = try arguments()
                e = Expr(.call(e, args), span(from: e.span.start))
            } else if match(.leftBracket) {
                let items = try indexItems()
                e = Expr(.index(e, items), span(from: e.span.start))
            } else if match(.dot) {
                let name = try consume(identifierOp: "expect a field name after '.'")
                e = Expr(.field(e, name.text), span(from: e.span.start))
            } else {
                return e
            }
        }
    }

    mutating func arguments() throws -> [Argument] {
        let saved = allowRecordLiteral
        allowRecordLiteral = true
        defer { allowRecordLiteral = saved }
        var args: [Argument] = []
        var sawKeyword = false
        while !check(.rightParen) {
            let start = peek.start
            if peek.kind == .identifier && tokens[current + 1].isOp(.assign) {
                let name = advance().text
                advance()
                let value = try expression()
                if args.contains(where: { $0.name == name }) {
                    throw Diagnostic("keyword argument '\(name)' given twice", span: span(from: start))
                }
                args.append(Argument(name: name, value: value, span: span(from: start)))
                sawKeyword = true
            } else {
                let value = try expression()
                if sawKeyword {
                    throw Diagnostic(
                        "positional argument after a keyword argument", span: value.span,
                        hint: "put positional arguments first: f(x, k=5)")
                }
                args.append(Argument(name: nil, value: value, span: value.span))
            }
            if !match(.comma) { break }
        }
        _ = try consume(.rightParen, "expect ')' after the arguments")
        return args
    }

    mutating func indexItems() throws -> [IndexExpr] {
        let saved = allowRecordLiteral
        allowRecordLiteral = true
        defer { allowRecordLiteral = saved }
        var items: [IndexExpr] = []
        repeat {
            if check(.rightBracket) { break }
            if check(.ellipsis) {
                let t = advance()
                if items.contains(where: { if case .ellipsis = $0 { return true } else { return false } }) {
                    throw error("an index can have only one '...'", at: t)
                }
                items.append(.ellipsis(span(t)))
                continue
            }
            var parts: [Expr?] = []
            var isSlice = false
            if !check(.colon) { parts.append(try expression()) } else { parts.append(nil) }
            while match(.colon) {
                isSlice = true
                if check(.colon) || check(.rightBracket) || check(.comma) {
                    parts.append(nil)
                } else {
                    parts.append(try expression())
                }
                if parts.count > 3 { throw error("a slice has at most three parts, start:stop:step", at: previous) }
            }
            if isSlice {
                while parts.count < 3 { parts.append(nil) }
                items.append(.slice(parts[0], parts[1], parts[2]))
            } else if let e = parts[0] {
                items.append(.single(e))
            }
        } while match(.comma)
        _ = try consume(.rightBracket, "expect ']' after the index")
        if items.isEmpty { throw error("empty index", at: previous, hint: "write a[i], a[i, j] or a[:]") }
        return items
    }

    mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .int:
            advance()
            return Expr(.int(t.intValue), span(t))
        case .float:
            advance()
            return Expr(.float(t.floatValue), span(t))
        case .string:
            advance()
            return Expr(.string(t.stringValue), span(t))
        case .fstring:
            advance()
            return try fstring(t)
        case .identifier:
            if t.text == "lambda" && (tokens[current + 1].kind == .identifier || tokens[current + 1].isOp(.colon)) {
                throw error(
                    PythonNames.lambda, at: t, hint: "write fn(x) = x * 2, or fn(x) { ... } for several statements")
            }
            advance()
            return nameExpr(t)
        case .keyword(let k):
            switch k {
            case .true: advance(); return Expr(.bool(true), span(t))
            case .false: advance(); return Expr(.bool(false), span(t))
            case .null: advance(); return Expr(.null, span(t))
            case .fn:
                advance()
                let decl = try functionRest(name: "lambda", start: t.start)
                return Expr(.lambda(decl), decl.span)
            case .if:
                advance()
                return try ifRest(start: t.start)
            default:
                let statement: Set<Keyword> = [.for, .while, .return, .break, .continue, .use]
                throw error(
                    "expect an expression, found '\(t.text)'", at: t,
                    hint: statement.contains(k) ? "'\(t.text)' is a statement and cannot be used as a value" : nil)
            }
        case .op(let o):
            if o == .leftParen {
                let open = current
                advance()
                let saved = allowRecordLiteral
                allowRecordLiteral = true
                defer { allowRecordLiteral = saved }
                let e = try expression()
                if check(.comma) {
                    // `zeros((2, 3))`, `hstack((a, b))`: a Python tuple.
                    let call = open >= 2 && tokens[open - 1].isOp(.leftParen)
                    let callee = call && tokens[open - 2].kind == .identifier ? tokens[open - 2].text : nil
                    let items = tupleItems(e)
                    throw error(
                        "expect ')' after the expression", at: peek,
                        hint: items.map { PythonNames.tuple($0.texts, allIntegers: $0.allIntegers, callee: callee) })
                }
                _ = try consume(.rightParen, "expect ')' after the expression")
                return Expr(e.kind, span(from: t.start))
            }
            if o == .leftBracket {
                advance()
                let saved = allowRecordLiteral
                allowRecordLiteral = true
                defer { allowRecordLiteral = saved }
                var items: [Expr] = []
                while !check(.rightBracket) {
                    items.append(try expression())
                    if items.count == 1 && checkKeyword(.for) { return try comprehensionRest(items[0], start: t.start) }
                    if !match(.comma) { break }
                }
                _ = try consume(.rightBracket, "expect ']' after the array elements")
                return Expr(.array(items), span(from: t.start))
            }
            if o == .leftBrace && allowRecordLiteral {
                return try record()
            }
            if o == .leftBrace {
                throw error("expect an expression before '{'", at: t, hint: "wrap a record literal in parentheses here")
            }
            let next = tokens[current + 1]
            if o == .dot && (next.kind == .int || next.kind == .float) && next.start == t.end {
                // Python's `.5`.
                throw error("expect an expression, found '.'", at: t, hint: "write 0.\(next.text)")
            }
            throw error("expect an expression, found '\(t.text)'", at: t)
        case .newline, .eof:
            // `x++` and `x--` end in a second sign with nothing after it.
            if current >= 2, tokens[current - 1].isOp(.plus) || tokens[current - 1].isOp(.minus),
                tokens[current - 2].op == tokens[current - 1].op, tokens[current - 2].end == tokens[current - 1].start
            {
                let sign = tokens[current - 1].text
                let name = current >= 3 && tokens[current - 3].kind == .identifier ? tokens[current - 3].text : "x"
                throw error(
                    "FLS has no '\(sign)\(sign)'", at: tokens[current - 2], hint: "write \(name) \(sign)= 1")
            }
            throw error("expect an expression", at: t)
        }
    }

    /// After `[element`: `for x in xs if c]`.
    mutating func comprehensionRest(_ element: Expr, start: Int) throws -> Expr {
        advance()
        if check(.leftParen) { throw parenthesisedLoopVariables() }
        var targets: [(name: String, span: SourceSpan)] = []
        repeat {
            let t = try bindingName("expect a loop variable name after 'for'")
            if targets.contains(where: { $0.name == t.text }) {
                throw error("duplicate loop variable '\(t.text)'", at: t)
            }
            targets.append((t.text, span(t)))
        } while match(.comma)
        guard matchKeyword(.in) else { throw error("expect 'in' after the loop variable", at: peek) }
        let iterable = try expression()
        var condition: Expr? = nil
        if matchKeyword(.if) { condition = try expression() }
        if let first = condition, checkKeyword(.if) {
            // Python's `if a if b`: both must hold.
            var probe = self
            probe.advance()
            let second = (try? probe.expression()).map { sourceText($0.span.start, $0.span.end) } ?? "..."
            throw error(
                "expect ']' after the comprehension", at: peek,
                hint: "join the conditions with 'and': if \(sourceText(first.span.start, first.span.end)) and \(second)"
            )
        }
        if checkKeyword(.for) {
            throw error(
                "a comprehension takes one 'for'", at: peek,
                hint: "nest them, [[e for y in ys] for x in xs], or write a for loop")
        }
        if checkKeyword(.else) {
            throw error(
                "a comprehension's 'if' has no 'else'", at: peek,
                hint: "choose in the element: [if c { a } else { b } for x in xs]")
        }
        _ = try consume(.rightBracket, "expect ']' after the comprehension")
        let c = Comprehension(element: element, targets: targets, iterable: iterable, condition: condition)
        return Expr(.comprehension(c), span(from: start))
    }

    mutating func record() throws -> Expr {
        let open = advance()
        var fields: [(String, Expr)] = []
        skipNewlines()
        while !check(.rightBrace) {
            let key: String
            let keyToken = peek
            if peek.kind == .identifier || peek.keyword != nil {
                key = advance().text
            } else if peek.kind == .string {
                key = advance().stringValue
            } else {
                throw error("expect a field name in the record", at: peek, hint: "write {name: value, other: value}")
            }
            if fields.contains(where: { $0.0 == key }) {
                throw error("duplicate field '\(key)' in the record", at: keyToken)
            }
            skipNewlines()
            if match(.colon) {
                skipNewlines()
                let value = try expression()
                if checkKeyword(.for) { throw dictComprehension(keyToken, value) }
                fields.append((key, value))
            } else if keyToken.kind == .identifier {
                // Shorthand {person, video} means {person: person, video: video}.
                fields.append((key, nameExpr(keyToken)))
            } else {
                throw error("expect ':' after the field name", at: peek)
            }
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        skipNewlines()
        _ = try consume(.rightBrace, "expect '}' after the record fields")
        return Expr(.record(fields), span(from: open.start))
    }

    /// The error for Python's `{k: v for k in xs}` at the `for`: the hint
    /// writes the loop that fills a record.
    func dictComprehension(_ key: Token, _ value: Expr) -> Diagnostic {
        var probe = self
        probe.advance()
        var loop = "for k in xs"
        var names: [String] = []
        while probe.peek.kind == .identifier {
            names.append(probe.advance().text)
            if !probe.match(.comma) { break }
        }
        if !names.isEmpty, probe.matchKeyword(.in), let xs = try? probe.expression() {
            loop = "for \(names.joined(separator: ", ")) in \(sourceText(xs.span.start, xs.span.end))"
        }
        var body = "r[\(sourceText(key.start, key.end))] = \(sourceText(value.span.start, value.span.end))"
        if probe.matchKeyword(.if), let c = try? probe.expression() {
            body = "if \(sourceText(c.span.start, c.span.end)) { \(body) }"
        }
        return error(
            "expect '}' after the record fields", at: peek,
            hint: "FLS has no dict comprehensions: write r = {}; \(loop) { \(body) }")
    }

    mutating func ifRest(start: Int) throws -> Expr {
        let cond = try headerExpression()
        if check(.assign) { throw assignmentInHeader("if", cond) }
        let thenBlock = try block("if body")
        var elseBlock: [Stmt]? = nil
        // Allow `else` on the line after the closing brace.
        var look = current
        while tokens[look].kind == .newline { look += 1 }
        if tokens[look].kind == .identifier && tokens[look].text == "elif" && !tokens[look + 1].isOp(.assign) {
            current = look
            throw error(PythonNames.elif, at: tokens[look], hint: "write } else if c { ... }")
        }
        if tokens[look].isKeyword(.else) {
            current = look
            advance()
            if checkKeyword(.if) {
                let t = advance()
                let nested = try ifRest(start: t.start)
                elseBlock = [Stmt(kind: .expression(nested), span: nested.span)]
            } else {
                elseBlock = try block("else body")
            }
        }
        return Expr(.ifElse(cond, thenBlock, elseBlock), span(from: start))
    }

    /// Python's conversions `{x!r}`, `{x!s}`, `{x!a}` stop the f-string's
    /// lexer at the '!': the same error, with a hint that writes `{x}`.
    func conversion(_ lexError: Diagnostic, start: Int, end: Int, spec: String) -> Diagnostic? {
        let bang = lexError.span.start
        guard bang < end, file.bytes[bang] == UInt8(ascii: "!") else { return nil }
        let letter = sourceText(bang + 1, end).trimmingSpaces
        guard ["r", "s", "a"].contains(letter) else { return nil }
        let expression = sourceText(start, bang).trimmingSpaces + (spec.isEmpty ? "" : ":" + spec)
        var d = lexError
        d.hint = "f-strings have no '!\(letter)' conversion: write {\(expression)}, which shows the value as print does"
        return d
    }

    mutating func fstring(_ t: Token) throws -> Expr {
        var parts: [FPart] = []
        for part in t.parts {
            switch part {
            case .text(let s): parts.append(.text(s))
            case .expression(let start, let end, let spec):
                let (tokens, lexErrors) = Lexer.tokenize(file, start: start, end: end)
                if let first = lexErrors.first { throw conversion(first, start: start, end: end, spec: spec) ?? first }
                var sub = Parser(file: file, tokens: tokens)
                sub.depth = depth
                let e = try sub.expression()
                while sub.peek.kind == .newline { sub.advance() }
                // `{x=}` (Python 3.8's self-documenting form): the text, then the value.
                let debug = sub.peek.isOp(.assign)
                if debug {
                    sub.advance()
                    while sub.peek.kind == .newline { sub.advance() }
                }
                if !sub.atEnd {
                    throw sub.error("unexpected '\(sub.peek.text)' in the f-string expression", at: sub.peek)
                }
                if debug { parts.append(.text(sourceText(start, end))) }
                parts.append(.expr(e, spec: spec, debug: debug))
            }
        }
        return Expr(.fstring(parts), span(t))
    }
}
