// The challenge's primitives as one list for the registry, and the one call
// that puts them (and the BLAS matrix product) into a table.

import FLS

/// The FLSKit primitive families and their installation.
public enum Kit {
    /// Every FLSKit primitive, by family.
    public static var primitives: [Primitive] {
        paths + pose + groups + linalg + challenge + data + files + viz + learn + ProjectFolders.primitives
    }

    static var paths: [Primitive] { Paths.primitives }
    static var pose: [Primitive] { Pose.primitives }
    static var groups: [Primitive] { Groups.primitives }
    static var linalg: [Primitive] { Linalg.primitives + Linalg.lapack }
    static var challenge: [Primitive] { Challenge.primitives }
    static var learn: [Primitive] { Learn.primitives }

    /// Registers the primitives in `table` and routes its f32/f64 matrix products (`@`) to BLAS.
    public static func install(into table: inout PrimitiveTable) {
        table.register(primitives)
        table.kernels.matmul = { a, b in try Linalg.matmul(a, b) }
    }
}
