/// Errors of the inference core: a stable code and a message naming the file or tensor at fault.
public struct InferenceError: Error, CustomStringConvertible, Equatable, Sendable {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
