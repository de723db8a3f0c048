package dev.portcullis.hoststate;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per host: a lock on the host itself, not in a JVM, because two machines can target
 * one host. The lock is a symbolic link whose target text names the holder ({@link LockHolder}):
 * {@code ln -s} creates it atomically or fails when it exists (the way Emacs locks files), and
 * {@code readlink} names the holder without a second file that a crash could leave half written.
 * It lives in {@code /run} (which always exists, so taking it costs one process), so a reboot, which ends every holder, clears it.
 *
 * <p>A lock whose holder is certainly gone (it ran on this machine and its pid no longer runs) is
 * taken over with a warning: it is first renamed aside, which only one taker can do, and proven to
 * be the stale one before it is deleted. A holder on another machine cannot be checked from here:
 * the lock then stays and the error says how to clear it by hand.
 */
public final class HostLock {

    /** Where the lock lives on the host unless told otherwise. */
    public static final String DEFAULT_PATH = "/run/portcullis.lock";

    private static final Logger LOG = LoggerFactory.getLogger(HostLock.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 3;

    private final String path;

    private HostLock(String path) {
        this.path = Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("lock path must be an absolute file path: " + path);
        }
    }

    /** @return the lock at {@value #DEFAULT_PATH} */
    public static HostLock standard() {
        return new HostLock(DEFAULT_PATH);
    }

    /**
     * @param path absolute path of the lock on the host (tests, hosts without {@code /run})
     * @return the lock there
     */
    public static HostLock at(String path) {
        return new HostLock(path);
    }

    /** @return where the lock lives on the host */
    public String path() {
        return path;
    }

    /**
     * Takes the lock, or fails fast.
     *
     * @param runner reaches the host
     * @param holder who takes it (usually {@link LockHolder#thisProcess(String)})
     * @return the held lock; close it to release
     * @throws HostLockedException when another run holds it
     */
    public Held acquire(CommandRunner runner, LockHolder holder) {
        String text = holder.render();
        Optional<String> warning = Optional.empty();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CommandResult link = runner.execute(cmd("ln", "-s", "--", text, path));
            if (link.exitCode() == 0) {
                return new Held(runner, warning);
            }
            if (link.stderr().contains("No such file or directory")) {
                runner.run(cmd("mkdir", "-p", "-m", "0700", "--", parent()));
                continue;
            }
            CommandResult read = runner.execute(cmd("readlink", "--", path));
            if (read.exitCode() != 0) {
                continue; // released between our two looks: try again
            }
            String found = read.stdout().strip();
            Optional<LockHolder> other = LockHolder.parse(found);
            if (other.isEmpty()) {
                throw new HostLockedException(runner.target() + " is locked by " + path + ", which does not name a Portcullis"
                        + " holder (" + found + "): nothing was changed; remove it on the host if no Portcullis run is"
                        + " active", null);
            }
            if (!other.get().isGone()) {
                throw new HostLockedException("another Portcullis run holds the lock on " + runner.target() + " (" + path
                        + "): " + other.get() + ". Nothing was changed. Wait for it to finish"
                        + (other.get().machine().equals(LockHolder.thisMachine()) ? ""
                                : "; it runs on another machine, so it cannot be checked from here: if it is certainly gone,"
                                        + " remove " + path + " on the host"), other.get());
            }
            if (!takeOver(runner, found)) {
                continue;
            }
            String w = "took over a stale lock on " + runner.target() + " (" + path + "): its holder, " + other.get()
                    + ", no longer runs; an apply it left half done is found by its journal";
            LOG.warn(w);
            warning = Optional.of(w);
        }
        throw new HostLockedException("could not take the lock on " + runner.target() + " (" + path + ") in " + ATTEMPTS
                + " attempts: other runs keep taking it; nothing was changed", null);
    }

    /** Renames the stale lock aside (only one taker can), and deletes it only if it is the stale one. */
    private boolean takeOver(CommandRunner runner, String stale) {
        String aside = path + ".stale-" + UUID.randomUUID();
        if (runner.execute(cmd("mv", "-T", "--", path, aside)).exitCode() != 0) {
            return false; // another taker moved it first
        }
        String moved = runner.execute(cmd("readlink", "--", aside)).stdout().strip();
        if (!moved.equals(stale)) {
            // we moved a live lock another taker had just made: give it back
            runner.execute(cmd("mv", "-n", "-T", "--", aside, path));
            return false;
        }
        runner.execute(cmd("rm", "-f", "--", aside));
        return true;
    }

    private String parent() {
        return path.substring(0, Math.max(1, path.lastIndexOf('/')));
    }

    private static Command cmd(String program, String... args) {
        return Command.builder(program).args(args).timeout(TIMEOUT).successExitCodes(0, 1).build();
    }

    /** A lock this run holds; {@link #close()} releases it. */
    public final class Held implements AutoCloseable {

        private final CommandRunner runner;
        private final Optional<String> warning;
        private boolean released;

        private Held(CommandRunner runner, Optional<String> warning) {
            this.runner = runner;
            this.warning = warning;
        }

        /** @return the warning given when a stale lock was taken over to get this one */
        public Optional<String> takeoverWarning() {
            return warning;
        }

        /**
         * Releases the lock. A plain {@code rm}: while this JVM lives nobody else may judge the
         * lock stale, so it is still ours.
         */
        @Override
        public void close() {
            if (!released) {
                released = true;
                runner.execute(cmd("rm", "-f", "--", path));
            }
        }
    }
}
