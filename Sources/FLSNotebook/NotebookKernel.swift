/// The interpreter side of a notebook, implemented by the front end that owns the language.
///
/// One kernel holds one program state; cells run in it one after another and
/// see each other's variables.
public protocol NotebookKernel: AnyObject {
    /// Runs one code cell in the current state and returns everything it produced.
    func run(cell: NotebookCell, index: Int) -> CellResult
    /// Drops all state, as if no cell had run.
    func reset()
    /// Hands the terminal to an interactive prompt on the current state; returns when the user leaves it.
    func openREPL()
}
