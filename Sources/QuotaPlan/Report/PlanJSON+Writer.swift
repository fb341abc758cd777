import Foundation

/// plan.json written field by field, the same bytes as `PrettyJSON` (and so `JSONEncoder`)
/// writes for `PlanJSON`, in about a third of the time.
///
/// Why: a nation's plan.json holds 230,600 grades and 40,000 social units; going through
/// `Codable`'s generic containers costs about 1 µs per value and made plan.json the longest file
/// to build (province 0.85 s, nation 5.1 s). The schools, grades, social units and Attachment 1
/// rows, which are this file's own types, are written directly with their keys in sorted
/// snake_case order; the small parts (categories, sensitivity, broken rules) and a reason's
/// rarer figures still go through `PrettyJSON`.
///
/// `Reason` belongs to the plan, not to this file, and may gain fields. So each reason kind is
/// checked once per document: its first reason is written both ways, and if the bytes differ
/// the kind is written by `PrettyJSON` from then on. `PlanJSONWriterTests` compares the whole
/// document with `PrettyJSON`'s on real plans.
extension PlanJSON {
  /// The document's bytes, ending with a newline (what `data()` returns).
  func fastData() throws -> Data {
    var out = JSONWriter()
    out.bytes.reserveCapacity(schools.count * 2_600 + social.count * 1_000 + allocation.count * 400 + (1 << 16))
    var writer = PlanJSONFields()
    try writer.document(self, &out)
    out.bytes.append(10)
    return Data(out.bytes)
  }
}

/// The field-by-field writer (one per document: it holds the key converter and which reason
/// kinds passed their check).
private struct PlanJSONFields {
  let generic = PrettyJSON(snakeCaseKeys: true)
  let keys = KeyConverter(snakeCase: true)
  /// Per reason kind: true when the direct writer gave `PrettyJSON`'s bytes for its first reason.
  var direct: [Reason.Kind: Bool] = [:]

  mutating func document(_ plan: PlanJSON, _ out: inout JSONWriter) throws {
    out.begin("{", 11)
    out.key(0, "allocation", 0)
    out.begin("[", plan.allocation.count)
    for (index, row) in plan.allocation.enumerated() {
      out.separate(index, 1)
      allocation(row, &out, depth: 2)
    }
    out.end("]", plan.allocation.count, 1)
    out.key(1, "broken_rules", 0)
    try generic.append(plan.brokenRules, depth: 1, to: &out, keys: keys)
    out.key(2, "categories", 0)
    try generic.append(plan.categories, depth: 1, to: &out, keys: keys)
    out.key(3, "proven_optimal", 0)
    out.bool(plan.provenOptimal)
    out.key(4, "scenario", 0)
    out.string(plan.scenario)
    out.key(5, "schools", 0)
    out.begin("[", plan.schools.count)
    for (index, school) in plan.schools.enumerated() {
      out.separate(index, 1)
      try self.school(school, &out, depth: 2)
    }
    out.end("]", plan.schools.count, 1)
    out.key(6, "sensitivity", 0)
    try generic.append(plan.sensitivity, depth: 1, to: &out, keys: keys)
    out.key(7, "social", 0)
    out.begin("[", plan.social.count)
    for (index, unit) in plan.social.enumerated() {
      out.separate(index, 1)
      try social(unit, &out, depth: 2)
    }
    out.end("]", plan.social.count, 1)
    out.key(8, "title", 0)
    out.string(plan.title)
    out.key(9, "total", 0)
    out.integer(plan.total)
    out.key(10, "year", 0)
    out.integer(plan.year)
    out.end("}", 11, 0)
  }

  func allocation(_ row: PlanJSON.Allocation, _ out: inout JSONWriter, depth: Int) {
    out.begin("{", 7)
    out.key(0, "category", depth)
    out.string(row.category)
    out.key(1, "district", depth)
    out.string(row.district)
    out.key(2, "first_number", depth)
    out.integer(row.firstNumber)
    out.key(3, "last_number", depth)
    out.integer(row.lastNumber)
    out.key(4, "quota", depth)
    out.integer(row.quota)
    out.key(5, "reason", depth)
    out.string(row.reason)
    out.key(6, "units", depth)
    out.integer(row.units)
    out.end("}", 7, depth)
  }

  mutating func school(_ school: PlanJSON.School, _ out: inout JSONWriter, depth: Int) throws {
    out.begin("{", 9)
    out.key(0, "category", depth)
    out.string(school.category)
    out.key(1, "district", depth)
    out.string(school.district)
    out.key(2, "grades", depth)
    out.begin("[", school.grades.count)
    for (index, grade) in school.grades.enumerated() {
      out.separate(index, depth + 1)
      try self.grade(grade, &out, depth: depth + 2)
    }
    out.end("]", school.grades.count, depth + 1)
    out.key(3, "is_private", depth)
    out.bool(school.isPrivate)
    out.key(4, "is_rural", depth)
    out.bool(school.isRural)
    out.key(5, "last_year_quota", depth)
    out.integer(school.lastYearQuota)
    out.key(6, "name", depth)
    out.string(school.name)
    out.key(7, "quota", depth)
    out.integer(school.quota)
    out.key(8, "reason", depth)
    out.string(school.reason)
    out.end("}", 9, depth)
  }

  mutating func grade(_ grade: PlanJSON.Grade, _ out: inout JSONWriter, depth: Int) throws {
    out.begin("{", 9)
    out.key(0, "after", depth)
    out.integer(grade.after)
    out.key(1, "classes", depth)
    out.integer(grade.classes)
    out.key(2, "coverage_demand", depth)
    out.integer(grade.coverageDemand)
    out.key(3, "grade", depth)
    out.integer(grade.grade)
    out.key(4, "members", depth)
    out.integer(grade.members)
    out.key(5, "quota", depth)
    out.integer(grade.quota)
    out.key(6, "ratio_after", depth)
    out.string(grade.ratioAfter)
    out.key(7, "reason", depth)
    try reason(grade.reason, &out, depth: depth + 1)
    out.key(8, "students", depth)
    out.integer(grade.students)
    out.end("}", 9, depth)
  }

  mutating func social(_ unit: PlanJSON.Social, _ out: inout JSONWriter, depth: Int) throws {
    out.begin("{", 10)
    out.key(0, "district", depth)
    out.string(unit.district)
    out.key(1, "members", depth)
    out.integer(unit.members)
    out.key(2, "name", depth)
    out.string(unit.name)
    out.key(3, "organisations", depth)
    out.integer(unit.organisations)
    out.key(4, "quota", depth)
    out.integer(unit.quota)
    out.key(5, "reason", depth)
    try reason(unit.reason, &out, depth: depth + 1)
    out.key(6, "registered_youth", depth)
    out.integer(unit.registeredYouth)
    out.key(7, "resident_youth", depth)
    out.integer(unit.residentYouth)
    out.key(8, "type", depth)
    out.string(unit.type)
    out.key(9, "weight", depth)
    out.string(unit.weight)
    out.end("}", 10, depth)
  }

  /// A reason at `depth`: directly once its kind passed the check, else through `PrettyJSON`.
  mutating func reason(_ reason: Reason, _ out: inout JSONWriter, depth: Int) throws {
    switch direct[reason.kind] {
    case true?: try directReason(reason, &out, depth: depth)
    case false?: try generic.append(reason, depth: depth, to: &out, keys: keys)
    case nil:
      var mine = JSONWriter(), reference = JSONWriter()
      try directReason(reason, &mine, depth: depth)
      try generic.append(reason, depth: depth, to: &reference, keys: keys)
      direct[reason.kind] = mine.bytes == reference.bytes
      out.bytes.append(contentsOf: reference.bytes)
    }
  }

  /// `Reason`'s fields in sorted snake_case order, nil figures left out as `Codable` does.
  private func directReason(_ reason: Reason, _ out: inout JSONWriter, depth: Int) throws {
    var count = 3
    for present in [reason.balance != nil, reason.cap != nil, reason.capacity != nil, reason.coverage != nil,
      reason.floor != nil, reason.pin != nil, reason.strictControl != nil] where present { count += 1 }
    var index = 0
    func next(_ name: StaticString) {
      out.key(index, name, depth)
      index += 1
    }
    out.begin("{", count)
    if let balance = reason.balance {
      next("balance")
      out.begin("{", 4)
      out.key(0, "base", depth + 1)
      out.double(balance.base)
      out.key(1, "level", depth + 1)
      out.begin("{", 4)
      out.key(0, "denominator", depth + 2)
      out.double(balance.level.denominator)
      out.key(1, "numerator", depth + 2)
      out.double(balance.level.numerator)
      out.key(2, "order", depth + 2)
      out.integer(balance.level.order)
      out.key(3, "unit", depth + 2)
      out.string(balance.level.unit)
      out.end("}", 4, depth + 2)
      out.key(2, "order", depth + 1)
      out.integer(balance.order)
      out.key(3, "size", depth + 1)
      out.double(balance.size)
      out.end("}", 4, depth + 1)
    }
    if let cap = reason.cap {
      next("cap")
      try generic.append(cap, depth: depth + 1, to: &out, keys: keys)
    }
    if let capacity = reason.capacity {
      next("capacity")
      try generic.append(capacity, depth: depth + 1, to: &out, keys: keys)
    }
    if let coverage = reason.coverage {
      next("coverage")
      try generic.append(coverage, depth: depth + 1, to: &out, keys: keys)
    }
    if let floor = reason.floor {
      next("floor")
      try generic.append(floor, depth: depth + 1, to: &out, keys: keys)
    }
    next("kind")
    out.string(reason.kind.rawValue)
    if let pin = reason.pin {
      next("pin")
      try generic.append(pin, depth: depth + 1, to: &out, keys: keys)
    }
    next("rule")
    out.string(reason.rule.rawValue)
    if let strictControl = reason.strictControl {
      next("strict_control")
      try generic.append(strictControl, depth: depth + 1, to: &out, keys: keys)
    }
    next("text")
    out.string(reason.text)
    out.end("}", count, depth)
  }
}
