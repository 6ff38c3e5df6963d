/// Greedy word wrapping of styled text by terminal display width.
///
/// Widths count terminal columns, not characters: combining marks take none,
/// East Asian wide characters and emoji take two. Styles are applied after
/// measuring so escape codes never count.
enum TextWrapper {
    /// Wraps runs to lines of at most `width` columns; `\n` in a run forces a break.
    ///
    /// Spaces between words collapse to one; a word wider than a line is cut.
    static func wrap(_ runs: [StyledRun], width: Int, color: Bool) -> [String] {
        let width = max(width, 8)
        var lines: [String] = []
        var line: [StyledRun] = []
        var lineWidth = 0
        var word: [StyledRun] = []
        var wordWidth = 0

        func finishLine() {
            lines.append(render(line, color: color))
            line = []
            lineWidth = 0
        }
        func placeWord() {
            guard !word.isEmpty else { return }
            if lineWidth > 0 && lineWidth + 1 + wordWidth > width { finishLine() }
            if lineWidth > 0 {
                // The space takes the style the words on both sides share, so an underlined heading stays unbroken.
                let shared = (line.last?.style ?? []).intersection(word.first?.style ?? [])
                line.append(StyledRun(" ", shared))
                lineWidth += 1
            }
            // A word longer than the line is cut into line-sized pieces.
            for run in word {
                var piece = ""
                for character in run.text {
                    let w = displayWidth(character)
                    if lineWidth + w > width && lineWidth > 0 {
                        if !piece.isEmpty { line.append(StyledRun(piece, run.style)) }
                        piece = ""
                        finishLine()
                    }
                    piece.append(character)
                    lineWidth += w
                }
                if !piece.isEmpty { line.append(StyledRun(piece, run.style)) }
            }
            word = []
            wordWidth = 0
        }

        for run in runs {
            for character in run.text {
                if character == "\n" {
                    placeWord()
                    finishLine()
                } else if character == " " || character == "\t" {
                    placeWord()
                } else {
                    if let last = word.last, last.style == run.style {
                        word[word.count - 1].text.append(character)
                    } else {
                        word.append(StyledRun(String(character), run.style))
                    }
                    wordWidth += displayWidth(character)
                }
            }
        }
        placeWord()
        if !line.isEmpty || lines.isEmpty { finishLine() }
        return lines
    }

    /// Joins runs into one string, merging neighbours of the same style before styling them.
    static func render(_ runs: [StyledRun], color: Bool) -> String {
        var merged: [StyledRun] = []
        for run in runs {
            if let last = merged.last, last.style == run.style {
                merged[merged.count - 1].text += run.text
            } else {
                merged.append(run)
            }
        }
        return merged.map { $0.style.apply($0.text, color: color) }.joined()
    }

    /// The number of terminal columns a string takes.
    static func displayWidth(_ text: String) -> Int {
        text.reduce(0) { $0 + displayWidth($1) }
    }

    /// The number of terminal columns one character takes: 0, 1 or 2.
    static func displayWidth(_ character: Character) -> Int {
        var sawVisible = false
        for scalar in character.unicodeScalars {
            let value = scalar.value
            if isWide(value) || (scalar.properties.isEmojiPresentation && value > 0xFF) { return 2 }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control:
                continue
            default:
                sawVisible = true
            }
        }
        return sawVisible ? 1 : 0
    }

    /// True for code points in the East Asian wide and fullwidth blocks.
    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}
