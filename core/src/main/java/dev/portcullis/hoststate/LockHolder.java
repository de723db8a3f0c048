package dev.portcullis.hoststate;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a host's lock: the machine the holding JVM runs on, its pid and start time, and the
 * command it runs. Written into the lock itself, so the holder is named to whoever finds it taken.
 *
 * @param machine host name of the machine the holding JVM runs on (not necessarily the locked host)
 * @param pid the holding JVM's process id on that machine
 * @param started when the holding JVM started
 * @param command what it is doing ("apply postfix mail", a CLI command line)
 */
public record LockHolder(String machine, long pid, Instant started, String command) {

    private static final String PREFIX = "portcullis-lock ";

    /**
     * Checks the fields.
     *
     * @param machine host name of the machine the holding JVM runs on
     * @param pid the holding JVM's process id
     * @param started when the holding JVM started
     * @param command what it is doing
     */
    public LockHolder {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(command, "command");
    }

    /**
     * @param command what this JVM is about to do, for whoever finds the lock taken
     * @return this JVM as a holder
     */
    public static LockHolder thisProcess(String command) {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElse(Instant.EPOCH);
        return new LockHolder(thisMachine(), self.pid(), started, command);
    }

    /** @return the host name of the machine this JVM runs on */
    public static String thisMachine() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }

    /**
     * Whether the holder is certainly gone: it ran on this machine and no process with its pid and
     * start time runs here any more. A holder on another machine is never judged from here.
     *
     * @return whether the lock it holds is stale
     */
    public boolean isGone() {
        if (!machine.equals(thisMachine())) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // the pid was reused by a process that started at another time
        return process.get().info().startInstant()
                .map(s -> Duration.between(s, started).abs().compareTo(Duration.ofSeconds(2)) > 0).orElse(false);
    }

    /** @return the text stored in the lock: every field, URL-encoded, in one line */
    public String render() {
        return PREFIX + "machine=" + enc(machine) + "&pid=" + pid + "&started=" + started + "&command=" + enc(command);
    }

    /**
     * @param text what a lock holds
     * @return the holder it names, or empty when the text is not a Portcullis lock
     */
    public static Optional<LockHolder> parse(String text) {
        String t = text.strip();
        if (!t.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : t.substring(PREFIX.length()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        try {
            return Optional.of(new LockHolder(fields.getOrDefault("machine", "unknown"), Long.parseLong(fields.get("pid")),
                    Instant.parse(fields.get("started")), fields.getOrDefault("command", "")));
        } catch (NumberFormatException | NullPointerException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "pid " + pid + " on " + machine + ", started " + started + ", running: " + command;
    }
}
