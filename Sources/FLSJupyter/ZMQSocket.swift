// A thin Swift face on libzmq: a context, sockets that bind, and multipart
// messages in and out. Calls interrupted by a signal (the kernel receives
// SIGINT for Jupyter's "interrupt") are retried.

import CZMQ

#if canImport(Glibc)
import Glibc
#endif

/// A ZeroMQ failure, with libzmq's explanation.
public struct ZMQError: Error, CustomStringConvertible {
    public let description: String

    init(_ what: String) {
        description = "\(what): \(String(cString: zmq_strerror(zmq_errno())))"
    }
}

/// One libzmq context; sockets are made from it.
final class ZMQContext {
    let raw: UnsafeMutableRawPointer

    init() throws {
        guard let raw = zmq_ctx_new() else { throw ZMQError("cannot create a ZeroMQ context") }
        self.raw = raw
    }

    /// Ends the context once every socket is closed.
    func terminate() {
        while zmq_ctx_term(raw) != 0 && zmq_errno() == EINTR {}
    }
}

/// One ZeroMQ socket. Not thread-safe: use it from one thread at a time.
final class ZMQSocket {
    private(set) var raw: UnsafeMutableRawPointer?

    init(_ context: ZMQContext, type: Int32) throws {
        guard let raw = zmq_socket(context.raw, type) else { throw ZMQError("cannot create a ZeroMQ socket") }
        self.raw = raw
        // Pending replies go out for up to a second after close, then are dropped.
        var linger: Int32 = 1000
        zmq_setsockopt(raw, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    deinit { close() }

    func bind(_ endpoint: String) throws {
        guard let raw, zmq_bind(raw, endpoint) == 0 else { throw ZMQError("cannot bind \(endpoint)") }
    }

    func close() {
        if let raw { zmq_close(raw) }
        raw = nil
    }

    /// Waits for the next whole multipart message; nil when the socket or context is closed.
    func receive() -> [[UInt8]]? {
        guard let raw else { return nil }
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var received: Int32
            repeat {
                received = zmq_msg_recv(&message, raw, 0)
            } while received < 0 && zmq_errno() == EINTR
            if received < 0 { return nil }
            let size = zmq_msg_size(&message)
            if size > 0, let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Sends a multipart message; false if libzmq refused it.
    @discardableResult
    func send(_ frames: [[UInt8]]) -> Bool {
        guard let raw else { return false }
        for (index, frame) in frames.enumerated() {
            let flags: Int32 = index == frames.count - 1 ? 0 : ZMQ_SNDMORE
            var sent: Int32
            repeat {
                sent = frame.withUnsafeBytes { zmq_send(raw, $0.baseAddress, frame.count, flags) }
            } while sent < 0 && zmq_errno() == EINTR
            if sent < 0 { return false }
        }
        return true
    }
}

/// Waits until one of `sockets` has a message to read; returns their indices
/// (empty after `timeout` milliseconds, -1 waits forever).
func zmqPoll(_ sockets: [ZMQSocket], timeout: Int) -> [Int] {
    var items = sockets.map { zmq_pollitem_t(socket: $0.raw, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    let count = zmq_poll(&items, Int32(items.count), timeout)
    if count <= 0 { return [] }
    return items.indices.filter { items[$0].revents & Int16(ZMQ_POLLIN) != 0 }
}
