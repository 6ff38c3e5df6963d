// A TurboJPEG compressor handle; like decoders, one per thread.
import CTurboJPEG

/// Encodes interleaved RGB pixels to JPEG with one TurboJPEG handle (not thread-safe).
public final class JPEGEncoder {
    private let handle: tjhandle

    /// Makes an encoder; throws if libjpeg-turbo cannot allocate a handle.
    public init() throws {
        guard let handle = tjInitCompress() else {
            throw FormatError("libjpeg-turbo could not create a compressor (out of memory?)")
        }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// Encodes `width`x`height` RGB pixels (row-major, 3 bytes each) to a baseline JPEG.
    public func encodeRGB(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        quality: Int = 90, subsampling: JPEG.Subsampling = .s420
    ) throws -> [UInt8] {
        guard width > 0, height > 0, width <= 65_535, height <= 65_535 else {
            throw FormatError("a JPEG must be 1 to 65535 pixels wide and high, not \(width)x\(height)")
        }
        guard (1...100).contains(quality) else {
            throw FormatError("JPEG quality must be between 1 and 100, not \(quality)")
        }
        guard pixels.count == width * height * 3, let source = pixels.baseAddress else {
            throw FormatError("\(width)x\(height) RGB pixels need \(width * height * 3) bytes, not \(pixels.count)")
        }
        let capacity = Int(tjBufSize(Int32(width), Int32(height), subsampling.turboJPEG))
        guard capacity > 0 else { throw FormatError("libjpeg-turbo cannot size a \(width)x\(height) JPEG") }
        var failure: String?
        let jpeg = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var destination: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            var size: UInt = UInt(capacity)
            // NOREALLOC makes libjpeg-turbo write into our buffer, sized by
            // tjBufSize for the worst case, instead of allocating its own.
            let status = tjCompress2(
                handle, source, Int32(width), 0, Int32(height), Int32(TJPF_RGB.rawValue),
                &destination, &size, subsampling.turboJPEG, Int32(quality), TJFLAG_NOREALLOC)
            if status != 0 {
                failure = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown libjpeg-turbo error"
                initialized = 0
            } else {
                initialized = min(Int(size), capacity)
            }
        }
        if let failure { throw FormatError("JPEG encoding failed: \(failure)") }
        return jpeg
    }
}
