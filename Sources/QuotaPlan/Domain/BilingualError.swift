/// An error a person reads: one sentence per problem, in the planner's language.
///
/// `description` stays English (logs, old tests); `sentence(_:)` is what the CLI and the
/// workspace show. A text not yet translated falls back to English.
public protocol BilingualError: Error {
  /// The problem as the planner reads it, one line per problem, in `language`.
  func sentence(_ language: Language) -> String
}

extension Language {
  /// The text for this language: `zh` in Chinese (English when there is none), `en` otherwise.
  public func pick(zh: String?, en: String) -> String {
    self == .zh ? (zh ?? en) : en
  }
}

/// The sentence of any error in `language`: a `BilingualError`'s own, otherwise its description.
public func sentence(of error: any Error, _ language: Language) -> String {
  if let error = error as? any BilingualError { return error.sentence(language) }
  return "\(error)"
}

/// A sentence in both languages, carried where only an `Error` fits (a `DecodingError`'s
/// underlying error, a closure's refusal); the reader turns it into an `InputError` with its place.
struct BilingualMessage: BilingualError, CustomStringConvertible, Sendable {
  var zh: String
  var en: String

  init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  var description: String { en }

  func sentence(_ language: Language) -> String { language == .zh ? zh : en }
}
