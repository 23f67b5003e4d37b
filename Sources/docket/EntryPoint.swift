import ArgumentParser
import DocketSupport
import Foundation

/// Exit statuses: 0 success, 1 a user error (one line on stderr), 2 a usage error.
@main
enum EntryPoint {
    static func main() {
        let missing = CPUFeatures.missing(flags: CPUFeatures.reportedFlags())
        if !missing.isEmpty {
            printError("docket: this build needs a CPU with AVX2 and FMA (x86-64-v3); this CPU lacks \(missing.joined(separator: ", "))")
            exit(1)
        }
        // Line-buffer stdout even into a pipe, so output is seen as it is produced.
        setvbuf(stdout, nil, _IOLBF, 0)

        var command: ParsableCommand
        do {
            command = try Docket.parseAsRoot()
        } catch {
            if Docket.exitCode(for: error) == .success { Docket.exit(withError: error) }
            printError(Docket.fullMessage(for: error))
            exit(2)
        }
        do {
            try command.run()
        } catch let error as ReportableError {
            printError("docket: \(error.message)")
            exit(1)
        } catch let status as ExitCode {
            // The command already said what went wrong, line by line.
            exit(status.rawValue)
        } catch {
            // Help and version requests surface here too (as wrapped clean exits).
            switch Docket.exitCode(for: error) {
            case .success:
                Docket.exit(withError: error)
            case .validationFailure:
                printError(Docket.fullMessage(for: error))
                exit(2)
            default:
                printError("docket: \(Docket.message(for: error))")
                exit(1)
            }
        }
    }
}

struct Docket: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket",
        abstract: "Private document processing on your own hardware, with results in PostgreSQL.",
        discussion: """
            With no database configured, Docket runs its own PostgreSQL cluster under DOCKET_HOME \
            (root: /var/lib/docket; others: ~/.local/share/docket). Choose another server with \
            --database URL or DOCKET_DATABASE_URL.
            """,
        version: DocketVersion.current,
        subcommands: [DatabaseCommand.self, MigrateCommand.self, StatusCommand.self, EnqueueCommand.self,
                      JobsCommand.self, JobCommand.self, CancelCommand.self, RetryCommand.self, WorkerCommand.self, WatchCommand.self, UpCommand.self, ProcessCommand.self, ReprocessCommand.self, ExportLabelsCommand.self, PurgeCommand.self, ParseCommand.self, ExtractCommand.self, ClassifyCommand.self, SynthCommand.self, TrainCommand.self, EvalCommand.self, ParseServerCommand.self, TokenizeCommand.self, EmbedCommand.self, QuantizeCommand.self,
                      BenchCommand.self]
    )
}
