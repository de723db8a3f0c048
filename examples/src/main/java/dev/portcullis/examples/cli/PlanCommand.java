package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.NoBackendException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code portcullis plan}: shows what apply would run, changing nothing. Without root, or where no
 * backend applies, it plans against an assumed empty host described in code, so it works on any
 * machine; {@code --live} insists on this machine, {@code --host-facts} picks the assumed host.
 */
@picocli.CommandLine.Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show the exact commands apply would run, step by step, with their checks and undos. Changes nothing.",
            "Plans against this machine when it is root and a backend applies here; otherwise against an "
                    + "assumed empty host (needs no root and no live system)."})
final class PlanCommand extends SpecCommand {

    @Option(names = "--live", description = "plan against this machine (read-only snapshot); fail if that is not possible")
    boolean live;

    @Option(names = "--offline", description = "plan against an assumed empty host like this machine (debian; windows on Windows)")
    boolean offline;

    @Option(names = "--host-facts", paramLabel = "debian|rhel|windows",
            description = "plan against an assumed empty host of this kind (implies --offline)")
    AssumedHost assumed;

    @Override
    public Integer call() {
        Target target = target();
        if (live && (offline || assumed != null)) {
            err().println("portcullis plan: --live cannot be combined with --offline or --host-facts");
            return ExitCode.USAGE.code();
        }
        boolean auto = !live && !offline && assumed == null;
        Provisioner here = live || auto ? configure(env().live()) : null;
        String why = auto ? whyNotLive(here, target) : null;
        List<String> header = new ArrayList<>();
        Map<String, Object> host = new LinkedHashMap<>();
        List<Plan> plans;
        if (live || (auto && why == null)) {
            plans = target.plan(here);
            header.add("host: this machine (read-only snapshot; nothing was changed)");
            host.put("mode", "live");
        } else {
            AssumedHost kind = assumed != null ? assumed : AssumedHost.likeThisMachine();
            EmptyHostRunner runner = new EmptyHostRunner();
            plans = target.plan(configure(env().offline(kind, runner)));
            header.add("host: an assumed empty " + kind.label() + " host (offline: nothing was read from this machine)");
            if (why != null) {
                header.add("planned offline because this machine " + why + "; --live insists on this machine");
            }
            List<String> reads = runner.asked().stream().map(Command::render).toList();
            if (!reads.isEmpty()) {
                header.add("on a live host the plan starts by reading: " + String.join("; ", reads));
            }
            host.put("mode", "offline");
            host.put("assumed", kind.label());
            if (why != null) {
                host.put("reason", why);
            }
            host.put("snapshotReads", reads);
        }
        if (options.json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("spec", options.spec.toString());
            root.put("host", host);
            root.put("plans", plans.stream().map(PlanJson::of).toList());
            printJson(root);
        } else {
            out().println("# portcullis plan for " + options.spec);
            header.forEach(h -> out().println("# " + h));
            for (Plan plan : plans) {
                out().println();
                out().print(plan.render());
            }
            out().flush();
        }
        return ExitCode.OK.code();
    }

    /** @return null when this machine can be planned live, otherwise why not ("is not root") */
    private static String whyNotLive(Provisioner p, Target target) {
        HostFacts facts = p.facts();
        if (facts.osFamily() == HostFacts.OsFamily.WINDOWS) {
            return "is Windows, where administrator rights cannot be checked before planning";
        }
        if (!facts.isRoot()) {
            return "is not root (reading the firewall needs root)";
        }
        try {
            target.mailServer().ifPresent(m -> p.mailServerBackend());
            target.firewall().ifPresent(f -> p.firewallBackend());
        } catch (NoBackendException e) {
            return "has no backend that applies (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        return null;
    }
}
