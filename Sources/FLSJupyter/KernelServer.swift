// The kernel process: five ZeroMQ sockets and the threads that serve them.
//
//   shell    (ROUTER) requests, answered one at a time on the main thread
//   control  (ROUTER) shutdown, interrupt, kernel_info: its own thread, so
//                     it answers while a cell runs
//   iopub    (PUB)    status, streams, results, pictures, errors; shared
//                     by the threads under a lock
//   stdin    (ROUTER) bound as the protocol asks; FLS never reads input
//   hb       (REP)    heartbeat: echoes every message, on its own thread
//
// Every request is wrapped in status busy / idle on iopub. A message whose
// signature does not check is dropped with one line on stderr and never
// answered. Cells run on the interpreter's large-stack thread; their output
// goes out as it is produced, text coalesced for at most 50 ms.

import CZMQ
import FLS
import FLSFormats
import FLSNotebook
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A running FLS kernel.
public final class KernelServer {
    let connection: ConnectionInfo
    let signer: MessageSigner
    let session = newIdentifier()
    let version: String
    let context: ZMQContext
    let shell: ZMQSocket
    let control: ZMQSocket
    let iopub: ZMQSocket
    let stdin: ZMQSocket
    let heartbeat: ZMQSocket
    let language: KernelLanguage
    /// Guards `iopub` and `pendingText`: several threads publish.
    private let iopubLock = NSLock()
    private var pendingText = ""
    private var pendingParent: JupyterMessage?
    private var lastStream = ContinuousClock.now
    private let stateLock = NSLock()
    private var stopping = false
    var executionCount = 0
    var history: [(line: Int, input: String, output: String?)] = []
    /// Writes a log line (stderr in the executable).
    let log: (String) -> Void

    /// Binds the five sockets of `connection`. Relative paths in cells resolve from `directory`.
    public init(connection: ConnectionInfo, directory: String, version: String, log: @escaping (String) -> Void) throws
    {
        self.connection = connection
        self.version = version
        self.log = log
        signer = MessageSigner(key: Array(connection.key.utf8))
        context = try ZMQContext()
        shell = try ZMQSocket(context, type: ZMQ_ROUTER)
        control = try ZMQSocket(context, type: ZMQ_ROUTER)
        iopub = try ZMQSocket(context, type: ZMQ_PUB)
        stdin = try ZMQSocket(context, type: ZMQ_ROUTER)
        heartbeat = try ZMQSocket(context, type: ZMQ_REP)
        do {
            try shell.bind(connection.endpoint(connection.shellPort))
            try control.bind(connection.endpoint(connection.controlPort))
            try iopub.bind(connection.endpoint(connection.iopubPort))
            try stdin.bind(connection.endpoint(connection.stdinPort))
            try heartbeat.bind(connection.endpoint(connection.hbPort))
        } catch let error as ZMQError {
            throw KernelError(error.description)
        }
        language = KernelLanguage(directory: directory)
    }

    var isStopping: Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        return stopping
    }

    /// Serves requests until a shutdown request; returns the exit status.
    public func run() -> Int32 {
        installInterruptHandler()
        startThread { [self] in serveHeartbeat() }
        startThread { [self] in serveControl() }
        let parent = getppid()
        startThread { [self] in
            while !isStopping {
                usleep(50_000)
                flushStream(ifOlderThan: .milliseconds(50))
                // Jupyter went away without shutting the kernel down: leave too, rather than linger as an orphan.
                if getppid() != parent {
                    log("fls kernel: the process that started the kernel has exited; stopping")
                    stop()
                }
            }
        }
        publish("status", content: .object([("execution_state", .string("starting"))]), parent: nil)
        while !isStopping {
            guard !zmqPoll([shell], timeout: 100).isEmpty, let frames = shell.receive() else { continue }
            guard let request = decode(frames, channel: "shell") else { continue }
            handleShell(request)
        }
        // Give the last replies a moment to leave, then close everything.
        shell.close()
        stdin.close()
        iopubLock.lock()
        iopub.close()
        iopubLock.unlock()
        context.terminate()
        return 0
    }

    private func startThread(_ body: @escaping () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 1 << 20
        thread.start()
    }

    // MARK: Receiving

    func decode(_ frames: [[UInt8]], channel: String) -> JupyterMessage? {
        do {
            return try JupyterMessage.decode(frames, signer: signer)
        } catch {
            log("fls kernel: dropped a message on \(channel): \(error)")
            return nil
        }
    }

    private func serveHeartbeat() {
        while let frames = heartbeat.receive() {
            heartbeat.send(frames)
        }
        heartbeat.close()
    }

    private func serveControl() {
        while !isStopping {
            guard !zmqPoll([control], timeout: 100).isEmpty, let frames = control.receive() else { continue }
            guard let request = decode(frames, channel: "control") else { continue }
            busy(request) {
                switch request.type {
                case "kernel_info_request": reply(request, on: control, "kernel_info_reply", kernelInfo())
                case "shutdown_request": shutdown(request, on: control)
                case "interrupt_request":
                    Interrupt.request()
                    reply(request, on: control, "interrupt_reply", .object([("status", .string("ok"))]))
                default:
                    log("fls kernel: unknown control message type '\(request.type)'")
                }
            }
        }
        control.close()
    }

    // MARK: Sending

    func send(_ message: JupyterMessage, on socket: ZMQSocket) {
        let frames = message.encode(signer: signer)
        if !socket.send(frames) { log("fls kernel: could not send a \(message.type)") }
    }

    func reply(_ request: JupyterMessage, on socket: ZMQSocket, _ type: String, _ content: JSONValue) {
        // Whatever a cell printed goes out before the reply that ends it.
        flushStream()
        send(JupyterMessage.make(type, content: content, parent: request, session: session), on: socket)
    }

    /// Publishes on iopub, after any text still waiting.
    func publish(_ type: String, content: JSONValue, parent: JupyterMessage?) {
        iopubLock.lock()
        defer { iopubLock.unlock() }
        flushStreamLocked()
        publishLocked(type, content: content, parent: parent)
    }

    private func publishLocked(_ type: String, content: JSONValue, parent: JupyterMessage?) {
        var message = JupyterMessage.make(type, content: content, parent: parent, session: session)
        message.identities = [Array(type.utf8)]
        let frames = message.encode(signer: signer)
        _ = iopub.send(frames)
    }

    /// Queues printed text as one stdout stream message, sent within 50 ms.
    func stream(_ text: String, parent: JupyterMessage) {
        iopubLock.lock()
        defer { iopubLock.unlock() }
        if pendingText.isEmpty { lastStream = ContinuousClock.now }
        pendingText += text
        pendingParent = parent
    }

    func flushStream(ifOlderThan age: Duration = .zero) {
        iopubLock.lock()
        defer { iopubLock.unlock() }
        if age > .zero && ContinuousClock.now - lastStream < age { return }
        flushStreamLocked()
    }

    private func flushStreamLocked() {
        guard !pendingText.isEmpty, let parent = pendingParent else { return }
        let text = pendingText
        pendingText = ""
        publishLocked(
            "stream", content: .object([("name", .string("stdout")), ("text", .string(text))]), parent: parent)
    }

    /// Runs `body` between status busy and idle for `request`.
    func busy(_ request: JupyterMessage, _ body: () -> Void) {
        publish("status", content: .object([("execution_state", .string("busy"))]), parent: request)
        body()
        publish("status", content: .object([("execution_state", .string("idle"))]), parent: request)
    }

    // MARK: Requests

    func handleShell(_ request: JupyterMessage) {
        busy(request) {
            switch request.type {
            case "execute_request": execute(request)
            case "kernel_info_request": reply(request, on: shell, "kernel_info_reply", kernelInfo())
            case "complete_request": complete(request)
            case "inspect_request": inspect(request)
            case "is_complete_request": isComplete(request)
            case "history_request": historyReply(request)
            case "comm_info_request":
                reply(
                    request, on: shell, "comm_info_reply", .object([("status", .string("ok")), ("comms", .object([]))]))
            case "shutdown_request": shutdown(request, on: shell)
            case "connect_request":
                reply(
                    request, on: shell, "connect_reply",
                    .object([
                        ("shell_port", .int(Int64(connection.shellPort))),
                        ("iopub_port", .int(Int64(connection.iopubPort))),
                        ("stdin_port", .int(Int64(connection.stdinPort))),
                        ("control_port", .int(Int64(connection.controlPort))),
                        ("hb_port", .int(Int64(connection.hbPort))),
                    ]))
            case "comm_open", "comm_msg", "comm_close":
                // FLS has no widgets: comms are not supported, and the protocol asks for no reply.
                break
            default:
                log("fls kernel: unknown shell message type '\(request.type)'")
            }
        }
    }

    func kernelInfo() -> JSONValue {
        .object([
            ("status", .string("ok")),
            ("protocol_version", .string(protocolVersion)),
            ("implementation", .string("fls")),
            ("implementation_version", .string(version)),
            (
                "language_info",
                .object([
                    ("name", .string("fls")),
                    ("version", .string(version)),
                    ("mimetype", .string("text/x-fls")),
                    ("file_extension", .string(".fls")),
                    ("pygments_lexer", .string("python")),
                    ("codemirror_mode", .string("python")),
                    ("nbconvert_exporter", .string("script")),
                ])
            ),
            (
                "banner",
                .string(
                    "FLS \(version): an array language for person recognition without faces. help() lists the primitives."
                )
            ),
            ("help_links", .array([])),
        ])
    }

    func shutdown(_ request: JupyterMessage, on socket: ZMQSocket) {
        // A restart is the client starting a new process after this one exits.
        let restart = request.content["restart"]?.bool ?? false
        reply(request, on: socket, "shutdown_reply", .object([("status", .string("ok")), ("restart", .bool(restart))]))
        stop()
    }

    /// Makes the main loop end after the current request; a running cell is interrupted.
    func stop() {
        stateLock.lock()
        stopping = true
        stateLock.unlock()
        Interrupt.request()
    }
}

/// SIGINT (Jupyter's interrupt with interrupt_mode "signal") stops the running cell; variables keep their values.
func installInterruptHandler() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
}
