/// Scenarios, versions, plans, explanations, comparisons, sweeps, downloads and publishing.
enum ScenarioEndpoints {
  static let list: [Endpoint] = []
}
