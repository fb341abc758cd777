import Foundation
import Logging

/// What the routes work with: the database, accounts, sessions and the planning engine.
public final class WorkspaceServices: Sendable {
  public let database: WorkspaceDatabase
  public let accounts: Accounts
  public let sessions: SessionStore
  public let plans: PlanService
  public let logger: Logger

  public init(database: WorkspaceDatabase, accounts: Accounts, logger: Logger) {
    self.database = database
    self.accounts = accounts
    self.sessions = SessionStore(database: database)
    self.plans = PlanService(database: database, logger: logger)
    self.logger = logger
  }
}
