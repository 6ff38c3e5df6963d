import FLSFormats
import Foundation

/// The body of `POST /orcam/api`, read by the challenge contract
/// (`ChallengeSubmission`, FLSFormats) so that a wrong shape becomes a scored
/// rejection (score -1) rather than an HTTP error. A key given twice keeps
/// its last value, as Python's and JavaScript's JSON readers do.
struct SubmissionRequest {
    typealias Predictions = ChallengeSubmission.Predictions
    typealias Row = ChallengeSubmission.Row
    typealias Cell = ChallengeSubmission.Cell

    /// The `submitter` field, or nil when it is missing or not a string.
    var submitter: String?
    /// Whether `submitter` was present at all (for the error message).
    var hasSubmitter: Bool
    /// The `predictions` field as found.
    var predictions: Predictions

    /// Reads a body; throws when it is not a JSON object.
    init(json: Data) throws {
        let request = try ChallengeSubmission.decode([UInt8](json))
        submitter = request.submitter
        hasSubmitter = request.hasSubmitter
        predictions = request.predictions
    }
}
