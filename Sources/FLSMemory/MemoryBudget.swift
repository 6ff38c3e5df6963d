// The one place that decides whether a large allocation is allowed.
//
// Every primitive, loader and string operation that is about to allocate a
// buffer whose size comes from a user or a file asks `MemoryBudget` first,
// so that a request the machine cannot satisfy becomes an error message
// instead of an abort inside malloc. The budget for one request is the
// smallest of:
//
// - the documented cap: three quarters of physical memory, or the value of
//   `FLS_MAX_MEMORY` (bytes, or with a K/M/G/T suffix: `FLS_MAX_MEMORY=4G`);
// - the memory the kernel says is available now (`MemAvailable` in
//   /proc/meminfo, which counts reclaimable page cache);
// - the room left under the process's address-space limit (`ulimit -v`,
//   RLIMIT_AS), since past it every allocation fails whatever is free.
//
// Requests up to `smallRequest` bytes are always allowed: asking the kernel
// costs a file read, and a small buffer cannot be what exhausts a machine.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether an allocation of a given size may go ahead.
public enum MemoryBudget {
    /// Requests at or below this many bytes are always allowed.
    public static let smallRequest = 64 << 20

    /// The environment variable that overrides the documented cap.
    public static let environmentVariable = "FLS_MAX_MEMORY"

    /// Bytes of physical memory (8 GiB when the system does not say).
    public static let physicalMemory: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 {
            let (total, overflow) = Int(pages).multipliedReportingOverflow(by: Int(pageSize))
            if !overflow { return total }
        }
        return 8 << 30
    }()

    /// The cap set by `FLS_MAX_MEMORY`, if it is set to a valid size.
    public static let userCap: Int? = {
        guard let raw = getenv(environmentVariable) else { return nil }
        return parseSize(String(cString: raw))
    }()

    /// The documented cap: `FLS_MAX_MEMORY`, or 3/4 of physical memory.
    public static var cap: Int { userCap ?? physicalMemory / 4 * 3 }

    /// Bytes one new allocation may take right now.
    public static func available() -> Int {
        var limit = cap
        if userCap == nil, let free = memAvailable() { limit = min(limit, free) }
        if let room = addressSpaceRoom() { limit = min(limit, room) }
        return max(limit, 0)
    }

    /// Whether an allocation of `bytes` may go ahead.
    public static func allows(_ bytes: Int) -> Bool {
        bytes <= smallRequest || bytes <= available()
    }

    /// Whether `count` elements of `size` bytes each may be allocated
    /// (false when the product overflows).
    public static func allows(count: Int, of size: Int) -> Bool {
        guard count >= 0, size >= 0 else { return false }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        return !overflow && allows(bytes)
    }

    /// The hint for a refused request: what the budget is and how to raise it.
    public static func explanation() -> String {
        let now = available()
        var source =
            userCap != nil ? "set by \(environmentVariable)" : "available memory, at most 3/4 of this machine's"
        if let room = addressSpaceRoom(), room <= now {
            source = "room left under this process's address-space limit, ulimit -v"
        }
        return
            "the limit for one allocation is \(describe(now)) now (\(source)); \(environmentVariable)=SIZE changes the cap"
    }

    /// `1536 << 20` -> "1.5 GiB".
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30 {
            let tenths = Int((Double(bytes) / Double(1 << 30) * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) GiB"
        }
        return "\(bytes >> 20) MiB"
    }

    /// Parses "4G", "512m", "100000" into bytes; nil when malformed.
    public static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text.trimmingSpaces())
        var shift = 0
        if let last = digits.last, !last.isNumber {
            switch last {
            case "k", "K": shift = 10
            case "m", "M": shift = 20
            case "g", "G": shift = 30
            case "t", "T": shift = 40
            default: return nil
            }
            digits = digits.dropLast()
        }
        guard let value = Int(digits), value > 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : bytes
    }

    /// `MemAvailable` from /proc/meminfo, in bytes.
    static func memAvailable() -> Int? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Int(fields[1]) { return kib &* 1024 }
        }
        return nil
    }

    /// Bytes left under RLIMIT_AS, nil when unlimited.
    static func addressSpaceRoom() -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
        #else
        let resource = RLIMIT_AS
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        let cap = limit.rlim_cur > UInt64(Int.max) ? Int.max : Int(limit.rlim_cur)
        guard let statm = readSmallFile("/proc/self/statm"),
            let first = statm.split(separator: " ").first, let pages = Int(first)
        else { return cap }
        let used = pages &* Int(sysconf(Int32(_SC_PAGESIZE)))
        // Leave room for the stacks, the libraries and the copy in progress.
        return max(cap - used - (64 << 20), 0)
    }

    /// Reads a small text file from /proc in one go.
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }
}

extension MemoryBudget {
    /// A running total of bytes that something builds up piece by piece (a
    /// loader's copies, the text a loaded value stands for), asked of the
    /// budget each time it has grown by `smallRequest` since it last was.
    public struct Tally {
        /// The bytes counted so far.
        public private(set) var bytes = 0
        private var nextCheck = MemoryBudget.smallRequest

        public init() {}

        /// Adds `count` bytes; false when the total no longer fits the budget.
        public mutating func add(_ count: Int) -> Bool {
            let (sum, overflow) = bytes.addingReportingOverflow(count)
            if overflow { return false }
            bytes = sum
            guard bytes > nextCheck else { return true }
            guard MemoryBudget.allows(bytes) else { return false }
            nextCheck = bytes + MemoryBudget.smallRequest
            return true
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
