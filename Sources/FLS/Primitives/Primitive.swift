// One entry of the registry: everything about a built-in in one place. The
// REPL's help and completion, docs/primitives.md and the examples test all
// read these entries and nothing else.

/// A parameter of a primitive.
public struct Param {
    /// Keyword name (part of the language contract).
    public let name: String
    /// Default value; nil when the argument is required.
    public let defaultValue: Value?
    /// Collects all remaining positional arguments as a list (`print(a, b, c)`).
    public let variadic: Bool
    /// The primitive reads this argument's rows through `Arguments.rowSource`,
    /// so a positional argument written `x[rows]` (rows an integer array or
    /// a boolean mask) is passed as the array and the row numbers instead of
    /// a gathered copy. Same result, without copying the selected rows.
    public let selectsRows: Bool

    public init(_ name: String, _ defaultValue: Value? = nil, variadic: Bool = false, selectsRows: Bool = false) {
        self.name = name
        self.defaultValue = defaultValue
        self.variadic = variadic
        self.selectsRows = selectsRows
    }

    /// A parameter that collects the remaining positional arguments.
    public static func rest(_ name: String) -> Param { Param(name, .list([]), variadic: true) }
}

/// An example in a primitive's documentation, with the exact text it shows.
public struct Example {
    /// FLS code; its last expression is displayed (or printed output captured).
    public let code: String
    /// What running it shows: printed output, then the displayed value.
    public let output: String

    public init(_ code: String, _ output: String) {
        self.code = code
        self.output = output
    }
}

/// A built-in function or constant. A class: a call reads its primitive
/// out of a function value, which for a struct copied (and retained) each field.
public final class Primitive {
    public typealias Implementation = (inout Arguments, CallContext) throws -> Value

    public let name: String
    /// The family heading in docs (`"Numbers"`, `"Data"`).
    public let family: String
    public let params: [Param]
    /// One line, shown in completion lists and `help()`.
    public let summary: String
    /// A paragraph or two, in Markdown.
    public let doc: String
    public let examples: [Example]
    /// The implementation; nil for a constant.
    public let implementation: Implementation?
    /// The value of a constant (`COCO_KEYPOINTS`).
    public let constant: Value?
    /// Whether a parameter collects the remaining positional arguments.
    let collectsRest: Bool
    /// The few primitives a generic call runs without building their
    /// arguments (`Call`), for the values they are most often given.
    enum Direct { case none, list, len, str }
    let direct: Direct

    /// A function primitive.
    public init(
        _ name: String, family: String, params: [Param], summary: String, doc: String = "",
        examples: [Example] = [], _ implementation: @escaping Implementation
    ) {
        self.name = name
        self.family = family
        self.params = params
        self.summary = summary
        self.doc = doc
        self.examples = examples
        self.implementation = implementation
        self.constant = nil
        self.collectsRest = params.contains { $0.variadic }
        switch name {
        case "list": direct = .list
        case "len": direct = .len
        case "str": direct = .str
        default: direct = .none
        }
    }

    /// A named constant.
    public init(
        constant name: String, family: String, value: Value, summary: String, doc: String = "", examples: [Example] = []
    ) {
        self.name = name
        self.family = family
        self.params = []
        self.summary = summary
        self.doc = doc
        self.examples = examples
        self.implementation = nil
        self.constant = value
        self.collectsRest = false
        self.direct = .none
    }

    /// `name(a, b=5, *rest)` as shown in help.
    public var signature: String {
        if constant != nil { return name }
        let parts = params.map { p -> String in
            if p.variadic { return "\(p.name)..." }
            if let d = p.defaultValue { return "\(p.name)=\(d.literalText)" }
            return p.name
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// What a primitive can ask of whoever runs it.
public protocol CallContext: AnyObject {
    /// Where output goes.
    var host: Host { get }
    /// Calls an FLS function (a closure or a primitive) with positional arguments.
    func call(_ function: Function, _ arguments: [Value]) throws -> Value
    /// The session's random generator (`seed`, `rand`, `choice`, ...).
    var random: RandomGenerator { get set }
}

/// The registry. Primitives register once at start-up; look-ups are by name.
/// A value: every interpreter holds its own copy (copying shares storage
/// until one side registers more), so one session's additions never reach
/// another.
public struct PrimitiveTable {
    /// The core's primitives, built once; `Interpreter`'s default table.
    nonisolated(unsafe) public static let core = PrimitiveTable(Builtins.all)

    public private(set) var entries: [Primitive] = []
    private var byName: [String: Int] = [:]
    /// Kernels the session's operators use (FLSKit routes `@` to BLAS).
    public var kernels = Kernels()

    public init(_ primitives: [Primitive] = []) { register(primitives) }

    /// Adds primitives; a later entry with the same name replaces the earlier one.
    public mutating func register(_ primitives: [Primitive]) {
        for p in primitives {
            if let i = byName[p.name] {
                entries[i] = p
            } else {
                byName[p.name] = entries.count
                entries.append(p)
            }
        }
    }

    public subscript(name: String) -> Primitive? { byName[name].map { entries[$0] } }

    /// All names, sorted.
    public var names: [String] { entries.map(\.name).sorted() }
}
