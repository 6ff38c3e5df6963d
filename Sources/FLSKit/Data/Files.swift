// Everyday file formats: numpy's .npy and .npz, CSV and JSON.

import FLS
import FLSFormats

extension Kit {
    /// load_npy, save_npy, load_npz, save_npz, load_csv, save_csv, load_json, save_json.
    static var files: [Primitive] {
        [loadNpy, saveNpy, loadNpz, saveNpz, loadCsv, saveCsv, loadJson, saveJson]
    }

    static var loadNpy: Primitive {
        Primitive(
            "load_npy", family: "Data", params: [Param("path")],
            summary: "Read a numpy .npy file into an array.",
            doc:
                "Versions 1-3, both byte orders, C and Fortran order. Dtypes outside FLS's six are widened so every value is exact (i8/i16/u16 -> i32, u32 -> i64, f16 -> f32); a u64 beyond i64 is an error.",
            examples: [
                Example("save_npy(\"m.npy\", [[1, 2], [3, 4]])\nload_npy(\"m.npy\")", "i64[2,2]\n[[1 2]\n [3 4]]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            return .array(PickleMapping.array(try DataFile.naming(path) { try NPY.read(path: path) }))
        }
    }

    static var saveNpy: Primitive {
        Primitive(
            "save_npy", family: "Data", params: [Param("path"), Param("value")],
            summary: "Write an array as a numpy .npy file (numpy reads it with np.load).",
            doc: "Dtypes map to numpy's: bool, uint8, int32, int64, float32, float64, and str as fixed-width unicode.",
            examples: [
                Example("save_npy(\"x.npy\", astype([1.5, 2], \"f32\"))\nload_npy(\"x.npy\")", "f32[2] [1.5 2. ]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            let a = try args.array(1)
            try DataFile.naming(path) { try NPY.write(PickleMapping.typedArray(a), path: path) }
            return .null
        }
    }

    static var loadNpz: Primitive {
        Primitive(
            "load_npz", family: "Data", params: [Param("path")],
            summary: "Read a numpy .npz archive (stored or deflated) into a record of arrays.",
            doc: "Field names are the member names without `.npy`, in archive order.",
            examples: [Example("save_npz(\"d.npz\", {a: [1, 2], b: [0.5]})\nload_npz(\"d.npz\").a", "i64[2] [1 2]")]
        ) { args, _ in
            let path = try args.string(0)
            let members = try DataFile.naming(path) { try NPZ.read(path: path) }
            return .record(Record(members.map { ($0.name, .array(PickleMapping.array($0.array))) }))
        }
    }

    static var saveNpz: Primitive {
        Primitive(
            "save_npz", family: "Data", params: [Param("path"), Param("arrays"), Param("compressed", .bool(true))],
            summary: "Write a record of arrays as a numpy .npz archive (np.load reads it).",
            doc: "`compressed=true` deflates the members like np.savez_compressed; `false` stores them like np.savez.",
            examples: [
                Example(
                    "save_npz(\"e.npz\", {ids: [3, 1]}, compressed=false)\nkeys(load_npz(\"e.npz\"))", "str[1] ['ids']")
            ]
        ) { args, _ in
            let path = try args.string(0)
            let record = try args.record(1)
            var members: [(name: String, array: TypedArray)] = []
            for (name, value) in record.pairs {
                guard let a = try value.asArray() else {
                    throw RuntimeError("save_npz: field '\(name)' is \(value.kindName), not an array")
                }
                members.append((name, PickleMapping.typedArray(a)))
            }
            let compressed = try args.bool(2)
            try DataFile.naming(path) { try NPZ.write(members, path: path, compressed: compressed) }
            return .null
        }
    }

    static var loadCsv: Primitive {
        Primitive(
            "load_csv", family: "Data", params: [Param("path")],
            summary: "Read a CSV file with a header row into a record of typed columns.",
            doc:
                "Each column is typed from its cells: all integers give i64, numbers give f64 (empty cells become nan), true/false give bool, anything else str. Quoted fields follow RFC 4180.",
            examples: [
                Example(
                    "save_csv(\"t.csv\", {name: [\"a\", \"b\"], score: [1.5, 2]})\nload_csv(\"t.csv\").score",
                    "f64[2] [1.5 2. ]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            let columns = try DataFile.naming(path) { try CSV.read(path: path) }
            return .record(Record(columns.map { ($0.name, .array(PickleMapping.array($0.column))) }))
        }
    }

    static var saveCsv: Primitive {
        Primitive(
            "save_csv", family: "Data", params: [Param("path"), Param("columns")],
            summary: "Write a record of equal-length 1-d arrays as a CSV file with a header row.",
            doc:
                "Floats are written with the shortest text that reads back to the same value; strings are quoted when needed.",
            examples: [
                Example(
                    "save_csv(\"r.csv\", {id: [1, 2], ok: [true, false]})\nload_csv(\"r.csv\").ok",
                    "bool[2] [ true false]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            let record = try args.record(1)
            var columns: [(name: String, column: TypedArray)] = []
            var length: Int? = nil
            for (name, value) in record.pairs {
                guard let a = try value.asArray(), a.ndim == 1 else {
                    throw RuntimeError("save_csv: column '\(name)' must be a 1-d array, got \(value.kindName)")
                }
                if let length, length != a.count {
                    throw RuntimeError(
                        "save_csv: column '\(name)' has \(a.count) values but the first column has \(length)")
                }
                length = a.count
                columns.append((name, PickleMapping.typedArray(a)))
            }
            try DataFile.naming(path) { try CSV.write(columns: columns, path: path) }
            return .null
        }
    }

    static var loadJson: Primitive {
        Primitive(
            "load_json", family: "Data", params: [Param("path")],
            summary: "Read a JSON file: objects become records, lists of numbers or strings become arrays.",
            doc:
                "Key order is kept. Nested lists of equal length stack into n-d arrays; lists mixing kinds stay lists; null becomes null.",
            examples: [
                Example(
                    "save_json(\"c.json\", {team: \"owls\", scores: [1, 2]})\nload_json(\"c.json\").scores",
                    "i64[2] [1 2]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            return try jsonValue(try DataFile.naming(path) { try JSON.parse(path: path) })
        }
    }

    static var saveJson: Primitive {
        Primitive(
            "save_json", family: "Data", params: [Param("path"), Param("value"), Param("pretty", .bool(true))],
            summary: "Write a value as JSON: records as objects, arrays and lists as (nested) lists.",
            doc: "Non-finite floats (nan, inf) are written as null, since JSON has no such numbers.",
            examples: [Example("save_json(\"s.json\", {ok: true, n: [1, 2]})\nload_json(\"s.json\").ok", "true")]
        ) { args, _ in
            let path = try args.string(0)
            let json = try jsonOf(args[1], depth: 0)
            let pretty = try args.bool(2)
            try DataFile.naming(path) { try JSON.write(json, path: path, pretty: pretty) }
            return .null
        }
    }

    /// The JSON of a 0-d array (one element).
    static func scalarJSON(_ a: NDArray) -> JSONValue {
        switch a.storage {
        case .bool(let x): return x.first.map { .bool($0) } ?? .null
        case .u8(let x): return x.first.map { .int(Int64($0)) } ?? .null
        case .i32(let x): return x.first.map { .int(Int64($0)) } ?? .null
        case .i64(let x): return x.first.map { .int($0) } ?? .null
        case .f32(let x): return x.first.map { .number(Double($0)) } ?? .null
        case .f64(let x): return x.first.map { .number($0) } ?? .null
        case .str(let x): return x.first.map { .string($0) } ?? .null
        }
    }

    static func jsonValue(_ j: JSONValue) throws -> Value {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .number(let x): return .float(x)
        case .string(let s): return .string(s)
        case .object(let pairs): return .record(Record(try pairs.map { ($0.0, try jsonValue($0.1)) }))
        case .array(let items):
            let values = try items.map(jsonValue)
            let plain =
                !values.isEmpty
                && values.allSatisfy {
                    switch $0 {
                    case .int, .float, .bool, .string, .array: return true
                    default: return false
                    }
                }
            if plain, let stacked = try? stackLiteral(values) { return stacked }
            return .list(values)
        }
    }

    static func jsonOf(_ v: Value, depth: Int) throws -> JSONValue {
        if depth > 500 { throw RuntimeError("save_json: the value is nested too deeply") }
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let x): return .number(x)
        case .string(let s): return .string(s)
        case .list(let xs): return .array(try xs.map { try jsonOf($0, depth: depth + 1) })
        case .record(let r): return .object(try r.pairs.map { ($0.0, try jsonOf($0.1, depth: depth + 1)) })
        case .array(let a):
            if a.ndim == 0 { return scalarJSON(a) }
            // Every element becomes a JSON value and then text: far more than
            // its bytes in the array, so the gatekeeper is asked for it.
            try Limits.checkItems(a.count, bytesEach: 64, what: "JSON values")
            return .array(
                try a.rows().map { row in
                    if case .array(let r) = row, r.ndim == 0 { return scalarJSON(r) }
                    return try jsonOf(row, depth: depth + 1)
                })
        case .function, .handle:
            throw RuntimeError("save_json: \(v.kindName) cannot be written as JSON")
        }
    }
}
