package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One read of a Postfix host, taken once per plan: the explicitly set main.cf parameters
 * ({@code postconf -n}), the master.cf services with their overrides ({@code postconf -M}), the
 * digests of the files Portcullis cares about (one {@code sha256sum}) and its ownership record.
 * Four processes, whatever the size of the spec.
 */
final class PostfixSnapshot {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> parameters;
    private final Map<String, MasterEntry> services;
    private final FileDigests files;
    private final OwnershipRecord record;

    PostfixSnapshot(Map<String, String> parameters, Map<String, MasterEntry> services, FileDigests files,
            OwnershipRecord record) {
        this.parameters = Map.copyOf(parameters);
        this.services = Map.copyOf(services);
        this.files = Objects.requireNonNull(files);
        this.record = Objects.requireNonNull(record);
    }

    /**
     * @param runner reaches the host
     * @param paths files whose existence and digest matter to the plan
     * @return the snapshot
     * @throws dev.portcullis.exec.CommandFailedException when postconf cannot be read
     */
    static PostfixSnapshot read(CommandRunner runner, List<String> paths) {
        String n = runner.run(read("postconf", "-n").build()).stdout();
        String m = runner.run(read("postconf", "-M").build()).stdout();
        CommandResult digests = runner.run(digestCommand(paths));
        CommandResult record = runner.run(read("cat", "--", PostfixPaths.RECORD).successExitCodes(0, 1).build());
        return new PostfixSnapshot(PostconfOutput.parseParameters(n), PostconfOutput.parseServices(m),
                FileDigests.parse(digests.stdout()),
                record.exitCode() == 0 ? OwnershipRecord.parse(record.stdout()) : OwnershipRecord.empty());
    }

    /**
     * @param paths files to digest; missing ones are left out of the output (exit code 1), and
     *     secret-holding ones are never digested
     * @return one {@code sha256sum} over all of them
     */
    static Command digestCommand(List<String> paths) {
        Set<String> unique = new LinkedHashSet<>(paths);
        unique.removeIf(PostfixPaths::holdsSecret);
        List<String> argv = new ArrayList<>(List.of("sha256sum", "--"));
        argv.addAll(unique);
        return Command.of(argv).toBuilder().timeout(READ_TIMEOUT).successExitCodes(0, 1).build();
    }

    private static Command.Builder read(String program, String... args) {
        return Command.builder(program).args(args).timeout(READ_TIMEOUT);
    }

    /** @return main.cf parameters set explicitly ({@code postconf -n}) */
    Map<String, String> parameters() {
        return parameters;
    }

    /** @return master.cf services by "service/type" */
    Map<String, MasterEntry> services() {
        return services;
    }

    /** @return which watched files exist, with digests */
    FileDigests files() {
        return files;
    }

    /** @return what Portcullis recorded on earlier applies (empty when none) */
    OwnershipRecord record() {
        return record;
    }
}
