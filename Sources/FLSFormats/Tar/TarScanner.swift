import Dispatch

// Builds a TarIndex by walking the headers of an uncompressed tar. Data is
// skipped, not read: headers are fetched through a read-ahead window, so a tar
// of small members costs one pread per window of members and a tar of large
// members one pread per header.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks a tar's headers once and produces its index.
struct TarScanner {
    /// Limits on metadata members, far above anything real, so a corrupt
    /// header cannot make us allocate gigabytes for a "name".
    static let maxLongNameSize = 1 << 20
    static let maxPaxHeaderSize = 16 << 20
    static let windowSize = 128 << 10
    /// Window for runs of small members: read in parallel chunks, since
    /// copying the file from the page cache is the whole cost of the scan.
    static let bigWindowSize = 8 << 20
    static let chunkSize = 1 << 20

    let file: ReadOnlyFile
    let fileSize: Int
    let progress: ((_ done: Int, _ total: Int) -> Void)?

    private var window: UnsafeMutableRawPointer
    private var windowStart = 0
    private var windowCount = 0

    init(file: ReadOnlyFile, fileSize: Int, progress: ((_ done: Int, _ total: Int) -> Void)?) {
        self.file = file
        self.fileSize = fileSize
        self.progress = progress
        // No read is longer than the file: a small archive gets a small
        // window instead of 8 MB mapped and released at every open.
        window = UnsafeMutableRawPointer.allocate(byteCount: Self.windowCapacity(fileSize: fileSize), alignment: 16)
    }

    /// Bytes the read-ahead window needs for a file of `fileSize` bytes.
    static func windowCapacity(fileSize: Int) -> Int {
        max(TarHeader.blockSize, min(bigWindowSize, fileSize))
    }

    /// Frees the read-ahead window; the scanner must not be used afterwards.
    func release() { window.deallocate() }

    /// The 512-byte block at `offset`, valid until the next call; the caller
    /// has checked that the whole block lies inside the file.
    private mutating func block(at offset: Int) throws -> UnsafeRawBufferPointer {
        if offset < windowStart || offset + TarHeader.blockSize > windowStart + windowCount {
            // Headers that follow closely on the last window (small members)
            // get a big window read on all cores; a far jump (a large member
            // skipped) a small one, so large members are not read for nothing.
            let close =
                windowCount > 0 && offset >= windowStart && offset - (windowStart + windowCount) < Self.windowSize
            let wanted = min(close ? Self.bigWindowSize : Self.windowSize, fileSize - offset)
            windowCount = try readWindow(at: offset, count: wanted)
            windowStart = offset
            guard windowCount >= TarHeader.blockSize else {
                throw FormatError(
                    "\(file.path) is truncated or changed while being indexed: it ends before byte \(offset + TarHeader.blockSize)"
                )
            }
        }
        return UnsafeRawBufferPointer(start: window + (offset - windowStart), count: TarHeader.blockSize)
    }

    /// Fills the window; big windows are read as parallel 1 MB chunks.
    private func readWindow(at offset: Int, count: Int) throws -> Int {
        if count <= Self.windowSize { return try file.read(at: offset, count: count, into: window) }
        let chunks = (count + Self.chunkSize - 1) / Self.chunkSize
        let got = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
        got.initialize(repeating: 0, count: chunks)
        defer { got.deallocate() }
        let failed = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
        failed.initialize(repeating: 0, count: chunks)
        defer { failed.deallocate() }
        let file = self.file, window = self.window
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * Self.chunkSize
            do {
                got[c] = try file.read(
                    at: offset + start, count: min(Self.chunkSize, count - start), into: window + start)
            } catch {
                failed[c] = 1
            }
        }
        // The window is the longest prefix read in full (short only at the end of the file).
        var total = 0
        for c in 0..<chunks {
            if failed[c] != 0 {
                return try file.read(at: offset, count: min(count, Self.windowSize), into: window)
            }
            total += got[c]
            if got[c] < min(Self.chunkSize, count - c * Self.chunkSize) { break }
        }
        return total
    }

    /// Walks every header and returns the index (unsorted members are sorted here).
    mutating func scan() throws -> TarIndex {
        let path = file.path
        if fileSize == 0 {
            throw FormatError("\(path) is empty; a tar archive holds at least one 512-byte header")
        }
        let head = try file.readExactly(at: 0, count: min(fileSize, 8))
        if let compression = head.withUnsafeBytes({ TarCompression.detect($0) }) {
            throw compression.refusal(path: path)
        }

        var names: [UInt8] = []
        var nameEnds: [Int] = []
        var headerOffsets: [Int] = []
        var recordOffsets: [Int] = []
        var sizes: [Int] = []
        var fingerprints: [UInt64] = []
        // Reserving for the most members the file could hold (one block each,
        // capped) costs only address space: pages never written are never
        // touched, while growing by doubling would copy and re-fault them all.
        let expected = min(fileSize / TarHeader.blockSize + 1, 1 << 22)
        names.reserveCapacity(expected * 64)
        nameEnds.reserveCapacity(expected)
        headerOffsets.reserveCapacity(expected)
        recordOffsets.reserveCapacity(expected)
        sizes.reserveCapacity(expected)
        fingerprints.reserveCapacity(expected)
        var index = TarIndex(
            names: [], nameOffsets: [0], headerOffsets: [], recordOffsets: [], sizes: [], fingerprints: [])

        // Metadata carried from 'L' and 'x' headers to the member they describe.
        var longName: [UInt8]?
        var pax: PaxRecords?
        // Where the metadata headers of the coming member began.
        var recordStart: Int?
        var offset = 0
        var nextReport = 0
        let reportStep = max(fileSize / 100, 1)

        while offset < fileSize {
            if let progress, offset >= nextReport {
                progress(offset, fileSize)
                nextReport = offset + reportStep
            }
            guard fileSize - offset >= TarHeader.blockSize else {
                throw FormatError("\(path) is truncated: it ends in the middle of the tar header at byte \(offset)")
            }
            var block = try block(at: offset)
            if TarHeader.isZero(block) {
                // Two zero blocks end the archive. GNU tar also accepts a lone
                // zero block followed by more members, and so do we.
                let next = offset + TarHeader.blockSize
                if next + TarHeader.blockSize > fileSize { break }
                if TarHeader.isZero(try self.block(at: next)) { break }
                offset = next
                continue
            }
            let header: TarHeader
            do {
                header = try TarHeader(block: block, offset: offset)
            } catch {
                if offset == 0 {
                    throw FormatError("\(path) is not a tar archive (its first header has a bad checksum)")
                }
                throw error
            }
            let headerOffset = offset
            var dataOffset = offset + TarHeader.blockSize

            // GNU sparse headers may be followed by extension blocks holding
            // more of the sparse map; they come before the data.
            if header.typeflag == UInt8(ascii: "S") && header.isExtended {
                var extended = true
                while extended {
                    guard fileSize - dataOffset >= TarHeader.blockSize else {
                        throw FormatError(
                            "\(path) is truncated: it ends in the sparse map of the member at byte \(headerOffset)")
                    }
                    extended = try self.block(at: dataOffset)[504] != 0
                    dataOffset += TarHeader.blockSize
                }
                block = try self.block(at: headerOffset)
            }

            let isMeta: Bool
            switch header.typeflag {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "g"):
                isMeta = true
            default: isMeta = false
            }
            var size = header.size
            if !isMeta, let paxSize = pax?.size { size = paxSize }
            let hasData = Self.hasData(header.typeflag)
            // The member's name (pax path, else GNU long name, else the
            // header's) is appended straight to the blob, normalised there, and
            // taken back off for members that are not indexed.
            func appendMemberName() -> Int {
                let start = names.count
                if let path = pax?.sparseName ?? pax?.path {
                    names.append(contentsOf: path)
                } else if let longName {
                    names.append(contentsOf: longName)
                } else {
                    header.appendName(block, to: &names)
                }
                Self.normalizeTail(&names, from: start)
                return start
            }
            func takeMemberName(from start: Int) -> String {
                let name = String(decoding: names[start...], as: UTF8.self)
                names.removeSubrange(start...)
                return name
            }
            if hasData && size > fileSize - dataOffset {
                let name = takeMemberName(from: appendMemberName())
                throw FormatError(
                    "\(path) is truncated: member \(name) (header at byte \(headerOffset)) needs \(size) bytes of data but the file ends at byte \(fileSize)"
                )
            }
            // Data is padded to a whole block; a last member missing its
            // padding is still complete, so the end is clamped to the file.
            let padded = hasData ? (size + TarHeader.blockSize - 1) / TarHeader.blockSize * TarHeader.blockSize : 0
            let next = min(dataOffset + padded, fileSize)

            if isMeta && recordStart == nil { recordStart = headerOffset }
            switch header.typeflag {
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                guard size <= Self.maxLongNameSize else {
                    throw FormatError(
                        "the GNU long name at byte \(headerOffset) claims \(size) bytes, more than any real path; the archive is corrupt"
                    )
                }
                if header.typeflag == UInt8(ascii: "L") {
                    var bytes = try file.readExactly(at: dataOffset, count: size)
                    if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
                    longName = bytes
                }
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "g"):
                guard size <= Self.maxPaxHeaderSize else {
                    throw FormatError(
                        "the pax extended header at byte \(headerOffset) claims \(size) bytes, more than any real header; the archive is corrupt"
                    )
                }
                let records = try PaxRecords(try file.readExactly(at: dataOffset, count: size), offset: headerOffset)
                // Global ('g') records are validated but not applied: a global
                // path or size is meaningless for an image collection, and
                // ignoring them is what keeps every member's own header in charge.
                if header.typeflag != UInt8(ascii: "g") { pax = records }
            default:
                let nameStart = appendMemberName()
                switch header.typeflag {
                case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                    if header.typeflag == 0 && names.last == 0x2F && names.count > nameStart && pax?.path == nil
                        && longName == nil
                    {
                        // Old v7 tars mark directories only by a trailing slash.
                        names.removeSubrange(nameStart...)
                        index.directoryCount += 1
                    } else if pax?.isSparse == true {
                        index.unsupported.append(
                            TarUnsupportedMember(
                                path: takeMemberName(from: nameStart),
                                reason: "is a GNU sparse file (pax format), which is not supported"))
                    } else {
                        nameEnds.append(names.count)
                        headerOffsets.append(headerOffset)
                        recordOffsets.append(recordStart ?? headerOffset)
                        sizes.append(size)
                        fingerprints.append(TarHeader.fingerprint(block))
                    }
                case UInt8(ascii: "5"), UInt8(ascii: "D"):
                    names.removeSubrange(nameStart...)
                    index.directoryCount += 1
                case UInt8(ascii: "1"), UInt8(ascii: "2"):
                    names.removeSubrange(nameStart...)
                    index.linkCount += 1
                case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"), UInt8(ascii: "V"):
                    names.removeSubrange(nameStart...)
                    index.otherCount += 1
                case UInt8(ascii: "S"):
                    index.unsupported.append(
                        TarUnsupportedMember(
                            path: takeMemberName(from: nameStart),
                            reason: "is a GNU sparse file, which is not supported"))
                default:
                    let flag =
                        header.typeflag >= 0x21 && header.typeflag < 0x7F
                        ? "'\(Character(Unicode.Scalar(header.typeflag)))'" : "\(header.typeflag)"
                    index.unsupported.append(
                        TarUnsupportedMember(
                            path: takeMemberName(from: nameStart), reason: "has the unknown tar type \(flag)"))
                }
                longName = nil
                pax = nil
                recordStart = nil
            }
            offset = next
        }
        if longName != nil || pax != nil {
            throw FormatError(
                "\(path) is truncated: it ends after a long-name or pax header with no member following it")
        }
        progress?(fileSize, fileSize)

        Self.sortAndDeduplicate(
            names: &names, nameEnds: &nameEnds, headerOffsets: &headerOffsets, recordOffsets: &recordOffsets,
            sizes: &sizes, fingerprints: &fingerprints)
        index.names = Buffer(names)
        var offsets = [Int]()
        offsets.reserveCapacity(nameEnds.count + 1)
        offsets.append(0)
        offsets.append(contentsOf: nameEnds)
        index.nameOffsets = Buffer(offsets)
        index.headerOffsets = Buffer(headerOffsets)
        index.recordOffsets = Buffer(recordOffsets)
        index.sizes = Buffer(sizes)
        index.fingerprints = Buffer(fingerprints)
        index.tarSize = fileSize
        return index
    }

    /// Whether a member of this type has data blocks after its header. Like
    /// Python's tarfile, links, directories and devices never do, whatever
    /// their size field says; unknown types are treated as data-carrying.
    static func hasData(_ typeflag: UInt8) -> Bool {
        switch typeflag {
        case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "5"),
            UInt8(ascii: "6"):
            return false
        default:
            return true
        }
    }

    /// Normalises the name that occupies `names[start...]`: removes leading
    /// "./" and makes invalid UTF-8 valid by reading it as Latin-1, so every
    /// stored path round-trips through a Swift String.
    static func normalizeTail(_ names: inout [UInt8], from start: Int) {
        var skip = start
        while names.count - skip >= 2 && names[skip] == 0x2E && names[skip + 1] == 0x2F { skip += 2 }
        if skip > start { names.removeSubrange(start..<skip) }
        let isASCII = names.withUnsafeBufferPointer { all in
            UnsafeBufferPointer(rebasing: all[start...]).allSatisfy { $0 < 0x80 }
        }
        // Decoding replaces invalid sequences, so unchanged bytes mean valid
        // UTF-8 (String(validating:) would need macOS 15).
        if isASCII || String(decoding: names[start...], as: UTF8.self).utf8.elementsEqual(names[start...]) { return }
        let latin1 = Array(String(names[start...].map { Character(Unicode.Scalar($0)) }).utf8)
        names.replaceSubrange(start..., with: latin1)
    }

    /// Sorts members by path bytes and keeps, for a path stored twice, the
    /// later copy (what extracting the tar would leave on disk). Tars written
    /// from a sorted listing skip the sort entirely.
    static func sortAndDeduplicate(
        names: inout [UInt8], nameEnds: inout [Int], headerOffsets: inout [Int], recordOffsets: inout [Int],
        sizes: inout [Int], fingerprints: inout [UInt64]
    ) {
        let count = nameEnds.count
        let sortedAndUnique: Bool = names.withUnsafeBufferPointer { blob in
            var previous = UnsafeBufferPointer<UInt8>(rebasing: blob[0..<0])
            for i in 0..<count {
                let current = UnsafeBufferPointer(rebasing: blob[(i == 0 ? 0 : nameEnds[i - 1])..<nameEnds[i]])
                if i > 0 && TarIndex.compare(previous, current) >= 0 { return false }
                previous = current
            }
            return true
        }
        if sortedAndUnique { return }

        var order = Array(0..<count)
        names.withUnsafeBufferPointer { blob in
            let ends = nameEnds
            func name(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: blob[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
            }
            // Ties are broken by file position so the last copy sorts last.
            order.sort { a, b in
                let c = TarIndex.compare(name(a), name(b))
                return c != 0 ? c < 0 : a < b
            }
            var kept: [Int] = []
            kept.reserveCapacity(count)
            for (k, i) in order.enumerated() {
                if k + 1 < count && TarIndex.compare(name(i), name(order[k + 1])) == 0 { continue }
                kept.append(i)
            }
            order = kept
        }
        var newNames: [UInt8] = []
        newNames.reserveCapacity(names.count)
        var newEnds: [Int] = []
        newEnds.reserveCapacity(order.count)
        for i in order {
            newNames.append(contentsOf: names[(i == 0 ? 0 : nameEnds[i - 1])..<nameEnds[i]])
            newEnds.append(newNames.count)
        }
        headerOffsets = order.map { headerOffsets[$0] }
        recordOffsets = order.map { recordOffsets[$0] }
        sizes = order.map { sizes[$0] }
        fingerprints = order.map { fingerprints[$0] }
        names = newNames
        nameEnds = newEnds
    }
}
