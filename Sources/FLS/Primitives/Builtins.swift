// The built-in primitive families, gathered into the one registry.

/// Every built-in primitive, by family.
public enum Builtins {
    /// All primitives the default table registers.
    public static var all: [Primitive] { numbers + numbersSecondWave + everyday + textAndLists }

    /// The "Numbers" family: math, reductions, structure, sorting, random.
    public static var numbers: [Primitive] {
        numbersMath + numbersReduce + numbersStructural + numbersSort + numbersRandom
    }
}
