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
import java.util.Optional;
import java.util.Set;

/**
 * One read of a Postfix host, taken once per plan: the explicitly set main.cf parameters
 * ({@code postconf -n}), the master.cf services with their overrides ({@code postconf -M}), the
 * digests of the files Portcullis cares about (one {@code sha256sum}) and its ownership record.
 * Four processes, whatever the size of the spec; a fifth, one {@code stat}, when a mailbox folder
 * matters (the spec's virtual mailbox base, or a folder the record says Portcullis created or took
 * over), so that no plan chowns a directory without knowing whose it is, or when submission relies
 * on a SASL server Portcullis does not set up (is its socket there? see {@link SaslServer}).
 */
final class PostfixSnapshot {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> parameters;
    private final Map<String, MasterEntry> services;
    private final FileDigests files;
    private final OwnershipRecord record;
    private final Map<String, DirectoryState> directories;
    private Optional<String> dkimPublicKey = Optional.empty();
    private boolean postfixInstalled = true;

    PostfixSnapshot(Map<String, String> parameters, Map<String, MasterEntry> services, FileDigests files,
            OwnershipRecord record, Map<String, DirectoryState> directories) {
        this.parameters = Map.copyOf(parameters);
        this.services = Map.copyOf(services);
        this.files = Objects.requireNonNull(files);
        this.record = Objects.requireNonNull(record);
        this.directories = Map.copyOf(directories);
    }

    /**
     * @param runner reaches the host
     * @param paths files whose existence and digest matter to the plan
     * @param directories directories whose owner matters to the plan (the mailbox folder); the
     *     ones the record names are added
     * @return the snapshot
     * @throws dev.portcullis.exec.CommandFailedException when postconf cannot be read
     */
    static PostfixSnapshot read(CommandRunner runner, List<String> paths, List<String> directories) {
        return read(runner, paths, directories, true);
    }

    private static PostfixSnapshot read(CommandRunner runner, List<String> paths, List<String> directories,
            boolean postfixInstalled) {
        // without Postfix there is no postconf to ask: its configuration is empty, as "No configuration" installs it
        String n = postfixInstalled ? runner.run(read("postconf", "-n").build()).stdout() : "";
        String m = postfixInstalled ? runner.run(read("postconf", "-M").build()).stdout() : "";
        CommandResult digests = runner.run(digestCommand(paths));
        CommandResult recordFile = runner.run(read("cat", "--", PostfixPaths.RECORD).successExitCodes(0, 1).build());
        OwnershipRecord record = recordFile.exitCode() == 0 ? OwnershipRecord.parse(recordFile.stdout()) : OwnershipRecord.empty();
        Set<String> stat = new LinkedHashSet<>(directories);
        stat.addAll(record.directories().keySet());
        Map<String, DirectoryState> dirs = stat.isEmpty() ? Map.of()
                : DirectoryState.parse(runner.run(statCommand(List.copyOf(stat))).stdout());
        PostfixSnapshot s = new PostfixSnapshot(PostconfOutput.parseParameters(n), PostconfOutput.parseServices(m),
                FileDigests.parse(digests.stdout()), record, dirs);
        s.postfixInstalled = postfixInstalled;
        return s;
    }

    /**
     * Reads like {@link #read(CommandRunner, List, List)}, plus the public half of the DKIM key
     * when the spec signs (one {@code cat} more; the private key is never read).
     *
     * @param runner reaches the host
     * @param paths files whose existence and digest matter to the plan
     * @param directories directories whose owner matters to the plan
     * @param dkim the signing the spec asks for, if any
     * @return the snapshot
     */
    static PostfixSnapshot read(CommandRunner runner, List<String> paths, List<String> directories,
            Optional<dev.portcullis.DkimSigning> dkim) {
        return read(runner, paths, directories, dkim, true);
    }

    /**
     * Reads like {@link #read(CommandRunner, List, List, Optional)}; on a host without Postfix the
     * two {@code postconf} reads are left out and its configuration is taken as empty.
     *
     * @param runner reaches the host
     * @param paths files whose existence and digest matter to the plan
     * @param directories directories whose owner matters to the plan
     * @param dkim the signing the spec asks for, if any
     * @param postfixInstalled whether postconf is on the host's PATH (from the host facts)
     * @return the snapshot
     */
    static PostfixSnapshot read(CommandRunner runner, List<String> paths, List<String> directories,
            Optional<dev.portcullis.DkimSigning> dkim, boolean postfixInstalled) {
        PostfixSnapshot s = read(runner, paths, directories, postfixInstalled);
        if (dkim.isPresent() && s.files().exists(OpenDkim.publicFile(dkim.get()))) {
            CommandResult r = runner.run(OpenDkim.readPublicKey(dkim.get()));
            s.dkimPublicKey = r.exitCode() == 0 ? Optional.of(r.stdout()) : Optional.empty();
        }
        return s;
    }

    /**
     * @return whether Postfix is installed; when it is not, {@link #parameters()} and
     *     {@link #services()} are empty: the plan is computed against an empty configuration, which is
     *     what the install step leaves on Debian (see {@link PackageInstall})
     */
    boolean postfixInstalled() {
        return postfixInstalled;
    }

    /** @return this snapshot, of a host on which Postfix is not installed (for tests of such plans) */
    PostfixSnapshot withoutPostfix() {
        PostfixSnapshot s = new PostfixSnapshot(Map.of(), Map.of(), files, record, directories);
        s.postfixInstalled = false;
        return s;
    }

    /** @return the public half of the DKIM key as PEM, when the spec signs and the key exists */
    Optional<String> dkimPublicKey() {
        return dkimPublicKey;
    }

    /**
     * @param directories paths to look at
     * @return one {@code stat} printing owner and type of each (a missing one is left out, exit 1);
     *     a symbolic link is reported as such, not followed
     */
    static Command statCommand(List<String> directories) {
        return read("stat", "--printf", DirectoryState.STAT_FORMAT, "--").args(directories).successExitCodes(0, 1).build();
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

    /**
     * @param path a directory that was looked at
     * @return its owner and type, or empty when it does not exist
     */
    Optional<DirectoryState> directory(String path) {
        return Optional.ofNullable(directories.get(path));
    }

    /** @return every directory looked at that exists, by path */
    Map<String, DirectoryState> directories() {
        return directories;
    }
}
