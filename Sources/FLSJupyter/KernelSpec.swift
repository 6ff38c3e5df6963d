// `fls kernel install`: the kernelspec Jupyter looks for, in the standard
// data folders: kernels/fls/{kernel.json, logo-32x32.png, logo-64x64.png}.

import FLSFormats
import Foundation

/// Writes the FLS kernelspec.
public enum KernelSpec {
    /// Where to install, as `jupyter kernelspec install` names the choices.
    public enum Location: Equatable {
        /// The user's Jupyter data folder (`jupyter --data-dir`).
        case user
        /// `PREFIX/share/jupyter` (a virtual environment, a conda env, /usr/local).
        case prefix(String)
        /// The active Python environment's prefix (`VIRTUAL_ENV`, `CONDA_PREFIX`, or `sys.prefix` of `python3`).
        case sysPrefix
    }

    /// The kernel.json for an `fls` executable at `executable` (an absolute path).
    public static func kernelJSON(executable: String) -> JSONValue {
        .object([
            ("argv", .array([.string(executable), .string("kernel"), .string("-f"), .string("{connection_file}")])),
            ("display_name", .string("FLS")),
            ("language", .string("fls")),
            ("interrupt_mode", .string("signal")),
            ("metadata", .object([("debugger", .bool(false))])),
        ])
    }

    /// The Jupyter data folder (the one holding `kernels/`) for a location.
    public static func dataDirectory(
        _ location: Location, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String {
        switch location {
        case .user:
            if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { return dir }
            guard let home = environment["HOME"], !home.isEmpty else {
                throw KernelError("HOME is not set; use --prefix DIR")
            }
            #if os(macOS)
            return home + "/Library/Jupyter"
            #else
            if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/jupyter" }
            return home + "/.local/share/jupyter"
            #endif
        case .prefix(let prefix):
            guard !prefix.isEmpty else { throw KernelError("--prefix needs a folder") }
            return absolute(prefix) + "/share/jupyter"
        case .sysPrefix:
            if let env = environment["VIRTUAL_ENV"], !env.isEmpty { return env + "/share/jupyter" }
            if let env = environment["CONDA_PREFIX"], !env.isEmpty { return env + "/share/jupyter" }
            guard let prefix = pythonPrefix() else {
                throw KernelError(
                    "--sys-prefix: no active Python environment and no python3 to ask; use --user or --prefix DIR")
            }
            return prefix + "/share/jupyter"
        }
    }

    /// Installs the kernelspec for `executable`; returns the folder written.
    @discardableResult
    public static func install(executable: String, location: Location) throws -> String {
        let folder = try dataDirectory(location) + "/kernels/fls"
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let json = JSON.serialize(kernelJSON(executable: executable), pretty: true) + "\n"
            try Data(json.utf8).write(to: URL(fileURLWithPath: folder + "/kernel.json"))
            for size in [32, 64] {
                try Data(try KernelLogo.png(size: size)).write(
                    to: URL(fileURLWithPath: folder + "/logo-\(size)x\(size).png"))
            }
        } catch let error as KernelError {
            throw error
        } catch {
            throw KernelError("cannot write the kernelspec to \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `sys.prefix` of the first python3 on PATH.
    static func pythonPrefix() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
