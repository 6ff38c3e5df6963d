// Fitted models are plain records: `model` names the kind, the other fields
// are the fitted arrays (readable, printable, savable with save_pickle).
// `transform`, `predict_scores` and `predict` read them back here.

import FLS

/// Reading a fitted model record back.
struct ModelRecord {
    let kind: String
    let record: Record
    let primitive: String

    init(_ args: Arguments, _ i: Int) throws {
        primitive = args.primitive.name
        guard case .record(let r) = args.values[i], let k = r["model"]?.asString() else {
            throw RuntimeError(
                "\(args.primitive.name): argument '\(args.primitive.params[i].name)' must be a fitted model "
                    + "(the record a fit_ primitive returns), got \(args.values[i].kindName)",
                hint: "fit first, e.g. m = fit_lda(x, labels), then \(args.primitive.name)(m, new_rows)")
        }
        kind = k
        record = r
    }

    func field(_ name: String) throws -> NDArray {
        guard let v = record[name], let a = try v.asArray(), a.dtype != .str || name == "classes" else {
            throw RuntimeError(
                "\(primitive): the \(kind) model has no numeric field '\(name)'",
                hint: "pass the record the fit_ primitive returned, unchanged")
        }
        return a
    }

    func vector(_ name: String) throws -> [Double] { try field(name).storage.doubles }

    func matrix(_ name: String) throws -> Matrix {
        let a = try field(name)
        guard a.ndim == 2 else { throw RuntimeError("\(primitive): the \(kind) model's '\(name)' must be 2-d") }
        return Matrix(rows: a.shape[0], cols: a.shape[1], values: a.storage.doubles)
    }

    func flag(_ name: String) -> Bool {
        if case .bool(let b)? = record[name] { return b }
        return false
    }

    /// Checks that new rows have as many columns as the model was fitted on.
    func check(_ x: Matrix, features: Int) throws {
        guard x.cols == features else {
            throw RuntimeError(
                "\(primitive): the \(kind) model was fitted on \(features) columns, the new rows have \(x.cols)",
                hint: "apply a model to rows made the same way as its training rows")
        }
    }
}

/// Class labels of training rows: sorted unique values and each row's code.
struct ClassLabels {
    let classes: NDArray
    let codes: [Int]
    let count: Int

    init(_ args: Arguments, _ i: Int, rows: Int) throws {
        let name = args.primitive.name
        let a = try args.array(i)
        guard a.ndim == 1, a.shape[0] == rows else {
            throw RuntimeError(
                "\(name): argument '\(args.primitive.params[i].name)' must be one label per row of x "
                    + "(\(rows)), got shape \(formatShape(a.shape))")
        }
        if case .f32 = a.storage { throw RuntimeError("\(name): labels must be integers or strings, got f32") }
        if case .f64 = a.storage { throw RuntimeError("\(name): labels must be integers or strings, got f64") }
        let keys = try GroupKeys(a, primitive: name, param: args.primitive.params[i].name)
        codes = keys.codes
        count = keys.groupCount
        classes = NDArray(shape: [keys.groupCount], storage: keys.values)
        guard count >= 2 else { throw RuntimeError("\(name): needs at least two classes, got \(count)") }
    }
}

extension Matrix {
    /// Each row plus `b` (broadcast over rows).
    func plusRow(_ b: [Double]) -> Matrix {
        var out = self
        for i in 0..<rows { for j in 0..<cols { out[i, j] += b[j] } }
        return out
    }

    /// The first `k` columns.
    func leftColumns(_ k: Int) -> Matrix {
        var out = Matrix(zeros: rows, k)
        for i in 0..<rows { for j in 0..<k { out[i, j] = self[i, j] } }
        return out
    }
}
