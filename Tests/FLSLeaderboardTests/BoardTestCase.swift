import FLSLeaderboard
import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Shared set-up for tests that run a real board on an ephemeral loopback port.
class BoardTestCase: XCTestCase {
    var directory: URL!
    var servers: [LeaderboardServer] = []
    static let adminToken = "test-admin-token-0123456789"

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("fls-board-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        for server in servers { await server.stop() }
        servers = []
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes a truth file as `fls sample-data` does and returns its path.
    func writeTruth(_ labels: [Int], persons: Int? = nil, name: String = "truth.json") throws -> String {
        var object: [String: Any] = [
            "format": "fls-leaderboard-truth", "version": 1, "sequences": labels.count, "labels": labels,
        ]
        if let persons { object["persons"] = persons }
        let path = directory.appendingPathComponent(name).path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A configuration on port 0 with a known admin token and a fresh database.
    func config(truth: String, db: String = "board.sqlite") -> LeaderboardConfig {
        LeaderboardConfig(
            truthPath: truth, databasePath: directory.appendingPathComponent(db).path,
            host: "127.0.0.1", port: 0, adminToken: Self.adminToken)
    }

    /// Starts a real server and registers it for shutdown after the test.
    func start(_ config: LeaderboardConfig) async throws -> LeaderboardServer {
        let server = try await LeaderboardServer.start(config)
        servers.append(server)
        return server
    }

    /// A session with room for many parallel connections.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 20
        return URLSession(configuration: configuration)
    }()

    /// One HTTP exchange with the server on loopback.
    func http(
        _ server: LeaderboardServer, _ method: String, _ path: String, body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        let (data, response) = try await Self.session.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key.lowercased()] = value }
        }
        return (http.statusCode, fields, data)
    }

    /// POSTs a submission object and returns the status and the decoded reply.
    func submit(_ server: LeaderboardServer, _ object: Any) async throws -> (status: Int, reply: [String: Any]) {
        let body = try JSONSerialization.data(withJSONObject: object)
        let (status, _, data) = try await http(server, "POST", "/orcam/api", body: body)
        return (status, try json(data))
    }

    func json(_ data: Data) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
    }

    /// The board as `GET /api/leaderboard` returns it.
    func board(_ server: LeaderboardServer) async throws -> [String: Any] {
        let (status, _, data) = try await http(server, "GET", "/api/leaderboard")
        XCTAssertEqual(status, 200)
        return try json(data)
    }

    func entries(_ board: [String: Any]) -> [[String: Any]] {
        board["entries"] as? [[String: Any]] ?? []
    }

    /// Rows that hit the label at `position` for the first `hits` scored rows and miss elsewhere.
    static func predictions(labels: [Int], persons: Int, hits: Int, position: Int = 0) -> [[Int]] {
        var hit = 0
        return labels.map { label in
            var others = (0..<persons).filter { $0 != label }
            if label >= 0, hit < hits {
                hit += 1
                others.insert(label, at: position)
            }
            return Array(others.prefix(5))
        }
    }
}
