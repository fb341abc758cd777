import Foundation

/// `quotaplan serve|users|backup` run the workspace, which is its own program
/// (`quotaplan-workspace`, beside this one) so that `solve` builds without a web server.
enum WorkspaceForward {
  static let commands: Set<String> = ["serve", "users", "backup"]

  /// Replaces this process by `quotaplan-workspace` with the same arguments when the first
  /// argument is a workspace command; returns when it is not. Exits 64 with the command to
  /// build it when the program is missing.
  static func runIfWorkspaceCommand() {
    let arguments = CommandLine.arguments
    guard arguments.count > 1, commands.contains(arguments[1]) else { return }
    let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    let program = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("quotaplan-workspace").path
    guard FileManager.default.isExecutableFile(atPath: program) else {
      let message = """
        quotaplan: `\(arguments[1])` belongs to the workspace, a program of its own that is not built yet. Build and run it with:
          swift run -c release quotaplan-workspace \(arguments.dropFirst().joined(separator: " "))

        """
      FileHandle.standardError.write(Data(message.utf8))
      exit(64)
    }
    let argv = ([program] + arguments.dropFirst()).map { strdup($0) } + [nil]
    execv(program, argv)
    FileHandle.standardError.write(Data("quotaplan: could not start \(program): \(String(cString: strerror(errno)))\n".utf8))
    exit(64)
  }
}
