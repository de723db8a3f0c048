package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.spi.RestorePoint;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Arms and disarms reverts on a host: confirm-or-revert. Arming saves the firewall's state into a
 * root-only folder under {@link #ROOT} and starts, on the host, something that outlives this JVM,
 * the SSH session and the network, and restores that state when the window expires:
 * <ul>
 * <li>where systemd runs, a transient timer ({@code systemd-run --on-active=N});
 * <li>elsewhere, a process detached by {@code start-stop-daemon --background} (its own session,
 *     standard streams on /dev/null, a pid file in the folder).
 * </ul>
 * Either runs one argv-only chain, {@code find FOLDER -maxdepth 0 -exec ... \;}, whose
 * {@code -exec}s run in order, each only if the one before succeeded: (sleep N,) remove the
 * folder's {@code armed} file, run each restore command, remove the folder. No shell is involved.
 *
 * <p>Removing {@code armed} is the gate that settles the race between the deadline and a late
 * confirmation: {@link #disarm} removes it too, and whichever removal succeeds wins. A confirmation
 * that wins stops the timer and deletes the folder; one that loses leaves the revert to finish.
 */
public final class RevertTimer {

    /** Where pending reverts keep their saved state on the host, one root-only folder each. */
    public static final String ROOT = "/var/lib/portcullis/confirm";

    private static final String FIND = "/usr/bin/find";
    private static final String GATE = "armed";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RevertTimer() {
    }

    /**
     * Saves the state and arms its restore on the host. Changes nothing but the new folder; when
     * arming fails, the folder is removed again and the exception says why.
     *
     * @param runner reaches the host
     * @param restorePoint from the firewall backend, made for {@code folder(id)}
     * @param id the revert's id, from {@link #newId(Clock)}
     * @param policy the name of the policy about to be applied
     * @param window how long until the host restores the saved state
     * @param clock the JVM's clock, for the deadline in the report
     * @return the pending revert
     * @throws IllegalStateException when the host has neither systemd nor start-stop-daemon
     */
    public static PendingRevert arm(CommandRunner runner, RestorePoint restorePoint, String id, String policy,
            Duration window, Clock clock) {
        PendingRevert.Mechanism mechanism = mechanism(runner);
        PendingRevert revert = new PendingRevert(id, policy, clock.instant().plus(window), mechanism);
        String folder = revert.folder();
        runner.run("mkdir", "-p", "-m", "0700", ROOT);
        runner.run("mkdir", "-m", "0700", folder);
        try {
            restorePoint.save().forEach(runner::run);
            runner.run(Command.builder("dd").args("of=" + folder + "/" + GATE, "status=none")
                    .stdin("policy=" + policy + "\ndeadline=" + revert.deadline().getEpochSecond() + "\nmechanism="
                            + mechanism + "\n").build());
            runner.run("chmod", "-R", "u=rwX,go=", folder);
            runner.run(start(revert, restorePoint.restore(), window));
            return revert;
        } catch (RuntimeException e) {
            runner.execute(Command.of("rm", "-rf", "--", folder));
            throw e;
        }
    }

    /**
     * @param clock the clock whose time starts the id
     * @return a new revert id, unique on a host: {@code revert-<epoch seconds>-<8 hex digits>}
     */
    public static String newId(Clock clock) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return "revert-" + clock.instant().getEpochSecond() + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * @param id a revert id
     * @return its folder on the host
     */
    public static String folder(String id) {
        return ROOT + "/" + id;
    }

    /**
     * Lists the reverts armed on the host and not yet fired or disarmed.
     *
     * @param runner reaches the host
     * @return the pending reverts, oldest deadline first
     */
    public static List<PendingRevert> pending(CommandRunner runner) {
        String out = runner.run(Command.builder("find").args(ROOT, "-mindepth", "2", "-maxdepth", "2", "-type", "f",
                "-name", GATE, "-exec", "grep", "-H", "", "{}", "+").successExitCodes(0, 1).build()).stdout();
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            int eq = line.indexOf('=', colon + 1);
            if (!line.startsWith(ROOT + "/") || colon < 0 || eq < 0) {
                continue;
            }
            String id = line.substring(ROOT.length() + 1, line.lastIndexOf('/', colon));
            byId.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(line.substring(colon + 1, eq), line.substring(eq + 1));
        }
        List<PendingRevert> pending = new ArrayList<>();
        byId.forEach((id, fields) -> {
            try {
                pending.add(new PendingRevert(id, fields.getOrDefault("policy", "?"),
                        Instant.ofEpochSecond(Long.parseLong(fields.get("deadline"))),
                        PendingRevert.Mechanism.valueOf(fields.get("mechanism"))));
            } catch (RuntimeException unreadable) {
                // not a folder this code armed (or one being written): leave it alone
            }
        });
        pending.sort(java.util.Comparator.comparing(PendingRevert::deadline));
        return pending;
    }

    /**
     * Disarms a pending revert: takes away its gate, stops what waits on the host, deletes its folder.
     *
     * @param runner reaches the host
     * @param revert the revert
     * @return true when it was disarmed in time; false when the deadline came first (the host is
     *     restoring, or has restored, the saved state)
     */
    public static boolean disarm(CommandRunner runner, PendingRevert revert) {
        String folder = revert.folder();
        boolean inTime = runner.execute(Command.builder("rm").args("--", folder + "/" + GATE).successExitCodes(0, 1)
                .build()).exitCode() == 0;
        if (!inTime) {
            return false;
        }
        switch (revert.mechanism()) {
            case SYSTEMD_TIMER -> runner.execute(Command.builder("systemctl").args("stop", unit(revert) + ".timer")
                    .successExitCodes(0, 1, 5).build());
            case DETACHED_PROCESS -> {
                String pid = runner.execute(Command.builder("cat").args(folder + "/pid").successExitCodes(0, 1).build())
                        .stdout().strip();
                int stopped = runner.execute(Command.builder("start-stop-daemon").args("--stop", "--quiet", "--pidfile",
                        folder + "/pid", "--exec", FIND).successExitCodes(0, 1).build()).exitCode();
                if (stopped == 0 && pid.matches("[0-9]{1,10}")) {
                    // the chain's sleep lives on in the session find led; end it too
                    runner.execute(Command.builder("pkill").args("--session", pid).successExitCodes(0, 1).build());
                }
            }
        }
        runner.run("rm", "-rf", "--", folder);
        return true;
    }

    private static PendingRevert.Mechanism mechanism(CommandRunner runner) {
        if (succeeds(runner, Command.builder("test").args("-d", "/run/systemd/system").successExitCodes(0, 1).build())) {
            return PendingRevert.Mechanism.SYSTEMD_TIMER;
        }
        if (succeeds(runner, Command.builder("start-stop-daemon").args("--version").successExitCodes(0, 1, 2, 126, 127)
                .build())) {
            return PendingRevert.Mechanism.DETACHED_PROCESS;
        }
        throw new IllegalStateException("cannot arm a revert on " + runner.target() + ": it runs no systemd and has no"
                + " start-stop-daemon, so nothing there would outlive this process; nothing was changed");
    }

    private static boolean succeeds(CommandRunner runner, Command command) {
        try {
            return runner.execute(command).exitCode() == 0;
        } catch (CommandRunnerException e) {
            return false;
        }
    }

    /**
     * @param revert the revert
     * @param restore the restore commands
     * @param window the time to wait
     * @return the command that starts the waiting chain on the host and returns at once
     */
    static Command start(PendingRevert revert, List<List<String>> restore, Duration window) {
        List<String> argv = new ArrayList<>();
        if (revert.mechanism() == PendingRevert.Mechanism.SYSTEMD_TIMER) {
            argv.addAll(List.of("systemd-run", "--unit=" + unit(revert), "--description=Portcullis: revert policy "
                    + revert.policy() + " unless confirmed", "--on-active=" + window.toSeconds() + "s",
                    "--timer-property=AccuracySec=1s", "--"));
            argv.addAll(chain(revert.folder(), restore, null));
        } else {
            argv.addAll(List.of("start-stop-daemon", "--start", "--background", "--make-pidfile", "--pidfile",
                    revert.folder() + "/pid", "--exec", FIND, "--"));
            List<String> chain = chain(revert.folder(), restore, window);
            argv.addAll(chain.subList(1, chain.size()));
        }
        return Command.of(argv);
    }

    /** {@code find FOLDER -maxdepth 0 [-exec sleep N ;] -exec rm FOLDER/armed ; -exec RESTORE ; ... -exec rm -rf FOLDER ;} */
    static List<String> chain(String folder, List<List<String>> restore, Duration sleep) {
        List<String> argv = new ArrayList<>(List.of(FIND, folder, "-maxdepth", "0"));
        Function<List<String>, List<String>> exec = cmd -> {
            List<String> e = new ArrayList<>();
            e.add("-exec");
            e.addAll(cmd);
            e.add(";");
            return e;
        };
        if (sleep != null) {
            argv.addAll(exec.apply(List.of("sleep", String.valueOf(sleep.toSeconds()))));
        }
        argv.addAll(exec.apply(List.of("rm", "--", folder + "/" + GATE)));
        restore.forEach(cmd -> argv.addAll(exec.apply(cmd)));
        argv.addAll(exec.apply(List.of("rm", "-rf", "--", folder)));
        return argv;
    }

    private static String unit(PendingRevert revert) {
        return "portcullis-" + revert.id();
    }
}
