// A TurboJPEG decompressor handle. libjpeg-turbo handles keep per-image state,
// so one handle must never be used by two threads at once: batch decoders make
// one per worker, and the static `JPEG` functions use one per thread.
import CTurboJPEG
import FLSMemory

/// Decodes JPEG bytes to interleaved RGB with one TurboJPEG handle (not thread-safe).
public final class JPEGDecoder {
    /// The largest image, in pixels, a decoder agrees to produce (256M pixels, 768 MB of RGB).
    public static let maxPixels = 1 << 28
    /// The most pixels per byte of JPEG data believed. A tiny corrupt file can
    /// claim a 60000x60000 frame; refusing absurd ratios keeps such a file from
    /// allocating gigabytes that would decode to gray.
    static let maxPixelsPerByte = 1 << 16

    private var handle: tjhandle

    /// Makes a decoder; throws if libjpeg-turbo cannot allocate a handle.
    public init() throws {
        guard let handle = tjInitDecompress() else {
            throw FormatError("libjpeg-turbo could not create a decompressor (out of memory?)")
        }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// Reads the frame size of a JPEG without decoding it.
    public func header(_ bytes: UnsafeBufferPointer<UInt8>) throws -> (width: Int, height: Int) {
        let info = try readHeader(bytes)
        return (info.width, info.height)
    }

    /// Decodes a JPEG to RGB (grayscale is expanded to three channels; EXIF rotation is ignored).
    public func decodeRGB(_ bytes: UnsafeBufferPointer<UInt8>) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let info = try readHeader(bytes)
        if info.isCMYK { throw Self.cmykRefusal }
        return try decodePixels(bytes, info)
    }

    /// Decodes a JPEG as Pillow's `Image.open` gives it: RGB (grayscale
    /// expanded to three channels) or, for a CMYK/YCCK JPEG, four CMYK
    /// channels with Pillow's Adobe convention (0 = no ink).
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> (
        width: Int, height: Int, channels: Int, pixels: [UInt8]
    ) {
        let info = try readHeader(bytes)
        let image = try decodePixels(bytes, info)
        return (image.width, image.height, info.isCMYK ? 4 : 3, image.pixels)
    }

    private func decodePixels(_ bytes: UnsafeBufferPointer<UInt8>, _ info: HeaderInfo) throws -> (
        width: Int, height: Int, pixels: [UInt8]
    ) {
        let channels = info.isCMYK ? 4 : 3
        let count = info.width * info.height * channels
        var failure: Error?
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do {
                guard let base = buffer.baseAddress else {
                    throw JPEGError("is a corrupt JPEG (its frame has no pixels)")
                }
                try decompress(bytes, into: base, width: info.width, height: info.height, cmyk: info.isCMYK)
                if info.isCMYK {
                    // libjpeg gives Adobe's inverted CMYK as stored; Pillow
                    // reads such files with its "CMYK;I" mode, inverting them.
                    for i in 0..<count { base[i] = 255 &- base[i] }
                }
            } catch {
                // The buffer is still fully written by libjpeg on most errors, but
                // not always; zero it so no uninitialised memory escapes.
                buffer.initialize(repeating: 0)
                failure = error
            }
            initialized = count
        }
        if let failure { throw failure }
        return (info.width, info.height, pixels)
    }

    /// Decodes a JPEG into `output`, which must hold exactly width*height*3 bytes of the image.
    @discardableResult
    public func decodeRGB(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) throws
        -> (width: Int, height: Int)
    {
        let info = try readHeader(bytes)
        if info.isCMYK { throw Self.cmykRefusal }
        guard output.count == info.width * info.height * 3, let base = output.baseAddress else {
            throw JPEGError(
                "is a \(info.width)x\(info.height) JPEG, which does not fit an output of \(output.count) bytes")
        }
        try decompress(bytes, into: base, width: info.width, height: info.height)
        return (info.width, info.height)
    }

    /// Decodes a JPEG known (from `frameSize`) to be `width`x`height` into
    /// `output`, parsing its headers once instead of twice. Safe even if that
    /// size is wrong: TurboJPEG never writes more than width*height*3 bytes.
    func decodeRGB(
        _ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>, width: Int, height: Int
    ) throws {
        do {
            try decompress(bytes, into: output, width: width, height: height)
        } catch {
            // Prefer the header check's clearer message (CMYK, not a JPEG...).
            if try readHeader(bytes).isCMYK { throw Self.cmykRefusal }
            throw error
        }
    }

    /// The frame size from the first SOF marker, found by walking the marker
    /// segments in Swift (much cheaper than a libjpeg header pass), or nil if
    /// the data does not look like a well-formed JPEG header.
    static func frameSize(_ bytes: UnsafeBufferPointer<UInt8>) -> (width: Int, height: Int)? {
        let n = bytes.count
        guard n >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var i = 2
        while i + 4 <= n {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }  // EOI or SOS before any frame
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                guard length >= 7, i + 9 <= n else { return nil }
                let height = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                let width = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                return width > 0 && height > 0 ? (width, height) : nil
            }
            i += 2 + length
        }
        return nil
    }

    struct HeaderInfo {
        var width: Int
        var height: Int
        /// True for CMYK and YCCK JPEGs (four channels).
        var isCMYK: Bool
    }

    func readHeader(_ bytes: UnsafeBufferPointer<UInt8>) throws -> HeaderInfo {
        // Every JPEG starts with the SOI marker FFD8 followed by another marker;
        // checking it first gives a clear message for PNGs, text and empty members.
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF,
            let base = bytes.baseAddress
        else {
            throw JPEGError("is not a JPEG image")
        }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        if tjDecompressHeader3(handle, base, UInt(bytes.count), &width, &height, &subsampling, &colorspace) != 0 {
            throw JPEGError("is a corrupt JPEG (\(lastError()))")
        }
        guard width > 0, height > 0 else { throw JPEGError("is a corrupt JPEG (its frame has no pixels)") }
        let pixels = Int(width) * Int(height)
        let isCMYK = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        guard pixels / Self.maxPixelsPerByte <= bytes.count else {
            throw JPEGError(
                "is a corrupt JPEG (it claims \(width)x\(height) pixels but holds only \(bytes.count) bytes)")
        }
        guard pixels <= Self.maxPixels else {
            throw JPEGError("is a \(width)x\(height) JPEG, larger than the \(Self.maxPixels)-pixel limit")
        }
        let channels = isCMYK ? 4 : 3
        guard MemoryBudget.allows(count: pixels, of: channels) else {
            throw JPEGError("is a \(width)x\(height) JPEG, larger than memory allows (\(MemoryBudget.explanation()))")
        }
        return HeaderInfo(width: Int(width), height: Int(height), isCMYK: isCMYK)
    }

    /// The refusal for a CMYK JPEG where three RGB channels are required.
    static let cmykRefusal = JPEGError(
        "is a CMYK JPEG; images read from a tar must be RGB or grayscale (load_image reads a CMYK file's four channels, as Pillow does)"
    )

    private func decompress(
        _ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>, width: Int, height: Int,
        cmyk: Bool = false
    ) throws {
        guard let base = bytes.baseAddress else { throw JPEGError("is not a JPEG image") }
        // Default flags mean the accurate integer DCT and smooth (fancy)
        // upsampling, the same choices Pillow and OpenCV make, so pixels agree.
        let format = cmyk ? TJPF_CMYK : TJPF_RGB
        let status = tjDecompress2(
            handle, base, UInt(bytes.count), output,
            Int32(width), 0, Int32(height), Int32(format.rawValue), 0)
        if status == 0 { return }
        let fatal = tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue)
        let message = lastError()
        if fatal { throw JPEGError("is a corrupt JPEG (\(message))") }
        // A warning means libjpeg went on and produced a full image. When data
        // was missing (a truncated file: "Premature end of JPEG file", or no
        // end-of-image marker) or damaged, the rows it could not decode are
        // filled with grey: returning them would be silently corrupted data,
        // so, like Pillow ("image file is truncated"), such files are refused.
        // Only stray bytes between markers invent nothing; Pillow accepts
        // those and so do we (libjpeg reports the first warning of a file).
        let complete = Self.hasEndMarkerAfterScan(bytes)
        if !complete || message.contains("Premature end of JPEG file") {
            throw JPEGError(
                "is a truncated JPEG (libjpeg-turbo: \(message)); refusing an image whose missing rows would be grey")
        }
        if !message.contains("extraneous bytes before marker") {
            throw JPEGError("is a corrupt JPEG (libjpeg-turbo: \(message)); refusing an image with undecodable rows")
        }
    }

    /// Whether an end-of-image marker (FFD9) follows the first start-of-scan:
    /// a file cut anywhere inside its image data has none.
    static func hasEndMarkerAfterScan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 2
        // Walk the marker segments up to the first scan (EXIF thumbnails,
        // which hold their own FFD9, are inside these segments).
        while i + 4 <= n {
            guard bytes[i] == 0xFF else { return false }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xD9 { return false }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            i += 2 + length
            if marker == 0xDA { break }
        }
        while i + 1 < n {
            if bytes[i] == 0xFF && bytes[i + 1] == 0xD9 { return true }
            i += 1
        }
        return false
    }

    /// The handle's error message, after which the handle is replaced: libjpeg-turbo
    /// 2.x leaves a handle mid-header after an error, and the next image read
    /// with it would fail with "Bogus marker length".
    private func lastError() -> String {
        let text = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown libjpeg-turbo error"
        if let fresh = tjInitDecompress() {
            tjDestroy(handle)
            handle = fresh
        }
        return text
    }
}
