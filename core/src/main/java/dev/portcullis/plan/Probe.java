package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the live system back after a step and says whether the step took effect. Small objects
 * with static factories, like Testcontainers' wait strategies:
 * {@code Probe.outputContains(Command.of("iptables-save"), "PORTCULLIS-INPUT")}.
 */
public interface Probe {

    /**
     * @param context the runner and command record
     * @return what was found
     */
    ProbeResult check(StepContext context);

    /** @return what the probe checks, in words */
    String description();

    /** @return the commands the probe runs, as shown in a dry run */
    default List<Command> commands() {
        return List.of();
    }

    /**
     * A probe that always passes, for steps whose effect the next snapshot proves.
     *
     * @param why why no separate check is needed
     * @return the probe
     */
    static Probe none(String why) {
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                return ProbeResult.ok(why);
            }

            @Override
            public String description() {
                return why;
            }
        };
    }

    /**
     * Runs a read command and judges its result.
     *
     * @param description what is checked
     * @param command read-only command
     * @param judge turns the result into a finding
     * @return the probe
     */
    static Probe of(String description, Command command, Function<CommandResult, ProbeResult> judge) {
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                return judge.apply(context.execute(command));
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<Command> commands() {
                return List.of(command);
            }
        };
    }

    /**
     * Passes when the command succeeds and its output satisfies a test.
     *
     * @param description what is checked
     * @param command read-only command
     * @param test test on standard output
     * @return the probe
     */
    static Probe output(String description, Command command, Predicate<String> test) {
        return of(description, command, r -> {
            if (!r.isSuccess()) {
                return ProbeResult.failed(description + ": " + r);
            }
            return test.test(r.stdout()) ? ProbeResult.ok(description)
                    : ProbeResult.failed(description + ": not so; " + command.render() + " printed "
                            + CommandResult.excerpt(r.stdout().strip(), 400));
        });
    }

    /**
     * Passes when the command's output contains a text.
     *
     * @param command read-only command
     * @param expected text that must appear
     * @return the probe
     */
    static Probe outputContains(Command command, String expected) {
        return output("output of " + command.program() + " contains '" + expected + "'", command, s -> s.contains(expected));
    }

    /**
     * Passes when the command exits successfully.
     *
     * @param description what is checked
     * @param command read-only command
     * @return the probe
     */
    static Probe succeeds(String description, Command command) {
        return of(description, command, r -> r.isSuccess() ? ProbeResult.ok(description)
                : ProbeResult.failed(description + ": " + r));
    }
}
