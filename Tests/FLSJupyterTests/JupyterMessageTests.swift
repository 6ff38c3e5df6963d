import FLSFormats
import XCTest

@testable import FLSJupyter

final class JupyterMessageTests: XCTestCase {
    let signer = MessageSigner(key: Array("a-key".utf8))

    func request(_ type: String, _ content: JSONValue) -> JupyterMessage {
        var message = JupyterMessage.make(type, content: content, parent: nil, session: "client")
        message.identities = [Array("peer".utf8)]
        return message
    }

    func testRoundTripKeepsIdentitiesAndContent() throws {
        let sent = request("execute_request", .object([("code", .string("1 + 1"))]))
        let frames = sent.encode(signer: signer)
        XCTAssertEqual(frames[0], Array("peer".utf8))
        XCTAssertEqual(frames[1], JupyterMessage.delimiter)
        let received = try JupyterMessage.decode(frames, signer: signer)
        XCTAssertEqual(received.identities, [Array("peer".utf8)])
        XCTAssertEqual(received.type, "execute_request")
        XCTAssertEqual(received.content["code"]?.string, "1 + 1")
    }

    func testReplyAnswersItsParent() throws {
        let parent = request("kernel_info_request", .object([]))
        let reply = JupyterMessage.make("kernel_info_reply", content: .object([]), parent: parent, session: "kernel")
        XCTAssertEqual(reply.identities, parent.identities)
        XCTAssertEqual(reply.parentHeader["msg_id"]?.string, parent.id)
        XCTAssertEqual(reply.header["version"]?.string, "5.3")
        XCTAssertEqual(reply.header["session"]?.string, "kernel")
        let date = reply.header["date"]?.string ?? ""
        XCTAssertTrue(date.hasSuffix("Z") && date.count == 27, date)
    }

    func testForgedOrBrokenMessagesAreRefused() {
        var frames = request("execute_request", .object([("code", .string("x = 1"))])).encode(signer: signer)
        let forged = MessageSigner(key: Array("other".utf8))
        XCTAssertThrowsError(
            try JupyterMessage.decode(request("execute_request", .object([])).encode(signer: forged), signer: signer))
        // Changing the content after signing breaks the signature.
        frames[frames.count - 1] = Array("{\"code\":\"x = 2\"}".utf8)
        XCTAssertThrowsError(try JupyterMessage.decode(frames, signer: signer)) { error in
            XCTAssertEqual("\(error)", "invalid signature")
        }
        XCTAssertThrowsError(try JupyterMessage.decode([Array("no delimiter".utf8)], signer: signer))
        XCTAssertThrowsError(try JupyterMessage.decode([JupyterMessage.delimiter, []], signer: signer))
        // Correctly signed frames that are not JSON objects are refused too.
        let body: [[UInt8]] = [Array("[1]".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        let signed = [JupyterMessage.delimiter, Array(signer.signature(body).utf8)] + body
        XCTAssertThrowsError(try JupyterMessage.decode(signed, signer: signer))
    }

    func testIdentifiersAreVersion4UUIDs() {
        let id = newIdentifier()
        let parts = id.split(separator: "-").map(\.count)
        XCTAssertEqual(parts, [8, 4, 4, 4, 12])
        XCTAssertEqual(Array(id)[14], "4")
        XCTAssertNotEqual(newIdentifier(), id)
    }

    func testConnectionFile() throws {
        let json = try JSON.parse(
            text: """
                {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
                 "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "fls"}
                """)
        let info = try ConnectionInfo(json: json)
        XCTAssertEqual(info.endpoint(info.shellPort), "tcp://127.0.0.1:5001")
        XCTAssertEqual(info.key, "k")
        XCTAssertThrowsError(try ConnectionInfo(json: try JSON.parse(text: "{\"shell_port\": 1}"))) { error in
            XCTAssertEqual("\(error)", "the connection file has no valid 'iopub_port'")
        }
        var md5 = json
        if case .object(var members) = md5 {
            members = members.map { $0.0 == "signature_scheme" ? ($0.0, .string("hmac-md5")) : $0 }
            md5 = .object(members)
        }
        XCTAssertThrowsError(try ConnectionInfo(json: md5))
        XCTAssertThrowsError(try ConnectionInfo(path: "/nonexistent/kernel.json"))
    }
}
