// NumPy's .npz format: a zip archive whose members are .npy files, stored
// (np.savez) or deflated (np.savez_compressed), with zip64 records where
// numpy's zipfile writes them. Reading uses positioned reads, never a memory
// map: another process truncating the file mid-load (a concurrent np.savez
// does) then gives an "ended early" error instead of SIGBUS. A stored member
// is decoded straight from the file into its array, its CRC computed on the
// way; a deflated member is read, then inflated into a buffer of exactly its
// declared size. Before any member is read, the sizes of all of them
// together must fit the memory budget. Members whose names do not end in
// `.npy` are not arrays (numpy.load returns their raw bytes) and are skipped.

import FLSMemory

/// Reader and writer for NumPy `.npz` archives.
public enum NPZ {
    /// Deflate cannot expand data by more than about 1,032 times, so a
    /// member that declares more is refused before its buffer is allocated.
    /// With members not overlapping, the whole archive then inflates to at
    /// most about 1,032 times the file's size.
    static let maximumDeflateRatio = 1032

    /// Called between reading the directory and reading the members (tests
    /// use it to change the file underneath the reader).
    nonisolated(unsafe) static var testHookBeforeMembers: (() -> Void)?

    /// Reads every `.npy` member, in archive order, named without `.npy`.
    public static func read(path: String) throws -> [(name: String, array: TypedArray)] {
        do {
            let reader = try FormatFileReader(path: path)
            return try read(source: reader) { entry in
                let member = NPYZipMemberSource(reader: reader, base: entry.dataOffset, length: entry.compressedSize)
                let array = try NPY.read(source: member, size: entry.compressedSize)
                try member.finish(expecting: entry.crc)
                return array
            }
        } catch let error as FormatError {
            // Errors about the file itself (missing, a device) already name it.
            if error.message.hasPrefix("Cannot read '\(path)'") || error.message.hasPrefix("Cannot open '\(path)'") {
                throw error
            }
            throw FormatError("Cannot read '\(path)' as .npz: \(error.message)", offset: error.offset)
        }
    }

    /// Reads an `.npz` archive held in memory.
    public static func read(bytes: [UInt8]) throws -> [(name: String, array: TypedArray)] {
        try bytes.withUnsafeBytes { try read(buffer: $0) }
    }

    static func read(buffer: UnsafeRawBufferPointer) throws -> [(name: String, array: TypedArray)] {
        try read(source: ZipMemorySource(buffer: buffer)) { entry in
            let data = UnsafeRawBufferPointer(
                rebasing: buffer[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
            try checkCRC(data, entry)
            return try NPY.read(buffer: data)
        }
    }

    /// The directory walk shared by files and memory; `stored` decodes a
    /// stored member, deflated members are inflated here.
    private static func read(source: ZipSource, stored: (ZipEntry) throws -> TypedArray) throws -> [(
        name: String, array: TypedArray
    )] {
        let directory = try ZipDirectory(source: source)
        let arrays = directory.entries.filter { $0.name.hasSuffix(".npy") }
        var total = 0
        for entry in arrays {
            if entry.method != 0 {
                let (limit, overflow) = entry.compressedSize.multipliedReportingOverflow(by: maximumDeflateRatio)
                guard overflow || entry.uncompressedSize <= limit + 1024 else {
                    throw FormatError(
                        "member '\(entry.name)': it declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed bytes, more than deflate can produce.",
                        offset: entry.dataOffset)
                }
            }
            let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
            total = overflow ? Int.max : sum
        }
        // All arrays are held at once, so their sizes together must fit.
        guard MemoryBudget.allows(total) else {
            throw FormatError(
                "its \(arrays.count) arrays hold \(MemoryBudget.describe(total)) together, more than memory allows: \(MemoryBudget.explanation())."
            )
        }
        testHookBeforeMembers?()
        var members: [(name: String, array: TypedArray)] = []
        for entry in arrays {
            let name = String(entry.name.dropLast(4))
            do {
                let array: TypedArray
                if entry.method == 0 {
                    array = try stored(entry)
                } else {
                    let compressed = try source.bytes(at: entry.dataOffset, count: entry.compressedSize)
                    let inflated = try compressed.withUnsafeBytes {
                        try ZipCodec.inflate($0, size: entry.uncompressedSize)
                    }
                    array = try inflated.withUnsafeBytes { raw in
                        try checkCRC(raw, entry)
                        return try NPY.read(buffer: raw)
                    }
                }
                members.append((name, array))
            } catch let error as FormatError {
                throw FormatError("member '\(entry.name)': \(error.message)", offset: error.offset ?? entry.dataOffset)
            }
        }
        return members
    }

    private static func checkCRC(_ data: UnsafeRawBufferPointer, _ entry: ZipEntry) throws {
        try checkCRC(ZipCodec.crc32(data), entry.crc)
    }

    static func checkCRC(_ crc: UInt32, _ recorded: UInt32) throws {
        guard crc == recorded else {
            throw FormatError(
                "its CRC-32 is \(hex(crc)) but the archive records \(hex(recorded)); the file is corrupt.")
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Encodes members as an `.npz` archive: `name.npy` entries, deflated
    /// when `compressed` (like np.savez_compressed), stored otherwise.
    public static func encode(_ members: [(name: String, array: TypedArray)], compressed: Bool) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try writeArchive(members, compressed: compressed) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Writes members to an `.npz` file that `numpy.load` reads.
    public static func write(_ members: [(name: String, array: TypedArray)], path: String, compressed: Bool) throws {
        let writer = try FormatFileWriter(path: path)
        try writeArchive(members, compressed: compressed) { try writer.write($0) }
        try writer.finish()
    }

    /// Streams a zip archive to `sink`; zip64 fields are used only for
    /// sizes, offsets or counts that do not fit the classic 32/16-bit fields.
    static func writeArchive(
        _ members: [(name: String, array: TypedArray)], compressed: Bool,
        _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var seen = Set<String>()
        for member in members {
            guard !member.name.isEmpty else { throw FormatError("an .npz member needs a non-empty name.") }
            guard seen.insert(member.name).inserted else {
                throw FormatError("the .npz member name '\(member.name)' is used twice.")
            }
        }
        var offset = 0
        var directory: [UInt8] = []
        func emit(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try sink($0) }
            offset += bytes.count
        }
        for member in members {
            let name = Array((member.name + ".npy").utf8)
            guard name.count <= 0xFFFF else { throw FormatError("the .npz member name '\(member.name)' is too long.") }
            let encoded = try NPY.encode(member.array)
            let (crc, payload): (UInt32, [UInt8]) = try encoded.withUnsafeBytes { raw in
                (ZipCodec.crc32(raw), compressed ? try ZipCodec.deflate(raw) : encoded)
            }
            let localOffset = offset
            let large = encoded.count >= 0xFFFF_FFFF || payload.count >= 0xFFFF_FFFF
            let farOffset = localOffset >= 0xFFFF_FFFF
            let flags = name.allSatisfy { $0 < 0x80 } ? 0 : 0x0800
            let method = compressed ? 8 : 0
            let version = large || farOffset ? 45 : 20

            var local: [UInt8] = []
            local.appendLE(0x0403_4B50, 4)
            local.appendLE(version, 2)
            local.appendLE(flags, 2)
            local.appendLE(method, 2)
            local.appendLE(0, 2)  // 00:00:00
            local.appendLE(0x21, 2)  // 1980-01-01: fixed, so output is reproducible
            local.appendLE(Int(crc), 4)
            local.appendLE(large ? 0xFFFF_FFFF : payload.count, 4)
            local.appendLE(large ? 0xFFFF_FFFF : encoded.count, 4)
            local.appendLE(name.count, 2)
            local.appendLE(large ? 20 : 0, 2)
            local += name
            if large {
                local.appendLE(0x0001, 2)
                local.appendLE(16, 2)
                local.appendLE(encoded.count, 8)
                local.appendLE(payload.count, 8)
            }
            try emit(local)
            try emit(payload)

            var zip64: [UInt8] = []
            if large {
                zip64.appendLE(encoded.count, 8)
                zip64.appendLE(payload.count, 8)
            }
            if farOffset { zip64.appendLE(localOffset, 8) }
            directory.appendLE(0x0201_4B50, 4)
            directory.appendLE(3 << 8 | version, 2)  // made on Unix
            directory.appendLE(version, 2)
            directory.appendLE(flags, 2)
            directory.appendLE(method, 2)
            directory.appendLE(0, 2)
            directory.appendLE(0x21, 2)
            directory.appendLE(Int(crc), 4)
            directory.appendLE(large ? 0xFFFF_FFFF : payload.count, 4)
            directory.appendLE(large ? 0xFFFF_FFFF : encoded.count, 4)
            directory.appendLE(name.count, 2)
            directory.appendLE(zip64.isEmpty ? 0 : zip64.count + 4, 2)
            directory.appendLE(0, 2)  // comment
            directory.appendLE(0, 2)  // disk
            directory.appendLE(0, 2)  // internal attributes
            directory.appendLE(0o100644 << 16, 4)  // regular file, rw-r--r--
            directory.appendLE(farOffset ? 0xFFFF_FFFF : localOffset, 4)
            directory += name
            if !zip64.isEmpty {
                directory.appendLE(0x0001, 2)
                directory.appendLE(zip64.count, 2)
                directory += zip64
            }
        }

        let directoryOffset = offset
        try emit(directory)
        let needs64 = members.count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF || directory.count >= 0xFFFF_FFFF
        var end: [UInt8] = []
        if needs64 {
            let recordOffset = offset
            end.appendLE(0x0606_4B50, 4)
            end.appendLE(44, 8)  // size of the rest of this record
            end.appendLE(3 << 8 | 45, 2)
            end.appendLE(45, 2)
            end.appendLE(0, 4)
            end.appendLE(0, 4)
            end.appendLE(members.count, 8)
            end.appendLE(members.count, 8)
            end.appendLE(directory.count, 8)
            end.appendLE(directoryOffset, 8)
            end.appendLE(0x0706_4B50, 4)
            end.appendLE(0, 4)
            end.appendLE(recordOffset, 8)
            end.appendLE(1, 4)
        }
        end.appendLE(0x0605_4B50, 4)
        end.appendLE(0, 2)
        end.appendLE(0, 2)
        end.appendLE(min(members.count, 0xFFFF), 2)
        end.appendLE(min(members.count, 0xFFFF), 2)
        end.appendLE(min(directory.count, 0xFFFF_FFFF), 4)
        end.appendLE(min(directoryOffset, 0xFFFF_FFFF), 4)
        end.appendLE(0, 2)
        try emit(end)
    }
}

extension Array where Element == UInt8 {
    /// Appends the low `width` bytes of `value`, least significant first.
    fileprivate mutating func appendLE(_ value: Int, _ width: Int) {
        for shift in stride(from: 0, to: width * 8, by: 8) {
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
