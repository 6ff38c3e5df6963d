// The kit's two table files, pose.pkl and signatures.pkl: a dict of `paths`
// plus row-aligned numpy arrays. Reading them checks what the rest of a
// program relies on (keys present, shapes, lengths agreeing) once, at load
// time, with messages that name the file and the problem.

import FLS
import FLSFormats

/// Loading and validating pose and signature pickles.
enum DataTables {
    /// `{paths, keypoints, scores}`: keypoints (N, 17, 2) and scores (N, 17), dtypes as stored.
    static func pose(_ path: String) throws -> Record {
        let table = try Table(path)
        let paths = try table.paths()
        let keypoints = try table.numbers("keypoints")
        let scores = try table.numbers("scores")
        try table.expect(keypoints, "keypoints", trailing: [17, 2], form: "(N, 17, 2)")
        try table.expect(scores, "scores", trailing: [17], form: "(N, 17)")
        try table.agree(paths, [("keypoints", keypoints), ("scores", scores)])
        return Record([("paths", .array(paths)), ("keypoints", .array(keypoints)), ("scores", .array(scores))])
    }

    /// `{paths, signatures}`: signatures (M, D), dtype as stored (f32 in the kit's files).
    static func signatures(_ path: String) throws -> Record {
        let table = try Table(path)
        let paths = try table.paths()
        let signatures = try table.numbers("signatures")
        try table.expect(signatures, "signatures", trailing: nil, form: "(M, D)")
        try table.agree(paths, [("signatures", signatures)])
        return Record([("paths", .array(paths)), ("signatures", .array(signatures))])
    }

    /// One loaded table file and the checks on its entries.
    private struct Table {
        let path: String
        let root: PickleValue
        let keys: [String]

        init(_ path: String) throws {
            self.path = path
            root = try DataFile.naming(path) { try Pickle.load(path: path, packStrings: true) }
            guard case .dict(let pairs) = root else {
                throw DataFile.runtimeError(
                    path, "expected a dict of paths and arrays, found \(withArticle(root.kindName))")
            }
            keys = pairs.compactMap { if case .string(let s) = $0.0 { return s } else { return nil } }
        }

        func fail(_ message: String) -> RuntimeError {
            DataFile.runtimeError(path, message)
        }

        func entry(_ key: String) throws -> PickleValue {
            guard let v = root[key] else {
                let present = keys.isEmpty ? "no str keys" : "keys " + keys.prefix(10).joined(separator: ", ")
                throw fail("missing the key '\(key)' (the file has \(present))")
            }
            return v
        }

        /// `paths` as a str array: a list of str (the kit's form) or a numpy str array.
        func paths() throws -> NDArray {
            let v = try entry("paths")
            switch v {
            case .strings(let column):
                return NDArray(shape: [column.count], storage: .str(column))
            case .list(let items), .tuple(let items):
                var out: [String] = []
                out.reserveCapacity(items.count)
                for (i, item) in items.enumerated() {
                    guard case .string(let s) = item else {
                        throw fail("paths[\(i)] is \(withArticle(item.kindName)), expected str")
                    }
                    out.append(s)
                }
                return NDArray(shape: [out.count], storage: .str(out))
            case .array(let a) where a.elementType == .str && a.shape.count == 1:
                return PickleMapping.array(a)
            default:
                throw fail("'paths' is \(describe(v)), expected a list of str")
            }
        }

        /// A numeric numpy array under `key`.
        func numbers(_ key: String) throws -> NDArray {
            let v = try entry(key)
            guard case .array(let a) = v, a.elementType != .str, a.elementType != .bool else {
                throw fail("'\(key)' is \(describe(v)), expected a numeric numpy array")
            }
            return PickleMapping.array(a)
        }

        /// Checks the array's trailing axes (any count of rows), or that it is 2-d when `trailing` is nil.
        func expect(_ a: NDArray, _ key: String, trailing: [Int]?, form: String) throws {
            let ok: Bool
            if let trailing {
                ok = a.ndim == trailing.count + 1 && Array(a.shape.dropFirst()) == trailing
            } else {
                ok = a.ndim == 2
            }
            guard ok else { throw fail("'\(key)' has shape \(pythonShape(a.shape)), expected \(form)") }
        }

        /// Checks that every array has one row per path.
        func agree(_ paths: NDArray, _ arrays: [(String, NDArray)]) throws {
            for (key, a) in arrays where a.shape.first != paths.count {
                throw fail(
                    "\(paths.count) paths but \(a.shape.first ?? 0) rows of '\(key)'; they must have one row per path")
            }
        }

        private func describe(_ v: PickleValue) -> String {
            if case .array(let a) = v {
                return withArticle("\(a.elementType.rawValue) array of shape \(pythonShape(a.shape))")
            }
            return withArticle(v.kindName)
        }
    }
}

/// A shape as Python prints it: `(1032, 17, 2)`, `(5,)`, `()`.
func pythonShape(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// "an int", "a list": the noun with its indefinite article.
func withArticle(_ noun: String) -> String {
    guard let first = noun.first else { return noun }
    return ("aeiou".contains(first) ? "an " : "a ") + noun
}
