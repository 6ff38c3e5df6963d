// Convenience entry points over JPEGDecoder/JPEGEncoder. TurboJPEG handles are
// not thread-safe, so each thread lazily gets its own pair, kept in
// thread-local storage and released when the thread exits.
import CTurboJPEG

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JPEG decoding and encoding through libjpeg-turbo, safe to call from any thread.
public enum JPEG {
    /// Chroma subsampling of an encoded JPEG.
    public enum Subsampling: Sendable {
        /// Full-resolution chroma.
        case s444
        /// Half horizontal chroma resolution.
        case s422
        /// Half horizontal and vertical chroma resolution (the usual choice).
        case s420
        /// Luminance only.
        case gray

        var turboJPEG: Int32 {
            switch self {
            case .s444: return Int32(TJSAMP_444.rawValue)
            case .s422: return Int32(TJSAMP_422.rawValue)
            case .s420: return Int32(TJSAMP_420.rawValue)
            case .gray: return Int32(TJSAMP_GRAY.rawValue)
            }
        }
    }

    /// Decodes JPEG bytes to RGB; grayscale is expanded, CMYK and non-JPEG data throw.
    public static func decodeRGB(_ bytes: [UInt8]) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let decoder = try ThreadHandles.current().decoder()
        return try bytes.withUnsafeBufferPointer { try decoder.decodeRGB($0) }
    }

    /// Decodes JPEG bytes as Pillow's `Image.open` does: RGB (grayscale
    /// expanded) in three channels, CMYK JPEGs in four.
    public static func decode(_ bytes: [UInt8]) throws -> (width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        let decoder = try ThreadHandles.current().decoder()
        return try bytes.withUnsafeBufferPointer { try decoder.decode($0) }
    }

    /// Decodes JPEG bytes straight into `output` (exactly width*height*3 bytes) and returns the size.
    @discardableResult
    public static func decodeRGB(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
        throws -> (width: Int, height: Int)
    {
        let decoder = try ThreadHandles.current().decoder()
        return try decoder.decodeRGB(bytes, into: output)
    }

    /// Reads a JPEG's width and height without decoding it.
    public static func size(_ bytes: [UInt8]) throws -> (width: Int, height: Int) {
        let decoder = try ThreadHandles.current().decoder()
        return try bytes.withUnsafeBufferPointer { try decoder.header($0) }
    }

    /// Encodes RGB pixels (width*height*3 bytes, row-major) to JPEG.
    public static func encodeRGB(
        _ pixels: [UInt8], width: Int, height: Int,
        quality: Int = 90, subsampling: Subsampling = .s420
    ) throws -> [UInt8] {
        let encoder = try ThreadHandles.current().encoder()
        return try pixels.withUnsafeBufferPointer {
            try encoder.encodeRGB($0, width: width, height: height, quality: quality, subsampling: subsampling)
        }
    }
}

/// The per-thread decoder and encoder, created on first use.
final class ThreadHandles {
    private var cachedDecoder: JPEGDecoder?
    private var cachedEncoder: JPEGEncoder?

    func decoder() throws -> JPEGDecoder {
        if let cachedDecoder { return cachedDecoder }
        let made = try JPEGDecoder()
        cachedDecoder = made
        return made
    }

    func encoder() throws -> JPEGEncoder {
        if let cachedEncoder { return cachedEncoder }
        let made = try JPEGEncoder()
        cachedEncoder = made
        return made
    }

    /// The key's destructor releases a thread's handles when the thread exits.
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<ThreadHandles>.fromOpaque(UnsafeRawPointer(pointer)).release()
        }
        return status == 0 ? key : nil
    }()

    /// This thread's handles (a fresh, unshared set if thread-local storage is unavailable).
    static func current() -> ThreadHandles {
        guard let key else { return ThreadHandles() }
        if let existing = pthread_getspecific(key) {
            return Unmanaged<ThreadHandles>.fromOpaque(existing).takeUnretainedValue()
        }
        let made = ThreadHandles()
        if pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque()) != 0 {
            Unmanaged.passUnretained(made).release()
        }
        return made
    }
}
