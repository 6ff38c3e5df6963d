import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP connection to the board on loopback, for the tests that
/// misbehave as attackers do (idle sockets, slow headers, slow bodies).
final class RawConnection {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`; nil when the socket or connect fails.
    init?(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends text; false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// Whether the server closed the connection: waits up to `seconds` for
    /// end-of-file (or a reset), skipping any reply bytes.
    func closedByServer(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            if ready < 0 { return true }
            if ready == 0 { return false }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return true }
        }
    }

    /// Sends a whole request and returns the status code of the reply.
    func request(_ text: String, within seconds: Double) -> Int? {
        guard send(text) else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(seconds)
        while reply.count < 12 {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left * 1000))) > 0 else { return nil }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            reply += buffer[0..<n]
        }
        // "HTTP/1.1 200 OK"
        return Int(String(decoding: reply[9..<12], as: UTF8.self))
    }
}
