// The shell requests that involve FLS itself: execute, complete, inspect,
// is_complete and history.

import FLS
import FLSFormats
import FLSNotebook

#if canImport(Glibc)
import Glibc
#endif

extension KernelServer {
    func execute(_ request: JupyterMessage) {
        let code = request.content["code"]?.string ?? ""
        let silent = request.content["silent"]?.bool ?? false
        let store = !silent && (request.content["store_history"]?.bool ?? true)
        if store { executionCount += 1 }
        let count = executionCount
        if !silent {
            publish(
                "execute_input", content: .object([("code", .string(code)), ("execution_count", .int(Int64(count)))]),
                parent: request)
        }
        var resultText: String? = nil
        let outcome = language.execute(code, count: count) { [self] output, value in
            guard !silent else { return }
            switch output {
            case .text(let text):
                stream(text, parent: request)
            case .value(let text):
                resultText = text
                var data: [(String, JSONValue)] = [("text/plain", .string(text))]
                if let value, let html = ValueHTML.html(for: value) { data.append(("text/html", .string(html))) }
                publish(
                    "execute_result",
                    content: .object([
                        ("execution_count", .int(Int64(count))), ("data", .object(data)), ("metadata", .object([])),
                    ]), parent: request)
            case .image(let png, let width, let height, let alt):
                publish(
                    "display_data", content: KernelServer.picture(png: png, width: width, height: height, alt: alt),
                    parent: request)
            case .error(let message, let rendered):
                publish(
                    "error",
                    content: .object([
                        ("ename", .string(KernelLanguage.errorName(message))),
                        ("evalue", .string(message)),
                        (
                            "traceback",
                            .array(
                                rendered.split(separator: "\n", omittingEmptySubsequences: false).map {
                                    .string(String($0))
                                })
                        ),
                    ]), parent: request)
            }
        }
        if store { history.append((count, code, resultText)) }
        switch outcome {
        case .ok:
            reply(
                request, on: shell, "execute_reply",
                .object([
                    ("status", .string("ok")), ("execution_count", .int(Int64(count))), ("payload", .array([])),
                    ("user_expressions", userExpressions(request.content["user_expressions"])),
                ]))
        case .error(let name, let message, let traceback):
            reply(
                request, on: shell, "execute_reply",
                .object([
                    ("status", .string("error")), ("execution_count", .int(Int64(count))),
                    ("ename", .string(name)), ("evalue", .string(message)),
                    ("traceback", .array(traceback.map { .string($0) })),
                    ("payload", .array([])), ("user_expressions", .object([])),
                ]))
        }
    }

    /// display_data for a picture: the PNG, its description, and its size on screen (small crops shown larger, as `fls render` does).
    static func picture(png: [UInt8], width: Int, height: Int, alt: String) -> JSONValue {
        let largest = max(width, height)
        let scale = largest > 0 && largest < 192 ? min(4, max(1, 192 / largest)) : 1
        return .object([
            (
                "data",
                .object([
                    ("image/png", .string(Base64.encode(png))),
                    ("text/plain", .string(alt.isEmpty ? "<image \(width)x\(height)>" : alt)),
                ])
            ),
            (
                "metadata",
                .object([
                    (
                        "image/png",
                        .object([
                            ("width", .int(Int64(max(0, width * scale)))),
                            ("height", .int(Int64(max(0, height * scale)))),
                        ])
                    )
                ])
            ),
            ("transient", .object([])),
        ])
    }

    /// Evaluates each user expression after the cell, as the protocol asks: text/plain of its value, or the error.
    func userExpressions(_ expressions: JSONValue?) -> JSONValue {
        guard case .object(let members)? = expressions else { return .object([]) }
        let interpreter = language.interpreter
        let saved = interpreter.host
        interpreter.host = CapturingHost()
        defer { interpreter.host = saved }
        return .object(
            members.map { key, expression in
                let code = expression.string ?? ""
                do {
                    let outcome = try runOnLargeStack {
                        try interpreter.run(SourceFile(name: "<expression>", text: code))
                    }
                    return (
                        key,
                        .object([
                            ("status", .string("ok")),
                            ("data", .object([("text/plain", .string(displayText(outcome.value ?? .null)))])),
                            ("metadata", .object([])),
                        ])
                    )
                } catch {
                    return (
                        key,
                        .object([
                            ("status", .string("error")), ("ename", .string("Error")), ("evalue", .string("\(error)")),
                            (
                                "traceback",
                                .array(
                                    DiagnosticRenderer.render(error).split(separator: "\n").map { .string(String($0)) })
                            ),
                        ])
                    )
                }
            })
    }

    func complete(_ request: JupyterMessage) {
        let code = request.content["code"]?.string ?? ""
        let cursor = request.content["cursor_pos"]?.int ?? code.unicodeScalars.count
        let (matches, start, end) = language.complete(code, cursor: cursor)
        reply(
            request, on: shell, "complete_reply",
            .object([
                ("status", .string("ok")), ("matches", .array(matches.map { .string($0) })),
                ("cursor_start", .int(Int64(start))), ("cursor_end", .int(Int64(end))), ("metadata", .object([])),
            ]))
    }

    func inspect(_ request: JupyterMessage) {
        let code = request.content["code"]?.string ?? ""
        let cursor = request.content["cursor_pos"]?.int ?? code.unicodeScalars.count
        let text = language.inspect(code, cursor: cursor)
        reply(
            request, on: shell, "inspect_reply",
            .object([
                ("status", .string("ok")), ("found", .bool(text != nil)),
                ("data", text.map { .object([("text/plain", .string($0))]) } ?? .object([])), ("metadata", .object([])),
            ]))
    }

    func isComplete(_ request: JupyterMessage) {
        let (status, indent) = language.isComplete(request.content["code"]?.string ?? "")
        var content: [(String, JSONValue)] = [("status", .string(status))]
        if status == "incomplete" { content.append(("indent", .string(indent))) }
        reply(request, on: shell, "is_complete_reply", .object(content))
    }

    /// The inputs of this session (history is kept in memory only): the last
    /// `n`, a range of lines, or those matching a glob pattern.
    func historyReply(_ request: JupyterMessage) {
        let c = request.content
        let withOutput = c["output"]?.bool ?? false
        var entries = history
        switch c["hist_access_type"]?.string ?? "tail" {
        case "range":
            let start = c["start"]?.int ?? 1
            let stop = c["stop"]?.int ?? Int.max
            entries = entries.filter { $0.line >= start && $0.line < stop }
        case "search":
            let pattern = c["pattern"]?.string ?? "*"
            entries = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
            if c["unique"]?.bool ?? false {
                var seen = Set<String>()
                entries = entries.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let n = c["n"]?.int, n >= 0 { entries = Array(entries.suffix(n)) }
        default:
            if let n = c["n"]?.int, n >= 0 { entries = Array(entries.suffix(n)) }
        }
        let items: [JSONValue] = entries.map { entry in
            let input: JSONValue = .string(entry.input)
            let item: JSONValue = withOutput ? .array([input, entry.output.map { .string($0) } ?? .null]) : input
            return .array([.int(0), .int(Int64(entry.line)), item])
        }
        reply(request, on: shell, "history_reply", .object([("status", .string("ok")), ("history", .array(items))]))
    }
}
