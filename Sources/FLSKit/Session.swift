// How every front end (CLI, REPL, notebook runner, tests) gets an
// interpreter with the whole product installed: the core primitives, the
// challenge's primitives and the Stdlib modules shipped in the binary.

import FLS

/// Builds interpreters with FLSKit installed.
public enum Session {
    /// The registry with every primitive, the core's and FLSKit's, built once
    /// and never changed. Each session gets a copy (storage is shared until
    /// a session registers more), so sessions cannot change each other's.
    nonisolated(unsafe) public static let table: PrimitiveTable = {
        var table = PrimitiveTable.core
        Kit.install(into: &table)
        return table
    }()

    /// A new interpreter, with its own copy of `table`, whose relative paths resolve from `directory`.
    public static func makeInterpreter(host: Host, directory: String = ".") -> Interpreter {
        let interpreter = Interpreter(host: host, table: table, directory: directory)
        interpreter.builtinModules = StdlibSources.modules
        return interpreter
    }
}
