package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.InterceptingCommandRunner;
import dev.portcullis.mailevents.MailLogSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code events} and {@code report} share: where the log is, which host, the time window. */
public final class MailLogOptions {

    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhd])");

    /** The log file. */
    @Option(names = "--log", paramLabel = "FILE",
            description = "the mail log (default: Postfix's maillog_file, else /var/log/mail.log or /var/log/maillog, else the journal)")
    String log;

    /** Read the journal. */
    @Option(names = "--journal", description = "read journalctl -u 'postfix*' -o json instead of a file")
    boolean journal;

    /** A container to read in. */
    @Option(names = "--container", paramLabel = "NAME", description = "read the log inside this Docker container on this machine (docker exec); not with --host")
    String container;

    /** Start of the window. */
    @Option(names = "--since", paramLabel = "WHEN", description = "only events from then on: an instant (2026-11-30T14:00:00Z) or an age (15m, 2h, 7d)")
    String since;

    /** End of the window. */
    @Option(names = "--until", paramLabel = "WHEN", description = "only events before then: an instant or an age")
    String until;

    /** Machine-readable output. */
    @Option(names = "--json", description = "print JSON (events: one Elastic Common Schema object per line)")
    boolean json;

    /**
     * @param local reaches this machine
     * @param spec the command, for errors
     * @return the runner that reaches the host whose log is read
     */
    CommandRunner runner(CommandRunner local, CommandSpec spec) {
        if (container == null) {
            return local;
        }
        if (!CONTAINER.matcher(container).matches()) {
            throw new ParameterException(spec.commandLine(), "--container: not a container name or id: " + container);
        }
        String name = container;
        return InterceptingCommandRunner.wrap(local, (command, next) -> {
            List<String> argv = new ArrayList<>(List.of("docker", "exec", name));
            argv.addAll(command.argv());
            return next.execute(Command.builder(argv.get(0)).args(argv.subList(1, argv.size()))
                    .timeout(command.timeout()).build());
        });
    }

    /**
     * @param runner reaches the host
     * @param spec the command, for errors
     * @return where the log is
     */
    MailLogSource source(CommandRunner runner, CommandSpec spec) {
        if (journal && log != null) {
            throw new ParameterException(spec.commandLine(), "--log and --journal: choose one");
        }
        if (journal) {
            return MailLogSource.journal();
        }
        if (log != null) {
            try {
                return MailLogSource.file(log);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--log: " + e.getMessage());
            }
        }
        return MailLogSource.detect(runner);
    }

    Instant since(Clock clock, CommandSpec spec) {
        return when("--since", since, clock, spec);
    }

    Instant until(Clock clock, CommandSpec spec) {
        return when("--until", until, clock, spec);
    }

    private static Instant when(String option, String text, Clock clock, CommandSpec spec) {
        if (text == null) {
            return null;
        }
        var m = RELATIVE.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + ": not an instant (2026-11-30T14:00:00Z) or an age (15m, 2h, 7d): " + text);
        }
    }
}
