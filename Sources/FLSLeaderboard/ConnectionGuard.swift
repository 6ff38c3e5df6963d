import Foundation
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Keeps the board reachable when clients hold connections open.
///
/// Every connection registers here. When a new one would exceed
/// `maxConnections`, the connection that has been idle longest (no request
/// in progress: a slow or silent client, or a finished keep-alive) is closed
/// to make room, so a thousand idle sockets cannot lock out the next
/// visitor, whatever the open-files limit. Hummingbird's own idle timeout
/// closes connections that send no complete request head in time (slowloris);
/// `ConnectionGuardHandler` also bounds how long one request's body may take.
final class ConnectionGuard: @unchecked Sendable {
    let maxConnections: Int
    let requestTimeout: TimeAmount
    private let lock = NSLock()
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var clock: UInt64 = 0

    private struct Connection {
        let channel: any Channel
        var busy: Bool
        var lastActive: UInt64
    }

    init(maxConnections: Int, requestTimeoutSeconds: Double) {
        self.maxConnections = maxConnections
        self.requestTimeout = .milliseconds(Int64(requestTimeoutSeconds * 1000))
    }

    /// Open connections (for tests).
    var count: Int { lock.withLock { connections.count } }

    /// Registers a new connection; closes the longest-idle other one when over the cap.
    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let victim: (any Channel)? = lock.withLock {
            clock += 1
            connections[id] = Connection(channel: channel, busy: false, lastActive: clock)
            guard connections.count > maxConnections else { return nil }
            var oldest: (key: ObjectIdentifier, value: Connection)?
            for entry in connections where entry.key != id && !entry.value.busy {
                if oldest == nil || entry.value.lastActive < oldest!.value.lastActive { oldest = entry }
            }
            // Forgotten at once: a closing connection must not be chosen twice.
            guard let oldest else { return nil }
            connections[oldest.key] = nil
            return oldest.value.channel
        }
        victim?.close(promise: nil)
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.lock.withLock { _ = self?.connections.removeValue(forKey: id) }
        }
    }

    /// Marks a connection busy (a request is being read or answered) or idle.
    func setBusy(_ channel: any Channel, _ busy: Bool) {
        let id = ObjectIdentifier(channel)
        lock.withLock {
            clock += 1
            connections[id]?.busy = busy
            connections[id]?.lastActive = clock
        }
    }
}

/// The per-connection half of `ConnectionGuard`: reports activity and closes
/// a connection whose request body does not arrive within the request timeout.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionGuard
    private var deadline: Scheduled<Void>?
    private var registered = false

    init(_ registry: ConnectionGuard) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        registry.opened(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            registry.setBusy(context.channel, true)
            deadline?.cancel()
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: registry.requestTimeout) { channel.close(promise: nil) }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            registry.setBusy(context.channel, false)
        }
        context.write(data, promise: promise)
    }
}
