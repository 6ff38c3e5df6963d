// enumerate_paths, dirname and basename: numbering by sorted unique folder
// (numpy's order), evaluation paths, and bad input.

import FLS
import XCTest

@testable import FLSKit

final class KitPathsTests: XCTestCase {
    func testIdsFollowSortedUniqueFolders() {
        let paths = [
            "person_0001/video_0003/seq_0000/frame_00000.jpg",
            "person_0001/video_0003/seq_0001/frame_00000.jpg",
            "person_0000/video_0007/seq_0000/frame_00001.jpg",
            "person_0000/video_0002/seq_0000/frame_00000.jpg",
            "person_0001/video_0002/seq_0000/frame_00000.jpg",
        ]
        let ids = Paths.enumerate(StringColumn(paths))
        XCTAssertEqual(ids.person, [1, 1, 0, 0, 1])
        // Videos are person/video: video_0002 of person 0 and of person 1 differ.
        XCTAssertEqual(ids.video, [3, 3, 1, 0, 2])
        XCTAssertEqual(ids.seq, [3, 4, 1, 0, 2])
    }

    func testOrderIsNumpysCodePointOrder() {
        // np.unique(['person_9', 'person_10', 'B', 'a', 'é', 'z']) sorts as
        // ['B' 'a' 'person_10' 'person_9' 'z' 'é'].
        let names = ["person_9", "person_10", "B", "a", "é", "z"]
        let ids = Paths.enumerate(StringColumn(names.map { "\($0)/v/s/f.jpg" }))
        XCTAssertEqual(ids.person, [3, 2, 0, 1, 5, 4])
    }

    func testEvaluationPathsHaveOnlySequences() {
        assertShows(
            "enumerate_paths([\"seq_0002/frame_00000.jpg\", \"person_0/video_0/seq_0/f.jpg\", \"frame.jpg\", \"seq_0001/f.jpg\"])",
            "person: i64[4] [-1  0 -1 -1]\nvideo: i64[4] [-1  0 -1 -1]\nseq: i64[4] [ 2  0 -1  1]")
    }

    func testChannelFoldersAndPrefixesWork() {
        let ids = Paths.enumerate([
            "data/person_0003/channel_0001/seq_0000/frame_00000.jpg",
            "data/person_0002/channel_0001/seq_0000/frame_00000.jpg",
        ])
        XCTAssertEqual(ids.person, [1, 0])
        XCTAssertEqual(ids.video, [1, 0])
    }

    func testEmptyAndBadInput() {
        assertShows("enumerate_paths([]).person", "i64[0] []")
        assertError("enumerate_paths([1, 2])", contains: "'paths' must be a string or a str array, got i64[2]")
        assertError("enumerate_paths(\"a/b/c/d.jpg\")", contains: "must be a 1-d str array")
        assertError("enumerate_paths([[\"a\", \"b\"]])", contains: "must be a 1-d str array")
    }

    func testDirnameAndBasenameAreLikePython() {
        let cases: [(String, String, String)] = [
            ("/a", "/", "a"), ("a//b", "a", "b"), ("a/", "a", ""), ("//", "//", ""), ("/", "/", ""),
            ("a/b/c.jpg", "a/b", "c.jpg"), ("c.jpg", "", "c.jpg"), ("", "", ""), ("a//b//c", "a//b", "c"),
        ]
        for (path, dir, base) in cases {
            XCTAssertEqual(Paths.dirname(path), dir, path)
            XCTAssertEqual(Paths.basename(path), base, path)
        }
        assertShows("basename([[\"a/b\", \"c/d\"]])", "str[1,2] [['b' 'd']]")
        assertShows("dirname([])", "str[0] []")
        assertError("dirname(3)", contains: "'path' must be a string or a str array, got int")
    }
}
