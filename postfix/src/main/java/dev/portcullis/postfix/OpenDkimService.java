package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes OpenDKIM serve its configuration: {@code opendkim -n} checks the file first (a broken one
 * never reaches the running milter), then a restart — through {@code systemctl} where systemd runs
 * the host, otherwise by signalling the process in its pid file and starting {@code opendkim -x}
 * (a container without an init system). Remembers whether OpenDKIM ran, so that {@link #undo}
 * can put the files back and serve them again, or stop a milter this step started.
 */
final class OpenDkimService implements StepAction {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long a stopping OpenDKIM may take to let go of its socket before the new one starts. */
    private static final int STOP_POLLS = 50;

    private final List<String> files;
    private final PostfixSnapshot snapshot;
    /** Whether OpenDKIM ran before this step; null until the step has looked. */
    private final AtomicReference<Boolean> wasRunning = new AtomicReference<>();

    /**
     * @param files the OpenDKIM files this apply writes, put back by the undo before the restart
     * @param snapshot the snapshot the plan was made from
     */
    OpenDkimService(List<String> files, PostfixSnapshot snapshot) {
        this.files = List.copyOf(files);
        this.snapshot = snapshot;
    }

    /** @return {@code test -d /run/systemd/system}: exit 0 where systemd is the init system */
    static Command systemdRuns() {
        return Command.builder("test").args("-d", "/run/systemd/system").successExitCodes(0, 1).timeout(TIMEOUT).build();
    }

    /** @return {@code opendkim -n -x /etc/opendkim.conf}: checks the configuration without starting */
    static Command check() {
        return Command.builder("opendkim").args("-n", "-x", OpenDkim.CONF).timeout(TIMEOUT).build();
    }

    /** @return exit 0 when the process named in the pid file is an OpenDKIM that runs */
    static Command running() {
        return Command.builder("pkill").args("-0", "-F", OpenDkim.PID_FILE, "opendkim").successExitCodes(0, 1, 2, 3)
                .timeout(TIMEOUT).build();
    }

    private static Command systemctl(String verb) {
        return Command.builder("systemctl").args(verb, "opendkim").timeout(TIMEOUT).build();
    }

    private static Command isActive() {
        return Command.builder("systemctl").args("is-active", "--quiet", "opendkim").successExitCodes(0, 1, 2, 3, 4)
                .timeout(TIMEOUT).build();
    }

    private static Command stop() {
        return Command.builder("pkill").args("-TERM", "-F", OpenDkim.PID_FILE, "opendkim").successExitCodes(0, 1, 2, 3)
                .timeout(TIMEOUT).build();
    }

    private static List<Command> start() {
        return List.of(Command.builder("install").args("-d", "-m", "0750", "-o", OpenDkim.USER, "-g", OpenDkim.USER,
                "/run/opendkim").timeout(TIMEOUT).build(),
                Command.builder("opendkim").args("-x", OpenDkim.CONF).timeout(TIMEOUT).build());
    }

    /** @return a probe: the OpenDKIM of the pid file runs */
    static Probe probe() {
        return Probe.of("OpenDKIM runs (the process of " + OpenDkim.PID_FILE + ")", running(), r -> r.exitCode() == 0
                ? ProbeResult.ok("OpenDKIM runs") : ProbeResult.failed("OpenDKIM is not running: " + r.stderr().strip()));
    }

    @Override
    public void run(StepContext context) {
        context.run(check());
        boolean systemd = context.run(systemdRuns()).exitCode() == 0;
        boolean before = (systemd ? context.run(isActive()) : context.run(running())).exitCode() == 0;
        wasRunning.set(before);
        restart(context, systemd, before);
    }

    private static void restart(StepContext context, boolean systemd, boolean runningNow) {
        if (systemd) {
            context.run(systemctl("restart"));
            return;
        }
        if (runningNow) {
            stopAndWait(context);
        }
        start().forEach(context::run);
    }

    private static void stopAndWait(StepContext context) {
        context.run(stop());
        for (int i = 0; i < STOP_POLLS; i++) {
            if (context.run(running()).exitCode() != 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while OpenDKIM stops", e);
            }
        }
        throw new IllegalStateException("OpenDKIM did not stop within " + STOP_POLLS / 10 + " s");
    }

    @Override
    public List<Command> commands() {
        List<Command> c = new ArrayList<>(List.of(check(), systemdRuns()));
        c.add(isActive()); // with systemd
        c.add(systemctl("restart"));
        c.add(running()); // without systemd: stop it when it runs, then start it
        c.add(stop());
        c.addAll(start());
        return c;
    }

    /** @return the undo: the OpenDKIM files as they were, served again, or OpenDKIM stopped when it did not run */
    StepAction undo() {
        StepAction restore = PostfixSteps.restoreOrRemove(snapshot, files).action().orElseThrow();
        return new StepAction() {
            @Override
            public void run(StepContext context) {
                restore.run(context);
                Boolean before = wasRunning.get();
                if (before == null) {
                    return; // the check failed: the running milter never saw the new files
                }
                boolean systemd = context.run(systemdRuns()).exitCode() == 0;
                if (systemd) {
                    context.run(systemctl(before ? "restart" : "stop"));
                    return;
                }
                CommandResult now = context.run(running());
                if (before) {
                    restart(context, false, now.exitCode() == 0);
                } else if (now.exitCode() == 0) {
                    stopAndWait(context);
                }
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>(restore.commands());
                c.add(systemdRuns());
                c.add(systemctl("restart"));
                c.add(running());
                c.add(stop());
                c.addAll(start());
                return c;
            }
        };
    }

    /**
     * @return for remove: OpenDKIM, when it runs, restarted on the configuration put back (stopped
     *     first, so it lets go of Portcullis's socket)
     */
    static StepAction restartIfRunning() {
        return new StepAction() {
            @Override
            public void run(StepContext context) {
                boolean systemd = context.run(systemdRuns()).exitCode() == 0;
                if (systemd) {
                    context.run(Command.builder("systemctl").args("try-restart", "opendkim").timeout(TIMEOUT).build());
                } else if (context.run(running()).exitCode() == 0) {
                    stopAndWait(context);
                    start().forEach(context::run);
                }
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>(List.of(systemdRuns(),
                        Command.builder("systemctl").args("try-restart", "opendkim").timeout(TIMEOUT).build(), running(), stop()));
                c.addAll(start());
                return c;
            }
        };
    }
}
