package dev.portcullis.examples.cli;

import dev.portcullis.mailevents.EcsJsonLines;
import dev.portcullis.mailevents.EventTable;
import dev.portcullis.mailevents.MailEvent;
import dev.portcullis.mailevents.MailLogSource;
import dev.portcullis.mailevents.PostfixLogParser;
import java.time.Instant;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code portcullis events}: the mail log as typed events, a readable table or Elastic Common
 * Schema JSON lines ({@code --json}), over a time window, or followed like {@code tail -F}.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Show what the mail server logged as events: connections, TLS, rejects with their reason, "
                + "queue and deliveries, SASL, rate limits. --json writes Elastic Common Schema lines for Filebeat/Logstash."})
final class EventsCommand extends MailLogCommand {

    @Option(names = {"-f", "--follow"}, description = "keep reading new lines, across log rotation (like tail -F); stop with Ctrl-C")
    boolean follow;

    @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "with --follow, how often to look for new lines (default ${DEFAULT-VALUE} ms)")
    long intervalMillis;

    @Override
    Integer read() throws InterruptedException {
        Reading r = reading();
        Instant since = r.since();
        PostfixLogParser parser = r.parser();
        if (!log.json) {
            out().println(EventTable.HEADER);
        }
        Consumer<MailEvent> print = window(since, r.until(), e -> out().println(log.json ? EcsJsonLines.toJson(e) : EventTable.row(e)));
        Consumer<String> lines = line -> parser.parse(line, print);
        if (!follow) {
            r.source().read(r.runner(), since, lines);
            out().flush();
            return ExitCode.OK.code();
        }
        MailLogSource.Follower follower = r.source().follow(r.runner(), since != null, since);
        while (!Thread.currentThread().isInterrupted()) {
            follower.poll(lines);
            out().flush();
            Thread.sleep(Math.max(100, intervalMillis));
        }
        return ExitCode.OK.code();
    }
}
