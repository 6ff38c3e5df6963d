// swift-tools-version:6.0
// Faceless: the FLS array language, its REPL, notebooks, native data
// primitives and the leaderboard server. See docs/architecture.md.
import PackageDescription

// Release builds drop exclusivity checks on the interpreter's hot paths;
// every other safety check (bounds, overflow) stays on.
let fastFlags: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Faceless",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fls", targets: ["fls"]),
        .library(name: "FLS", targets: ["FLS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // System libraries, found through pkg-config (Debian -dev packages).
        // libedit wrappers (el_set is variadic, which Swift cannot call) and a pty spawner for tests.
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit"), .linkedLibrary("util")]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Libraries most runs never call are opened at their first call, not at every start
        // (Sources/CLazyLoad): OpenBLAS + LAPACKE (libopenblas-dev, liblapacke-dev), cairo
        // (libcairo2-dev), ZeroMQ (libzmq3-dev), OpenSSL (libssl-dev), and libcurl for `submit`
        // (libcurl4-openssl-dev). Their headers come from those Debian packages.
        .target(name: "CLazyLoad", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CBLAS", dependencies: ["CLazyLoad"]),
        .target(name: "CCairo", dependencies: ["CLazyLoad"]),
        .target(name: "CZMQ", dependencies: ["CLazyLoad"]),
        .target(name: "CCrypto", dependencies: ["CLazyLoad"]),
        .target(name: "CCurl", dependencies: ["CLazyLoad"]),

        // The memory gatekeeper every allocation from user or file input asks.
        .target(name: "FLSMemory", dependencies: ["CMapGuard"]),
        // The SIGBUS guard of read-only file mappings (a file truncated under a mapping).
        .target(name: "CMapGuard"),
        // The language: no terminal, no network, no C libraries.
        .target(name: "FLS", dependencies: ["FLSMemory"], swiftSettings: fastFlags),
        // Pure file formats: bytes <-> typed buffers, no language types.
        .target(name: "FLSFormats", dependencies: ["CTurboJPEG", "CZlib", "FLSMemory"], swiftSettings: fastFlags),
        // The challenge's primitives, registered into the core's table.
        .target(name: "FLSKit", dependencies: ["FLS", "FLSFormats", "FLSMemory", "CBLAS", "CCairo", "CCurl"], swiftSettings: fastFlags),
        // Percent-format notebooks: model, runner, renderers.
        .target(name: "FLSNotebook", dependencies: ["FLS", "FLSFormats", "FLSKit"], swiftSettings: fastFlags),
        // The interactive session behind the REPL: commands, completion, display.
        .target(name: "FLSREPL", dependencies: ["FLS", "FLSKit", "FLSNotebook"], swiftSettings: fastFlags),
        // The Jupyter kernel: messaging protocol over ZeroMQ, signed with OpenSSL's HMAC.
        .target(name: "FLSJupyter", dependencies: ["FLS", "FLSFormats", "FLSKit", "FLSNotebook", "FLSREPL", "CZMQ", "CCrypto"]),
        // The leaderboard server.
        .target(name: "FLSLeaderboard", dependencies: [
            "FLSFormats",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The executable only: command line and REPL.
        .executableTarget(name: "fls", dependencies: [
            "FLS", "FLSFormats", "FLSKit", "FLSNotebook", "FLSREPL", "FLSLeaderboard", "FLSJupyter", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fastFlags, linkerSettings: [
            // The static runtime's link flags export every symbol; the Swift runtime's
            // start-up path lookup (dladdr) would then scan all of them (docs/architecture.md, "Startup").
            .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release)),
        ]),

        .testTarget(name: "CLazyLoadTests", dependencies: ["CLazyLoad"]),
        .testTarget(name: "FLSMemoryTests", dependencies: ["FLSMemory"]),
        .testTarget(name: "FLSTests", dependencies: ["FLS"]),
        .testTarget(name: "FLSFormatsTests", dependencies: ["FLSFormats"]),
        .testTarget(name: "FLSKitTests", dependencies: ["FLS", "FLSFormats", "FLSKit"]),
        .testTarget(name: "FLSNotebookTests", dependencies: ["FLSNotebook"]),
        .testTarget(name: "FLSLeaderboardTests", dependencies: [
            "FLSLeaderboard", "FLSKit",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "FLSREPLTests", dependencies: ["FLSREPL"]),
        .testTarget(name: "FLSJupyterTests", dependencies: ["FLSJupyter", "FLSFormats", "FLS"]),
        .testTarget(name: "ScriptTests", dependencies: ["FLS", "FLSKit", "FLSNotebook"]),
        .testTarget(name: "flsTests", dependencies: ["fls", "CEditLine"]),
    ],
    swiftLanguageModes: [.v5]
)

// The libFuzzer targets (docs/fuzzing.md): declared only when `make fuzz`
// builds them (FLS_FUZZ=1, with -sanitize=fuzzer,address, in .build-fuzz).
if Context.environment["FLS_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "FLSFuzz", dependencies: ["CLibFuzzer", "FLS", "FLSFormats", "FLSNotebook", "FLSLeaderboard"]),
    ]
}
