package dev.portcullis.mailevents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The real Postfix 3.7 log captured in the test image (see src/test/resources/postfix-3.7/README.md). */
final class CapturedLog {

    /** The day the log was captured: classic syslog lines carry no year. */
    static final Clock CAPTURE_DAY = Clock.fixed(Instant.parse("2026-11-30T18:00:00Z"), ZoneOffset.UTC);

    private CapturedLog() {
    }

    static List<String> lines() {
        try (InputStream in = CapturedLog.class.getResourceAsStream("/postfix-3.7/maillog")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PostfixLogParser parser() {
        return PostfixLogParser.create(ZoneOffset.UTC, CAPTURE_DAY);
    }

    static List<MailEvent> events() {
        PostfixLogParser p = parser();
        List<MailEvent> all = new ArrayList<>();
        lines().forEach(l -> p.parse(l, all::add));
        return all;
    }

    /** The one line of the capture that contains every marker. */
    static String line(String... markers) {
        List<String> found = lines().stream().filter(l -> {
            for (String m : markers) {
                if (!l.contains(m)) {
                    return false;
                }
            }
            return true;
        }).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one captured line with " + List.of(markers) + ", found " + found);
        }
        return found.get(0);
    }
}
