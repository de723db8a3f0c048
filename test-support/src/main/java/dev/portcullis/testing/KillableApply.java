package dev.portcullis.testing;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Provisioner;
import dev.portcullis.hoststate.HostLockedException;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.ProvisioningEvent;
import dev.portcullis.spec.Specs;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The main of a child JVM that a crash-safety test kills: it applies a spec file to a test host
 * through {@code docker exec} and, when asked, stops dead at the start of one step (after the
 * journal on the host recorded it, before its action runs), printing {@code HALTED <index>} so the
 * test knows where to {@code kill -9} it. Without a halt it prints {@code DONE <outcome>}, or
 * {@code LOCKED <message>} when another run holds the host's lock.
 *
 * <p>Arguments: container id, spec file, backend id, step index to halt at (-1: none), the epoch
 * millisecond to start at (so that two JVMs start their applies at the same instant), then
 * backend options as {@code key=value}.
 */
public final class KillableApply {

    private KillableApply() {
    }

    /**
     * @param args container id, spec file, backend id, halt index, start instant, options
     * @throws InterruptedException never in practice: the halted JVM sleeps until it is killed
     */
    public static void main(String[] args) throws InterruptedException {
        DockerExecCommandRunner runner = new DockerExecCommandRunner(args[0], "killable apply");
        Object spec = Specs.read(Path.of(args[1]));
        String backend = args[2];
        int haltAt = Integer.parseInt(args[3]);
        long startAt = Long.parseLong(args[4]);
        Provisioner.Builder b = Provisioner.builder().runner(runner);
        b = spec instanceof MailServerSpec ? b.mailServer(backend) : b.firewall(backend);
        for (String option : Arrays.asList(args).subList(5, args.length)) {
            b.option(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
        }
        Object halt = new Object();
        b.listener(event -> {
            if (event.type() == ProvisioningEvent.Type.STEP_STARTED && event.stepIndex() == haltAt) {
                System.out.println("HALTED " + event.stepIndex() + " " + event.description());
                System.out.flush();
                synchronized (halt) {
                    try {
                        halt.wait(); // until kill -9
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        Provisioner p = b.build();
        p.facts();
        long wait = startAt - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        try {
            ApplyReport report = spec instanceof MailServerSpec m ? p.apply(m) : p.apply((PortPolicy) spec);
            System.out.println("DONE " + report.outcome());
        } catch (HostLockedException e) {
            System.out.println("LOCKED " + e.getMessage());
        }
        System.out.flush();
    }
}
