package dev.portcullis.examples.cli;

import dev.portcullis.ApplyOptions;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.NoBackendException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code portcullis plan}: shows what apply would run, changing nothing. On a machine that is root
 * and has a backend for the spec, it plans against this machine (a read-only snapshot). Anywhere
 * else it plans against assumed empty hosts described in code (Debian, RHEL, Windows), which needs
 * no root and no live system and shows what each backend would run.
 *
 * <p>Each assumed host is planned on its own: one whose backends refuse the spec or do not apply
 * says so, and the exit code stays 0. Should planning fail on one for any other reason (a bug),
 * the failure is printed for that host, the others are still planned and printed, and the exit
 * code is {@link ExitCode#INTERNAL_ERROR}.
 */
@picocli.CommandLine.Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show the exact commands apply would run, step by step, with their checks and undos. Changes nothing.",
            "Plans against this machine when it is root and a backend applies here; otherwise against assumed "
                    + "empty Debian, RHEL and Windows hosts (no root and no live system needed)."})
final class PlanCommand extends SpecCommand {

    @picocli.CommandLine.Mixin
    LockoutOption lockout;

    @Option(names = "--live", description = "plan against this machine (read-only snapshot); fail if that is not possible")
    boolean live;

    @Option(names = "--offline", description = "plan against assumed empty hosts only (all kinds unless --host-facts names one)")
    boolean offline;

    @Option(names = "--host-facts", paramLabel = "debian|rhel|windows|all",
            description = "the assumed empty host to plan against (implies --offline; default all)")
    String hostFacts;

    @Override
    public Integer call() {
        if (live && (offline || hostFacts != null)) {
            throw new ParameterException(commandSpec.commandLine(), "--live cannot be combined with --offline or --host-facts");
        }
        List<AssumedHost> kinds = assumedHosts();
        Target target = target();
        boolean auto = !live && !offline && hostFacts == null;
        Provisioner here = live || auto ? configure(env().live()) : null;
        String why = auto ? whyNotLive(here, target) : null;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("spec", options.spec.toString());
        List<Map<String, Object>> hosts = new ArrayList<>();
        ExitCode exit = ExitCode.OK;
        if (live || (auto && why == null)) {
            root.put("mode", "live");
            hosts.add(section("this machine (read-only snapshot; nothing was changed)", target.plan(here, planOptions()),
                    List.of()));
        } else {
            root.put("mode", "offline");
            if (why != null) {
                root.put("reason", "planned offline because this machine " + why + "; --live insists on this machine");
            }
            List<RuntimeException> failures = new ArrayList<>();
            for (AssumedHost kind : kinds) {
                hosts.add(planOffline(target, kind, kinds.size() == 1, failures));
            }
            if (hosts.stream().noneMatch(h -> h.containsKey("plans"))) {
                if (!failures.isEmpty()) {
                    throw failures.get(0);
                }
                if (hosts.get(0).containsKey("refused")) {
                    throw new InvalidSpecException("", "every backend refused the spec: " + hosts.get(0).get("refused"));
                }
                throw new NoBackendException("no backend applies to " + (kinds.size() == 1 ? "an assumed " + kinds.get(0).label()
                        + " host" : "any assumed host") + ": " + hosts.get(0).get("noBackend"));
            }
            exit = failures.isEmpty() ? ExitCode.OK : ExitCode.INTERNAL_ERROR;
        }
        root.put("hosts", hosts);
        if (options.json) {
            printJson(root);
        } else {
            printText(root, hosts);
        }
        hosts.stream().filter(h -> h.containsKey("failed")).forEach(h -> err().println("portcullis plan: planning for "
                + h.get("host") + " failed: " + h.get("failed")));
        err().flush();
        return exit.code();
    }

    private ApplyOptions planOptions() {
        return ApplyOptions.builder().allowLockout(lockout.allowLockout).build();
    }

    private List<AssumedHost> assumedHosts() {
        if (hostFacts == null || hostFacts.equalsIgnoreCase("all")) {
            return List.of(AssumedHost.values());
        }
        try {
            return List.of(AssumedHost.valueOf(hostFacts.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(),
                    "--host-facts: '" + hostFacts + "' is not one of debian, rhel, windows, all");
        }
    }

    /**
     * Plans against one assumed host. A host whose backends refuse the spec or do not apply says so;
     * any other failure is a bug, reported for that host (and in {@code failures}) without hiding
     * what the other hosts would run.
     */
    private Map<String, Object> planOffline(Target target, AssumedHost kind, boolean only, List<RuntimeException> failures) {
        Set<String> files = new TreeSet<>(kind.files());
        files.addAll(target.providedFiles());
        EmptyHostRunner runner = new EmptyHostRunner(files);
        String title = "an assumed empty " + kind.label() + " host (offline: nothing was read from this machine)";
        try {
            List<Plan> plans = target.plan(configure(env().offline(kind, runner)), planOptions());
            return section(title, plans, runner.asked().stream().map(Command::render).toList());
        } catch (RuntimeException e) {
            if (only) {
                throw e;
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("host", title);
            if (e instanceof NoBackendException) {
                s.put("noBackend", e.getMessage());
            } else if (e instanceof InvalidSpecException) {
                s.put("refused", e.getMessage());
            } else {
                s.put("failed", e.toString());
                failures.add(e);
            }
            return s;
        }
    }

    private static Map<String, Object> section(String host, List<Plan> plans, List<String> reads) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", host);
        s.put("backends", plans.stream().map(Plan::backend).toList());
        if (!reads.isEmpty()) {
            s.put("snapshotReads", reads);
        }
        s.put("plans", plans);
        return s;
    }

    @SuppressWarnings("unchecked")
    private void printText(Map<String, Object> root, List<Map<String, Object>> hosts) {
        out().println("# portcullis plan for " + options.spec);
        if (root.containsKey("reason")) {
            out().println("# " + root.get("reason"));
        }
        for (Map<String, Object> h : hosts) {
            out().println();
            out().println("######## " + h.get("host"));
            if (h.containsKey("noBackend")) {
                out().println("# no backend applies there: " + String.valueOf(h.get("noBackend")).replace("\n", "\n# "));
                continue;
            }
            if (h.containsKey("refused")) {
                out().println("# the backend there refuses this spec: " + String.valueOf(h.get("refused")).replace("\n", "\n# "));
                continue;
            }
            if (h.containsKey("failed")) {
                out().println("# planning FAILED there (a bug: please report it): "
                        + String.valueOf(h.get("failed")).replace("\n", "\n# "));
                continue;
            }
            out().println("# backends: " + String.join(", ", (List<String>) h.get("backends")));
            if (h.containsKey("snapshotReads")) {
                out().println("# on a live host the plan starts by reading: "
                        + String.join("; ", (List<String>) h.get("snapshotReads")));
            }
            for (Plan plan : (List<Plan>) h.get("plans")) {
                out().println();
                out().print(plan.render());
            }
        }
        out().flush();
    }

    @Override
    void printJson(Object tree) {
        super.printJson(replacePlans(tree));
    }

    @SuppressWarnings("unchecked")
    private static Object replacePlans(Object tree) {
        Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) tree);
        List<Object> hosts = new ArrayList<>();
        for (Map<String, Object> h : (List<Map<String, Object>>) root.get("hosts")) {
            Map<String, Object> copy = new LinkedHashMap<>(h);
            if (copy.containsKey("plans")) {
                copy.put("plans", ((List<Plan>) h.get("plans")).stream().map(PlanJson::of).toList());
            }
            hosts.add(copy);
        }
        root.put("hosts", hosts);
        return root;
    }

    /** @return null when this machine can be planned live, otherwise why not ("is not root") */
    private static String whyNotLive(Provisioner p, Target target) {
        HostFacts facts = p.facts();
        if (facts.osFamily() == HostFacts.OsFamily.WINDOWS) {
            return "is Windows, where administrator rights are not checked before planning";
        }
        if (!facts.isRoot()) {
            return "is not root (reading the firewall and the mail server's configuration needs root)";
        }
        try {
            target.mailServer().ifPresent(m -> p.mailServerBackend());
            target.firewall().ifPresent(f -> p.firewallBackend());
        } catch (NoBackendException e) {
            return "has no backend for this spec (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        return null;
    }
}
