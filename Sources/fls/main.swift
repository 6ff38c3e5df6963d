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
let isSubcommand = FLSCommand.subcommandNames.contains(first)
// `fls FILE.fls` and `fls run FILE.fls`, the commonest runs, have no options to
// parse: they skip swift-argument-parser, whose reflection over the command
// types costs more than starting a small script (docs/architecture.md, "Startup").
var plainRunFile: String? = nil
if !isSubcommand && arguments.count == 1 {
    plainRunFile = first
} else if first == "run" && arguments.count == 2 {
    plainRunFile = arguments[1]
}
if let file = plainRunFile, !file.hasPrefix("-") {
    let status = Runner.runFile(file, cell: nil, until: nil)
    fflush(stdout)
    exit(status)
}
if !isSubcommand && !first.hasPrefix("-") {
    // `fls FILE.fls [--cell N]` is `fls run FILE.fls`.
    FLSCommand.main(["run"] + arguments)
}
FLSCommand.main(arguments)
