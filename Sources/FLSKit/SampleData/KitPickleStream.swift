// Streams the kit's pickles (a dict of a path list and numpy arrays) to a
// file without holding the arrays: the same protocol 2 opcodes, memo
// numbering and batching as FLSFormats' Pickle.save (which writes the style
// of the original Python 2 files), but with array payloads written row by row
// as they are generated. Tests check the bytes equal Pickle.dump's.

import FLSFormats

/// A streaming writer of `{name: [str], name: ndarray, ...}` pickles.
final class KitPickleStream {
    /// numpy element types the stream writes.
    enum Element {
        case float32, float64

        var name: String { self == .float32 ? "f4" : "f8" }
        var width: Int { self == .float32 ? 4 : 8 }
    }

    private let file: FormatFileWriter
    private var nextMemo = 1
    private var globals: [String: Int] = [:]
    private var dtypes: [String: Int] = [:]
    private var pendingPayload = 0

    /// Starts the pickle and its dict; `entries` is the number of keys that will follow.
    init(path: String, entries: Int) throws {
        file = try FormatFileWriter(path: path)
        try file.write([0x80, 2, 0x7D])
        try put()
        if entries > 1 { try file.write(byte: 0x28) }
    }

    /// Writes a key and its list of ASCII strings, in cPickle's batches of 1,000.
    func stringList(key: String, count: Int, item: (Int) -> String) throws {
        try string(key)
        try file.write(byte: 0x5D)
        try put()
        var start = 0
        while start < count {
            let end = min(count, start + 1000)
            if end - start > 1 { try file.write(byte: 0x28) }
            for i in start..<end { try string(item(i)) }
            try file.write(byte: end - start > 1 ? 0x65 : 0x61)
            start = end
        }
    }

    /// Writes a key and an array header; the caller then writes exactly the payload's bytes with `payload`.
    func beginArray(key: String, shape: [Int], element: Element) throws {
        try string(key)
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, d >= 0 else { throw SampleDataError("The array shape \(shape) is too large to pickle.") }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: element.width)
        guard !overflow, bytes <= Int(Int32.max) else {
            throw SampleDataError(
                "An array of \(shape) \(element.name) is over the 2 GiB a protocol 2 pickle can hold.")
        }
        try global("numpy.core.multiarray", "_reconstruct")
        try global("numpy", "ndarray")
        try file.write([0x4B, 0, 0x85, 0x55, 1, UInt8(ascii: "b"), 0x87, 0x52])
        try put()
        try file.write([0x28, 0x4B, 1])
        if shape.count > 3 { try file.write(byte: 0x28) }
        for d in shape { try int(d) }
        try file.write(byte: shape.count > 3 ? 0x74 : [0x29, 0x85, 0x86, 0x87][shape.count])
        try dtype(element)
        try file.write(byte: 0x89)
        if bytes >= 1 << 16 { try file.write(Pickle.payloadPadding(position: file.offset, headerSize: 5)) }
        if bytes < 256 {
            try file.write([0x55, UInt8(bytes)])
        } else {
            try file.write(byte: 0x54)
            try uint32(bytes)
        }
        pendingPayload = bytes
    }

    /// Appends payload bytes of the current array.
    func payload(_ raw: UnsafeRawBufferPointer) throws {
        guard raw.count <= pendingPayload else {
            throw SampleDataError("Internal error: more array data than the array's shape holds.")
        }
        pendingPayload -= raw.count
        try file.write(raw)
    }

    /// Closes the current array.
    func endArray() throws {
        guard pendingPayload == 0 else {
            throw SampleDataError("Internal error: \(pendingPayload) bytes of array data are missing.")
        }
        try file.write([0x74, 0x62])
    }

    /// Ends the dict (`entries` keys were written) and the pickle, and moves the file into place.
    func finish(entries: Int) throws {
        try file.write(byte: entries > 1 ? 0x75 : 0x73)
        try file.write(byte: 0x2E)
        try file.finish()
    }

    // MARK: - Opcodes, as PickleWriter writes them

    private func put() throws {
        let i = nextMemo
        nextMemo += 1
        if i < 256 {
            try file.write([0x71, UInt8(i)])
        } else {
            try file.write(byte: 0x72)
            try uint32(i)
        }
    }

    private func get(_ i: Int) throws {
        if i < 256 {
            try file.write([0x68, UInt8(i)])
        } else {
            try file.write(byte: 0x6A)
            try uint32(i)
        }
    }

    private func uint32(_ v: Int) throws {
        try file.write([UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 24) & 0xFF)])
    }

    private func int(_ i: Int) throws {
        if i >= 0 && i < 256 {
            try file.write([0x4B, UInt8(i)])
        } else if i >= 0 && i < 65536 {
            try file.write([0x4D, UInt8(i & 0xFF), UInt8(i >> 8)])
        } else if i >= Int(Int32.min) && i <= Int(Int32.max) {
            try file.write(byte: 0x4A)
            try uint32(Int(UInt32(bitPattern: Int32(i))))
        } else {
            throw SampleDataError("Internal error: the integer \(i) is too large for this pickle writer.")
        }
    }

    /// An ASCII str as a Python 2 `str`, memoised like cPickle does.
    private func string(_ s: String) throws {
        let utf8 = Array(s.utf8)
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            throw SampleDataError("The path '\(s)' is not ASCII, which this pickle writer does not write.")
        }
        try binString(utf8)
        try put()
    }

    private func binString(_ bytes: [UInt8]) throws {
        if bytes.count < 256 {
            try file.write([0x55, UInt8(bytes.count)])
        } else {
            try file.write(byte: 0x54)
            try uint32(bytes.count)
        }
        try file.write(bytes)
    }

    private func global(_ module: String, _ name: String) throws {
        let key = module + "\n" + name
        if let i = globals[key] { return try get(i) }
        try file.write(byte: 0x63)
        try file.write(Array((key + "\n").utf8))
        globals[key] = nextMemo
        try put()
    }

    private func dtype(_ element: Element) throws {
        if let i = dtypes[element.name] { return try get(i) }
        try global("numpy", "dtype")
        try binString(Array(element.name.utf8))
        try file.write([0x4B, 0, 0x4B, 1, 0x87, 0x52])
        dtypes[element.name] = nextMemo
        try put()
        try file.write([0x28, 0x4B, 3])
        try binString([UInt8(ascii: "<")])
        try file.write([0x4E, 0x4E, 0x4E])
        try int(-1)
        try int(-1)
        try int(0)
        try file.write([0x74, 0x62])
    }
}
