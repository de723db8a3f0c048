package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.LocalCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProvisioningEvent;
import dev.portcullis.plan.ProvisioningListener;
import dev.portcullis.plan.Step;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The main of a child JVM that {@link SignalCancellationTest} stops with SIGTERM or SIGINT: it
 * applies, the way {@code portcullis apply} does (the same {@link SignalCancellation}, the same
 * exit codes), a plan of three real steps on this machine's file system (step i creates file i in
 * the folder given; its undo deletes it), announcing {@code STARTED <i>} as each step begins; step 1
 * takes two seconds, long enough for the signal to arrive while it runs.
 */
final class SignalledApply {

    private SignalledApply() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Plan.Builder b = Plan.builder("files", "three files in " + dir);
        for (int i = 0; i < 3; i++) {
            String f = dir.resolve("f" + i).toString();
            List<Command> action = i == 1 ? List.of(Command.of("touch", f), Command.of("sleep", "2")) : List.of(Command.of("touch", f));
            b.step(Step.of("create f" + i, dev.portcullis.plan.StepAction.commands(action),
                    Probe.succeeds("f" + i + " exists", Command.of("test", "-e", f)),
                    dev.portcullis.plan.Undo.by(dev.portcullis.plan.StepAction.commands(Command.of("rm", "-f", f)))));
        }
        PrintWriter err = new PrintWriter(System.err, true);
        ProvisioningListener announce = e -> {
            if (e.type() == ProvisioningEvent.Type.STEP_STARTED) {
                System.out.println("STARTED " + e.stepIndex());
                System.out.flush();
            }
        };
        int code;
        try (SignalCancellation signals = SignalCancellation.install(err)) {
            ApplyReport report = new PlanExecutor(LocalCommandRunner.create(), announce, signals.token()).execute(b.build());
            System.out.println(report);
            code = ReportsExitCode.of(List.of(report)).code();
            signals.finished(code);
        }
        System.exit(code);
    }
}
