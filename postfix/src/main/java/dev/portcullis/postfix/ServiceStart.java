package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.Undo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enables and starts the services of the packages a plan installed (postfix, dovecot, opendkim),
 * right after the install: {@code systemctl enable --now} where systemd runs the host, for each one
 * not yet enabled or not running (Debian's packages enable and start theirs themselves, RHEL's do
 * not). Where no systemd runs (a container), there is nothing to enable: the steps that configure
 * each service start it when it is stopped ({@code postfix start}, {@code dovecot},
 * {@code opendkim -x}) and stop it again on rollback. Remembers what it found, so that its undo
 * stops and disables exactly what it started and enabled.
 */
final class ServiceStart implements StepAction {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** A service as this step found it. */
    private record Found(boolean enabled, boolean active) {
    }

    private final List<String> services;
    /** What each service was before this step, when systemd runs; empty until the step has looked. */
    private final Map<String, Found> before = new LinkedHashMap<>();

    private ServiceStart(List<String> services) {
        this.services = List.copyOf(services);
    }

    /**
     * @param services the services of the packages the plan installs
     * @return the step, shown in the plan with every command either branch may run
     */
    static Step step(List<String> services) {
        ServiceStart action = new ServiceStart(services);
        return Step.of("enable and start " + String.join(", ", services) + " with systemctl enable --now where systemd runs"
                + " (only those not enabled or not running; without systemd the steps below start them)", action,
                probe(services), Undo.by(action.undo()));
    }

    private static Command systemctl(String... args) {
        return Command.builder("systemctl").args(args).timeout(TIMEOUT).build();
    }

    private static Command ask(String question, String service) {
        return Command.builder("systemctl").args(question, "--quiet", service).successExitCodes(0, 1, 2, 3, 4)
                .timeout(TIMEOUT).build();
    }

    @Override
    public void run(StepContext context) {
        if (context.run(OpenDkimService.systemdRuns()).exitCode() != 0) {
            return;
        }
        for (String s : services) {
            Found found = new Found(context.run(ask("is-enabled", s)).exitCode() == 0,
                    context.run(ask("is-active", s)).exitCode() == 0);
            before.put(s, found);
            if (!found.enabled() || !found.active()) {
                context.run(systemctl("enable", "--now", s));
            }
        }
    }

    @Override
    public List<Command> commands() {
        List<Command> c = new ArrayList<>(List.of(OpenDkimService.systemdRuns()));
        for (String s : services) {
            c.add(ask("is-enabled", s));
            c.add(ask("is-active", s));
            c.add(systemctl("enable", "--now", s));
        }
        return c;
    }

    /** @return with systemd: every service enabled and active; without: nothing to prove here */
    private static Probe probe(List<String> services) {
        List<Command> checks = new ArrayList<>();
        for (String s : services) {
            checks.add(ask("is-enabled", s));
            checks.add(ask("is-active", s));
        }
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                if (context.execute(OpenDkimService.systemdRuns()).exitCode() != 0) {
                    return ProbeResult.ok("no systemd: the steps that configure " + services + " start them");
                }
                List<String> wrong = new ArrayList<>();
                for (Command c : checks) {
                    if (context.execute(c).exitCode() != 0) {
                        wrong.add(c.argv().get(3) + " is not " + c.argv().get(1).substring(3));
                    }
                }
                return wrong.isEmpty() ? ProbeResult.ok(services + " enabled and running")
                        : ProbeResult.failed(String.join("; ", wrong));
            }

            @Override
            public String description() {
                return "where systemd runs, " + services + " are enabled and active";
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>(List.of(OpenDkimService.systemdRuns()));
                c.addAll(checks);
                return c;
            }
        };
    }

    /**
     * @param service a service this step looked at
     * @return what undoes this step for it: stop what it started, disable what it enabled
     */
    Optional<Command> undoFor(String service) {
        Found found = before.get(service);
        if (found == null || found.enabled() && found.active()) {
            return Optional.empty();
        }
        if (!found.enabled() && !found.active()) {
            return Optional.of(systemctl("disable", "--now", service));
        }
        return Optional.of(found.enabled() ? systemctl("stop", service) : systemctl("disable", service));
    }

    private List<String> reversed() {
        List<String> r = new ArrayList<>(services);
        java.util.Collections.reverse(r);
        return r;
    }

    /** @return the undo: for each service, exactly what this step changed, taken back */
    StepAction undo() {
        return new StepAction() {
            @Override
            public void run(StepContext context) {
                for (String s : reversed()) {
                    undoFor(s).ifPresent(context::run);
                }
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>();
                for (String s : reversed()) {
                    c.add(systemctl("disable", "--now", s));
                }
                return c;
            }

            /**
             * Nothing: the step only exists for packages the same plan installs, and the install's
             * undo, replayed next, removes them, whose removal scripts stop and disable their units.
             */
            @Override
            public Optional<List<Command>> replayable() {
                return Optional.of(List.of());
            }
        };
    }
}
