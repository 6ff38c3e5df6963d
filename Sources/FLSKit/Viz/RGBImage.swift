/// An 8-bit RGB picture stored row-major as height x width x 3 bytes.
public struct RGBImage: Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Interleaved R, G, B bytes, `height * width * 3` of them.
    public var pixels: [UInt8]

    /// Wraps existing pixels, checking that their count matches the size.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        let expected = try checkedProduct([width, height, 3], what: "An RGB image")
        guard width > 0, height > 0 else {
            throw VizError("An RGB image needs a positive width and height, got \(width)x\(height).")
        }
        guard pixels.count == expected else {
            throw VizError("An RGB image of \(width)x\(height) needs \(expected) bytes, got \(pixels.count).")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Encodes the picture as PNG bytes.
    public func pngData() throws -> [UInt8] {
        try encodePNG(rgb: pixels, width: width, height: height)
    }
}

/// A stack of equally sized RGB images, as a u8 array of shape [count, height, width, 3].
public struct ImageStack {
    /// Number of images.
    public let count: Int
    /// Height of each image in pixels.
    public let height: Int
    /// Width of each image in pixels.
    public let width: Int
    /// All pixels, image after image, row-major, RGB interleaved.
    public let pixels: [UInt8]

    /// Wraps a u8 [count, height, width, 3] buffer, checking its length.
    public init(pixels: [UInt8], count: Int, height: Int, width: Int) throws {
        let expected = try checkedProduct([count, height, width, 3], what: "An image stack")
        guard height > 0, width > 0 else {
            throw VizError("Images need a positive height and width, got \(height)x\(width).")
        }
        guard pixels.count == expected else {
            throw VizError(
                "An image stack of shape [\(count), \(height), \(width), 3] needs \(expected) bytes, got \(pixels.count)."
            )
        }
        self.count = count
        self.height = height
        self.width = width
        self.pixels = pixels
    }

    /// Byte offset of image `index` in `pixels`.
    func offset(of index: Int) -> Int { index * height * width * 3 }
}
