import Foundation
import XCTest

@testable import FLSNotebook

/// Locates and loads the files in Tests/Fixtures/notebook.
enum Fixtures {
    /// The fixture folder, found from this source file's path.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("notebook")

    /// The URL of a fixture file.
    static func url(_ name: String) -> URL {
        folder.appendingPathComponent(name)
    }

    /// The bytes of a fixture file.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    /// The text of a fixture file.
    static func text(_ name: String) throws -> String {
        try XCTUnwrap(String(data: Data(contentsOf: url(name)), encoding: .utf8), "\(name) is not UTF-8")
    }

    /// The sample notebook, parsed.
    static func sampleNotebook() throws -> Notebook {
        try NotebookParser.parse(bytes: bytes("sample.fls"))
    }

    /// The outputs the sample's cells are scripted to give: printed text and a value, an error, a picture.
    static func sampleOutputs() throws -> [Int: [CellOutput]] {
        [
            1: [.text("1032 frames, 0.71 mean score\n"), .value("[1032, 17, 2]")],
            2: [
                .error(
                    message: "An array cannot be indexed by a string.",
                    rendered:
                        "sample.fls:30:9: error: An array cannot be indexed by a string.\n  mean(kp[0, \"x\"])  # an error\n          ^\nhint: use an integer, a slice or a mask"
                )
            ],
            4: [.image(png: try bytes("dot.png"), width: 8, height: 8, alt: "first crop <64x64>")],
        ]
    }
}
