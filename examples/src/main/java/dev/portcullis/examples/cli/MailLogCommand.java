package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.mailevents.MailEvent;
import dev.portcullis.mailevents.MailLogSource;
import dev.portcullis.mailevents.PostfixLogParser;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * What {@code events} and {@code report} share: the host (this machine, a container here, or
 * {@code --host} over SSH), its log, its time zone, the window.
 */
abstract class MailLogCommand implements Callable<Integer> {

    @Mixin
    MailLogOptions log;

    @Mixin
    SshLoginOptions login;

    @ParentCommand
    PortcullisCommand parent;

    @picocli.CommandLine.Spec
    CommandSpec commandSpec;

    /** What one run reads: the window, the host, where its log is, and a parser for its time zone. */
    record Reading(Instant since, Instant until, CommandRunner runner, MailLogSource source, PostfixLogParser parser) {
    }

    /** Checks the window, reaches the host and finds its log. */
    Reading reading() {
        Clock clock = Clock.systemUTC();
        Instant since = log.since(clock, commandSpec);
        Instant until = log.until(clock, commandSpec);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new ParameterException(commandSpec.commandLine(),
                    "--since must be before --until: " + since + " / " + until);
        }
        CommandRunner runner = runner();
        return new Reading(since, until, runner, log.source(runner, commandSpec), parser(runner, clock));
    }

    /** Reads the log, then closes the {@code --host} connection if one was opened. */
    @Override
    public final Integer call() throws Exception {
        try {
            return read();
        } finally {
            login.close();
        }
    }

    /**
     * The command's own work.
     *
     * @return the exit code
     * @throws Exception what the work threw, for the command line's error handler
     */
    abstract Integer read() throws Exception;

    PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }

    /**
     * The runner on the host whose log is read: {@code --host} over SSH, else this machine (or a
     * container on it). A log is on one host: {@code --host} and {@code --container} are refused
     * together before anything is run.
     */
    CommandRunner runner() {
        if (!login.isRemote()) {
            return log.runner(parent.environment().runner(), commandSpec);
        }
        if (log.container != null) {
            throw new ParameterException(commandSpec.commandLine(), "--host and --container exclude each other: the log is"
                    + " read either on the remote host over SSH or in a container on this machine");
        }
        java.util.Optional<java.nio.file.Path> agent = parent.environment().sshAgentSocket();
        try {
            login.builder(agent);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), "--host " + login.host + ": " + e.getMessage());
        }
        return login.runner(agent);
    }

    /**
     * A parser for the host's log: classic syslog lines carry the host's local time without a zone,
     * so the host's current UTC offset is asked ({@code date +%z}).
     */
    static PostfixLogParser parser(CommandRunner runner, Clock clock) {
        ZoneId zone = ZoneOffset.UTC;
        CommandResult r = runner.execute(Command.of("date", "+%z"));
        if (r.isSuccess()) {
            try {
                zone = ZoneOffset.of(r.stdout().trim());
            } catch (DateTimeException e) {
                // keep UTC: the journal and RFC 3339 lines carry their own zone anyway
            }
        }
        return PostfixLogParser.create(zone, clock);
    }

    /** Passes on the events inside [since, until). */
    static Consumer<MailEvent> window(Instant since, Instant until, Consumer<MailEvent> sink) {
        return e -> {
            if ((since == null || !e.timestamp().isBefore(since)) && (until == null || e.timestamp().isBefore(until))) {
                sink.accept(e);
            }
        };
    }
}
