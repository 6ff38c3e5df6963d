// One message of the Jupyter messaging protocol and its wire format:
//
//   [routing identities..., "<IDS|MSG>", signature, header, parent_header,
//    metadata, content, buffers...]
//
// Decoding checks the signature on the raw frames before parsing anything,
// so a forged message costs one HMAC and is never looked at further.

import FLSFormats

#if canImport(Glibc)
import Glibc
#endif

/// The protocol version this kernel speaks.
let protocolVersion = "5.3"

/// A decoded message.
struct JupyterMessage {
    /// The ROUTER identities the reply must be addressed to.
    var identities: [[UInt8]] = []
    var header: JSONValue
    var parentHeader: JSONValue
    var metadata: JSONValue = .object([])
    var content: JSONValue
    var buffers: [[UInt8]] = []

    var type: String { header["msg_type"]?.string ?? "" }
    var id: String { header["msg_id"]?.string ?? "" }

    static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)

    /// Why a received multipart message was refused.
    enum DecodeError: Error, CustomStringConvertible {
        case noDelimiter, tooFewFrames, badSignature, badJSON(String)

        var description: String {
            switch self {
            case .noDelimiter: return "no <IDS|MSG> delimiter"
            case .tooFewFrames: return "fewer than five frames after the delimiter"
            case .badSignature: return "invalid signature"
            case .badJSON(let part): return "the \(part) is not a JSON object"
            }
        }
    }

    /// Decodes and authenticates received frames.
    static func decode(_ frames: [[UInt8]], signer: MessageSigner) throws -> JupyterMessage {
        guard let split = frames.firstIndex(of: delimiter) else { throw DecodeError.noDelimiter }
        let parts = Array(frames[(split + 1)...])
        guard parts.count >= 5 else { throw DecodeError.tooFewFrames }
        guard signer.verify(signature: parts[0], frames: Array(parts[1...4])) else { throw DecodeError.badSignature }
        func object(_ bytes: [UInt8], _ name: String) throws -> JSONValue {
            guard let value = try? JSON.parse(bytes: bytes), value.isObject else { throw DecodeError.badJSON(name) }
            return value
        }
        var message = JupyterMessage(
            header: try object(parts[1], "header"),
            parentHeader: try object(parts[2], "parent header"),
            metadata: try object(parts[3], "metadata"),
            content: try object(parts[4], "content"))
        message.identities = Array(frames[..<split])
        message.buffers = Array(parts.dropFirst(5))
        return message
    }

    /// The frames to send, signed.
    func encode(signer: MessageSigner) -> [[UInt8]] {
        let body = [header.bytes, parentHeader.bytes, metadata.bytes, content.bytes]
        return identities + [JupyterMessage.delimiter, Array(signer.signature(body).utf8)] + body + buffers
    }

    /// A new message of `type` in `session`, answering `parent` (or starting a conversation when nil).
    static func make(_ type: String, content: JSONValue, parent: JupyterMessage?, session: String) -> JupyterMessage {
        let header = JSONValue.object([
            ("msg_id", .string(newIdentifier())),
            ("session", .string(session)),
            ("username", .string(parent?.header["username"]?.string ?? "fls")),
            ("date", .string(isoDate())),
            ("msg_type", .string(type)),
            ("version", .string(protocolVersion)),
        ])
        return JupyterMessage(
            identities: parent?.identities ?? [], header: header, parentHeader: parent?.header ?? .object([]),
            content: content)
    }
}

/// A random UUID-4 text: 122 random bits from the system's generator.
func newIdentifier() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = bytes.map { b -> String in
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }
    return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
}

/// The current time as ISO 8601 in UTC with microseconds, as Jupyter writes dates.
func isoDate() -> String {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    var seconds = now.tv_sec
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
        + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        + ".\(pad(now.tv_nsec / 1000, 6))Z"
}
