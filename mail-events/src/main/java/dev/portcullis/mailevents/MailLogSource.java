package dev.portcullis.mailevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a host's Postfix log is: a file (Postfix's own {@code maillog_file}, or syslog's
 * {@code /var/log/mail.log} on Debian and {@code /var/log/maillog} on RHEL) or the systemd journal.
 * Everything is read through a {@link CommandRunner}, so the same code reads this machine, a
 * container or a remote host.
 */
public final class MailLogSource {

    /** The syslog files Postfix logs to by distribution, in the order they are tried. */
    public static final List<String> SYSLOG_FILES = List.of("/var/log/mail.log", "/var/log/maillog");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;

    private MailLogSource(String file) {
        this.file = file;
    }

    /**
     * @param path the log file's absolute path
     * @return a file source
     * @throws IllegalArgumentException when the path is relative or holds control characters
     */
    public static MailLogSource file(String path) {
        return new MailLogSource(MailLogFile.checkPath(path));
    }

    /** @return the systemd journal (units {@code postfix*}), read with {@code journalctl -o json} */
    public static MailLogSource journal() {
        return new MailLogSource(null);
    }

    /**
     * Finds the log on a host: Postfix's {@code maillog_file} when it is set, else the first syslog
     * file that exists, else the journal.
     *
     * @param runner reaches the host
     * @return where the log is
     */
    public static MailLogSource detect(CommandRunner runner) {
        String configured;
        try {
            CommandResult r = runner.execute(Command.of("postconf", "-h", "maillog_file"));
            configured = r.isSuccess() ? r.stdout().trim() : "";
        } catch (CommandRunnerException noPostfix) {
            configured = "";
        }
        if (configured.startsWith("/")) {
            return file(configured);
        }
        for (String candidate : SYSLOG_FILES) {
            if (runner.execute(Command.of("test", "-f", candidate)).isSuccess()) {
                return file(candidate);
            }
        }
        return journal();
    }

    /** @return the file, or empty for the journal */
    public Optional<String> path() {
        return Optional.ofNullable(file);
    }

    /**
     * Reads the log as it is now: for a file its previous rotation ({@code path.1}) and then the
     * file; for the journal the entries since the given instant.
     *
     * @param runner reaches the host
     * @param since for the journal, the earliest entry wanted (null: all); files are read whole
     * @param lines receives each line in order
     */
    public void read(CommandRunner runner, Instant since, Consumer<String> lines) {
        if (file != null) {
            MailLogFile.fromStart(runner, file + ".1").poll(lines);
            MailLogFile.fromStart(runner, file).poll(lines);
            return;
        }
        Command.Builder c = Command.builder("journalctl").args(List.of("-u", "postfix*", "-o", "json", "--no-pager"));
        if (since != null) {
            c.arg("--since=@" + since.getEpochSecond());
        }
        journalLines(runner.execute(c.build()), lines, null);
    }

    /**
     * Follows the log the way {@code tail -F} does (a file across rotation and truncation, the
     * journal by cursor).
     *
     * @param runner reaches the host
     * @param history whether the first poll also returns what the log holds already (for a file:
     *     its previous rotation and the file; for the journal: entries since {@code since}); without
     *     it the first poll returns only what was added after this call
     * @param since with history, the earliest journal entry wanted (null: all); files are read whole
     * @return a follower whose {@link Follower#poll} returns what was added since the last poll
     */
    public Follower follow(CommandRunner runner, boolean history, Instant since) {
        if (file != null) {
            if (!history) {
                return MailLogFile.fromEnd(runner, file);
            }
            MailLogFile current = MailLogFile.fromStart(runner, file);
            boolean[] first = {true};
            return sink -> {
                long n = 0;
                if (first[0]) {
                    first[0] = false;
                    n += MailLogFile.fromStart(runner, file + ".1").poll(sink);
                }
                return n + current.poll(sink);
            };
        }
        String[] cursor = new String[1];
        boolean[] first = {history};
        if (!history) {
            journalLines(runner.execute(Command.of("journalctl", "-u", "postfix*", "-o", "json", "--no-pager", "-n", "1")),
                    l -> { }, cursor);
        }
        return sink -> {
            Command.Builder c = Command.builder("journalctl").args(List.of("-u", "postfix*", "-o", "json", "--no-pager"));
            if (cursor[0] != null) {
                c.arg("--after-cursor=" + cursor[0]);
            } else if (first[0] && since != null) {
                c.arg("--since=@" + since.getEpochSecond());
            }
            first[0] = false;
            return journalLines(runner.execute(c.build()), sink, cursor);
        };
    }

    private static long journalLines(CommandResult r, Consumer<String> lines, String[] lastCursor) {
        if (!r.isSuccess()) {
            return 0;
        }
        long count = 0;
        for (String line : r.stdout().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (lastCursor != null) {
                try {
                    JsonNode n = JSON.readTree(line);
                    lastCursor[0] = n.path("__CURSOR").asText(lastCursor[0]);
                } catch (IOException e) {
                    continue;
                }
            }
            lines.accept(line);
            count++;
        }
        return count;
    }

    /** Returns what a log gained since the last call. */
    @FunctionalInterface
    public interface Follower {
        /**
         * @param lines receives each new line in order
         * @return how many lines were new
         */
        long poll(Consumer<String> lines);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailLogSource && Objects.equals(file, ((MailLogSource) o).file);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(file);
    }

    /** @return the file's path, or {@code journal} */
    @Override
    public String toString() {
        return file == null ? "journal" : file;
    }
}
