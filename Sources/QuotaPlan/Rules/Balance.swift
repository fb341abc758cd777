import Foundation

/// G3 balance, and R11's proportional split of the social sector, as one water-filling cost.
///
/// The j-th new member of a unit costs the ratio it reaches, `(base + j) ÷ size`: for a
/// school-grade `base` is its members and `size` its students; for a social unit `base` is
/// −½ and `size` its weight (Sainte-Laguë: shares proportional to weight, rounded fairly).
/// Minimising the summed cost over the caps gives the next member always to the unit whose
/// ratio after receiving it is lowest, which is the balance the notice asks for.
struct BalanceCost: Sendable, Equatable {
  var base: Double
  var size: Double

  /// Cost of the j-th new member (j ≥ 1).
  func cost(_ j: Int) -> Double { (base + Double(j)) / size }

  /// Compares the j-th member of `self` with the k-th of `other` exactly for integer data.
  func isCheaper(_ j: Int, than other: BalanceCost, _ k: Int) -> Bool {
    (base + Double(j)) * other.size < (other.base + Double(k)) * size
  }

  func isEqual(_ j: Int, to other: BalanceCost, _ k: Int) -> Bool {
    (base + Double(j)) * other.size == (other.base + Double(k)) * size
  }
}

/// R11: social-sector weights from members, organisation density and youth outflow.
enum SocialShare {
  /// Weight of each unit, in input order.
  static func weights(_ units: [SocialUnit], _ policy: SocialPolicy) -> [Double] {
    let members = units.reduce(0) { $0 + $1.members }
    let organisations = units.reduce(0) { $0 + $1.organisations }
    let meanDensity = members > 0 ? Double(organisations) / Double(members) : 1
    return units.map { unit in
      let base = Double(max(unit.members, 1))
      let density = Double(unit.organisations) / base
      var weight = base * (meanDensity > 0 && density > 0 ? pow(density / meanDensity, policy.densityExponent) : 1)
      if hasOutflow(unit, policy) { weight *= policy.outflowBoost }
      return weight
    }
  }

  /// A village with heavy youth outflow (R11's boost).
  static func hasOutflow(_ unit: SocialUnit, _ policy: SocialPolicy) -> Bool {
    guard unit.kind == .village, unit.registeredYouth > 0, unit.residentYouth > 0 else { return false }
    let residentShare = Double(unit.residentYouth) / Double(unit.registeredYouth)
    let ratio = Double(unit.members) / Double(unit.residentYouth)
    return residentShare < policy.outflowResidentShareBelow && ratio < policy.outflowMemberRatioBelow
  }
}
