import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of a finished child process.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var succeeded: Bool { status == 0 }
}

/// Runs a program to completion and captures its output. Used for `initdb`, `pg_ctl` and
/// `runuser`, and for OCR's `pdftoppm` and tesseract — only from inside a parser child, never
/// on document content in the worker's own process.
///
/// Built on posix_spawn, poll and waitpid rather than Foundation's Process: `pg_ctl start`
/// leaves a daemon behind, and Process's exit monitoring was seen to hang on that here.
public enum ProcessRunner {
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: String? = nil
    ) throws -> ProcessOutput {
        let outPipe = try cloexecPipe(), errPipe = try cloexecPipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        // posix_spawn has no portable chdir action, so coreutils' `env -C` changes directory.
        var program = executable, programArguments = arguments
        if let currentDirectory {
            program = "/usr/bin/env"
            programArguments = ["-C", currentDirectory, executable] + arguments
        }
        let spawned = spawn(program, programArguments, environment: environment, actions: &actions)
        close(outPipe[1])
        close(errPipe[1])
        guard case .success(let pid) = spawned else {
            close(outPipe[0]); close(errPipe[0])
            throw spawnError(executable, spawned)
        }
        let (out, err) = drain(outPipe[0], errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out because the C macros are not imported.
        let exited = (status & 0x7f) == 0
        return ProcessOutput(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }

    /// A pipe whose ends are closed in children: only the dup2'd copies reach a child, so a
    /// leaked write end can never keep the parent reading.
    static func cloexecPipe() throws -> [Int32] {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw SupportError(code: "spawn_failed", message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return ends
    }

    /// posix_spawn with argv and the environment built from Swift strings: the pid, or errno.
    static func spawn(_ program: String, _ arguments: [String], environment: [String: String]?,
                      actions: inout posix_spawn_file_actions_t) -> Result<pid_t, SpawnFailure> {
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, nil, argv, envp)
        return result == 0 ? .success(pid) : .failure(SpawnFailure(errno: result))
    }

    struct SpawnFailure: Error { var errno: Int32 }

    static func spawnError(_ executable: String, _ result: Result<pid_t, SpawnFailure>) -> SupportError {
        guard case .failure(let failure) = result else { preconditionFailure("not a failure") }
        return SupportError(code: "spawn_failed", message: "cannot run \(executable): \(String(cString: strerror(failure.errno)))")
    }

    /// Reads both pipes until each reaches end of file, with poll so neither can fill and block.
    private static func drain(_ outFD: Int32, _ errFD: Int32) -> ([UInt8], [UInt8]) {
        var buffers: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: outFD, events: Int16(POLLIN), revents: 0), pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0.fd >= 0 }) {
            if poll(&fds, 2, -1) < 0 { if errno == EINTR { continue } else { break } }
            for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &chunk, chunk.count)
                if n > 0 {
                    buffers[i].append(contentsOf: chunk[0..<n])
                } else if n == 0 || errno != EINTR {
                    close(fds[i].fd)
                    fds[i].fd = -1
                }
            }
        }
        return (buffers[0], buffers[1])
    }

    /// The first executable named `name` on PATH, or nil.
    public static func which(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for dir in (path ?? "/usr/bin:/bin:/usr/sbin:/sbin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A child process with pipes to its standard input and output (standard error is discarded),
/// for long-lived helpers that speak a protocol over those pipes.
public final class SpawnedProcess {
    public let pid: pid_t
    public let input: Int32
    public let output: Int32
    private var reaped = false

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let toChild = try ProcessRunner.cloexecPipe(), fromChild = try ProcessRunner.cloexecPipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let result = ProcessRunner.spawn(executable, arguments, environment: environment, actions: &actions)
        close(toChild[0])
        close(fromChild[1])
        guard case .success(let pid) = result else {
            close(toChild[1]); close(fromChild[0])
            throw ProcessRunner.spawnError(executable, result)
        }
        self.pid = pid
        input = toChild[1]
        output = fromChild[0]
        // A child that exits must not kill us with SIGPIPE on the next write.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        close(input)
        close(output)
        if !reaped {
            kill(pid, SIGKILL)
            _ = waitStatus()
        }
    }

    /// Kills the child and collects it.
    public func terminate() {
        guard !reaped else { return }
        kill(pid, SIGKILL)
        _ = waitStatus()
    }

    /// Waits for the child to exit; returns the signal that killed it, or nil for a normal exit.
    @discardableResult
    public func waitStatus() -> Int32? {
        guard !reaped else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        let signal = status & 0x7f
        return signal == 0 ? nil : signal
    }
}
