// What a generation run produced, for the command's closing message and tests.

extension SampleData {
    /// Counts and files of a finished generation.
    public struct Summary: Sendable {
        /// The output directory.
        public var directory: String
        /// The scale and seed the data was made with.
        public var scale: Scale
        public var seed: UInt64
        /// Training people (person folders).
        public var people: Int
        /// Training videos, sequences and frames (tar members).
        public var trainingVideos: Int
        public var trainingSequences: Int
        public var trainingFrames: Int
        /// Training frames that have a signature.
        public var trainingSignatures: Int
        /// Evaluation sequences and frames.
        public var evaluationSequences: Int
        public var evaluationFrames: Int
        public var evaluationSignatures: Int
        /// Identities that appear only in the evaluation files.
        public var extraIdentities: Int
        /// The files written, by name inside `directory`.
        public var files: [String]
    }
}
