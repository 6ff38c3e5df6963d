// The subcommands. Each is a thin shell over a library call, so everything
// it does can be tested without the executable.

import ArgumentParser
import FLS
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

let flsVersion = "0.1.0"

struct FLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fls",
        abstract: "FLS: an array language for exploring person recognition without faces.",
        discussion: """
            fls                      open the interactive REPL
            fls FILE.fls             run a script or a notebook (same as fls run)
            fls help [NAME]          list primitives or show one
            """,
        version: flsVersion,
        subcommands: [Run.self, Step.self, Render.self, SampleDataCommand.self, Leaderboard.self, Kernel.self, Help.self]
    )

    static var subcommandNames: Set<String> {
        Set(configuration.subcommands.map { $0._commandName } + ["--help", "-h"])
    }

    /// Parses and runs, exiting 0 on success, 1 on a program error, 2 on bad usage.
    static func main(_ arguments: [String]) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            fflush(stdout)
            Glibc.exit(0)
        } catch let code as ExitCode {
            fflush(stdout)
            Glibc.exit(code.rawValue)
        } catch {
            fflush(stdout)
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Glibc.exit(0)
            }
            fputs(message + "\n", stderr)
            Glibc.exit(2)
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script or a notebook (cells marked with # %%).")

    @Argument(help: "The .fls file to run ('-' for stdin).") var file: String
    @Option(help: "Run only this cell (1-based).") var cell: Int?
    @Option(help: "Run cells 1 to N.") var until: Int?

    func run() throws {
        if let cell, cell < 1 { throw ValidationError("--cell counts from 1") }
        if let until, until < 1 { throw ValidationError("--until counts from 1") }
        let status = Runner.runFile(file, cell: cell, until: until)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Step: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Teaching mode: show and run a notebook one cell at a time.")

    @Argument(help: "The notebook to step through.") var file: String

    func run() throws {
        let status = Runner.step(file)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a notebook and write it with its outputs as HTML, Markdown or ipynb.")

    @Argument(help: "The notebook to render.") var file: String
    @Option(name: .shortAndLong, help: "Output file: .html, .md or .ipynb.") var output: String

    func run() throws {
        let lower = output.lowercased()
        guard lower.hasSuffix(".html") || lower.hasSuffix(".md") || lower.hasSuffix(".ipynb") else {
            throw ValidationError("the output must end in .html, .md or .ipynb")
        }
        let status = Runner.render(file, output: output)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Help: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the primitives, or show one primitive's documentation.")

    @Argument(help: "A primitive's name.") var name: String?
    @Flag(help: "Print docs/primitives.md (every primitive, as Markdown).") var markdown = false

    func run() throws {
        let table = Session.table
        if markdown {
            print(HelpText.markdown(table), terminator: "")
            return
        }
        guard let name else {
            print(HelpText.overview(table), terminator: "")
            return
        }
        guard let p = table[name] else {
            var message = "fls help: no primitive named '\(name)'"
            if let best = closestName(name, table.names) { message += "; did you mean '\(best)'?" }
            fputs(message + "\n", stderr)
            throw ExitCode(2)
        }
        print(HelpText.render(p), terminator: "")
    }
}
