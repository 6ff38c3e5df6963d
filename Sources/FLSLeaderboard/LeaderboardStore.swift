import FLSFormats
import Foundation
import GRDB

/// The board's SQLite database: every submission, a per-team summary and the mode.
///
/// SQLite runs in WAL mode (a GRDB `DatabasePool`) with `synchronous = FULL`, so
/// a submission is on disk when its transaction commits, before the reply is
/// sent: a crash or power loss after a reply loses nothing acknowledged.
final class LeaderboardStore: Sendable {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database and checks it was made for this
    /// truth file and split.
    init(path: String, fingerprint: String, sequences: Int) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw LeaderboardError(
                "The folder \(directory) for the database --db \(path) does not exist; create it first.")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try pool.write { db in
                try Self.checkSettings(db, path: path, fingerprint: fingerprint, sequences: sequences)
            }
        } catch let error as LeaderboardError {
            throw error
        } catch {
            throw LeaderboardError(
                "Cannot open the leaderboard database \(path) (\(error)); check that it is a writable SQLite file made by this board, or pass a new --db path."
            )
        }
    }

    /// The schema, versioned so later releases can migrate old boards.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE submissions (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        team TEXT NOT NULL,
                        submitted_at REAL NOT NULL,
                        public_score REAL NOT NULL,
                        private_score REAL NOT NULL,
                        accepted INTEGER NOT NULL,
                        reason TEXT,
                        predictions TEXT
                    );
                    CREATE INDEX submissions_by_team ON submissions(team, id);
                    CREATE TABLE teams (
                        name TEXT PRIMARY KEY NOT NULL,
                        submissions INTEGER NOT NULL,
                        last_at REAL NOT NULL,
                        best_public REAL NOT NULL,
                        final_score REAL NOT NULL,
                        best_at REAL NOT NULL
                    );
                    CREATE INDEX teams_by_public ON teams(best_public);
                    CREATE INDEX teams_by_final ON teams(final_score);
                    """)
        }
        return migrator
    }

    /// Stores the split's fingerprint on first use; refuses a database that was
    /// scored against another truth file, fraction or seed.
    private static func checkSettings(_ db: Database, path: String, fingerprint: String, sequences: Int) throws {
        let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: ["fingerprint"])
        if let stored {
            guard stored == fingerprint else {
                throw LeaderboardError(
                    "The database \(path) was created for another truth file, --public-fraction or --seed; restart with the same ones, or pass a new --db path."
                )
            }
        } else {
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)",
                arguments: ["fingerprint", fingerprint, "sequences", String(sequences)])
        }
    }

    /// The persisted mode (public until switched).
    func mode() async throws -> BoardMode {
        try await pool.read { db in try Self.mode(db) }
    }

    private static func mode(_ db: Database) throws -> BoardMode {
        let raw = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'mode'")
        return raw.flatMap(BoardMode.init(rawValue:)) ?? .public
    }

    /// Persists a mode switch.
    func setMode(_ mode: BoardMode) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO meta (key, value) VALUES ('mode', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [mode.rawValue])
        }
    }

    /// Records one submission and updates its team's summary in one transaction,
    /// then returns the mode and the team's rank on the board in that mode.
    func record(team: String, outcome: SubmissionScorer.Outcome, at now: Double) async throws -> (
        mode: BoardMode, rank: Int
    ) {
        let predictions = outcome.rejection == nil ? Self.encodeRows(outcome.flat) : nil
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO submissions (team, submitted_at, public_score, private_score, accepted, reason, predictions)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    team, now, outcome.publicScore, outcome.privateScore,
                    outcome.rejection == nil, outcome.rejection, predictions,
                ])
            let current = try Row.fetchOne(db, sql: "SELECT best_public FROM teams WHERE name = ?", arguments: [team])
            if let current {
                let best: Double = current["best_public"]
                try db.execute(
                    sql: "UPDATE teams SET submissions = submissions + 1, last_at = ? WHERE name = ?",
                    arguments: [now, team])
                // The final board keeps the private score of the team's best public
                // submission (the earliest among equals), as Kaggle does: choosing by
                // private score would reward submitting many variants.
                if outcome.publicScore > best {
                    try db.execute(
                        sql: "UPDATE teams SET best_public = ?, final_score = ?, best_at = ? WHERE name = ?",
                        arguments: [outcome.publicScore, outcome.privateScore, now, team])
                }
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO teams (name, submissions, last_at, best_public, final_score, best_at)
                        VALUES (?, 1, ?, ?, ?, ?)
                        """, arguments: [team, now, outcome.publicScore, outcome.privateScore, now])
            }
            let mode = try Self.mode(db)
            let rank = try Self.rank(db, team: team, mode: mode)
            return (mode, rank)
        }
    }

    /// 1 + the number of teams whose shown score is strictly better.
    private static func rank(_ db: Database, team: String, mode: BoardMode) throws -> Int {
        let column = mode == .public ? "best_public" : "final_score"
        let better =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM teams WHERE \(column) > (SELECT \(column) FROM teams WHERE name = ?)
                    """, arguments: [team]) ?? 0
        return better + 1
    }

    /// The whole board in the current mode, best first (earlier best first among equals).
    func board(sequences: Int, scoredSequences: @escaping @Sendable (BoardMode) -> Int) async throws -> Board {
        try await pool.read { db in
            let mode = try Self.mode(db)
            let column = mode == .public ? "best_public" : "final_score"
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT name, submissions, last_at, best_public, \(column) AS shown
                    FROM teams ORDER BY shown DESC, best_at ASC, name ASC
                    """)
            var entries: [Board.Entry] = []
            var previous: Double? = nil
            var rank = 0
            var position = 0
            while let row = try rows.next() {
                position += 1
                let shown: Double = row["shown"]
                if shown != previous {
                    rank = position
                    previous = shown
                }
                entries.append(
                    Board.Entry(
                        rank: rank, team: row["name"], score: shown, publicScore: row["best_public"],
                        submissions: row["submissions"], lastSubmission: Board.isoTime(row["last_at"])))
            }
            return Board(mode: mode, sequences: sequences, scoredSequences: scoredSequences(mode), entries: entries)
        }
    }

    /// Counts of stored submissions (all, accepted), for tests and the admin.
    func submissionCounts() async throws -> (all: Int, accepted: Int) {
        try await pool.read { db in
            let all = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions") ?? 0
            let accepted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE accepted") ?? 0
            return (all, accepted)
        }
    }

    /// Compact JSON text of the validated rows (`[[1,2,3,4,5],...]`), by the project's JSON writer.
    static func encodeRows(_ flat: [Int]) -> String {
        let width = SubmissionScorer.width
        let rows = stride(from: 0, to: flat.count, by: width).map { start in
            JSONValue.array(flat[start..<min(start + width, flat.count)].map { .int(Int64($0)) })
        }
        return JSON.serialize(.array(rows))
    }
}
