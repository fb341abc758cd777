// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "quotaplan",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "QuotaPlan", targets: ["QuotaPlan"]),
    .executable(name: "quotaplan", targets: ["quotaplan"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
  ],
  targets: [
    // GLPK's C API; the header comes from Debian's libglpk-dev.
    .systemLibrary(
      name: "CGLPK",
      providers: [.apt(["libglpk-dev"])]
    ),
    // Linux's atomic exchange of two paths, so a plan folder is replaced in one step.
    .target(name: "CAtomicRename"),
    // The only code that touches CGLPK: a safe, owning Swift layer.
    .target(name: "GLPK", dependencies: ["CGLPK"]),
    // The planning engine: data in → model → solve → explain → report.
    .target(
      name: "QuotaPlan",
      dependencies: [
        "GLPK",
        "CAtomicRename",
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
    .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
    .testTarget(
      name: "QuotaPlanTests", dependencies: ["QuotaPlan", "GLPK", .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["Fixtures", "FuzzCorpus"]),
  ]
)
