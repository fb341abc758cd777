import GLPK

/// The exact optimum of a plan group whose rows nest, found without a solver.
///
/// In a normal plan every hard row bounds the sum over a set of units (a cap over some grades
/// of a school, the school's floor, a district's total, the group's total, a pin), and in the
/// notice's policy these sets nest: grade ⊂ capped grades ⊂ school ⊂ district ⊂ group. Nested
/// sets form a tree, and the model is then a flow down that tree with a convex cost on each
/// leaf (G2's shortfall, G3's water-filling ranks) and on each school (G1's closed door).
///
/// On a tree the lexicographic optimum is greedy. Let `F(v, k)` be the least cost of giving `k`
/// members to the subtree of `v`. It is convex, and its step from `k` to `k + 1` is the
/// smallest step its children still offer (plus −1 at G1 for a protected school's first
/// member). So each node merges its children's steps with a heap, takes the steps its lower
/// bound forces, and offers the rest up to its upper bound; the root takes the group's total.
/// Every step is compared as the tuple (G1, G2, G3) in the scenario's goal order, G3 being the
/// water-filling order itself (ratio after the member, then the stable unit order), so the
/// result is the model's unique lexicographic optimum — the one GLPK finds on the same model
/// (`NestedAllocationTests` checks both at every level). Work is O(total × depth × log width).
///
/// Scenarios whose rows do not nest (a custom cap over overlapping grades, a pin naming two
/// schools), nearest plans, and groups without a fixed total go to GLPK instead.
struct NestedAllocation {
  /// Why the greedy cannot be used; the caller then builds the GLPK model.
  enum Unsupported: Error { case notNested }

  private let units: [QuotaModel.Unit]
  private let goals: [RuleID]
  // The tree: leaves 0..<units.count are the units; the rest are row sets, parents first.
  private var parent: [Int32]
  private var lower: [Int]
  private var upper: [Int]
  private var closedDoor: [Bool]
  private var children: [[Int32]] = []
  // The greedy's state.
  private var count: [Int] = []
  private var heaps: [[Int32]] = []
  private var heads: [Step?] = []

  /// One member's step: the G1 and G2 changes it brings and the member itself (for G3).
  struct Step {
    var g1: Int8
    var g2: Int8
    var unit: Int32
    var member: Int32
  }

  /// Lays the group's rows out as a tree, or throws `notNested`.
  init(layout: QuotaModel, group: PlanGroup, policy: Policy, rules: RuleSet) throws {
    let goals = layout.levelGoals(policy: policy, rules: rules)
    guard !group.elastic, group.total != nil, goals.contains(.g3) else { throw Unsupported.notNested }
    units = layout.units
    self.goals = goals
    let leafCount = units.count
    parent = Array(repeating: -1, count: leafCount)
    lower = Array(repeating: 0, count: leafCount)
    upper = units.map(\.upper)
    closedDoor = Array(repeating: false, count: leafCount)

    struct RowSet {
      var units: [Int]
      var lower: Int?
      var upper: Int?
      var closedDoor = false
    }
    var sets = layout.hardRows(group: group, policy: policy, rules: rules).map {
      RowSet(units: $0.units, lower: $0.lower, upper: $0.upper)
    }
    if !policy.closedDoorIsHard {
      for (_, inside) in layout.closedDoor.sorted(by: { $0.key < $1.key }) { sets.append(RowSet(units: inside, closedDoor: true)) }
    }
    // Largest sets first (stable), so each set's parent already exists when it is placed.
    let order = sets.indices.sorted { (sets[$0].units.count, $1) > (sets[$1].units.count, $0) }
    var deepest = [Int32](repeating: -1, count: leafCount)
    var size: [Int] = Array(repeating: 1, count: leafCount)
    for index in order {
      let set = sets[index]
      guard let first = set.units.first else {
        // An empty row: 0 must lie within its bounds.
        if (set.lower ?? 0) > 0 || (set.upper ?? 0) < 0 { throw GLPKError.infeasible }
        continue
      }
      let above = deepest[first]
      guard set.units.allSatisfy({ deepest[$0] == above }) else { throw Unsupported.notNested }
      let node: Int
      if above >= 0, size[Int(above)] == set.units.count {
        node = Int(above)  // the same set as an earlier row: intersect the bounds
      } else {
        if above < 0 && set.units.count != leafCount { throw Unsupported.notNested }  // the group's total is the root
        node = parent.count
        parent.append(above)
        lower.append(0)
        upper.append(Int.max)
        closedDoor.append(false)
        size.append(set.units.count)
        for unit in set.units { deepest[unit] = Int32(node) }
      }
      lower[node] = max(lower[node], set.lower ?? 0)
      upper[node] = min(upper[node], set.upper ?? Int.max)
      closedDoor[node] = closedDoor[node] || set.closedDoor
    }
    for leaf in 0..<leafCount { parent[leaf] = deepest[leaf] }
    guard leafCount == 0 || (parent.count > leafCount && parent[leafCount] == -1) else { throw Unsupported.notNested }
    children = Array(repeating: [], count: parent.count)
    for node in 0..<parent.count where parent[node] >= 0 { children[Int(parent[node])].append(Int32(node)) }
  }

  /// The quota of every unit, or `GLPKError.infeasible` when the bounds cannot all be met.
  mutating func solve() throws -> [Int] {
    let nodes = parent.count
    let leafCount = units.count
    guard leafCount > 0 else { return [] }
    count = Array(repeating: 0, count: nodes)
    heaps = Array(repeating: [], count: nodes)
    heads = Array(repeating: nil, count: nodes)
    // Reachable range of each subtree, children before parents.
    var high = upper
    for leaf in 0..<leafCount {
      if lower[leaf] > high[leaf] { throw GLPKError.infeasible }
    }
    for node in stride(from: nodes - 1, through: leafCount, by: -1) {
      let sum = children[node].reduce(0) { $0 + high[Int($1)] }
      high[node] = min(high[node], sum)
      if lower[node] > high[node] { throw GLPKError.infeasible }
    }
    upper = high
    for leaf in 0..<leafCount {
      count[leaf] = lower[leaf]
      heads[leaf] = leafStep(leaf)
    }
    for node in stride(from: nodes - 1, through: leafCount, by: -1) {
      count[node] = children[node].reduce(0) { $0 + count[Int($1)] }
      if count[node] > upper[node] { throw GLPKError.infeasible }  // the children's floors exceed the cap
      heaps[node] = children[node].filter { heads[Int($0)] != nil }
      for position in stride(from: heaps[node].count / 2 - 1, through: 0, by: -1) { siftDown(node, position) }
      while count[node] < lower[node] {
        guard heads(node) != nil else { throw GLPKError.infeasible }
        take(node)
      }
      heads[node] = heads(node)
    }
    return Array(count.prefix(leafCount))
  }

  /// The step a leaf offers next, if it has room.
  private func leafStep(_ leaf: Int) -> Step? {
    let member = count[leaf] + 1
    guard member <= upper[leaf] else { return nil }
    return Step(g1: 0, g2: member <= units[leaf].coverageDemand ? -1 : 0, unit: Int32(leaf), member: Int32(member))
  }

  /// The step an inner node offers next: its cheapest child's, with −1 at G1 for the first
  /// member of a school whose closed door is a goal.
  private func heads(_ node: Int) -> Step? {
    guard count[node] < upper[node], let top = heaps[node].first, var step = heads[Int(top)] else { return nil }
    if closedDoor[node] && count[node] == 0 { step.g1 -= 1 }
    return step
  }

  /// Gives the next member to the subtree of `node`, down the cheapest path.
  private mutating func take(_ node: Int) {
    var path: [Int] = []
    var current = node
    while current >= units.count {
      path.append(current)
      current = Int(heaps[current][0])
    }
    count[current] += 1
    heads[current] = leafStep(current)
    for inner in path.reversed() {
      count[inner] += 1
      if heads[Int(heaps[inner][0])] == nil {
        heaps[inner].swapAt(0, heaps[inner].count - 1)
        heaps[inner].removeLast()
      }
      if !heaps[inner].isEmpty { siftDown(inner, 0) }
      if inner != node { heads[inner] = heads(inner) }
    }
  }

  private mutating func siftDown(_ node: Int, _ start: Int) {
    var position = start
    let count = heaps[node].count
    while true {
      let left = 2 * position + 1
      guard left < count else { return }
      var best = left
      if left + 1 < count && isCheaper(heaps[node][left + 1], than: heaps[node][left]) { best = left + 1 }
      guard isCheaper(heaps[node][best], than: heaps[node][position]) else { return }
      heaps[node].swapAt(best, position)
      position = best
    }
  }

  private func isCheaper(_ a: Int32, than b: Int32) -> Bool {
    guard let x = heads[Int(a)] else { return false }
    guard let y = heads[Int(b)] else { return true }
    return Self.precedes(x, y, goals: goals, units: units)
  }

  /// Lexicographic order of two steps in the goal order; G3 compares the ratios the members
  /// reach exactly (cross-multiplied), then the stable unit order, so no two steps tie.
  static func precedes(_ x: Step, _ y: Step, goals: [RuleID], units: [QuotaModel.Unit]) -> Bool {
    for goal in goals {
      switch goal {
      case .g1 where x.g1 != y.g1: return x.g1 < y.g1
      case .g2 where x.g2 != y.g2: return x.g2 < y.g2
      case .g3:
        let a = units[Int(x.unit)].cost, b = units[Int(y.unit)].cost
        if a.isCheaper(Int(x.member), than: b, Int(y.member)) { return true }
        if b.isCheaper(Int(y.member), than: a, Int(x.member)) { return false }
        return (x.unit, x.member) < (y.unit, y.member)
      default: continue
      }
    }
    return (x.unit, x.member) < (y.unit, y.member)
  }
}
