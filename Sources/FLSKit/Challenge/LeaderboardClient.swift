import CCurl
import FLSFormats
import Foundation

/// Submits predictions to a Faceless leaderboard, keeping a local copy first.
///
/// The submission JSON is always written to a file before anything is sent, so
/// a server that is down, slow or broken never costs a team its predictions:
/// every error names the file, which can be sent again later (for example with
/// `curl --data-binary @FILE`).
public enum LeaderboardClient {
    /// Where submissions go when neither the caller nor FLS_LEADERBOARD_URL says.
    public static let defaultURL = "http://127.0.0.1:8080/orcam/api"
    /// Seconds to wait for the server before giving up.
    static let timeout: TimeInterval = 10
    /// Longest team name the board accepts.
    static let maxTeamLength = 64

    /// A failed submission, with a message that says what to do and where the copy is.
    public struct Failure: Error, CustomStringConvertible, LocalizedError {
        /// The full message.
        public let message: String
        /// The saved submission file, when it was written before the failure.
        public let savedPath: String?

        /// The message, for `print(error)`.
        public var description: String { message }
        /// The message, for Foundation's error reporting.
        public var errorDescription: String? { message }
    }

    /// What the board answered, and where the submission was saved.
    public struct Receipt: Sendable {
        /// The team name as the board stored it.
        public let member: String
        /// The submission's score on the board's current subset; -1 when rejected.
        public let score: Double
        /// The team's rank on the board after this submission (1 = best).
        public let rank: Int
        /// The board's raw JSON reply (with "error" when the shape was rejected).
        public let reply: String
        /// The local copy of the submission.
        public let savedPath: String
    }

    /// Validates, saves, POSTs and returns the board's reply (member, score,
    /// rank and the raw JSON). A rejection by the board (score -1, its reason in
    /// "error") throws a `Failure` with that reason and the saved file.
    public static func submit(team: String, predictions: [[Int]], url: String?, savePath: String?) throws
        -> (member: String, score: Double, rank: Int, reply: String)
    {
        let receipt = try send(team: team, predictions: predictions, url: url, savePath: savePath)
        return (receipt.member, receipt.score, receipt.rank, receipt.reply)
    }

    /// Like `submit`, and also tells where the local copy was written.
    public static func send(team: String, predictions: [[Int]], url: String?, savePath: String?) throws -> Receipt {
        let name = try validate(team: team, predictions: predictions)
        let endpoint = try resolveURL(url)
        let body = encode(team: name, predictions: predictions)
        let path = try save(body, team: name, to: savePath)
        let saved = "; your submission is saved at \(path)"

        let (status, data, headers) = try post(body, to: endpoint, savedPath: path)
        let text = String(decoding: data, as: UTF8.self)
        let object = Reply(data)
        guard (200..<300).contains(status) else {
            var reason = object?.string("error") ?? "HTTP status \(status)"
            while reason.hasSuffix(".") { reason.removeLast() }
            if status == 429, let retry = headers["retry-after"] {
                reason += " (retry after \(retry) s)"
            }
            throw Failure(
                message: "The leaderboard at \(endpoint) refused the submission: \(reason)\(saved).", savedPath: path)
        }
        guard let object,
            let member = object.string("member"),
            let score = object.number("score"),
            let rank = object.number("rank").flatMap({ Int(exactly: $0) })
        else {
            let excerpt = text.prefix(120).replacingOccurrences(of: "\n", with: " ")
            throw Failure(
                message: "The server at \(endpoint) did not answer like a leaderboard (got \"\(excerpt)\")\(saved).",
                savedPath: path)
        }
        if score < 0 {
            var reason = object.string("error") ?? "it scored the submission -1 without a reason"
            while reason.hasSuffix(".") { reason.removeLast() }
            throw Failure(
                message: "The leaderboard at \(endpoint) rejected the submission: \(reason)\(saved).", savedPath: path)
        }
        return Receipt(member: member, score: score, rank: rank, reply: text, savedPath: path)
    }

    /// The checks the board would make that need no truth: a usable team name,
    /// and rows of 5 distinct non-negative person indices.
    static func validate(team: String, predictions: [[Int]]) throws -> String {
        let name = team.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= maxTeamLength else {
            throw Failure(
                message: "The team name must have 1 to \(maxTeamLength) characters, got \(name.count).", savedPath: nil)
        }
        if name.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
        }) {
            throw Failure(
                message: "The team name contains control characters; use printable characters only.", savedPath: nil)
        }
        guard !predictions.isEmpty else {
            throw Failure(
                message:
                    "There are no predictions to submit; pass one row of 5 person indices per evaluation sequence.",
                savedPath: nil)
        }
        for (r, row) in predictions.enumerated() {
            guard row.count == 5 else {
                throw Failure(
                    message:
                        "Row \(r) of the predictions has \(row.count) entries; every row needs exactly 5 person indices.",
                    savedPath: nil)
            }
            if let bad = row.first(where: { $0 < 0 }) {
                throw Failure(
                    message: "Row \(r) of the predictions has the negative index \(bad); person indices start at 0.",
                    savedPath: nil)
            }
            if Set(row).count != row.count {
                throw Failure(
                    message: "Row \(r) of the predictions repeats a person index; the 5 guesses of a row must differ.",
                    savedPath: nil)
            }
        }
        return name
    }

    /// The caller's URL, else FLS_LEADERBOARD_URL, else the local default.
    static func resolveURL(_ given: String?) throws -> URL {
        let environment = ProcessInfo.processInfo.environment["FLS_LEADERBOARD_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let text = given ?? environment ?? defaultURL
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw Failure(
                message: "The leaderboard URL \"\(text)\" is not an http(s) URL like \(defaultURL).", savedPath: nil)
        }
        return url
    }

    /// The exact body that is saved and sent: the contract's `{"submitter": ..., "predictions": [[...], ...]}`.
    static func encode(team: String, predictions: [[Int]]) -> Data {
        Data(ChallengeSubmission.body(team: team, predictions: predictions))
    }

    /// The board's JSON reply, read with the project's JSON library; nil when it is not an object.
    struct Reply {
        var fields: [String: JSONValue] = [:]

        init?(_ data: Data) {
            guard case .object(let members)? = try? JSON.parse(bytes: [UInt8](data)) else { return nil }
            for (key, value) in members { fields[key] = value }
        }

        func string(_ key: String) -> String? {
            if case .string(let s)? = fields[key] { return s }
            return nil
        }

        func number(_ key: String) -> Double? {
            switch fields[key] {
            case .int(let i)?: return Double(i)
            case .number(let d)?: return d
            default: return nil
            }
        }
    }

    /// Writes the body to `savePath` (a file, or a folder to put the default name
    /// in) or to `submission-<team>-<UTC time>.json` here; never overwrites an
    /// earlier submission. Returns the path written.
    static func save(_ body: Data, team: String, to savePath: String?) throws -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let path: String
        if let savePath, !(manager.fileExists(atPath: savePath, isDirectory: &isDirectory) && isDirectory.boolValue) {
            path = savePath
        } else {
            let folder = savePath ?? manager.currentDirectoryPath
            let safeTeam = String(
                team.unicodeScalars.map { scalar -> Character in
                    let c = Character(scalar)
                    return (scalar.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")) ? c : "_"
                })
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            let stem = "submission-\(safeTeam)-\(formatter.string(from: Date()))"
            var candidate = (folder as NSString).appendingPathComponent("\(stem).json")
            var counter = 2
            while manager.fileExists(atPath: candidate) {
                candidate = (folder as NSString).appendingPathComponent("\(stem)-\(counter).json")
                counter += 1
            }
            path = candidate
        }
        do {
            try body.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure(
                message:
                    "Cannot save the submission to \(path) (\(error.localizedDescription)); nothing was sent. Choose a writable path.",
                savedPath: nil)
        }
        return path
    }

    /// Largest reply body accepted from a board (a leaderboard answers in a few hundred bytes).
    static let maxReplyBytes = 16 << 20

    /// POSTs the body and waits (at most `timeout` seconds) for the status, body and headers
    /// (names lowercased). libcurl does the HTTP and TLS; it is loaded on the first submission
    /// (see CCurl), so no other `fls` run pays for loading it.
    static func post(_ body: Data, to url: URL, savedPath: String) throws -> (Int, Data, [String: String]) {
        let saved = "; your submission is saved at \(savedPath)"
        var reply = fls_http_reply()
        let outcome = body.withUnsafeBytes { bytes in
            fls_http_post(
                url.absoluteString, bytes.baseAddress, bytes.count, "application/json",
                Int(timeout), maxReplyBytes, &reply)
        }
        defer { fls_http_reply_free(&reply) }
        let message = withUnsafeBytes(of: reply.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch outcome {
        case FLS_HTTP_DONE:
            break
        case FLS_HTTP_TIMED_OUT:
            throw Failure(
                message: "The leaderboard at \(url) did not answer within \(Int(timeout)) s\(saved).",
                savedPath: savedPath)
        case FLS_HTTP_NO_LIBRARY:
            throw Failure(
                message: "Cannot send to the leaderboard at \(url): \(message)\(saved).", savedPath: savedPath)
        default:
            throw Failure(
                message: "Cannot reach the leaderboard at \(url): \(describe(outcome, message))\(saved).",
                savedPath: savedPath)
        }
        guard reply.status > 0 else {
            throw Failure(message: "The server at \(url) did not answer with HTTP\(saved).", savedPath: savedPath)
        }
        let data = reply.body.map { Data(bytes: $0, count: reply.body_length) } ?? Data()
        let headerText =
            reply.headers.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: reply.headers_length), as: UTF8.self)
            } ?? ""
        return (reply.status, data, parseHeaders(headerText))
    }

    /// "Name: value" lines (the status line and malformed lines skipped), names lowercased.
    static func parseHeaders(_ text: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("HTTP/") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { headers[name] = value }
        }
        return headers
    }

    /// Short, plain reasons for the network errors users meet.
    static func describe(_ outcome: fls_http_outcome, _ message: String) -> String {
        switch outcome {
        case FLS_HTTP_CANNOT_CONNECT: return "nothing is listening there (is the server running?)"
        case FLS_HTTP_UNKNOWN_HOST: return "the host name is unknown"
        case FLS_HTTP_CONNECTION_LOST: return "the connection was closed before a reply"
        case FLS_HTTP_BAD_REPLY: return "the server's answer was not valid HTTP"
        case FLS_HTTP_REPLY_TOO_LARGE:
            return "the reply was larger than \(maxReplyBytes >> 20) MB, which no leaderboard sends"
        default: return message.isEmpty ? "the transfer failed" : message
        }
    }
}
