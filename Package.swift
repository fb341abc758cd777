// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "quotaplan",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "QuotaPlan", targets: ["QuotaPlan"]),
    .executable(name: "quotaplan", targets: ["quotaplan"]),
    // The browser workspace (serve, users, backup): its own program, so `solve` builds light.
    .executable(name: "quotaplan-workspace", targets: ["quotaplan-workspace"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
  ],
  targets: [
    // GLPK's C API; the header comes from Debian's libglpk-dev.
    .systemLibrary(
      name: "CGLPK",
      providers: [.apt(["libglpk-dev"])]
    ),
    // Linux's atomic exchange of two paths, so a plan folder is replaced in one step.
    .target(name: "CAtomicRename"),
    // C's "%.*f", which Swift cannot call directly (snprintf is variadic).
    .target(name: "CFixedDecimal"),
    // The only code that touches CGLPK: a safe, owning Swift layer.
    .target(name: "GLPK", dependencies: ["CGLPK"]),
    // The planning engine: data in → model → solve → explain → report.
    .target(
      name: "QuotaPlan",
      dependencies: [
        "GLPK",
        "CAtomicRename",
        "CFixedDecimal",
        .product(name: "Yams", package: "Yams"),
        .product(name: "CSV", package: "CSV.swift"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .executableTarget(
      name: "quotaplan",
      dependencies: [
        "QuotaPlan",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The workspace: database, accounts, HTTP API and pages, over the QuotaPlan library.
    .target(
      name: "Workspace",
      dependencies: [
        "QuotaPlan",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ]
    ),
    .executableTarget(
      name: "quotaplan-workspace",
      dependencies: [
        "Workspace",
        "QuotaPlan",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "WorkspaceTests",
      dependencies: [
        "Workspace", "QuotaPlan",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
    .testTarget(
      name: "QuotaPlanTests",
      dependencies: [
        "QuotaPlan", "GLPK", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["Fixtures", "FuzzCorpus"]),
  ]
)
