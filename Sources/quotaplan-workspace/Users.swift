import ArgumentParser
import Foundation
import Workspace

/// `users`: the workspace's accounts.
struct Users: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Add, list, disable and enable accounts, and set passwords.",
    subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self])

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add an account; the password is read from standard input.")
    @Argument(help: "The account's name (what it signs in with).") var name: String
    @Option(help: "city, county, reviewer or admin.") var role: Role
    @Option(help: "The district (区县) a county account plans for.") var district: String?
    @OptionGroup var data: DataOption
    @Flag(help: "Read the password from standard input (the only way: never on the command line).") var passwordStdin = false

    func validate() throws {
      guard passwordStdin else { throw ValidationError("Give --password-stdin and type the password on standard input.") }
    }

    func run() throws {
      let database = try data.open()
      let user = try Accounts(database: database).add(name: name, role: role, district: district, password: readPassword())
      print("Added \(user.name) (\(user.role.rawValue)\(user.district.map { ", \($0)" } ?? "")).")
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the accounts.")
    @OptionGroup var data: DataOption
    func run() throws {
      for user in try Accounts(database: try data.open()).all() {
        print([user.name, user.role.rawValue, user.district ?? "-", user.disabled ? "disabled" : "active"].joined(separator: "\t"))
      }
    }
  }

  struct Disable: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Disable an account: it can no longer sign in.")
    @Argument var name: String
    @OptionGroup var data: DataOption
    func run() throws { try Accounts(database: try data.open()).setDisabled(name: name, true, by: nil) }
  }

  struct Enable: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
    @Argument var name: String
    @OptionGroup var data: DataOption
    func run() throws { try Accounts(database: try data.open()).setDisabled(name: name, false, by: nil) }
  }

  struct Password: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set an account's password, read from standard input.")
    @Argument var name: String
    @OptionGroup var data: DataOption
    @Flag(help: "Read the password from standard input.") var passwordStdin = false
    func validate() throws {
      guard passwordStdin else { throw ValidationError("Give --password-stdin and type the password on standard input.") }
    }
    func run() throws { try Accounts(database: try data.open()).setPassword(name: name, readPassword(), by: nil) }
  }
}

/// The first line of standard input, without its line end. At a terminal it asks for it
/// (twice) without showing what is typed.
func readPassword() throws -> String {
  guard isatty(STDIN_FILENO) == 1 else {
    guard let line = readLine(strippingNewline: true) else {
      throw WorkspaceError.account("No password came on standard input.")
    }
    return line
  }
  func ask(_ prompt: String) -> String? {
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var silent = saved
    silent.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &silent)
    defer {
      tcsetattr(STDIN_FILENO, TCSANOW, &saved)
      FileHandle.standardError.write(Data("\n".utf8))
    }
    return readLine(strippingNewline: true)
  }
  guard let first = ask("Password (密码): "), let second = ask("Again (再输入一次): ") else {
    throw WorkspaceError.account("No password was typed.")
  }
  guard first == second else { throw WorkspaceError.account("The two passwords differ; nothing was changed.") }
  return first
}

extension Role: ExpressibleByArgument {}
