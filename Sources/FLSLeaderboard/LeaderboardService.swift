import Foundation
import Hummingbird

/// The HTTP handlers of the board: submit, admin switches, the page and its JSON.
final class LeaderboardService: Sendable {
    let truth: LeaderboardTruth
    let store: LeaderboardStore
    let adminToken: String
    let publicFraction: Double
    let maxBodyBytes: Int
    let limiter: RateLimiter
    let scorer: SubmissionScorer

    init(truth: LeaderboardTruth, store: LeaderboardStore, adminToken: String, publicFraction: Double,
         maxBodyBytes: Int, limiter: RateLimiter) {
        self.truth = truth
        self.store = store
        self.adminToken = adminToken
        self.publicFraction = publicFraction
        self.maxBodyBytes = maxBodyBytes
        self.limiter = limiter
        self.scorer = SubmissionScorer(truth: truth)
    }

    /// The routes, in one place.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/orcam/api") { request, _ in try await self.submit(request) }
        router.post("/admin/final") { request, _ in try await self.switchMode(request, to: .final) }
        router.post("/admin/public") { request, _ in try await self.switchMode(request, to: .public) }
        router.get("/") { _, _ in try await self.page() }
        router.get("/api/leaderboard") { _, _ in try await self.boardJSON() }
        return router
    }

    /// The reply to a submission: the kit's three fields, plus `error` when rejected.
    struct SubmissionReply: Encodable {
        var member: String
        var score: Double
        var rank: Int
        var error: String?
    }

    /// `POST /orcam/api`: parse, check the team, rate-limit, score, store, reply.
    func submit(_ request: Request) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            return tooLarge()
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            return tooLarge()
        }
        let parsed: SubmissionRequest
        do {
            parsed = try SubmissionRequest(json: Data(buffer: body))
        } catch {
            return Self.json(.badRequest, ["error": "The body is not a JSON object like {\"submitter\": \"team\", \"predictions\": [[5 ints], ...]}."])
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
        let now = Date().timeIntervalSince1970
        if let wait = limiter.admit(team, now: now) {
            let seconds = max(1, Int(wait.rounded(.up)))
            var response = Self.json(.tooManyRequests, ["error": "Team \(team) has reached the submission limit; retry in \(seconds) s."])
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let outcome = scorer.score(parsed.predictions)
        let mode: BoardMode, rank: Int
        do {
            (mode, rank) = try await store.record(team: team, outcome: outcome, at: now)
        } catch {
            // The transaction rolled back, so nothing was stored: say so, so the team resends.
            return Self.json(.internalServerError, ["error": "The board could not store the submission in its database; it was not recorded, please send it again."])
        }
        let score = mode == .public ? outcome.publicScore : outcome.privateScore
        return Self.json(.ok, SubmissionReply(member: team, score: score, rank: rank, error: outcome.rejection))
    }

    private func tooLarge() -> Response {
        Self.json(.contentTooLarge, ["error": "The submission is larger than \(maxBodyBytes) bytes; send one row of 5 person indices per sequence."])
    }

    /// `POST /admin/final` and `/admin/public`: switch the board's mode with the admin token.
    func switchMode(_ request: Request, to mode: BoardMode) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.constantTimeEqual(String(header.dropFirst("Bearer ".count)), adminToken)
        else {
            return Self.json(.forbidden, ["error": "Switching the board needs the header 'Authorization: Bearer <admin token>' with the token the server printed at start (or FLS_ADMIN_TOKEN)."])
        }
        try await store.setMode(mode)
        return Self.json(.ok, ["mode": mode.rawValue])
    }

    /// `GET /`: the board as HTML.
    func page() async throws -> Response {
        let board = try await currentBoard()
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: LeaderboardPage.html(board, publicFraction: publicFraction))))
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

    /// A JSON response; encoding our own plain structs cannot fail, but if it
    /// ever did the client still gets a JSON error.
    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"The server could not encode its reply."}"#.utf8)
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(bytes: data)))
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
