import ArgumentParser
import Foundation
import Workspace

/// `backup`: a consistent copy of the workspace database, also while the server runs.
struct Backup: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Copy the workspace database to FILE with SQLite's online backup (safe while serve runs).",
    discussion: "To restore: stop the server, put FILE in place of DIR/workspace.sqlite (remove workspace.sqlite-wal and -shm), start it again.")

  @OptionGroup var data: DataOption
  @Argument(help: "The backup file to write.") var file: String

  func run() throws {
    let folder = URL(fileURLWithPath: data.data)
    guard WorkspaceFolder.isWorkspace(folder.appendingPathComponent(WorkspaceDatabase.fileName).path) else {
      throw WorkspaceError.folderRefused("\(data.data) holds no quotaplan workspace (workspace.sqlite); nothing was copied.")
    }
    let database = try WorkspaceDatabase(folder: folder)
    try database.backup(to: file)
    print("Backed up \(data.data) to \(file).")
  }
}

/// `routes`: the access table, as the server enforces it.
struct Routes: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print every route and the roles that may call it.")
  func run() throws { print(AccessTable.markdown()) }
}
