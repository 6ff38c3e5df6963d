// HMAC-SHA256 signatures of Jupyter messages, computed by OpenSSL.
//
// The signature is the lowercase hex HMAC of the four JSON frames (header,
// parent header, metadata, content) in that order, keyed by the connection
// file's `key`. An empty key turns authentication off, as the messaging
// specification says: messages then carry an empty signature.

import CCrypto

/// Signs and checks Jupyter messages with one key.
public struct MessageSigner: Sendable {
    let key: [UInt8]

    /// A signer for `key` (the connection file's `key`, as UTF-8 bytes).
    public init(key: [UInt8]) {
        self.key = key
    }

    /// True when messages are signed (the key is not empty).
    public var isEnabled: Bool { !key.isEmpty }

    /// The hex signature of the given frames, or "" when signing is off.
    public func signature(_ frames: [[UInt8]]) -> String {
        guard isEnabled else { return "" }
        let digest = hmac(frames)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `signature` is the right one for the frames (always, when signing is off).
    /// The comparison takes the same time wherever the first difference is.
    public func verify(signature: [UInt8], frames: [[UInt8]]) -> Bool {
        guard isEnabled else { return true }
        let expected = Array(self.signature(frames).utf8)
        guard !expected.isEmpty, signature.count == expected.count else { return false }
        return expected.withUnsafeBytes { a in
            signature.withUnsafeBytes { b in
                CRYPTO_memcmp(a.baseAddress, b.baseAddress, expected.count) == 0
            }
        }
    }

    /// The raw 32-byte HMAC-SHA256 of the concatenated frames.
    func hmac(_ frames: [[UInt8]]) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(frames.reduce(0) { $0 + $1.count })
        for frame in frames { data.append(contentsOf: frame) }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBytes { k in
            data.withUnsafeBufferPointer { d in
                HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), d.baseAddress, d.count, &digest, &length) != nil
            }
        }
        return ok ? Array(digest.prefix(Int(length))) : []
    }
}
