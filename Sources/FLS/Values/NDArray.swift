// An n-dimensional array: a shape and one typed contiguous buffer in C order.
// Kernels live in NDArray+<Concern>.swift files beside this one.

/// An n-dimensional array with one dtype. 0-d arrays are scalars.
public struct NDArray {
    /// Extent of each axis; `[]` for a 0-d array.
    public var shape: [Int]
    /// The elements in row-major order; their count is the product of `shape`.
    public var storage: Storage

    /// Makes an array; the caller guarantees `storage.count == product(shape)`.
    public init(shape: [Int], storage: Storage) {
        self.shape = shape
        self.storage = storage
    }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// Number of axes.
    public var ndim: Int { shape.count }
    /// Number of elements.
    public var count: Int { storage.count }
}
