// Where a notebook's data, outputs and submissions live, found from the
// notebook's own folder rather than the current folder, so that
// `cd Notebooks && fls 02_baseline.fls` and `fls ~/faceless/Notebooks/02_baseline.fls`
// from anywhere find the same files.
//
// The project folder is the nearest folder, from the program's folder
// upward, that holds a `sample-data`, `Notebooks` or `.git` entry; failing
// that, the program's folder itself. Data is looked for in the program's
// folder, then in each folder above it, then in the current folder; outputs go to `<project>/output`
// and saved submissions to `<project>/submissions`.

import FLS

#if canImport(Glibc)
import Glibc
#endif

/// Finds the data, output and submission folders of a program.
public enum ProjectFolders {
    /// The kit's files and what reads them, for messages and docs.
    static let kitFiles = "images.tar, pose.pkl, signatures.pkl; eval_signatures.pkl and eval_pose.pkl to submit"

    /// `path` made absolute and free of `.`/`..` (lexically when it does not exist).
    static func absolute(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        if path.hasPrefix("/") { return path }
        return currentDirectory() + "/" + path
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        return getcwd(&buffer, buffer.count) != nil ? String(cString: buffer) : "."
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `start` and every folder above it, nearest first.
    static func ancestors(of start: String) -> [String] {
        var out: [String] = []
        var current = absolute(start)
        while true {
            out.append(current)
            guard current != "/", let slash = current.lastIndex(of: "/") else { break }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
        return out
    }

    /// The project folder of a program whose folder is `directory`.
    public static func project(from directory: String) -> String {
        for folder in ancestors(of: directory) {
            for marker in ["sample-data", "Notebooks", ".git"] where exists(join(folder, marker)) {
                return folder
            }
        }
        return absolute(directory)
    }

    static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        return a == "/" ? "/" + b : a + "/" + b
    }

    /// A path as the user would like to read it: relative to the current folder when inside it.
    static func display(_ path: String) -> String {
        let cwd = currentDirectory()
        if path == cwd { return "." }
        if cwd != "/", path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// The data folder: `$FLS_DATA` when set (checked), else the first of
    /// `<folder>/<fallback>` for the program's folder and each folder above it
    /// that holds every file in `needs`. Errors say what is missing and how to make it.
    public static func dataFolder(from directory: String, fallback: String, needs: [String]) throws -> String {
        if let given = environment("FLS_DATA") {
            let path = absolute(given)
            guard isDirectory(path) else {
                throw RuntimeError(
                    "FLS_DATA is \(given), which is not a folder",
                    hint: "set FLS_DATA to the folder holding the kit's files (\(kitFiles))")
            }
            let missing = needs.filter { !exists(join(path, $0)) }
            guard missing.isEmpty else {
                throw RuntimeError(
                    "FLS_DATA is \(given), but it has no \(missing.joined(separator: ", "))",
                    hint:
                        "this notebook needs \(needs.joined(separator: ", ")) in that folder; unset FLS_DATA to use the sample data"
                )
            }
            return display(path)
        }
        var looked: [String] = []
        // The program's folder and those above it; last, the current folder (the REPL's, or a script's user).
        var folders = ancestors(of: directory)
        let cwd = currentDirectory()
        if !folders.contains(cwd) { folders.append(cwd) }
        for folder in folders {
            let candidate = join(folder, fallback)
            looked.append(display(candidate))
            if isDirectory(candidate) && needs.allSatisfy({ exists(join(candidate, $0)) }) {
                return display(absolute(candidate))
            }
            if fallback.hasPrefix("/") { break }
        }
        let target = display(join(project(from: directory), fallback))
        let shown = looked.prefix(3).joined(separator: ", ") + (looked.count > 3 ? ", ..." : "")
        throw RuntimeError(
            "no data found: looked for \(fallback)\(needs.isEmpty ? "" : " with " + needs.joined(separator: ", ")) in \(shown)",
            hint:
                "make sample data with `fls sample-data \(target)`, or set FLS_DATA to the folder with the kit's files (\(kitFiles))"
        )
    }

    /// `$FLS_OUTPUT`, or `<project>/output`, created when missing; `sub` names a folder inside it.
    public static func outputFolder(from directory: String, sub: String = "") throws -> String {
        let base = environment("FLS_OUTPUT").map(absolute) ?? join(project(from: directory), "output")
        let path = sub.isEmpty ? base : join(base, sub)
        try makeFolder(path)
        return display(path)
    }

    /// `$FLS_SUBMISSIONS`, or `<project>/submissions`, created when missing.
    public static func submissionsFolder(from directory: String) throws -> String {
        let path = environment("FLS_SUBMISSIONS").map(absolute) ?? join(project(from: directory), "submissions")
        try makeFolder(path)
        return display(path)
    }

    /// Creates `path` and its parents; an error when something else is in the way.
    static func makeFolder(_ path: String) throws {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if isDirectory(current) { continue }
            if mkdir(current, 0o755) != 0 && !isDirectory(current) {
                throw RuntimeError("cannot create the folder \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}
