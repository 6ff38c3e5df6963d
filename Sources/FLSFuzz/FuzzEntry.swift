// libFuzzer entry points for every parser and decoder that a user's file or
// request reaches. Built only by `make fuzz` (scripts/fuzz.sh), with
// `-sanitize=fuzzer,address`; main.swift hands control to libFuzzer's driver.
// The target to run is chosen by the environment variable FLS_FUZZ_TARGET
// (see `FuzzTarget.all`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The target chosen at start-up by `fuzzerInitialize`.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

/// Picks the target named by FLS_FUZZ_TARGET and prepares it; exits 2 when unknown.
func fuzzerInitialize() {
    let name = getenv("FLS_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: " ")
        fputs("Set FLS_FUZZ_TARGET to one of: \(names)\n", stderr)
        exit(2)
    }
    selectedTarget = target
    target.prepare?()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else { return 0 }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}
