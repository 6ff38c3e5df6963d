// fls: the FLS command line. `fls` alone opens the REPL (or runs a program
// piped on stdin); `fls FILE.fls` runs a script or notebook; everything else
// is a subcommand parsed by swift-argument-parser.
//
// Exit status: 0 success, 1 an error in the program, 2 bad usage.

import ArgumentParser
import FLS
import FLSFormats
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

setvbuf(stdout, nil, _IOFBF, 1 << 16)
// Tar index caches are written in the background by load_tar; every exit
// path waits for them, so the next run reopens the tar from its cache.
atexit { TarArchive.finishCacheWrites() }
let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.isEmpty {
    if isatty(0) == 1 {
        exit(REPL.start())
    }
    exit(Runner.runStandardInput())
}

let first = arguments[0]
if first == "--version" || first == "-V" {
    print("fls \(flsVersion)")
    exit(0)
}
if !FLSCommand.subcommandNames.contains(first) && !first.hasPrefix("-") {
    // `fls FILE.fls [--cell N]` is `fls run FILE.fls`.
    FLSCommand.main(["run"] + arguments)
}
FLSCommand.main(arguments)
