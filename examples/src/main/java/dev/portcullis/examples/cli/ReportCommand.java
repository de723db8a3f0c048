package dev.portcullis.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.mailevents.MailLogSource;
import dev.portcullis.mailevents.MailReport;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * {@code portcullis report}: counts from the mail log over a window (outcomes, reject reasons, the
 * clients rejected most, TLS share, SASL failures, rate limits, deferred queue), as text or JSON.
 * The deferred queue is also asked of Postfix itself ({@code postqueue -j}) when it answers.
 */
@picocli.CommandLine.Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Summarise the mail log over a time window: outcomes, reject reasons, top rejected clients, "
                + "TLS share, SASL failures, rate-limit hits, deferred queue."})
final class ReportCommand extends MailLogCommand {

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "how many rejected clients to name (default ${DEFAULT-VALUE})")
    int top;

    @Override
    Integer read() throws JsonProcessingException {
        if (top < 0) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), "--top must not be negative: " + top);
        }
        Reading r = reading();
        MailLogSource source = r.source();
        CommandRunner runner = r.runner();
        MailReport.Collector collector = MailReport.collector(r.since(), r.until(), top);
        source.read(runner, r.since(), line -> r.parser().parse(line, collector));
        MailReport report = collector.report();
        OptionalInt queued = deferredNow(runner);
        if (log.json) {
            Map<String, Object> tree = report.toMap();
            tree.put("source", source.toString());
            tree.put("deferredQueueNow", queued.isPresent() ? queued.getAsInt() : null);
            out().println(SpecCommand.JSON.writeValueAsString(tree));
        } else {
            out().print(report);
            queued.ifPresent(n -> out().printf("  deferred now     %8d   (postqueue -j)%n", n));
            out().println("  source           " + source);
        }
        out().flush();
        return ExitCode.OK.code();
    }

    /** The messages in Postfix's deferred queue now, when postqueue answers (it needs the queue directory). */
    private static OptionalInt deferredNow(CommandRunner runner) {
        CommandResult r;
        try {
            r = runner.execute(Command.of("postqueue", "-j"));
        } catch (CommandRunnerException notInstalled) {
            return OptionalInt.empty();
        }
        if (!r.isSuccess()) {
            return OptionalInt.empty();
        }
        int n = 0;
        for (String line : r.stdout().split("\n")) {
            if (line.contains("\"queue_name\": \"deferred\"") || line.contains("\"queue_name\":\"deferred\"")) {
                n++;
            }
        }
        return OptionalInt.of(n);
    }
}
