import Foundation
import XCTest

@testable import FLSLeaderboard

/// Times on the board, formatted without Foundation's formatter.
final class BoardTimeTests: XCTestCase {
    func testIsoTimeMatchesFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for seconds in [0.0, 951_782_400.5, 1_574_949_787, 4_107_542_399, -86_401, 1_709_164_800] {
            XCTAssertEqual(
                Board.isoTime(seconds), formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down))),
                "\(seconds)")
        }
        XCTAssertEqual(Board.isoTime(1_574_949_787), "2019-11-28T14:03:07Z")
    }
}
