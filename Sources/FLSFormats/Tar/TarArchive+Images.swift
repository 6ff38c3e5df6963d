// Decoding members as images: one at a time, or many in parallel straight
// into one [N, H, W, 3] buffer.
import FLSMemory
import Foundation

extension TarArchive {
    /// Decodes member `i` as an RGB image; errors name the member.
    public func readImage(index i: Int) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let data = try read(index: i)
        do {
            return try JPEG.decodeRGB(data)
        } catch let error as JPEGError {
            throw error.naming("member \(index.path(at: i))")
        }
    }

    /// Decodes the members at `indices` (positions in the sorted list) into one
    /// u8 array of shape [N, H, W, 3]. All must share the first one's size.
    /// Work is split over `threads` (0 means one per core); `progress(done,
    /// total)` and `shouldStop()` are called from worker threads, progress
    /// serialised and about every 1%, shouldStop before each image.
    public func readImages(
        indices: [Int], threads: Int = 0,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws -> TypedArray {
        let n = indices.count
        for i in indices where i < 0 || i >= index.count {
            throw FormatError("member index \(i) is out of range; \(path) has \(index.count) members")
        }
        guard let first = indices.first else {
            return TypedArray(shape: [0, 0, 0, 3], data: .u8([]))
        }
        let firstSize = try readImageSize(first)
        let (pixels, o1) = firstSize.width.multipliedReportingOverflow(by: firstSize.height * 3)
        let (total, o2) = pixels.multipliedReportingOverflow(by: n)
        guard !o1, !o2, MemoryBudget.allows(total) else {
            throw FormatError(
                "\(n) images of \(firstSize.width)x\(firstSize.height) are too many to hold in memory: \(MemoryBudget.explanation())"
            )
        }

        let workers = max(1, min(threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount, n))
        let state = BatchState(total: n, progress: progress)
        let output = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let outputBase = buffer.baseAddress
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let range = (worker * n / workers)..<((worker + 1) * n / workers)
                var scratch = ScratchBuffer()
                defer { scratch.release() }
                let decoder: JPEGDecoder
                do { decoder = try JPEGDecoder() } catch { state.fail(at: range.lowerBound, error); return }
                for k in range {
                    if state.stopped || shouldStop?() == true { state.stop(); return }
                    let i = indices[k]
                    do {
                        let data = try scratch.bytes(count: index.sizes[i])
                        try readMember(i, into: data)
                        let jpeg = UnsafeBufferPointer(data.bindMemory(to: UInt8.self))
                        // The Swift marker walk is the fast path; libjpeg's own
                        // header pass is the fallback and gives the error text.
                        let size = try JPEGDecoder.frameSize(jpeg) ?? decoder.header(jpeg)
                        guard size == firstSize else {
                            throw FormatError(
                                "member \(index.path(at: i)) is \(size.width)x\(size.height), but the first image (\(index.path(at: first))) is \(firstSize.width)x\(firstSize.height); images read together must all have one size"
                            )
                        }
                        guard let outputBase else { return }
                        try decoder.decodeRGB(
                            jpeg, into: outputBase + k * pixels, width: size.width, height: size.height)
                    } catch let error as JPEGError {
                        state.fail(at: k, error.naming("member \(index.path(at: i))"))
                        return
                    } catch {
                        state.fail(at: k, error)
                        return
                    }
                    state.finishOne()
                }
            }
            // On failure the array is thrown away below; UInt8 has no
            // invariants, so counting unwritten bytes as initialised is harmless.
            initialized = total
        }
        if let failure = state.failure { throw failure }
        if state.stopped { throw ReadInterrupted(completed: state.done, total: n) }
        return TypedArray(shape: [n, firstSize.height, firstSize.width, 3], data: .u8(output))
    }

    /// The width and height of member `i`'s JPEG, from its header only.
    func readImageSize(_ i: Int) throws -> (width: Int, height: Int) {
        let data = try read(index: i)
        do {
            return try data.withUnsafeBufferPointer { bytes in
                let decoder = try JPEGDecoder()
                return try decoder.header(bytes)
            }
        } catch let error as JPEGError {
            throw error.naming("member \(index.path(at: i))")
        }
    }
}

/// A reusable per-worker byte buffer that grows to the largest member seen.
private struct ScratchBuffer {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0

    mutating func bytes(count: Int) throws -> UnsafeMutableRawBufferPointer {
        if count > capacity {
            base?.deallocate()
            capacity = max(count, 64 << 10)
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(start: base, count: count)
    }

    func release() { base?.deallocate() }
}

/// Shared progress, stop and first-error state of one batch decode.
private final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private let progress: ((_ done: Int, _ total: Int) -> Void)?
    private let total: Int
    private let step: Int
    private var nextReport: Int
    private var failedAt = Int.max
    private(set) var failure: Error?
    private(set) var done = 0
    private var stopFlag = false

    init(total: Int, progress: ((_ done: Int, _ total: Int) -> Void)?) {
        self.total = total
        self.progress = progress
        step = max(total / 100, 1)
        nextReport = step
    }

    var stopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopFlag
    }

    func stop() {
        lock.lock(); defer { lock.unlock() }
        stopFlag = true
    }

    /// Records an error; the one at the lowest position wins, so the message
    /// does not depend on thread timing.
    func fail(at position: Int, _ error: Error) {
        lock.lock(); defer { lock.unlock() }
        stopFlag = true
        if position < failedAt {
            failedAt = position
            failure = error
        }
    }

    func finishOne() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        if let progress, done >= nextReport || done == total {
            progress(done, total)
            nextReport = done + step
        }
    }
}
