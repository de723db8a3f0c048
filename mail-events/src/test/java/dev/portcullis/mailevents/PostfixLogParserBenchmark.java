package dev.portcullis.mailevents;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Parses a generated Postfix log of about 1 GB on one thread, correlating messages and counting a
 * report as {@code portcullis report} does, and prints lines and events per second and the peak
 * heap. Not a test: run it by hand (see the module README), on one core, with a bounded heap:
 * <pre>
 * java -XX:ActiveProcessorCount=1 -Xmx256m -cp ... dev.portcullis.mailevents.PostfixLogParserBenchmark [GB] [file]
 * </pre>
 * The log repeats the lines captured from Postfix 3.7 (src/test/resources/postfix-3.7), each copy
 * with its own queue ids, client addresses and times, so that correlation sees distinct messages.
 */
public final class PostfixLogParserBenchmark {

    private PostfixLogParserBenchmark() {
    }

    /**
     * @param args optional size in GB (default 1) and the file to generate (default a temporary file, deleted after)
     * @throws IOException when the file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        double gigabytes = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        Path file = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("postfix-benchmark", ".log");
        long bytes = (long) (gigabytes * 1024 * 1024 * 1024);
        long written = generate(file, bytes);
        System.out.printf(Locale.ROOT, "generated %s: %d lines, %.2f GB%n", file, written, Files.size(file) / 1e9);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        System.gc();
        PostfixLogParser parser = CapturedLog.parser();
        long[] events = {0};
        MessageCorrelator correlator = MessageCorrelator.create(Duration.ofHours(1), 100_000, m -> { });
        MailReport.Collector report = MailReport.collector(null, null, 10);
        long start = System.nanoTime();
        long lines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = parser.parseAll(r, e -> {
                events[0]++;
                correlator.accept(e);
                report.accept(e);
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "parsed %d lines into %d events in %.1f s: %.0f lines/s, %.0f events/s%n",
                lines, events[0], seconds, lines / seconds, events[0] / seconds);
        System.out.printf(Locale.ROOT, "peak heap %.1f MiB (max %d MiB), %d processors, messages completed %d, evicted %d%n",
                peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576, Runtime.getRuntime().availableProcessors(),
                correlator.completed(), correlator.evicted());
        System.out.println(report.report());
        if (args.length < 2) {
            Files.delete(file);
        }
    }

    /** Writes copies of the captured log until the size is reached; each copy shifts ids, addresses and time. */
    private static long generate(Path file, long bytes) throws IOException {
        List<String> template = CapturedLog.lines();
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long size = 0;
            for (int copy = 0; size < bytes; copy++) {
                String suffix = String.format(Locale.ROOT, "%05X", copy & 0xFFFFF);
                String ip = "10." + ((copy >> 16) & 255) + "." + ((copy >> 8) & 255) + "." + (copy & 255);
                // one copy a minute over a day, then the day repeats: the time stays on Nov 30
                String minute = String.format(Locale.ROOT, "%02d:%02d", (copy / 60) % 24, copy % 60);
                for (String t : template) {
                    String line = t.replace("172.20.0.3", ip).replaceAll("([0-9A-F]{11}):", "$1" + suffix + ":")
                            .replaceFirst("^Nov 30 \\d\\d:\\d\\d", "Nov 30 " + minute);
                    w.write(line);
                    w.write('\n');
                    size += line.length() + 1;
                    lines++;
                }
            }
        }
        return lines;
    }
}
