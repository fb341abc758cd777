import Foundation
import GRDB

/// The data folder (`--data DIR`): checked before anything is written to it.
public enum WorkspaceFolder {
  /// Refuses a folder that is neither missing, empty nor a quotaplan workspace, so `serve` never
  /// writes its database into a folder of other files; creates a missing folder.
  public static func prepare(_ path: String) throws -> URL {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw WorkspaceError.folderRefused("\(path) is a file, not a folder; give --data a folder for the workspace.")
      }
      let entries = try FileManager.default.contentsOfDirectory(atPath: url.path)
      let database = url.appendingPathComponent(WorkspaceDatabase.fileName)
      if entries.contains(WorkspaceDatabase.fileName) {
        guard isWorkspace(database.path) else {
          throw WorkspaceError.folderRefused("\(database.path) is not a quotaplan workspace database; nothing was changed. Give --data another folder.")
        }
      } else if !entries.filter({ !$0.hasPrefix(".") }).isEmpty {
        let shown = entries.sorted().prefix(3).joined(separator: ", ")
        throw WorkspaceError.folderRefused("Refusing to use \(path) as the workspace: it holds \(entries.count) other file(s) (\(shown)). Give --data an empty or new folder.")
      }
    } else {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    return url
  }

  /// True when `path` is an SQLite file carrying the workspace's application id.
  public static func isWorkspace(_ path: String) -> Bool {
    var config = Configuration()
    config.readonly = true
    guard let queue = try? DatabaseQueue(path: path, configuration: config) else { return false }
    return (try? queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }) == Schema.applicationID
  }
}
