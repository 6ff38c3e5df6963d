import FLSFormats
import Foundation
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core plus the client's address, which
/// the per-address budget charges.
struct BoardRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address ("127.0.0.1"), or "unknown".
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The HTTP handlers of the board: submit, admin switches, the page and its JSON.
final class LeaderboardService: Sendable {
    let truth: LeaderboardTruth
    let store: LeaderboardStore
    let adminToken: String
    let publicFraction: Double
    /// Largest body accepted: the configured cap, lowered to what a
    /// submission for this truth can plausibly need (see `bodyLimit`).
    let maxBodyBytes: Int
    let limiter: RateLimiter
    let budget: AddressBudget
    let parser = ParseQueue(limit: 16 << 20)
    let scorer: SubmissionScorer

    init(
        truth: LeaderboardTruth, store: LeaderboardStore, adminToken: String, publicFraction: Double,
        maxBodyBytes: Int, limiter: RateLimiter, budget: AddressBudget
    ) {
        self.truth = truth
        self.store = store
        self.adminToken = adminToken
        self.publicFraction = publicFraction
        self.maxBodyBytes = Self.bodyLimit(sequences: truth.sequences, configured: maxBodyBytes)
        self.limiter = limiter
        self.budget = budget
        self.scorer = SubmissionScorer(truth: truth)
    }

    /// 64 KiB plus 256 bytes per expected row, at most `configured`: a row of
    /// five indices takes about 25 bytes in JSON (100 pretty-printed), so no
    /// real submission comes near it, and anything bigger is refused before
    /// it is read.
    static func bodyLimit(sequences: Int, configured: Int) -> Int {
        let (perRow, overflow) = sequences.multipliedReportingOverflow(by: 256)
        return overflow ? configured : min(configured, (64 << 10) + perRow)
    }

    /// Decodes a submission body; nil when it is not a JSON object of the expected kind.
    static func parseSubmission(_ body: Data) -> SubmissionRequest? {
        try? SubmissionRequest(json: body)
    }

    /// The routes, in one place.
    func router() -> Router<BoardRequestContext> {
        let router = Router(context: BoardRequestContext.self)
        router.post("/orcam/api") { request, context in try await self.submit(request, from: context.clientAddress) }
        router.post("/admin/final") { request, _ in try await self.switchMode(request, to: .final) }
        router.post("/admin/public") { request, _ in try await self.switchMode(request, to: .public) }
        router.get("/") { _, _ in try await self.page() }
        router.get("/api/leaderboard") { _, _ in try await self.boardJSON() }
        return router
    }

    /// The reply to a submission: the kit's three fields, plus `error` when rejected.
    struct SubmissionReply {
        var member: String
        var score: Double
        var rank: Int
        var error: String?
    }

    /// `POST /orcam/api`. The cheap checks come first, so refusing costs
    /// nothing: the client's byte budget and the size limit (before the body
    /// is read), then parsing on the parse thread, then the team name and the
    /// team's rate limit, then scoring and storing.
    func submit(_ request: Request, from address: String) async throws -> Response {
        let now = Date().timeIntervalSince1970
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > maxBodyBytes {
            return tooLarge()
        }
        if let declared, let wait = budget.charge(address, bytes: declared, now: now) {
            return busyAddress(wait)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            return tooLarge()
        }
        // A body without Content-Length (chunked) is charged once read, still before parsing.
        if declared == nil, let wait = budget.charge(address, bytes: body.readableBytes, now: now) {
            return busyAddress(wait)
        }
        let data = Data(buffer: body)
        guard let parsedOrNil = await parser.run(bytes: data.count, { Self.parseSubmission(data) }) else {
            var response = Self.json(
                .serviceUnavailable, ["error": "The board is busy reading other submissions; retry in a few seconds."])
            response.headers[.retryAfter] = "2"
            return response
        }
        guard let parsed = parsedOrNil else {
            return Self.json(
                .badRequest,
                [
                    "error":
                        "The body is not a JSON object like {\"submitter\": \"team\", \"predictions\": [[5 ints], ...]}."
                ])
        }
        guard let submitter = parsed.submitter else {
            let problem = parsed.hasSubmitter ? "must be a string" : "is missing"
            return Self.json(.badRequest, ["error": "The \"submitter\" field (your team name) \(problem)."])
        }
        let team: String
        do {
            team = try TeamName.validate(submitter)
        } catch {
            return Self.json(.badRequest, ["error": "\(error)"])
        }
        if let wait = limiter.admit(team, now: now) {
            let seconds = max(1, Int(wait.rounded(.up)))
            var response = Self.json(
                .tooManyRequests, ["error": "Team \(team) has reached the submission limit; retry in \(seconds) s."])
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let outcome = scorer.score(parsed.predictions)
        let mode: BoardMode, rank: Int
        do {
            (mode, rank) = try await store.record(team: team, outcome: outcome, at: now)
        } catch {
            // The transaction rolled back, so nothing was stored: say so, so the team resends.
            return Self.json(
                .internalServerError,
                [
                    "error":
                        "The board could not store the submission in its database; it was not recorded, please send it again."
                ])
        }
        let score = mode == .public ? outcome.publicScore : outcome.privateScore
        return Self.json(.ok, SubmissionReply(member: team, score: score, rank: rank, error: outcome.rejection))
    }

    private func tooLarge() -> Response {
        Self.json(
            .contentTooLarge,
            [
                "error":
                    "The submission is larger than \(maxBodyBytes) bytes, this board's limit for \(truth.sequences) sequences; send one row of 5 person indices per sequence."
            ])
    }

    private func busyAddress(_ wait: Double) -> Response {
        let seconds = max(1, Int(wait.rounded(.up)))
        var response = Self.json(
            .tooManyRequests,
            ["error": "Your address has sent too much submission data in the last minute; retry in \(seconds) s."])
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// `POST /admin/final` and `/admin/public`: switch the board's mode with the admin token.
    func switchMode(_ request: Request, to mode: BoardMode) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            Self.constantTimeEqual(String(header.dropFirst("Bearer ".count)), adminToken)
        else {
            return Self.json(
                .forbidden,
                [
                    "error":
                        "Switching the board needs the header 'Authorization: Bearer <admin token>' with the token the server printed at start (or FLS_ADMIN_TOKEN)."
                ])
        }
        try await store.setMode(mode)
        return Self.json(.ok, ["mode": mode.rawValue])
    }

    /// `GET /`: the board as HTML.
    func page() async throws -> Response {
        let board = try await currentBoard()
        var response = Response(
            status: .ok,
            body: .init(byteBuffer: ByteBuffer(string: LeaderboardPage.html(board, publicFraction: publicFraction))))
        response.headers[.contentType] = "text/html; charset=utf-8"
        // The page needs no script at all: forbid it, in case escaping were ever missed.
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
        response.headers[.cacheControl] = "no-store"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }

    /// `GET /api/leaderboard`: the board as JSON.
    func boardJSON() async throws -> Response {
        Self.json(.ok, try await currentBoard())
    }

    private func currentBoard() async throws -> Board {
        let publicCount = truth.publicCount
        let privateCount = truth.scoredCount - publicCount
        return try await store.board(sequences: truth.sequences) { $0 == .public ? publicCount : privateCount }
    }

    /// A JSON response, written by the project's JSON library.
    static func json(_ status: HTTPResponse.Status, _ value: some JSONReply) -> Response {
        let text = JSON.serialize(value.jsonValue)
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentType] = "application/json; charset=utf-8"
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Compares secrets without leaking where they differ through timing.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}
