// Which values are pictures, and their pixels: u8 [H,W,3] images, stacks of
// them (shown as a montage), and plot handles. Rendered documents get PNGs,
// the terminal gets half-block previews.

import FLS

/// A native value that draws itself (plots, embedding pictures).
public protocol PictureProvider {
    /// The picture's pixels.
    func renderImage() throws -> RGBImage
    /// A text description for documents (alt text).
    var pictureDescription: String { get }
}

/// Finds and renders the pictures among values.
public enum Pictures {
    /// Largest stack shown as a montage.
    static let maxMontage = 256

    /// The pixels of a picture value, or nil when the value is not a picture.
    public static func rgb(for value: Value) -> RGBImage? {
        switch value {
        case .array(let a):
            guard a.dtype == .u8, case .u8(let pixelBuffer) = a.storage else { return nil }
            let pixels = pixelBuffer.array
            if a.ndim == 3, a.shape[2] == 3, a.shape[0] > 0, a.shape[1] > 0, a.shape[0] <= 8192, a.shape[1] <= 8192 {
                return try? RGBImage(width: a.shape[1], height: a.shape[0], pixels: pixels)
            }
            if a.ndim == 4, a.shape[3] == 3, a.shape[0] > 0, a.shape[0] <= maxMontage, a.shape[1] > 0, a.shape[2] > 0,
                a.shape[1] <= 1024, a.shape[2] <= 1024
            {
                guard
                    let stack = try? ImageStack(
                        pixels: pixels, count: a.shape[0], height: a.shape[1], width: a.shape[2])
                else { return nil }
                return try? Montage.make(stack, columns: min(a.shape[0], 8))
            }
            return nil
        case .handle(let h):
            guard let provider = h as? PictureProvider else { return nil }
            return try? provider.renderImage()
        default:
            return nil
        }
    }

    /// Whether a value is shown as a picture (without rendering it).
    public static func isPicture(_ value: Value) -> Bool {
        switch value {
        case .array(let a):
            guard a.dtype == .u8 else { return false }
            if a.ndim == 3 {
                return a.shape[2] == 3 && a.shape[0] > 0 && a.shape[1] > 0 && a.shape[0] <= 8192 && a.shape[1] <= 8192
            }
            if a.ndim == 4 {
                return a.shape[3] == 3 && a.shape[0] > 0 && a.shape[0] <= maxMontage && a.shape[1] > 0 && a.shape[2] > 0
                    && a.shape[1] <= 1024 && a.shape[2] <= 1024
            }
            return false
        case .handle(let h): return h is PictureProvider
        default: return false
        }
    }

    /// One line describing a picture value.
    public static func caption(for value: Value) -> String? {
        switch value {
        case .array(let a) where a.ndim == 3: return "u8[\(a.shape.map(String.init).joined(separator: ","))] image"
        case .array(let a) where a.ndim == 4:
            return "u8[\(a.shape.map(String.init).joined(separator: ","))] \(a.shape[0]) images"
        case .handle(let h): return (h as? PictureProvider)?.pictureDescription
        default: return nil
        }
    }

    /// A PNG of a picture value, for rendered notebooks.
    public static func png(for value: Value) -> (png: [UInt8], width: Int, height: Int, alt: String)? {
        guard let image = rgb(for: value),
            let bytes = try? encodePNG(rgb: image.pixels, width: image.width, height: image.height)
        else {
            return nil
        }
        return (bytes, image.width, image.height, caption(for: value) ?? "picture")
    }
}
