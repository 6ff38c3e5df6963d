// `fls kernel -f CONNECTION_FILE` (what Jupyter runs) and
// `fls kernel install [--user | --prefix DIR | --sys-prefix]`.

import ArgumentParser
import FLSJupyter

#if canImport(Glibc)
import Glibc
#endif

struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run FLS as a Jupyter kernel (Jupyter starts it), or install its kernelspec.",
        discussion: """
            fls kernel install     register FLS with JupyterLab, VS Code, nbclient
            fls kernel -f FILE     serve a connection file (Jupyter runs this)
            """,
        subcommands: [KernelInstall.self]
    )

    @Option(name: [.customShort("f"), .customLong("connection-file")], help: "The connection file Jupyter wrote.")
    var connectionFile: String?

    func run() throws {
        guard let connectionFile else {
            throw ValidationError(
                "fls kernel needs -f CONNECTION_FILE (Jupyter passes it); to install the kernel, run fls kernel install"
            )
        }
        do {
            let info = try ConnectionInfo(path: connectionFile)
            var cwd = [CChar](repeating: 0, count: 4096)
            let directory = getcwd(&cwd, 4096) != nil ? String(cString: cwd) : "."
            let server = try KernelServer(connection: info, directory: directory, version: flsVersion) { line in
                fputs(line + "\n", stderr)
            }
            let status = server.run()
            if status != 0 { throw ExitCode(status) }
        } catch let error as KernelError {
            fputs("fls kernel: \(error.description)\n", stderr)
            throw ExitCode(1)
        }
    }
}

struct KernelInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the FLS kernelspec (kernel.json and logos) where Jupyter finds it.")

    @Flag(help: "Into your Jupyter data folder (the default).") var user = false
    @Option(help: "Into PREFIX/share/jupyter (a virtualenv, a conda env, /usr/local).") var prefix: String?
    @Flag(
        name: .customLong("sys-prefix"),
        help: "Into the active Python environment (VIRTUAL_ENV, CONDA_PREFIX or python3's sys.prefix).")
    var sysPrefix = false

    func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --prefix DIR and --sys-prefix")
        }
    }

    func run() throws {
        let location: KernelSpec.Location = prefix.map { .prefix($0) } ?? (sysPrefix ? .sysPrefix : .user)
        guard let executable = executablePath() else {
            fputs("fls kernel install: cannot find the path of this fls executable\n", stderr)
            throw ExitCode(1)
        }
        do {
            let folder = try KernelSpec.install(executable: executable, location: location)
            print("installed the FLS kernel in \(folder)")
            print("pick \"FLS\" as the kernel in JupyterLab or VS Code, or run: jupyter lab")
        } catch let error as KernelError {
            fputs("fls kernel install: \(error.description)\n", stderr)
            throw ExitCode(1)
        }
    }

    /// The absolute path of the running executable, symlinks resolved.
    func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        let argument = CommandLine.arguments[0]
        guard argument.contains("/"), let resolved = realpath(argument, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
