/// Runs every code cell of a notebook in order through a kernel.
public enum NotebookRunner {
    /// Runs the code cells from a fresh state and returns one result per code cell.
    ///
    /// With `stopOnError` the run ends after the first cell that fails, as a
    /// script run does; otherwise later cells still run, as in Jupyter's "run all".
    public static func runAll(_ notebook: Notebook, kernel: NotebookKernel, stopOnError: Bool = false) -> [CellResult] {
        kernel.reset()
        var results: [CellResult] = []
        for index in notebook.codeCellIndices {
            let result = kernel.run(cell: notebook.cells[index], index: index)
            results.append(result)
            if stopOnError && result.failed { break }
        }
        return results
    }
}
