/// One regular file in a tar: where its header and data are.
public struct TarEntry: Sendable, Equatable {
    /// The member's path, with any leading "./" removed.
    public var path: String
    /// Byte offset of the member's own 512-byte header (after any long-name or pax headers).
    public var headerOffset: Int
    /// Byte offset of the member's first data byte.
    public var dataOffset: Int { headerOffset + TarHeader.blockSize }
    /// Data size in bytes.
    public var size: Int
}
