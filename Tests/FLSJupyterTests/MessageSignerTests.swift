import XCTest

@testable import FLSJupyter

final class MessageSignerTests: XCTestCase {
    /// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    func testMatchesRFC4231Vector() {
        let signer = MessageSigner(key: Array("Jefe".utf8))
        let frames = [Array("what do ya want ".utf8), Array("for nothing?".utf8)]
        XCTAssertEqual(signer.signature(frames), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testVerifyRejectsAnyChange() {
        let signer = MessageSigner(key: Array("secret".utf8))
        let frames = [Array("{}".utf8), Array("{}".utf8), Array("{}".utf8), Array("{\"code\":\"1\"}".utf8)]
        let good = Array(signer.signature(frames).utf8)
        XCTAssertTrue(signer.verify(signature: good, frames: frames))
        var bad = good
        bad[bad.count - 1] = bad[bad.count - 1] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        XCTAssertFalse(signer.verify(signature: bad, frames: frames))
        XCTAssertFalse(signer.verify(signature: [], frames: frames))
        XCTAssertFalse(signer.verify(signature: good, frames: frames.dropLast() + [Array("{\"code\":\"2\"}".utf8)]))
    }

    func testEmptyKeyTurnsSigningOff() {
        let signer = MessageSigner(key: [])
        XCTAssertEqual(signer.signature([Array("x".utf8)]), "")
        XCTAssertTrue(signer.verify(signature: [], frames: [Array("x".utf8)]))
    }
}
