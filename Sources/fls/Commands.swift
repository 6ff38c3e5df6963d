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
            fls help [NAME]          subcommands and primitives; fls help SUBCOMMAND for one
            """,
        version: flsVersion,
        subcommands: [
            Run.self, Step.self, Watch.self, Render.self, SampleDataCommand.self, Leaderboard.self, Kernel.self,
            Help.self,
        ]
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
        commandName: "run",
        abstract: "Run a script or a notebook (cells marked with # %%).")

    @Argument(help: "The .fls file to run ('-' for stdin).") var file: String
    @Option(help: "Run code cell N (In [N] in fls step and fls render) after the cells it depends on.") var cell: Int?
    @Option(help: "Run code cells 1 to N.") var until: Int?

    func run() throws {
        if let cell, cell < 1 { throw ValidationError("--cell counts from 1") }
        if let until, until < 1 { throw ValidationError("--until counts from 1") }
        let status = Runner.runFile(file, cell: cell, until: until)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Step: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Teaching mode: show and run a notebook one cell at a time.")

    @Argument(help: "The notebook to step through.") var file: String
    @Option(help: "Start at the section whose heading contains this text (the cells before it run silently).")
    var section: String?

    func run() throws {
        let status = Runner.step(file, section: section)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep a session open and re-run the cells a save changes, and those that depend on them.",
        discussion: """
            Each save re-runs the code cells whose text changed and every cell that reads
            what they define (see docs/notebooks.md for the rules); the others are skipped
            and keep their values. A syntax error is shown and nothing runs until it is fixed.
            """)

    @Argument(help: "The notebook to watch.") var file: String
    @Option(help: "Also keep this HTML page up to date.") var render: String?

    func run() throws {
        if let render, !render.lowercased().hasSuffix(".html") {
            throw ValidationError("--render writes HTML: give a file ending in .html")
        }
        let status = Runner.watch(file, render: render)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
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
        commandName: "help",
        abstract: "Show a subcommand's help, a family of primitives, or one primitive's documentation.",
        discussion: """
            fls help                 the subcommands and the families of primitives
            fls help step            one subcommand's options (fls help leaderboard serve too)
            fls help Data            one family's primitives with their summaries
            fls help cosine          one primitive's documentation and examples
            fls help --all           every primitive with its summary
            """)

    @Argument(help: "A subcommand, a family of primitives or a primitive's name.") var words: [String] = []
    @Flag(help: "List every primitive with its summary.") var all = false
    @Flag(help: "Print docs/primitives.md (every primitive, as Markdown).") var markdown = false

    func run() throws {
        let table = Session.table
        if markdown {
            print(HelpText.markdown(table), terminator: "")
            return
        }
        if all {
            print(HelpText.overview(table), terminator: "")
            return
        }
        guard let name = words.first else {
            print(Help.overview(), terminator: "")
            return
        }
        if let command = Help.subcommand(words) {
            print(FLSCommand.helpMessage(for: command, columns: Int(terminalColumns())))
            return
        }
        if words.count == 1, let family = HelpText.familyName(name, in: table) {
            print(HelpText.family(family, in: table), terminator: "")
            return
        }
        guard words.count == 1, let p = table[name] else {
            var message = "fls help: no subcommand, family or primitive named '\(words.joined(separator: " "))'"
            let candidates = table.names + Help.subcommandNames
            if let best = closestName(name, candidates) { message += "; did you mean '\(best)'?" }
            fputs(message + "\n", stderr)
            throw ExitCode(2)
        }
        print(HelpText.render(p), terminator: "")
    }

    static var subcommandNames: [String] {
        FLSCommand.configuration.subcommands.map { $0._commandName }
    }

    /// The subcommand named by `words` (`["leaderboard", "serve"]` goes one level down), or nil.
    static func subcommand(_ words: [String]) -> ParsableCommand.Type? {
        var commands = FLSCommand.configuration.subcommands
        var found: ParsableCommand.Type? = nil
        for word in words {
            guard let next = commands.first(where: { $0._commandName == word }) else { return nil }
            found = next
            commands = next.configuration.subcommands
        }
        return found
    }

    /// `fls help`: what the program does, its subcommands, and the families of primitives.
    static func overview() -> String {
        var out = """
            FLS: an array language for exploring person recognition without faces.

            Usage:
              fls                      open the interactive REPL
              fls FILE.fls             run a script or a notebook (same as fls run)

            Subcommands (fls help SUBCOMMAND for options):

            """
        for command in FLSCommand.configuration.subcommands {
            out +=
                "  " + command._commandName
                + String(repeating: " ", count: max(1, 13 - command._commandName.count))
                + command.configuration.abstract + "\n"
        }
        out += "\nPrimitives by family (fls help FAMILY or fls help NAME; fls help --all lists them all):\n"
        out += HelpText.familyIndex(Session.table)
        return out
    }
}
