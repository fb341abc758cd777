import Foundation
import GLPK

/// Solves many scenarios, in parallel across the cores (GLPK's state is thread-local, so each
/// solve runs on its own thread with its own problems).
public enum Runner {
  /// One scenario's outcome.
  public struct Outcome: Sendable {
    public var name: String
    public var path: String
    public var plan: Plan?
    /// The sentence that says why there is no plan (bad input, conflicting rules, solver).
    public var failure: String?
    /// True when the failure is a named conflict of the hard rules.
    public var isConflict: Bool
    public var seconds: Double
    /// True when the scenario could not be read (its data or settings are wrong).
    public var isBadInput: Bool
    /// What the scenario says running it should give (`expect:`; a plan when it says nothing).
    public var expectation: Expectation
    /// When the rules conflict and the nearest plan was asked for: the plan that breaks the
    /// fewest rules, by the least (`Planner.nearestPlan`).
    public var nearest: Plan?
    /// Why no nearest plan came out, as a sentence, when one was asked for and none did.
    public var nearestFailure: String?

    public init(
      name: String, path: String, plan: Plan?, failure: String?, isConflict: Bool, seconds: Double, isBadInput: Bool = false,
      expectation: Expectation = .plan, nearest: Plan? = nil, nearestFailure: String? = nil
    ) {
      self.name = name
      self.path = path
      self.plan = plan
      self.failure = failure
      self.isConflict = isConflict
      self.seconds = seconds
      self.isBadInput = isBadInput
      self.expectation = expectation
      self.nearest = nearest
      self.nearestFailure = nearestFailure
    }

    /// Whether the scenario gave what it expects: a plan, or (`expect: conflict`) a named
    /// conflict of the hard rules. Bad input and solver failures never meet an expectation.
    public var isExpected: Bool {
      switch expectation {
      case .plan: return plan != nil
      case .conflict: return plan == nil && isConflict
      }
    }
  }

  /// Scenario folders under `path` (a folder of scenario folders), or `path` itself. Scenarios
  /// without a `base:` come first (by name), so the first is a natural reference.
  public static func scenarioPaths(_ path: String) -> [String] {
    let url = URL(fileURLWithPath: path)
    if FileManager.default.fileExists(atPath: url.appendingPathComponent(ScenarioLoader.fileName).path) || path.hasSuffix(".yaml") {
      return [path]
    }
    let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    let folders = children.sorted().map { url.appendingPathComponent($0).path }.filter {
      FileManager.default.fileExists(atPath: URL(fileURLWithPath: $0).appendingPathComponent(ScenarioLoader.fileName).path)
    }
    func hasBase(_ folder: String) -> Bool {
      // Read as the loader reads it, so a pipe or a huge file named scenario.yaml never hangs here.
      let path = URL(fileURLWithPath: folder).appendingPathComponent(ScenarioLoader.fileName).path
      let text = (try? ScenarioLoader.readScenarioText(path, name: ScenarioLoader.fileName)) ?? ""
      return text.split(separator: "\n").contains { $0.hasPrefix("base:") }
    }
    return folders.filter { !hasBase($0) } + folders.filter(hasBase)
  }

  /// Loads and solves each scenario with `jobs` workers; `progress(done, total)` is called as
  /// scenarios finish. Outcomes come back in the order of `paths`.
  public static func run(
    _ paths: [String], jobs: Int, options: SolverOptions = SolverOptions(), progress: @Sendable (Int, Int) -> Void = { _, _ in }
  ) -> [Outcome] {
    run(paths.map { path in { try ScenarioLoader.load(path) } }, names: paths, jobs: jobs, options: options, progress: progress)
  }

  /// Loads scenarios on all cores, without solving them (so that a command can check where
  /// their plans will go first); the results come back in the order of `paths`.
  public static func load(_ paths: [String]) -> [Result<Scenario, any Error>] {
    paths.concurrentMap { path in Result { try ScenarioLoader.load(path) } }
  }

  /// Solves scenarios made by `makers` (already loaded or built in memory). A failure is a
  /// sentence in the scenario's language (in `language` when the scenario could not be read).
  /// With `nearest`, a scenario whose hard rules conflict also gets its nearest plan (`options`'
  /// time limit, else the scenario's `solver_time_limit`, bounds that solve).
  public static func run(
    _ makers: [@Sendable () throws -> Scenario], names: [String], jobs: Int, options: SolverOptions = SolverOptions(),
    nearest: Bool = false, language: Language = .en, progress: @Sendable (Int, Int) -> Void = { _, _ in }
  ) -> [Outcome] {
    let state = RunState(count: makers.count)
    let workers = max(1, min(jobs, makers.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while let index = state.next() {
        let start = Date()
        var outcome = Outcome(name: URL(fileURLWithPath: names[index]).lastPathComponent, path: names[index], plan: nil, failure: nil, isConflict: false, seconds: 0)
        var loaded: Scenario?
        do {
          let scenario = try makers[index]()
          loaded = scenario
          outcome.name = scenario.name
          outcome.expectation = scenario.policy.expect ?? .plan
          // Scenarios already share the cores; each solves its categories one after another.
          outcome.plan = try Planner.plan(scenario, options: limited(options, scenario), parallel: workers == 1)
        } catch let error as PlanError {
          let language = loaded?.policy.language ?? language
          outcome.failure = sentence(of: error, language)
          if case .conflicts = error {
            outcome.isConflict = true
            if nearest, let scenario = loaded {
              do {
                outcome.nearest = try Planner.nearestPlan(scenario, options: limited(options, scenario))
              } catch {
                outcome.nearestFailure = sentence(of: error, language)
              }
            }
          }
        } catch {
          outcome.failure = sentence(of: error, loaded?.policy.language ?? language)
          outcome.isBadInput = loaded == nil
        }
        outcome.seconds = Date().timeIntervalSince(start)
        let done = state.finish(index, outcome)
        progress(done, makers.count)
      }
    }
    return state.outcomes.compactMap { $0 }
  }
}

/// `options` with the scenario's GLPK time limit (`solver_time_limit`, else the default) when
/// they set none.
private func limited(_ options: SolverOptions, _ scenario: Scenario) -> SolverOptions {
  var options = options
  options.timeLimit = options.timeLimit ?? scenario.policy.effectiveSolverTimeLimit
  return options
}

/// Hands out indices to workers and collects their outcomes.
private final class RunState: @unchecked Sendable {
  private let lock = NSLock()
  private var cursor = 0
  private var done = 0
  private(set) var outcomes: [Runner.Outcome?]

  init(count: Int) { outcomes = Array(repeating: nil, count: count) }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard cursor < outcomes.count else { return nil }
    cursor += 1
    return cursor - 1
  }

  func finish(_ index: Int, _ outcome: Runner.Outcome) -> Int {
    lock.lock()
    defer { lock.unlock() }
    outcomes[index] = outcome
    done += 1
    return done
  }
}
