// The connection file Jupyter writes before starting a kernel: where to
// bind the five sockets and the key that signs messages.

import FLSFormats

/// The transport, address, ports and signing key of one kernel.
public struct ConnectionInfo: Sendable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String

    /// Reads a connection file; errors say which field is wrong.
    public init(path: String) throws {
        let json: JSONValue
        do {
            json = try JSON.parse(path: path)
        } catch {
            let reason = (error as? FormatError)?.message ?? "\(error)"
            throw KernelError("cannot read the connection file \(path): \(reason)")
        }
        try self.init(json: json)
    }

    /// Reads the connection information from parsed JSON.
    public init(json: JSONValue) throws {
        guard json.isObject else { throw KernelError("the connection file is not a JSON object") }
        func port(_ name: String) throws -> Int {
            guard let p = json[name]?.int, (0...65535).contains(p) else {
                throw KernelError("the connection file has no valid '\(name)'")
            }
            return p
        }
        transport = json["transport"]?.string ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else {
            throw KernelError("unsupported transport '\(transport)' (tcp or ipc)")
        }
        ip = json["ip"]?.string ?? "127.0.0.1"
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        hbPort = try port("hb_port")
        key = json["key"]?.string ?? ""
        signatureScheme = json["signature_scheme"]?.string ?? "hmac-sha256"
        guard signatureScheme == "hmac-sha256" else {
            throw KernelError("unsupported signature scheme '\(signatureScheme)' (hmac-sha256 only)")
        }
    }

    /// The ZeroMQ endpoint of a port: `tcp://ip:port` or `ipc://path-port`.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A kernel failure a person can act on (bad connection file, a port in use, a failed install).
public struct KernelError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
