/// The report's rows give their page values directly: a province's report has thousands of
/// them, and reflecting each one cost more than rendering it. Each lists every stored property
/// by name, as reflection would (the tests compare the two).
extension ReportModel.CategoryRow: PageValueConvertible {
  var pageValue: PageValue {
    .object([
      "name": .text(name), "total": .text(total), "envelope": .text(envelope), "lastYear": .text(lastYear),
      "change": .text(change), "units": .text(units), "withQuota": .text(withQuota), "goals": .text(goals),
      "level": .text(level), "caps": .text(caps),
    ])
  }
}

extension ReportModel.AllocationLine: PageValueConvertible {
  var pageValue: PageValue {
    .object([
      "district": .text(district), "category": .text(category), "quota": .text(quota), "first": .text(first),
      "last": .text(last),
    ])
  }
}

extension ReportModel.Chart: PageValueConvertible {
  var pageValue: PageValue { .object(["title": .text(title), "svg": .text(svg)]) }
}

extension ReportModel.Line: PageValueConvertible {
  var pageValue: PageValue { .object(["rule": .text(rule), "unit": .text(unit), "detail": .text(detail)]) }
}

extension ReportModel.SensitivityRow: PageValueConvertible {
  var pageValue: PageValue {
    .object(["category": .text(category), "headroom": .text(headroom), "next": .text(next), "previous": .text(previous)])
  }
}

extension ReportModel.HeldBackRow: PageValueConvertible {
  var pageValue: PageValue {
    .object([
      "category": .text(category), "school": .text(school), "rule": .text(rule), "grades": .text(grades),
      "limit": .text(limit), "members": .text(members),
    ])
  }
}

extension ReportModel.GlossaryRow: PageValueConvertible {
  var pageValue: PageValue { .object(["code": .text(code), "title": .text(title), "meaning": .text(meaning)]) }
}

/// A list of rows converts row by row, without reflecting the list.
extension Array: PageValueConvertible where Element: PageValueConvertible {
  var pageValue: PageValue { .list(map(\.pageValue)) }
}
