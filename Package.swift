// swift-tools-version:6.0
import PackageDescription

// The inference core is the only code that needs AVX2/FMA; every other module builds for the
// generic x86-64 baseline so `docket` can check the CPU at start and exit with one clear line.
let inferenceFlags: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"], .when(configuration: .release)),
]

let package = Package(
    name: "Docket",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "docket", targets: ["docket"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries: a module map and a shim header each, found through pkg-config.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib",
                       providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),

        // lcms2 rendering-intent plugin that keeps poppler from building colour transforms it
        // only needs for drawing (see ColorLinks.c); needs liblcms2-dev for lcms2_plugin.h.
        .target(name: "CColorLinks", linkerSettings: [.linkedLibrary("lcms2")]),

        .target(name: "DocketSupport"),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "DocketSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Queue", dependencies: ["Postgres", "DocketSupport"]),
        .target(
            name: "Worker",
            dependencies: ["Queue", "Postgres", "Parsing", "Extraction", "Results", "DocketSupport",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Synth", dependencies: ["CCairo", "DocketSupport"]),
        // Depends on nothing in the project; the only code built for AVX2/FMA (see the top).
        .target(name: "Inference", swiftSettings: inferenceFlags),
        .target(name: "Parsing", dependencies: ["CLibXML2", "CPoppler", "CColorLinks", "DocketSupport"]),
        .target(
            name: "Extraction",
            dependencies: ["Parsing", "Inference", "DocketSupport", "Yams", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Results", dependencies: ["Extraction", "Parsing", "Postgres"]),
        .target(
            name: "Intake",
            dependencies: ["Queue", "Postgres", "DocketSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Bench", dependencies: ["Postgres", "Queue", "Worker", "Parsing", "Synth", "DocketSupport"]),
        .executableTarget(
            name: "docket",
            dependencies: [
                "DocketSupport", "Postgres", "Queue", "Worker", "Intake", "Parsing", "Inference", "Extraction", "Results", "Synth", "Bench",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared by the test targets only: one database per test, paths to the repo and binary.
        .target(
            name: "DocketTestSupport",
            dependencies: ["Postgres", "DocketSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),

        .testTarget(name: "DocketSupportTests", dependencies: ["DocketSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "DocketSupport", "DocketTestSupport"]),
        .testTarget(name: "IntakeTests", dependencies: ["Intake", "Queue", "Postgres", "DocketTestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "DocketTestSupport"]),
        .testTarget(name: "ParsingTests", dependencies: ["Parsing", "Synth", "DocketSupport", "DocketTestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "Parsing", "Synth", "DocketTestSupport"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "Extraction", "Worker", "Queue", "Parsing", "Synth", "Postgres", "DocketTestSupport"]),
        .testTarget(name: "QueueTests", dependencies: ["Queue", "Worker", "Postgres", "DocketTestSupport"]),
        .testTarget(
            name: "DocketCLITests",
            dependencies: ["DocketSupport", "Postgres", "DocketTestSupport", "docket", "Yams"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
