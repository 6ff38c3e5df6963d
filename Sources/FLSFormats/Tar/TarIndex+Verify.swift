// Checking an index entry against the tar itself. A cached index is only a
// claim (anyone who can write beside the tar can write the cache), so before
// a member's data is served its header block is parsed again and, with any
// GNU long-name or pax records before it, must give exactly the indexed path
// and size, as the scanner would derive them. The header is read together
// with the data anyway, so for ordinary (short-named) members this costs a
// header parse and a compare of the name bytes.

extension TarIndex {
    /// Whether `block`, the header read at member `i`'s offset, and the
    /// records before it name member `i`'s path and size.
    func headerMatches(_ i: Int, block: UnsafeRawBufferPointer, file: ReadOnlyFile) -> Bool {
        guard let header = try? TarHeader(block: block, offset: headerOffsets[i]) else { return false }
        switch header.typeflag {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): break
        default: return false
        }
        var name: [UInt8] = []
        var size = header.size
        let recordOffset = recordOffsets[i]
        if recordOffset == headerOffsets[i] {
            header.appendName(block, to: &name)
        } else {
            guard let records = Self.metadata(file, from: recordOffset, to: headerOffsets[i]) else { return false }
            if records.pax?.isSparse == true { return false }
            if let path = records.pax?.sparseName ?? records.pax?.path {
                name = path
            } else if let longName = records.longName {
                name = longName
            } else {
                header.appendName(block, to: &name)
            }
            if let paxSize = records.pax?.size { size = paxSize }
        }
        TarScanner.normalizeTail(&name, from: 0)
        guard size == sizes[i] else { return false }
        return names[nameRange(i)].elementsEqual(name)
    }

    /// The long name and pax records of the metadata headers that fill
    /// `start..<end` exactly, or nil if those bytes are not such headers.
    static func metadata(_ file: ReadOnlyFile, from start: Int, to end: Int) -> (longName: [UInt8]?, pax: PaxRecords?)?
    {
        guard start < end, end - start <= maxRecordSpan,
            let bytes = try? file.readExactly(at: start, count: end - start)
        else { return nil }
        var longName: [UInt8]?
        var pax: PaxRecords?
        var at = 0
        return bytes.withUnsafeBytes { raw -> (longName: [UInt8]?, pax: PaxRecords?)? in
            while at < raw.count {
                guard raw.count - at >= TarHeader.blockSize else { return nil }
                let block = UnsafeRawBufferPointer(rebasing: raw[at..<(at + TarHeader.blockSize)])
                if TarHeader.isZero(block) {
                    at += TarHeader.blockSize
                    continue
                }
                guard let header = try? TarHeader(block: block, offset: start + at) else { return nil }
                let dataStart = at + TarHeader.blockSize
                guard header.size <= raw.count - dataStart else { return nil }
                let data = Array(raw[dataStart..<(dataStart + header.size)])
                switch header.typeflag {
                case UInt8(ascii: "L"):
                    var text = data
                    if let nul = text.firstIndex(of: 0) { text.removeSubrange(nul...) }
                    longName = text
                case UInt8(ascii: "K"):
                    break
                case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "g"):
                    guard let records = try? PaxRecords(data, offset: start + at) else { return nil }
                    if header.typeflag != UInt8(ascii: "g") { pax = records }
                default:
                    return nil
                }
                at = dataStart + (header.size + TarHeader.blockSize - 1) / TarHeader.blockSize * TarHeader.blockSize
            }
            return at == raw.count ? (longName, pax) : nil
        }
    }

    /// Checks a few members (the first, the last and up to 14 spread
    /// between) against the tar: a cache that fails is not used. Reads
    /// check every member anyway; this turns a bad cache into a rebuild
    /// at open instead of an error later.
    func spotCheck(_ file: ReadOnlyFile) -> Bool {
        guard count > 0 else { return true }
        let picks = Set((0..<16).map { k in k * (count - 1) / 15 })
        var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
        for i in picks.sorted() {
            let ok = block.withUnsafeMutableBytes { raw -> Bool in
                guard let base = raw.baseAddress,
                    (try? file.read(at: headerOffsets[i], count: TarHeader.blockSize, into: base))
                        == TarHeader.blockSize
                else { return false }
                let view = UnsafeRawBufferPointer(raw)
                return TarHeader.fingerprint(view) == fingerprints[i] && headerMatches(i, block: view, file: file)
            }
            if !ok { return false }
        }
        return true
    }
}
