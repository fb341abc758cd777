import Foundation
import Logging
import QuotaPlan

/// The workspace's door to the planning engine (placeholder until the scenario routes land).
public final class PlanService: Sendable {
  let database: WorkspaceDatabase
  let logger: Logger

  public init(database: WorkspaceDatabase, logger: Logger) {
    self.database = database
    self.logger = logger
  }
}

extension PlanService {
  /// Starts an empty workspace with the seed scenario (placeholder).
  public func seedIfEmpty(from folder: String) throws {}
}
