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

    public init(name: String, path: String, plan: Plan?, failure: String?, isConflict: Bool, seconds: Double) {
      self.name = name
      self.path = path
      self.plan = plan
      self.failure = failure
      self.isConflict = isConflict
      self.seconds = seconds
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

  /// Solves scenarios made by `makers` (already loaded or built in memory).
  public static func run(
    _ makers: [@Sendable () throws -> Scenario], names: [String], jobs: Int, options: SolverOptions = SolverOptions(),
    progress: @Sendable (Int, Int) -> Void = { _, _ in }
  ) -> [Outcome] {
    let state = RunState(count: makers.count)
    let workers = max(1, min(jobs, makers.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while let index = state.next() {
        let start = Date()
        var outcome = Outcome(name: URL(fileURLWithPath: names[index]).lastPathComponent, path: names[index], plan: nil, failure: nil, isConflict: false, seconds: 0)
        do {
          let scenario = try makers[index]()
          outcome.name = scenario.name
          // Scenarios already share the cores; each solves its categories one after another.
          outcome.plan = try Planner.plan(scenario, options: options, parallel: workers == 1)
        } catch let error as PlanError {
          outcome.failure = error.description
          if case .conflicts = error { outcome.isConflict = true }
        } catch {
          outcome.failure = "\(error)"
        }
        outcome.seconds = Date().timeIntervalSince(start)
        let done = state.finish(index, outcome)
        progress(done, makers.count)
      }
    }
    return state.outcomes.compactMap { $0 }
  }
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
