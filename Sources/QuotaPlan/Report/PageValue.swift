/// What a page template reads: a tree of texts, flags, lists and named fields, built once from
/// a model and shared by every template that renders it (report.html and report.md), and handed
/// to swift-mustache as dictionaries and arrays (`mustacheContext`), which it reads directly.
///
/// A model's rows convert themselves (`PageValueConvertible`: thousands of them on a
/// province); anything else is read by reflection, field by field, as swift-mustache would read
/// it: an optional that is nil leaves its field out, a value that is neither text, flag, list nor
/// struct is shown as `String(describing:)`.
indirect enum PageValue: Equatable, Sendable {
  case text(String)
  case flag(Bool)
  case list([PageValue])
  case object([String: PageValue])

  /// `value` as a page value: its own conversion where it has one, else by reflection.
  init(_ value: Any) {
    if let convertible = value as? PageValueConvertible {
      self = convertible.pageValue
      return
    }
    switch value {
    case let text as String:
      self = .text(text)
    case let flag as Bool:
      self = .flag(flag)
    default:
      self = Self(reflecting: value)
    }
  }

  private init(reflecting value: Any) {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .struct, .class:
      var fields: [String: PageValue] = [:]
      for child in mirror.children {
        guard let label = child.label, let inner = Self.unwrapped(child.value) else { continue }
        fields[label] = PageValue(inner)
      }
      self = .object(fields)
    case .collection:
      self = .list(mirror.children.map { PageValue($0.value) })
    default:
      self = .text(String(describing: value))
    }
  }

  /// `value` unwrapped if it is an optional; nil for an empty one.
  private static func unwrapped(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return mirror.children.first.map(\.value)
  }

  /// The field `name` of an object; nil for anything else or a missing field.
  func field(_ name: String) -> PageValue? {
    if case .object(let fields) = self { return fields[name] }
    return nil
  }
}

/// A type that gives its page value directly, without reflection: it must give exactly what
/// reflection would (every stored property by its name), which the tests check.
protocol PageValueConvertible {
  var pageValue: PageValue { get }
}

extension PageValue {
  /// The value as swift-mustache reads it without reflection: `[String: Any]` for an object,
  /// `[Any]` for a list, `String` and `Bool` for the rest.
  var mustacheContext: Any {
    switch self {
    case .text(let text): text
    case .flag(let flag): flag
    case .list(let items): items.map(\.mustacheContext)
    case .object(let fields): fields.mapValues(\.mustacheContext)
    }
  }
}
