import ArgumentParser
import Foundation
import Logging
import Workspace

/// `serve`: the workspace's web server.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the workspace at http://HOST:PORT/ (127.0.0.1:8080 by default).")

  @OptionGroup var data: DataOption

  @Option(help: "The address to listen on. Only 127.0.0.1 (this machine) unless you say otherwise.")
  var host = "127.0.0.1"

  @Option(help: "The port (0: any free port; the URL printed says which).")
  var port = 8080

  @Option(help: "The scenario folder a new workspace starts with (default: this checkout's scenarios/yangzhou-2022).")
  var seed: String?

  @Option(help: "On a workspace without accounts: create this city account first (the password is asked for, or read from standard input).")
  var firstUser: String?

  @Option(help: "How much the server logs: trace, debug, info, notice, warning, error, critical.")
  var logLevel: Logger.Level = .info

  @Option(help: "How many hours a session lasts after signing in (a working day by default).")
  var sessionHours: Double = 8

  @Option(help: "Failed sign-ins from one address, under any names, after which that address must wait.")
  var addressFailures = 20

  @Option(help: "The minutes those failed sign-ins are counted over, and how long the address then waits.")
  var addressWindowMinutes: Double = 15

  @Option(help: "The seconds a signed-in request's body (an upload) has to arrive before it is refused.")
  var uploadSeconds: Double = 120

  @Option(help: "The seconds a connection may send nothing before it is closed.")
  var idleSeconds: Double = 60

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
    guard sessionHours > 0, sessionHours <= 24 * 30 else { throw ValidationError("--session-hours must be above 0 and at most 720.") }
    guard addressFailures >= 1 else { throw ValidationError("--address-failures must be at least 1.") }
    guard addressWindowMinutes > 0 else { throw ValidationError("--address-window-minutes must be above 0.") }
    guard uploadSeconds > 0, idleSeconds > 0 else { throw ValidationError("--upload-seconds and --idle-seconds must be above 0.") }
  }

  func run() async throws {
    let level = logLevel
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "quotaplan.workspace")
    let database = try data.open()
    let security = SecuritySettings(
      sessionSeconds: max(1, Int((sessionHours * 3600).rounded())), addressFailures: addressFailures,
      addressWindowSeconds: addressWindowMinutes * 60, uploadSeconds: uploadSeconds, idleSeconds: idleSeconds)
    let services = WorkspaceServices(database: database, accounts: Accounts(database: database), logger: logger, security: security)
    if try services.accounts.all().isEmpty {
      guard let firstUser else {
        throw WorkspaceError.account(
          "\(data.data) has no account yet, so nobody could sign in. Add one with --first-user NAME, or with: quotaplan-workspace users add NAME --role city --data \(data.data) --password-stdin")
      }
      let user = try services.accounts.add(name: firstUser, role: .city, district: nil, password: readPassword())
      FileHandle.standardError.write(Data("Added \(user.name) (city).\n".utf8))
    }
    try services.plans.seedIfEmpty(from: seed ?? Self.defaultSeed)
    let host = self.host
    let folder = data.data
    let app = WorkspaceApp.application(services, host: host, port: port) { port in
      let shownHost = host.contains(":") ? "[\(host)]" : host
      // One line on standard output, written at once: scripts read the URL from it.
      FileHandle.standardOutput.write(Data("quotaplan workspace: http://\(shownHost):\(port)/  (data: \(folder); stop with Ctrl-C)\n".utf8))
    }
    try await app.runService()
  }

  /// This checkout's Yangzhou 2022 scenario.
  static var defaultSeed: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("scenarios/yangzhou-2022").path
  }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
