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

  private let leafCount: Int
  // The tree: leaves 0..<leafCount are the units; the rest are row sets, parents first.
  private var parent: [Int32]
  private var lower: [Int]
  private var upper: [Int]
  private var closedDoor: [Bool]
  private var children: [[Int32]] = []
  // The units' costs: ratio after member j is (base + j) / size; coverage demand for G2.
  private let base: [Double]
  private let size: [Double]
  private let demand: [Int]
  /// True when every unit's `base` and `size` are small whole numbers: a step's ratio, rounded
  /// once to a `Double`, then orders steps exactly as cross-multiplying does (see `init`), so
  /// comparisons read the ratio kept in the step instead of two units' figures.
  private let exactRatios: Bool
  /// What a −1 at G1 or G2 weighs in a step's prefix (goals before G3 only; see `Step`).
  private let g1Weight: Int32
  private let g2Weight: Int32
  // The greedy's state, in flat arrays (a nation has half a million nodes and millions of steps):
  // each node's heap of children with a step to offer lives in `heap[heapStart[node]...]`,
  // and `heapSteps` beside it holds each of those children's head (`heads[child]`), so a
  // heap's comparisons read one contiguous run of memory.
  private var count: [Int] = []
  private var heap: [Int32] = []
  private var heapSteps: [Step] = []
  private var heapStart: [Int] = []
  private var heapSize: [Int] = []
  private var heads: [Step] = []
  private var path: [Int] = []
  /// Whether `solve` first pours members in up to a water level (`raiseWaterLevel`); off only in
  /// tests that compare both ways.
  var waterLevel = true
  /// Members placed by the water level rather than one at a time (for tests).
  private(set) var poured = 0

  /// One member's step. `prefix` sums what the member brings to the goals ranked before G3
  /// (−1 for a closed door opened or a coverage member, weighted 2 and 1 in goal order), so
  /// comparing prefixes compares those goals lexicographically; then G3 compares the ratio the
  /// member reaches, then the stable unit order, so no two steps tie. `member == 0`: no step.
  /// `ratio` is `(base + member) ÷ size`, read only when `exactRatios` holds.
  struct Step {
    var prefix: Int32
    var unit: Int32
    var member: Int32
    var ratio: Double
    static let none = Step(prefix: 0, unit: 0, member: 0, ratio: 0)
  }

  /// Lays the group's rows out as a tree, or throws `notNested`.
  init(layout: QuotaModel, group: PlanGroup, policy: Policy, rules: RuleSet) throws {
    let goals = layout.levelGoals(policy: policy, rules: rules)
    guard !group.elastic, group.total != nil, goals.contains(.g3) else { throw Unsupported.notNested }
    let units = layout.units
    let leafCount = units.count
    self.leafCount = leafCount
    base = units.map(\.cost.base)
    size = units.map(\.cost.size)
    demand = units.map(\.coverageDemand)
    // Whole numbers below 2^24 make cross-multiplying exact (products below 2^53), so it
    // compares the true fractions. Two different fractions with denominators below D differ by
    // at least 1 / D², more than the rounding of either to a Double (2^-52 of a ratio below
    // 2^4) when D² · 2^4 < 2^52; equal fractions round to the same Double. So comparing the
    // rounded ratios orders steps exactly as cross-multiplying does.
    let largestSize = self.size.max() ?? 1
    exactRatios = zip(self.base, zip(self.size, units.map(\.upper))).allSatisfy { base, sizeAndUpper in
      let (size, upper) = sizeAndUpper
      return size >= 1 && size == size.rounded() && base == base.rounded() && abs(base) < 16_777_216
        && (abs(base) + Double(min(upper, 16_777_216))) / size < 16
    } && largestSize < 16_777_216 && largestSize * largestSize * 16 < 4_503_599_627_370_496
    let beforeBalance = Array(goals.prefix { $0 != .g3 })
    func weight(_ goal: RuleID) -> Int32 {
      guard let position = beforeBalance.firstIndex(of: goal) else { return 0 }
      return Int32(1 << (beforeBalance.count - 1 - position))
    }
    g1Weight = weight(.g1)
    g2Weight = weight(.g2)
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
    guard leafCount > 0 else { return [] }
    count = Array(repeating: 0, count: nodes)
    heads = Array(repeating: .none, count: nodes)
    heapStart = Array(repeating: 0, count: nodes)
    heapSize = Array(repeating: 0, count: nodes)
    var next = 0
    for node in leafCount..<nodes {
      heapStart[node] = next
      next += children[node].count
    }
    heap = Array(repeating: 0, count: next)
    heapSteps = Array(repeating: .none, count: next)
    // Reachable range of each subtree, children before parents.
    var high = upper
    for leaf in 0..<leafCount where lower[leaf] > high[leaf] { throw GLPKError.infeasible }
    for node in stride(from: nodes - 1, through: leafCount, by: -1) {
      high[node] = min(high[node], children[node].reduce(0) { $0 + high[Int($1)] })
      if lower[node] > high[node] { throw GLPKError.infeasible }
    }
    upper = high
    for leaf in 0..<leafCount {
      count[leaf] = lower[leaf]
      heads[leaf] = leafStep(leaf)
    }
    for node in stride(from: nodes - 1, through: leafCount + 1, by: -1) { try settle(node) }
    if waterLevel && exactRatios { try raiseWaterLevel() }
    try settle(leafCount)  // the root: the group's total, one member at a time from where the water stands
    return Array(count.prefix(leafCount))
  }

  /// Sums a node's children, builds its heap and takes the members its lower bound forces.
  private mutating func settle(_ node: Int) throws {
    count[node] = children[node].reduce(0) { $0 + count[Int($1)] }
    if count[node] > upper[node] { throw GLPKError.infeasible }  // the children's floors exceed the cap
    heapSize[node] = 0
    for child in children[node] where heads[Int(child)].member != 0 {
      heap[heapStart[node] + heapSize[node]] = child
      heapSteps[heapStart[node] + heapSize[node]] = heads[Int(child)]
      heapSize[node] += 1
    }
    for position in stride(from: heapSize[node] / 2 - 1, through: 0, by: -1) { siftDown(node, position) }
    while count[node] < lower[node] {
      guard head(node).member != 0 else { throw GLPKError.infeasible }
      take(node)
    }
    heads[node] = head(node)
  }

  /// Pours members in up to a water level before the root takes the rest one at a time.
  ///
  /// The greedy takes steps in one global order: every step that serves G1 or G2 (negative
  /// prefix) first, then the others by the ratio they reach. So after the lower bounds are
  /// settled, its state once every step below ratio `r` is taken can be written down leaf by
  /// leaf: a leaf holds the larger of what its bounds forced and the members that reach less
  /// than `r` (all its coverage members first when G2 comes before G3), and a protected school
  /// still empty holds its first member (G1). That holds as long as no row's upper bound stops
  /// a set of leaves below `r` (and protected schools do not nest, and the sum stays within the
  /// total); the highest such `r` is found by bisection, the leaves are filled to it, and the
  /// heaps are rebuilt. The root's loop then takes the remaining members exactly as before, so
  /// the result is the same (`NestedAllocationTests` solves every group both ways).
  private mutating func raiseWaterLevel() throws {
    let nodes = parent.count, root = leafCount
    let total = lower[root]
    guard total == upper[root], count[root] < total else { return }
    // The first leaf of each protected school still empty, down its heap tops.
    var firstLeaf = [Int](repeating: -1, count: nodes)
    if g1Weight != 0 {
      for node in leafCount..<nodes where closedDoor[node] && count[node] == 0 && heads[node].member != 0 {
        var ancestor = Int(parent[node])
        while ancestor >= 0 {
          if closedDoor[ancestor] { return }  // nested protected sets: left to the member-by-member loop
          ancestor = Int(parent[ancestor])
        }
        var current = node
        while current >= leafCount { current = Int(heap[heapStart[current]]) }
        firstLeaf[node] = current
      }
    }
    var trial = [Int](repeating: 0, count: nodes)
    var opened = [Bool](repeating: false, count: nodes)
    /// The members each leaf holds at level `r` into `trial`, and whether that state is one the
    /// greedy passes through (no upper bound crossed, the total not passed).
    func fill(_ r: Double) -> Bool {
      for leaf in 0..<leafCount {
        var natural = 0
        if upper[leaf] > count[leaf] {
          // Members j with (base + j) / size < r: estimated, then corrected with the same division.
          let estimate = Int(min(max((r * size[leaf] - base[leaf]).rounded(.up) - 1, 0), Double(upper[leaf])))
          natural = estimate
          while natural < upper[leaf] && (base[leaf] + Double(natural + 1)) / size[leaf] < r { natural += 1 }
          while natural > 0 && (base[leaf] + Double(natural)) / size[leaf] >= r { natural -= 1 }
          if g2Weight != 0 { natural = max(natural, min(demand[leaf], upper[leaf])) }
        }
        trial[leaf] = max(count[leaf], natural)
      }
      for node in leafCount..<nodes { trial[node] = 0 }
      for leaf in 0..<leafCount { trial[Int(parent[leaf])] += trial[leaf] }
      for node in stride(from: nodes - 1, through: leafCount, by: -1) {
        opened[node] = trial[node] == 0 && firstLeaf[node] >= 0
        if opened[node] { trial[node] = 1 }
        if trial[node] > upper[node] || trial[node] < count[node] { return false }
        if node > leafCount { trial[Int(parent[node])] += trial[node] }
      }
      return trial[root] <= total
    }
    guard fill(0) else { return }
    // Close enough when what is left for the root's loop is a small part of the leaves.
    var low = 0.0, high = 16.0
    for _ in 0..<48 where total - trial[root] > max(64, leafCount / 16) {
      let middle = (low + high) / 2
      if fill(middle) { low = middle } else { high = middle }
    }
    guard fill(low) else { return }
    // Write the state: leaves, the first members of protected schools, then every node's heap.
    for node in leafCount..<nodes where opened[node] { trial[firstLeaf[node]] += 1 }
    for leaf in 0..<leafCount {
      poured += trial[leaf] - count[leaf]
      count[leaf] = trial[leaf]
      heads[leaf] = leafStep(leaf)
    }
    for node in stride(from: nodes - 1, through: leafCount + 1, by: -1) { try settle(node) }
  }

  /// The step a leaf offers next, if it has room.
  private func leafStep(_ leaf: Int) -> Step {
    let member = count[leaf] + 1
    guard member <= upper[leaf] else { return .none }
    return Step(
      prefix: member <= demand[leaf] ? -g2Weight : 0, unit: Int32(leaf), member: Int32(member),
      ratio: exactRatios ? (base[leaf] + Double(member)) / size[leaf] : 0)
  }

  /// The step an inner node offers next: its cheapest child's, with −1 at G1 for the first
  /// member of a school whose closed door is a goal.
  private func head(_ node: Int) -> Step {
    guard count[node] < upper[node], heapSize[node] > 0 else { return .none }
    var step = heapSteps[heapStart[node]]
    if closedDoor[node] && count[node] == 0 { step.prefix -= g1Weight }
    return step
  }

  /// Gives the next member to the subtree of `node`, down the cheapest path.
  private mutating func take(_ node: Int) {
    path.removeAll(keepingCapacity: true)
    var current = node
    while current >= leafCount {
      path.append(current)
      current = Int(heap[heapStart[current]])
    }
    count[current] += 1
    heads[current] = leafStep(current)
    for inner in path.reversed() {
      count[inner] += 1
      let start = heapStart[inner]
      heapSteps[start] = heads[Int(heap[start])]
      if heapSteps[start].member == 0 {
        heapSize[inner] -= 1
        heap[start] = heap[start + heapSize[inner]]
        heapSteps[start] = heapSteps[start + heapSize[inner]]
      }
      if heapSize[inner] > 0 { siftDown(inner, 0) }
      if inner != node { heads[inner] = head(inner) }
    }
  }

  private mutating func siftDown(_ node: Int, _ first: Int) {
    let start = heapStart[node], size = heapSize[node]
    var position = first
    while true {
      let left = 2 * position + 1
      guard left < size else { return }
      var best = left
      if left + 1 < size && precedes(heapSteps[start + left + 1], heapSteps[start + left]) { best = left + 1 }
      guard precedes(heapSteps[start + best], heapSteps[start + position]) else { return }
      heap.swapAt(start + best, start + position)
      heapSteps.swapAt(start + best, start + position)
      position = best
    }
  }

  /// The goal-order comparison of two steps (both real): prefix, then the ratio each member
  /// reaches, compared exactly by cross-multiplying, then the stable unit order.
  private func precedes(_ x: Step, _ y: Step) -> Bool {
    if x.prefix != y.prefix { return x.prefix < y.prefix }
    if exactRatios {
      if x.ratio != y.ratio { return x.ratio < y.ratio }
      return (x.unit, x.member) < (y.unit, y.member)
    }
    let a = Int(x.unit), b = Int(y.unit)
    let left = (base[a] + Double(x.member)) * size[b], right = (base[b] + Double(y.member)) * size[a]
    if left != right { return left < right }
    return (x.unit, x.member) < (y.unit, y.member)
  }
}
