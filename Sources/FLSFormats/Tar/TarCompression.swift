// Compressed tars are recognised by their magic bytes and refused with the
// command that fixes it: random access into a compressed stream would mean
// decompressing from the start for every image.

/// The compression formats a tar file may arrive in.
enum TarCompression: CaseIterable {
    case gzip, bzip2, xz, zstd, lzip, compress

    /// The signature at the start of a file of this kind.
    var magic: [UInt8] {
        switch self {
        case .gzip: return [0x1F, 0x8B]
        case .bzip2: return [0x42, 0x5A, 0x68]
        case .xz: return [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]
        case .zstd: return [0x28, 0xB5, 0x2F, 0xFD]
        case .lzip: return [0x4C, 0x5A, 0x49, 0x50]
        case .compress: return [0x1F, 0x9D]
        }
    }

    var name: String {
        switch self {
        case .gzip: return "gzip"
        case .bzip2: return "bzip2"
        case .xz: return "xz"
        case .zstd: return "zstd"
        case .lzip: return "lzip"
        case .compress: return "compress (.Z)"
        }
    }

    var command: String {
        switch self {
        case .gzip: return "gunzip"
        case .bzip2: return "bunzip2"
        case .xz: return "unxz"
        case .zstd: return "unzstd"
        case .lzip: return "lzip -d"
        case .compress: return "uncompress"
        }
    }

    /// The compression whose magic starts `bytes`, if any.
    static func detect(_ bytes: UnsafeRawBufferPointer) -> TarCompression? {
        allCases.first { kind in
            kind.magic.count <= bytes.count && kind.magic.indices.allSatisfy { bytes[$0] == kind.magic[$0] }
        }
    }

    /// The error for a tar at `path` compressed this way.
    func refusal(path: String) -> FormatError {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return FormatError("this tar is \(self.name)-compressed; decompress it first (\(command) \(name))")
    }
}
