import FLSFormats
import Foundation
import XCTest

@testable import FLSJupyter

final class KernelSpecTests: XCTestCase {
    func testInstallsIntoAPrefix() throws {
        let prefix = NSTemporaryDirectory() + "fls-kernelspec-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let folder = try KernelSpec.install(executable: "/opt/fls/bin/fls", location: .prefix(prefix))
        XCTAssertEqual(folder, prefix + "/share/jupyter/kernels/fls")
        let spec = try JSON.parse(path: folder + "/kernel.json")
        XCTAssertEqual(
            spec["argv"],
            .array([.string("/opt/fls/bin/fls"), .string("kernel"), .string("-f"), .string("{connection_file}")]))
        XCTAssertEqual(spec["display_name"]?.string, "FLS")
        XCTAssertEqual(spec["language"]?.string, "fls")
        XCTAssertEqual(spec["interrupt_mode"]?.string, "signal")
        for size in [32, 64] {
            let png = try XCTUnwrap(FileManager.default.contents(atPath: folder + "/logo-\(size)x\(size).png"))
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR width and height, big-endian.
            XCTAssertEqual(Array(png[16..<24]), [0, 0, 0, UInt8(size), 0, 0, 0, UInt8(size)])
        }
    }

    func testDataFolders() throws {
        XCTAssertEqual(
            try KernelSpec.dataDirectory(.user, environment: ["HOME": "/home/ann"]), "/home/ann/.local/share/jupyter")
        XCTAssertEqual(
            try KernelSpec.dataDirectory(.user, environment: ["HOME": "/h", "XDG_DATA_HOME": "/x"]), "/x/jupyter")
        XCTAssertEqual(try KernelSpec.dataDirectory(.user, environment: ["JUPYTER_DATA_DIR": "/j"]), "/j")
        XCTAssertEqual(
            try KernelSpec.dataDirectory(.prefix("/usr/local"), environment: [:]), "/usr/local/share/jupyter")
        XCTAssertEqual(
            try KernelSpec.dataDirectory(.sysPrefix, environment: ["VIRTUAL_ENV": "/venv"]), "/venv/share/jupyter")
        XCTAssertThrowsError(try KernelSpec.dataDirectory(.user, environment: [:]))
    }

    func testLogoHasTheTileColourAndAPaleFigure() {
        let pixels = KernelLogo.pixels(size: 64)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(pixels[(y * 64 + x) * 3..<(y * 64 + x) * 3 + 3]) }
        XCTAssertEqual(pixel(8, 32), [31, 111, 139])  // the tile, left of the figure
        XCTAssertEqual(pixel(32, 24), [245, 240, 225])  // the head
        XCTAssertEqual(pixel(0, 0), [255, 255, 255])  // outside the rounded corner
    }
}
