import ArgumentParser
import Foundation
import Logging
import Workspace

/// `quotaplan-workspace` (also reached as `quotaplan serve|users|backup`): the browser
/// workspace over one data folder.
@main
struct WorkspaceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quotaplan-workspace",
    abstract: "The quotaplan workspace: plan in the browser, over one SQLite database in --data DIR.",
    discussion: """
      Exit codes:
        0   done
        64  wrong command-line use
        65  the input is wrong (an account name, a password, a district)
        73  the data folder or backup file may not be used (it holds other files)
        74  the database could not be read or written
      """,
    subcommands: [Serve.self, Users.self, Backup.self, Routes.self])

  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let error as WorkspaceError {
      FileHandle.standardError.write(Data("quotaplan: \(error.description)\n".utf8))
      switch error {
      case .folderRefused: Foundation.exit(73)
      case .backupFailed: Foundation.exit(74)
      case .account: Foundation.exit(65)
      }
    } catch {
      exit(withError: error)
    }
  }
}

/// Options every subcommand shares: the data folder.
struct DataOption: ParsableArguments {
  @Option(help: "The workspace folder: its SQLite database (workspace.sqlite) lives there.")
  var data: String

  /// Opens the workspace, creating it in an empty or new folder.
  func open() throws -> WorkspaceDatabase {
    let folder = try WorkspaceFolder.prepare(data)
    do {
      return try WorkspaceDatabase(folder: folder)
    } catch {
      throw WorkspaceError.folderRefused("The workspace database in \(data) cannot be opened: \(error).")
    }
  }
}
