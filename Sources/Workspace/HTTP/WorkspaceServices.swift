import Foundation
import Logging

/// What the routes work with: the database, accounts, sessions and the planning engine.
public final class WorkspaceServices: Sendable {
  public let database: WorkspaceDatabase
  public let accounts: Accounts
  public let sessions: SessionStore
  public let plans: PlanService
  /// Final plans combined from county refinements (issue #14).
  public let combinations: CombineService
  /// County refinements (`quotaplan refine` in the workspace).
  public let refinements: RefinementService
  public let logger: Logger
  /// Session length and sign-in limits per address.
  public let security: SecuritySettings
  let addressThrottle: AddressThrottle

  public init(database: WorkspaceDatabase, accounts: Accounts, logger: Logger, security: SecuritySettings = SecuritySettings()) {
    self.security = security
    self.addressThrottle = AddressThrottle(security)
    self.database = database
    self.accounts = accounts
    self.sessions = SessionStore(database: database)
    self.plans = PlanService(database: database, logger: logger)
    self.combinations = CombineService(database: database, plans: plans, logger: logger)
    self.refinements = RefinementService(database: database, plans: plans, logger: logger)
    self.logger = logger
  }
}
