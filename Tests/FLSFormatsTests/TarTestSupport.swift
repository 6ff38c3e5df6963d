import Foundation
import XCTest

@testable import FLSFormats

/// Fixture locations and scratch folders shared by the tar tests.
enum TarFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/tar").standardized

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Python tarfile's (name, size) list of an archive's regular members.
    static func listing(_ archive: String) throws -> [(String, Int)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(archive + ".listing.json")))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: [[Any]]])
        return try XCTUnwrap(object["members"]).map { ($0[0] as? String ?? "", $0[1] as? Int ?? -1) }
    }

    /// A fresh empty folder under the system temporary folder.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fls-tar-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies a fixture into `folder` (so caches written beside it stay out of the repository).
    static func copy(_ name: String, to folder: URL, as newName: String? = nil) throws -> String {
        let target = folder.appendingPathComponent(newName ?? (name as NSString).lastPathComponent)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: path(name)), to: target)
        return target.path
    }

    /// The message of the error `body` throws, or nil if it does not throw.
    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }
}
