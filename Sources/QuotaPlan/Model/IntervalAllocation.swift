import GLPK

/// The exact optimum of a plan group whose caps overlap inside a school but cover consecutive
/// grades (for example grades 1–2 ≤ 30 % and grades 2–3 ≤ 35 %), found without a solver.
///
/// Such rows do not nest, so `NestedAllocation` refuses them; they still form an interval
/// (consecutive-ones) matrix. The group is cut into blocks: each school (its units in grade
/// order, its caps as intervals of them, its whole-school bounds: floor, pins, hard closed
/// door) and each social unit. Rows over several blocks (district totals, the group's total,
/// pins over several schools) must be unions of whole blocks and nest; they form a tree above
/// the blocks, which is solved by the same greedy as `NestedAllocation`.
///
/// Inside a block let `F(k)` be the least cost of `k` members. With prefix sums `P` of the
/// quotas in grade order, every row is a bound on a difference `P_b − P_a` and every cost a
/// convex function of a difference, so the block's cost is L♮-convex in `P`. Hence (1) `F` is
/// convex in `k`, and (2) from an optimum at `k` there is an optimum at `k + 1` whose prefix
/// sums grow by 0 or 1 each (by submodularity and the L♮ exchange property): the next member
/// is a chain `+1, −1, +1, …, +1` over the block's grades, at most 2^(grades − 1) candidates.
/// Taking the cheapest candidate one member at a time traces `F` exactly, and the block offers
/// its steps `F(k + 1) − F(k)` (nondecreasing) to the tree's greedy, which is exact for convex
/// leaves under nested bounds.
///
/// Costs are those of the GLPK model (`QuotaModel.build`) compared as the tuple of goal levels
/// in goal order: G1 the closed door, G2 the coverage shortfall, G3 the rank of each balance
/// segment (the tail beyond the last segment costs more than any rank). The segments are
/// chosen exactly as `QuotaSolver.solveWithGLPK` chooses them (first guess, then grown where a
/// unit uses its last one), so both solve the same restricted model and find its lexicographic
/// optimum; `OverlapAllocationTests` checks both on generated scenarios.
///
/// Outside this path (the group goes to GLPK as before): grade sets that are not consecutive
/// among a school's eligible grades, a lower bound over part of a school, a row over part of
/// several schools, rows over schools that do not nest, a school with more than
/// `maxGrades` eligible grades, nearest plans, groups without a fixed total or without balance.
struct IntervalAllocation {
  /// Most units a block may have (the candidates per step are 2^(units − 1)).
  static let maxGrades = 12

  /// Why this path cannot be used; the caller then builds the GLPK model.
  enum Unsupported: Error { case notIntervals }

  /// A cost as the tuple of the group's goal levels, in goal order.
  struct Cost: Comparable {
    var level: (Int, Int, Int) = (0, 0, 0)
    static func < (x: Cost, y: Cost) -> Bool { x.level < y.level }
    static func == (x: Cost, y: Cost) -> Bool { x.level == y.level }
    static func + (x: Cost, y: Cost) -> Cost {
      Cost(level: (x.level.0 + y.level.0, x.level.1 + y.level.1, x.level.2 + y.level.2))
    }
    static func - (x: Cost, y: Cost) -> Cost {
      Cost(level: (x.level.0 - y.level.0, x.level.1 - y.level.1, x.level.2 - y.level.2))
    }
    /// `value` at position `slot` (nil: a goal the group does not have).
    static func at(_ slot: Int?, _ value: Int) -> Cost {
      switch slot {
      case 0: return Cost(level: (value, 0, 0))
      case 1: return Cost(level: (0, value, 0))
      case 2: return Cost(level: (0, 0, value))
      default: return Cost()
      }
    }
  }

  /// A school (or a social unit): its units in grade order and the rows inside it.
  struct Block {
    var units: [Int] = []
    /// Caps over consecutive units of the block: positions `first...last`, at most `upper`.
    var caps: [(first: Int, last: Int, upper: Int)] = []
    var lower = 0
    var upper = Int.max
    /// Soft closed door (G1): the first member of the block removes a 1 at G1.
    var closedDoor = false
  }

  private let units: [QuotaModel.Unit]
  private var blocks: [Block] = []
  private var unitLower: [Int]
  private var unitUpper: [Int]
  private let g1Slot: Int?, g2Slot: Int?, g3Slot: Int?
  // The tree above the blocks: nodes 0..<blocks.count are the blocks, the rest are row sets.
  private var parent: [Int] = []
  private var lower: [Int] = []
  private var upper: [Int] = []
  private var children: [[Int]] = []

  // State of one solve.
  private var quota: [Int] = []
  private var count: [Int] = []
  private var heads: [Step?] = []
  private var moves: [Int] = []
  private var heap: [[Int]] = []
  private var rankOffset: [Int] = []
  private var ranks: [Int] = []
  private var segments: [Int] = []
  private var tailCost = 0

  /// One step a node offers: its cost, and the block that would take it (the stable tiebreak).
  struct Step {
    var cost: Cost
    var block: Int
    func precedes(_ other: Step) -> Bool { cost != other.cost ? cost < other.cost : block < other.block }
  }

  /// The quotas of every unit of the group when its rows have this path's structure, nil when
  /// they do not; `GLPKError.infeasible` when the bounds cannot all be met.
  static func quotas(_ layout: QuotaModel, group: PlanGroup, policy: Policy, rules: RuleSet) throws -> [Int]? {
    let allocation: IntervalAllocation
    do {
      allocation = try IntervalAllocation(layout: layout, group: group, policy: policy, rules: rules)
    } catch Unsupported.notIntervals {
      return nil
    }
    return try allocation.solveWithSegments(layout, total: group.effectiveTotal(policy))
  }

  /// Lays the group out as blocks under a tree of rows, or throws `notIntervals`.
  init(layout: QuotaModel, group: PlanGroup, policy: Policy, rules: RuleSet) throws {
    let goals = layout.levelGoals(policy: policy, rules: rules)
    guard !group.elastic, group.total != nil, goals.contains(.g3) else { throw Unsupported.notIntervals }
    units = layout.units
    g1Slot = goals.firstIndex(of: .g1)
    g2Slot = goals.firstIndex(of: .g2)
    g3Slot = goals.firstIndex(of: .g3)
    unitLower = Array(repeating: 0, count: units.count)
    unitUpper = units.map(\.upper)

    // Blocks: one per school (units by grade), one per social unit.
    var blockOf = [Int](repeating: -1, count: units.count)
    var position = [Int](repeating: 0, count: units.count)
    var schoolBlock: [Int: Int] = [:]
    var grades: [[Int]] = []
    for (index, unit) in units.enumerated() {
      switch unit.owner {
      case .grade(let school, let grade):
        if let block = schoolBlock[school] {
          blocks[block].units.append(index)
          grades[block].append(grade)
        } else {
          schoolBlock[school] = blocks.count
          blocks.append(Block(units: [index]))
          grades.append([grade])
        }
      case .social:
        blocks.append(Block(units: [index]))
        grades.append([0])
      }
    }
    for block in blocks.indices {
      guard blocks[block].units.count <= Self.maxGrades else { throw Unsupported.notIntervals }
      let order = blocks[block].units.indices.sorted { grades[block][$0] < grades[block][$1] }
      blocks[block].units = order.map { blocks[block].units[$0] }
      for (offset, unit) in blocks[block].units.enumerated() {
        blockOf[unit] = block
        position[unit] = offset
      }
    }

    // Rows inside one block become unit bounds, block bounds or interval caps; rows over
    // several blocks must take whole blocks.
    struct BlockSet {
      var blocks: [Int]
      var lower: Int?
      var upper: Int?
    }
    var sets: [BlockSet] = []
    for row in layout.hardRows(group: group, policy: policy, rules: rules) {
      guard let first = row.units.first else {
        if (row.lower ?? 0) > 0 || (row.upper ?? 0) < 0 { throw GLPKError.infeasible }
        continue
      }
      let block = blockOf[first]
      if row.units.allSatisfy({ blockOf[$0] == block }) {
        let size = Set(row.units).count
        if size == blocks[block].units.count {
          blocks[block].lower = max(blocks[block].lower, row.lower ?? 0)
          blocks[block].upper = min(blocks[block].upper, row.upper ?? Int.max)
        } else if size == 1 {
          unitLower[first] = max(unitLower[first], row.lower ?? 0)
          unitUpper[first] = min(unitUpper[first], row.upper ?? Int.max)
        } else {
          let positions = Set(row.units.map { position[$0] }).sorted()
          guard (row.lower ?? 0) <= 0, let low = positions.first, let high = positions.last,
            high - low + 1 == positions.count
          else { throw Unsupported.notIntervals }
          if let cap = row.upper { blocks[block].caps.append((low, high, cap)) }
        }
      } else {
        let touched = Set(row.units.map { blockOf[$0] }).sorted()
        guard Set(row.units).count == touched.reduce(0, { $0 + blocks[$1].units.count }) else {
          throw Unsupported.notIntervals
        }
        sets.append(BlockSet(blocks: touched, lower: row.lower, upper: row.upper))
      }
    }
    if !policy.closedDoorIsHard && goals.contains(.g1) {
      for (_, inside) in layout.closedDoor {
        guard let first = inside.first else { continue }
        let block = blockOf[first]
        guard Set(inside).count == blocks[block].units.count, inside.allSatisfy({ blockOf[$0] == block }) else {
          throw Unsupported.notIntervals
        }
        blocks[block].closedDoor = true
      }
    }

    // The tree above the blocks, as in `NestedAllocation`: largest sets first (stable).
    let leafCount = blocks.count
    parent = Array(repeating: -1, count: leafCount)
    lower = blocks.map(\.lower)
    upper = blocks.map(\.upper)
    let order = sets.indices.sorted { (sets[$0].blocks.count, $1) > (sets[$1].blocks.count, $0) }
    var deepest = [Int](repeating: -1, count: leafCount)
    var setSize: [Int] = Array(repeating: 1, count: leafCount)
    for index in order {
      let set = sets[index]
      guard let first = set.blocks.first else { continue }
      let above = deepest[first]
      guard set.blocks.allSatisfy({ deepest[$0] == above }) else { throw Unsupported.notIntervals }
      let node: Int
      if above >= 0, setSize[above] == set.blocks.count {
        node = above
      } else {
        if above < 0 && set.blocks.count != leafCount { throw Unsupported.notIntervals }
        node = parent.count
        parent.append(above)
        lower.append(0)
        upper.append(Int.max)
        setSize.append(set.blocks.count)
        for block in set.blocks { deepest[block] = node }
      }
      lower[node] = max(lower[node], set.lower ?? 0)
      upper[node] = min(upper[node], set.upper ?? Int.max)
    }
    if leafCount == 1 && parent.count == 1 {
      // One block: the group's total is a whole-block row, already in its bounds.
      parent.append(-1)
      lower.append(lower[0])
      upper.append(upper[0])
      deepest[0] = 1
    }
    for leaf in 0..<leafCount { parent[leaf] = deepest[leaf] }
    guard leafCount == 0 || (parent.count > leafCount && parent[leafCount] == -1) else { throw Unsupported.notIntervals }
    children = Array(repeating: [], count: parent.count)
    for node in 0..<parent.count where parent[node] >= 0 { children[parent[node]].append(node) }
  }

  /// Chooses balance segments as `QuotaSolver.solveWithGLPK` does (first guess, grown where a
  /// unit used its last one) and solves each restricted model exactly.
  func solveWithSegments(_ layout: QuotaModel, total: Int?) throws -> [Int] {
    var segments = QuotaSolver.initialSegments(layout, total: total)
    var solver = self
    for _ in 0..<20 {
      let quotas = try solver.solve(segments: segments)
      let grow = units.indices.filter { quotas[$0] >= segments[$0] && segments[$0] < units[$0].upper }
      if grow.isEmpty { return quotas }
      for index in grow { segments[index] = min(units[index].upper, segments[index] * 2 + 8) }
    }
    throw GLPKError.unexpected("the balance segments did not settle after 20 rounds")
  }

  /// The lexicographic optimum of the model with `segments[u]` balance segments per unit.
  mutating func solve(segments: [Int]) throws -> [Int] {
    self.segments = segments
    ranks = QuotaModel.ranks(units: units, segments: segments)
    tailCost = ranks.count + 1
    rankOffset = []
    rankOffset.reserveCapacity(units.count)
    var next = 0
    for count in segments {
      rankOffset.append(next)
      next += count
    }
    let nodes = parent.count
    let leafCount = blocks.count
    guard leafCount > 0 else { return [] }
    quota = unitLower
    count = Array(repeating: 0, count: nodes)
    heads = Array(repeating: nil, count: nodes)
    moves = Array(repeating: 0, count: leafCount)
    heap = Array(repeating: [], count: nodes)
    for block in 0..<leafCount {
      // The unique plan with the block's least sum; then its own cheapest steps to its floor.
      for cap in blocks[block].caps where capSum(block, cap.first, cap.last) > cap.upper { throw GLPKError.infeasible }
      if blocks[block].units.contains(where: { quota[$0] > unitUpper[$0] }) { throw GLPKError.infeasible }
      count[block] = blocks[block].units.reduce(0) { $0 + quota[$1] }
      if count[block] > upper[block] { throw GLPKError.infeasible }
      refreshBlock(block)
      while count[block] < lower[block] {
        guard heads[block] != nil else { throw GLPKError.infeasible }
        advance(block)
      }
    }
    for node in stride(from: nodes - 1, through: leafCount, by: -1) {
      count[node] = children[node].reduce(0) { $0 + count[$1] }
      if count[node] > upper[node] { throw GLPKError.infeasible }
      heap[node] = children[node].filter { heads[$0] != nil }
      for position in stride(from: heap[node].count / 2 - 1, through: 0, by: -1) { siftDown(node, position) }
      heads[node] = head(node)
      while count[node] < lower[node] {
        guard heads[node] != nil else { throw GLPKError.infeasible }
        take(node)
      }
    }
    return quota
  }

  private func capSum(_ block: Int, _ first: Int, _ last: Int) -> Int {
    var sum = 0
    for offset in first...last { sum += quota[blocks[block].units[offset]] }
    return sum
  }

  /// What the `member`-th member of `unit` adds to the goals.
  private func memberCost(_ unit: Int, _ member: Int) -> Cost {
    var cost = Cost.at(g2Slot, member <= units[unit].coverageDemand ? -1 : 0)
    let g3 = member <= segments[unit] ? ranks[rankOffset[unit] + member - 1] + 1 : tailCost
    cost = cost + Cost.at(g3Slot, g3)
    return cost
  }

  /// Finds the block's cheapest next member: the chain (prefix sums up by 0 or 1 each) that is
  /// feasible and costs least; ties go to the first chain in mask order.
  private mutating func refreshBlock(_ block: Int) {
    heads[block] = nil
    guard count[block] < upper[block] else { return }
    let members = blocks[block].units
    let k = members.count
    var best: (cost: Cost, mask: Int)?
    let sums = blocks[block].caps.map { capSum(block, $0.first, $0.last) }
    for mask in 0..<(1 << (k - 1)) {
      // delta[p] is the rise of the prefix sum after unit p; the last one always rises.
      func delta(_ p: Int) -> Int { p < 0 ? 0 : (p == k - 1 ? 1 : (mask >> p) & 1) }
      var cost = Cost()
      var feasible = true
      for p in 0..<k {
        let change = delta(p) - delta(p - 1)
        if change == 0 { continue }
        let unit = members[p]
        let value = quota[unit] + change
        if value < unitLower[unit] || value > unitUpper[unit] {
          feasible = false
          break
        }
        cost = change > 0 ? cost + memberCost(unit, value) : cost - memberCost(unit, value + 1)
      }
      guard feasible else { continue }
      for (index, cap) in blocks[block].caps.enumerated() where sums[index] + delta(cap.last) - delta(cap.first - 1) > cap.upper {
        feasible = false
        break
      }
      guard feasible else { continue }
      if blocks[block].closedDoor && count[block] == 0 { cost = cost + Cost.at(g1Slot, -1) }
      if let current = best, !(cost < current.cost) { continue }
      best = (cost, mask)
    }
    guard let best else { return }
    heads[block] = Step(cost: best.cost, block: block)
    moves[block] = best.mask
  }

  /// Gives the block its next member by the chain `refreshBlock` found.
  private mutating func advance(_ block: Int) {
    let members = blocks[block].units
    let k = members.count
    let mask = moves[block]
    func delta(_ p: Int) -> Int { p < 0 ? 0 : (p == k - 1 ? 1 : (mask >> p) & 1) }
    for p in 0..<k { quota[members[p]] += delta(p) - delta(p - 1) }
    count[block] += 1
    refreshBlock(block)
  }

  /// The step an inner node offers next: its cheapest child's.
  private func head(_ node: Int) -> Step? {
    guard count[node] < upper[node], let top = heap[node].first else { return nil }
    return heads[top]
  }

  /// Gives the next member to the subtree of `node`, down the cheapest path.
  private mutating func take(_ node: Int) {
    var path: [Int] = []
    var current = node
    while current >= blocks.count {
      path.append(current)
      current = heap[current][0]
    }
    advance(current)
    for inner in path.reversed() {
      count[inner] += 1
      if heads[heap[inner][0]] == nil {
        heap[inner][0] = heap[inner][heap[inner].count - 1]
        heap[inner].removeLast()
      }
      if !heap[inner].isEmpty { siftDown(inner, 0) }
      heads[inner] = head(inner)
    }
  }

  private mutating func siftDown(_ node: Int, _ first: Int) {
    let size = heap[node].count
    var position = first
    while true {
      let left = 2 * position + 1
      guard left < size else { return }
      var best = left
      if left + 1 < size && precedes(heap[node][left + 1], heap[node][left]) { best = left + 1 }
      guard precedes(heap[node][best], heap[node][position]) else { return }
      heap[node].swapAt(best, position)
      position = best
    }
  }

  private func precedes(_ a: Int, _ b: Int) -> Bool {
    guard let x = heads[a] else { return false }
    guard let y = heads[b] else { return true }
    return x.precedes(y)
  }
}
