/// Renders the board as one small HTML page: no JavaScript, readable on a phone.
enum LeaderboardPage {
    /// The page for a board snapshot; every team name is escaped.
    static func html(_ board: Board, publicFraction: Double) -> String {
        let title = board.mode == .public ? "Public leaderboard" : "Final leaderboard"
        let note: String
        switch board.mode {
        case .public:
            let percent = Int((publicFraction * 100).rounded())
            note =
                "Scores over \(board.scoredSequences) scored sequences (about \(percent)% of them). The final ranking uses the others."
        case .final:
            note =
                "Final ranking: private scores over \(board.scoredSequences) sequences, for each team's best public submission."
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="60">
            <title>Faceless \(title)</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 1em; max-width: 48em; color: #222; }
            h1 { font-size: 1.4em; margin: 0 0 .3em; }
            p { color: #555; margin: 0 0 1em; }
            .wrap { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; }
            th, td { padding: .45em .5em; border-bottom: 1px solid #ddd; text-align: left; }
            th { font-size: .85em; color: #555; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.team { overflow-wrap: anywhere; }
            tr:nth-child(-n+4) td { font-weight: 600; }
            @media (max-width: 30em) { .when { display: none; } }
            </style>
            </head>
            <body>
            <h1>\(title)</h1>
            <p>\(note)</p>

            """
        if board.entries.isEmpty {
            html += "<p>No submissions yet.</p>\n"
        } else {
            html += """
                <div class="wrap"><table>
                <thead><tr><th class="num">#</th><th>Team</th><th class="num">Score</th>\
                <th class="num">Entries</th><th class="when">Last submission (UTC)</th></tr></thead>
                <tbody>

                """
            for entry in board.entries {
                let score = entry.score < 0 ? "&ndash;" : formatScore(entry.score)
                html += "<tr><td class=\"num\">\(entry.rank)</td><td class=\"team\">\(escape(entry.team))</td>"
                html += "<td class=\"num\">\(score)</td><td class=\"num\">\(entry.submissions)</td>"
                html +=
                    "<td class=\"when\">\(escape(entry.lastSubmission.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")))</td></tr>\n"
            }
            html += "</tbody>\n</table></div>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }

    /// A score with two decimals, the way the kit printed `mean score: 40.09`.
    static func formatScore(_ score: Double) -> String {
        let hundredths = Int((score * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Escapes the five characters that matter in HTML text and attributes.
    ///
    /// Walks Unicode scalars, not characters: a grapheme cluster can hold a
    /// `<` behind a "prepend" scalar (U+0D4E MALAYALAM LETTER DOT REPH fuses
    /// with what follows), and a cluster-wise comparison would let it through.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
