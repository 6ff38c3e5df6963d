// `data_folder` and `output_folder`: the notebooks' way to find their data
// and to keep what they write out of it.

import FLS

extension ProjectFolders {
    static var primitives: [Primitive] { [dataFolderPrimitive, outputFolderPrimitive] }

    /// The folder of the program being run (the notebook's), or the current folder.
    static func programDirectory(_ ctx: CallContext) -> String {
        (ctx as? Interpreter)?.directory ?? "."
    }

    static var dataFolderPrimitive: Primitive {
        Primitive(
            "data_folder", family: "Data",
            params: [Param("needs", .list([])), Param("fallback", .string("sample-data/tiny"))],
            summary:
                "The folder with the challenge's files: $FLS_DATA, or the sample data found from the notebook's folder.",
            doc: """
                When `FLS_DATA` is set, it is the answer (an error if it lacks a file named in `needs`). \
                Otherwise `fallback` is looked for in the notebook's (or script's) own folder, then in each \
                folder above it, so a notebook finds the project's `sample-data/tiny` from wherever it is run, \
                and last in the current folder; the first that holds every file in `needs` wins. When none does, the error says how to make \
                the data (`fls sample-data ...`). The path is relative to the current folder when inside it.
                """,
            // The answer depends on the folders around the program: Tests/flsTests/SessionCommandTests.
            examples: []
        ) { args, ctx in
            let needs = try args.list(0).map { item -> String in
                guard case .string(let s) = item else {
                    throw RuntimeError("data_folder: 'needs' must be a list of file names, like [\"signatures.pkl\"]")
                }
                return s
            }
            let fallback = try args.string(1)
            return .string(try dataFolder(from: programDirectory(ctx), fallback: fallback, needs: needs))
        }
    }

    static var outputFolderPrimitive: Primitive {
        Primitive(
            "output_folder", family: "Data",
            params: [Param("name", .string(""))],
            summary: "A folder for what a notebook writes: $FLS_OUTPUT or the project's output/, created if missing.",
            doc: """
                Pictures, projector files and other results go here, never into the data folder. The \
                project is the nearest folder, from the notebook's upward, holding `sample-data`, \
                `Notebooks` or `.git`. `name` gives a folder inside it (`output_folder("tsne")`).
                """,
            // The answer depends on the folders around the program: Tests/FLSKitTests/ProjectFoldersTests.
            examples: []
        ) { args, ctx in
            let name = try args.string(0)
            return .string(try outputFolder(from: programDirectory(ctx), sub: name))
        }
    }
}
