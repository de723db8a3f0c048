package dev.portcullis.preflight;

import dev.portcullis.exec.Command;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Postfix facts two checks share (the context runs each command once): version and queue
 * directory, map types, whether it runs, master's pid, and the TCP ports master.cf serves.
 */
final class PostfixReadings {

    /** Exit code of a shell-less "command not found" on hosts whose runner reports it instead of throwing. */
    private static final int NOT_FOUND = 127;

    private PostfixReadings() {
    }

    static Reading parameters(PreflightContext ctx) {
        return ctx.read("postconf", "mail_version", "queue_directory");
    }

    static boolean installed(PreflightContext ctx) {
        Reading r = parameters(ctx);
        return r.ran() && r.exitCode() != NOT_FOUND && version(ctx).isPresent();
    }

    static Optional<String> version(PreflightContext ctx) {
        Reading r = parameters(ctx);
        return Optional.ofNullable(r.ok() ? PostconfOutput.values(r.stdout()).get("mail_version") : null);
    }

    static String queueDirectory(PreflightContext ctx) {
        Reading r = parameters(ctx);
        String q = r.ok() ? PostconfOutput.values(r.stdout()).get("queue_directory") : null;
        return q != null && q.matches("/[A-Za-z0-9._/-]+") ? q : PreflightOptions.DEFAULT_LINUX_SPOOL;
    }

    static Reading mapTypes(PreflightContext ctx) {
        return ctx.read("postconf", "-m");
    }

    static Reading status(PreflightContext ctx) {
        // exit 0: running; 1: not running; the words go to syslog or maillog_file, not to us
        return ctx.read(Command.builder("postfix").arg("status").timeout(PreflightContext.READ_TIMEOUT)
                .successExitCodes(0, 1).build());
    }

    static boolean running(PreflightContext ctx) {
        Reading r = status(ctx);
        return r.ran() && r.exitCode() == 0;
    }

    static Reading masterPidFile(PreflightContext ctx) {
        return ctx.read("cat", queueDirectory(ctx) + "/pid/master.pid");
    }

    static Optional<Long> masterPid(PreflightContext ctx) {
        Reading r = masterPidFile(ctx);
        String pid = r.stdout().strip();
        return r.ok() && pid.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(pid)) : Optional.empty();
    }

    static Reading services(PreflightContext ctx) {
        return ctx.read("postconf", "-M");
    }

    static Set<Integer> inetPorts(PreflightContext ctx) {
        Reading r = services(ctx);
        return r.ok() ? PostconfOutput.inetPorts(r.stdout()) : Set.of();
    }

    static Map<String, String> values(Reading r) {
        return r.ok() ? PostconfOutput.values(r.stdout()) : Map.of();
    }
}
