// `submit`: sends a ranking to the leaderboard the way the kit did, after
// checking it locally and saving a copy on disk first.

import FLS
import Foundation

extension Challenge {
    static var submit: Primitive {
        Primitive(
            "submit", family: "Challenge",
            params: [Param("team"), Param("ranking"), Param("url", .null), Param("save", .null)],
            summary: "Send a ranking (one row of 5 person indices per evaluation sequence) to the leaderboard.",
            doc: """
                Checks the shape locally (an integer array [n, 5] of non-negative person indices), writes the \
                submission as JSON to `save` (a file or a folder; by default \
                `submissions/submission-<team>-<time>.json` in the project, or in `$FLS_SUBMISSIONS`), \
                then POSTs `{"submitter": team, "predictions": rows}` to `url`, or `$FLS_LEADERBOARD_URL`, or \
                http://127.0.0.1:8080/orcam/api. Prints the board's reply like the kit and returns it as a \
                record {member, score, rank}. A submission the board rejects (score -1, such as a wrong row \
                count) is an error carrying the board's reason, so a script stops there; so is a board that \
                is down or answers garbage. Every error says where the submission was saved. Run a board \
                with `fls leaderboard serve`.
                """,
            examples: []
        ) { args, ctx in
            let team = try args.string(0)
            let ranking = try args.array(1)
            guard ranking.ndim == 2, ranking.dtype.isInteger || ranking.count == 0 else {
                throw RuntimeError(
                    "submit: 'ranking' must be an integer array [n, 5], got \(args[1].kindName)",
                    hint: "ranking = cosine(test, train) |> top(5)")
            }
            guard let values = ranking.storage.integerValues else {
                throw RuntimeError("submit: 'ranking' must hold integers")
            }
            let cols = ranking.shape[1]
            var rows: [[Int]] = []
            rows.reserveCapacity(ranking.shape[0])
            for r in 0..<ranking.shape[0] {
                rows.append((0..<cols).map { Int(values[r * cols + $0]) })
            }
            let url = args.isNull(2) ? nil : try args.string(2)
            let save =
                args.isNull(3)
                ? try ProjectFolders.submissionsFolder(from: ProjectFolders.programDirectory(ctx))
                : try args.string(3)
            do {
                let receipt = try LeaderboardClient.send(team: team, predictions: rows, url: url, savePath: save)
                ctx.host.write(receipt.reply + "\n")
                return .record(
                    Record([
                        ("member", .string(receipt.member)), ("score", .float(receipt.score)),
                        ("rank", .int(Int64(receipt.rank))),
                    ]))
            } catch let failure as LeaderboardClient.Failure {
                throw RuntimeError("submit: \(failure.message)")
            }
        }
    }
}
