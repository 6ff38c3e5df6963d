// Typed accessors the picture primitives share: numbers, matrices, image
// stacks, labels and optional text. Each error names the primitive and the
// parameter, and says what was expected and what was given.

import FLS

/// Labels given for points: text categories, integer categories or numbers.
enum PointLabels {
    case text([String])
    case integers([Int64])
    case numbers([Double])

    var count: Int {
        switch self {
        case .text(let v): return v.count
        case .integers(let v): return v.count
        case .numbers(let v): return v.count
        }
    }

    /// Each label as text (integers in decimal, numbers as FLS prints them).
    var texts: [String] {
        switch self {
        case .text(let v): return v
        case .integers(let v): return v.map { String($0) }
        case .numbers(let v): return v.map { printText(.float($0)) }
        }
    }
}

extension Arguments {
    /// An error about argument `i`: "name: argument 'p' must be ..., got ...".
    func pictureError(_ i: Int, _ expected: String, hint: String? = nil) -> RuntimeError {
        RuntimeError(
            "\(primitive.name): argument '\(primitive.params[i].name)' must be \(expected), got \(values[i].kindName)",
            hint: hint ?? "see help(\"\(primitive.name)\")")
    }

    /// An error about argument `i` with a free-form complaint.
    func pictureError(_ i: Int, saying complaint: String, hint: String? = nil) -> RuntimeError {
        RuntimeError("\(primitive.name): argument '\(primitive.params[i].name)' \(complaint)", hint: hint)
    }

    /// A numeric (bool, int or float) array; strings and non-arrays are refused.
    func numericArray(_ i: Int) throws -> NDArray {
        guard let a = try? values[i].asArray(), a.dtype != .str else { throw pictureError(i, "a numeric array") }
        return a
    }

    /// All elements of a numeric array as doubles, in row-major order.
    func numbers(_ i: Int) throws -> [Double] {
        let a = try numericArray(i)
        // Widening to doubles is a new buffer: the gatekeeper decides.
        if a.dtype != .f64 { _ = try Limits.elementCount(a.shape, .f64) }
        return a.storage.doubles
    }

    /// A numeric 2-d array as (row-major doubles, rows, columns).
    func matrix(_ i: Int) throws -> (values: [Double], rows: Int, cols: Int) {
        let a = try numericArray(i)
        guard a.ndim == 2 else { throw pictureError(i, "a 2-d numeric array (one row per point)") }
        if a.dtype != .f64 { _ = try Limits.elementCount(a.shape, .f64) }
        return (a.storage.doubles, a.shape[0], a.shape[1])
    }

    /// Optional text: null gives nil.
    func optionalText(_ i: Int) throws -> String? {
        if isNull(i) { return nil }
        guard let s = values[i].asString() else { throw pictureError(i, "a string or null") }
        return s
    }

    /// An integer within `range`.
    func int(_ i: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let n = values[i].asInt() else { throw pictureError(i, "an integer") }
        guard range.contains(n) else {
            throw pictureError(i, saying: "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
        }
        return n
    }

    /// Strings from a str array or a list of strings and numbers (numbers become their text).
    func texts(_ i: Int) throws -> [String] {
        switch values[i] {
        case .list(let items):
            return try items.map { item in
                if let s = item.asString() { return s }
                if case .int(let n) = item { return String(n) }
                if case .array(let a) = item, a.ndim == 0 { return printText(item) }
                if case .float = item { return printText(item) }
                throw pictureError(i, "a list of strings (item is \(item.kindName))")
            }
        default:
            guard let a = try? values[i].asArray(), a.ndim <= 1 else {
                throw pictureError(i, "a 1-d array or a list of strings")
            }
            return PointLabels.of(a).texts
        }
    }

    /// Labels for `count` points: a 1-d str, int or float array or a list of strings.
    func pointLabels(_ i: Int, count: Int) throws -> PointLabels {
        let labels: PointLabels
        if case .list = values[i] {
            labels = .text(try texts(i))
        } else {
            guard let a = try? values[i].asArray(), a.ndim >= 1 else {
                throw pictureError(i, "an array or list with one label per point")
            }
            labels = PointLabels.of(a)
        }
        guard labels.count == count else {
            throw pictureError(i, saying: "must have one entry per point: got \(labels.count) for \(count) points")
        }
        return labels
    }

    /// Images as a stack: a u8[N,H,W,3] array, one u8[H,W,3] image, or a list of
    /// equally sized u8[H,W,3] images.
    func imageStack(_ i: Int) throws -> ImageStack {
        let expected = "a u8[N,H,W,3] array of images (or a list of u8[H,W,3] images)"
        switch values[i] {
        case .list(let items):
            guard !items.isEmpty else { throw pictureError(i, saying: "is an empty list; give at least one image") }
            var pixels: [UInt8] = []
            var size: [Int] = []
            for item in items {
                guard case .array(let a) = item, a.ndim == 3, a.shape[2] == 3, case .u8(let p) = a.storage else {
                    throw pictureError(
                        i, saying: "must hold u8[H,W,3] images, found \(item.kindName)",
                        hint: "convert with astype(clip(x, 0, 255), \"u8\")")
                }
                if size.isEmpty {
                    size = a.shape
                } else if size != a.shape {
                    throw pictureError(
                        i,
                        saying:
                            "must hold images of one size, found \(size[0])x\(size[1]) and \(a.shape[0])x\(a.shape[1])")
                }
                pixels += p
            }
            return try VizPrimitives.running(primitive.name) {
                try ImageStack(pixels: pixels, count: items.count, height: size[0], width: size[1])
            }
        case .array(let a):
            guard case .u8(let pixelBuffer) = a.storage else {
                throw pictureError(i, expected, hint: "convert with astype(clip(x, 0, 255), \"u8\")")
            }
            let pixels = pixelBuffer.array
            if a.ndim == 3 && a.shape[2] == 3 {
                return try VizPrimitives.running(primitive.name) {
                    try ImageStack(pixels: pixels, count: 1, height: a.shape[0], width: a.shape[1])
                }
            }
            guard a.ndim == 4, a.shape[3] == 3 else { throw pictureError(i, expected) }
            guard a.shape[0] > 0 else { throw pictureError(i, saying: "holds no images") }
            return try VizPrimitives.running(primitive.name) {
                try ImageStack(pixels: pixels, count: a.shape[0], height: a.shape[1], width: a.shape[2])
            }
        default:
            throw pictureError(i, expected)
        }
    }
}

extension PointLabels {
    /// Labels from an array's elements (row-major): str arrays give text,
    /// bool and integer arrays categories, float arrays numbers.
    static func of(_ a: NDArray) -> PointLabels {
        switch a.storage {
        case .str(let v): return .text(v.array)
        case .f32, .f64: return .numbers(a.storage.doubles)
        default: return .integers(a.storage.int64s)
        }
    }
}

/// An image array value from RGB pixels.
func imageValue(_ image: RGBImage) -> Value {
    .array(NDArray(shape: [image.height, image.width, 3], storage: .u8(image.pixels)))
}
