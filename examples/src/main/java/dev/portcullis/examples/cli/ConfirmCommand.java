package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.plan.PendingRevert;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code portcullis confirm}: keeps the changes of {@code apply --confirm-within}, by disarming every
 * revert pending on this machine. A confirmation that finds nothing pending, or comes after a
 * deadline, exits with {@link ExitCode#NOT_CONFIRMED}: the change it meant to keep has been reverted.
 */
@picocli.CommandLine.Command(name = "confirm", mixinStandardHelpOptions = true,
        description = {"Keep what `apply --confirm-within` changed: disarm every revert pending on this machine.",
            "Run it from a new login, to prove the change left you a way in. Exit code 7 when nothing was pending or "
                    + "the window had passed: the host has restored the firewall as it was before that apply."})
final class ConfirmCommand implements Callable<Integer> {

    @ParentCommand
    PortcullisCommand parent;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--json", description = "print JSON on standard output (errors too)")
    boolean json;

    @Override
    public Integer call() {
        Provisioner p = parent.environment().live();
        List<PendingRevert> pending = p.pendingReverts();
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> reverts = pending.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("policy", r.policy());
            m.put("deadline", r.deadline().toString());
            m.put("confirmed", p.confirm(r));
            return m;
        }).toList();
        boolean allKept = !reverts.isEmpty() && reverts.stream().allMatch(m -> (Boolean) m.get("confirmed"));
        ExitCode code = allKept ? ExitCode.OK : ExitCode.NOT_CONFIRMED;
        PrintWriter out = commandSpec.commandLine().getOut();
        if (json) {
            root.put("exitCode", code.code());
            root.put("reverts", reverts);
            try {
                out.println(SpecCommand.JSON.writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            if (reverts.isEmpty()) {
                out.println("confirm: no revert is pending on this machine: nothing to keep (a window that has passed"
                        + " has restored the firewall as it was)");
            }
            for (Map<String, Object> m : reverts) {
                out.println((Boolean) m.get("confirmed")
                        ? "confirm: kept policy " + m.get("policy") + " (revert " + m.get("id") + " disarmed)"
                        : "confirm: TOO LATE for policy " + m.get("policy") + ": its window ended at " + m.get("deadline")
                                + " and the host is restoring the firewall as it was");
            }
        }
        out.flush();
        return code.code();
    }
}
