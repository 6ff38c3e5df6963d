// Pictures in the terminal: each character cell shows two pixels stacked,
// the upper half block "▀" with a 24-bit foreground (top pixel) and
// background (bottom pixel) colour. Used by the REPL and `fls run` when
// stdout is a colour terminal.

import FLS

/// Renders RGB images as 24-bit colour half blocks.
public enum TerminalPicture {
    /// The preview text for a picture value, or nil if the value is not a picture.
    public static func preview(_ value: Value, columns: Int) -> String? {
        guard let image = Pictures.rgb(for: value) else { return nil }
        let header = Pictures.caption(for: value).map { $0 + "\n" } ?? ""
        return header + render(image, maxColumns: max(8, min(columns - 1, 96)))
    }

    /// Half-block text for an image, scaled down (box filter) to fit.
    public static func render(_ image: RGBImage, maxColumns: Int) -> String {
        guard image.width > 0, image.height > 0, image.pixels.count >= image.width * image.height * 3 else { return "" }
        let scale = max(1.0, Double(image.width) / Double(maxColumns))
        let outW = max(1, Int((Double(image.width) / scale).rounded(.down)))
        let outH = max(2, Int((Double(image.height) / scale).rounded(.down)))
        func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let x0 = Int(Double(x) * scale), x1 = max(x0 + 1, min(image.width, Int(Double(x + 1) * scale)))
            let y0 = Int(Double(y) * scale), y1 = max(y0 + 1, min(image.height, Int(Double(y + 1) * scale)))
            var r = 0, g = 0, b = 0, n = 0
            for yy in y0..<min(y1, image.height) {
                for xx in x0..<min(x1, image.width) {
                    let i = (yy * image.width + xx) * 3
                    r += Int(image.pixels[i])
                    g += Int(image.pixels[i + 1])
                    b += Int(image.pixels[i + 2])
                    n += 1
                }
            }
            n = max(n, 1)
            return (r / n, g / n, b / n)
        }
        var out = ""
        var y = 0
        while y < outH {
            for x in 0..<outW {
                let top = pixel(x, y)
                let bottom = y + 1 < outH ? pixel(x, y + 1) : (0, 0, 0)
                out += "\u{1B}[38;2;\(top.0);\(top.1);\(top.2)m\u{1B}[48;2;\(bottom.0);\(bottom.1);\(bottom.2)m\u{2580}"
            }
            out += "\u{1B}[0m\n"
            y += 2
        }
        return out
    }
}
