package dev.portcullis;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small Linux host in memory for provisioner tests: a firewall tool {@code fakefw} (one rule per
 * line: {@code list}, {@code add LINE}, {@code del LINE}) and a mail server configuration tool
 * {@code fakemail} ({@code show}, {@code set KEY=VALUE...}, {@code unset KEY...}), with root, reached
 * only through commands. Its two backends plan, probe, undo and verify through those commands, so a
 * provisioner's apply, verify and remove change and read this host's state as they would a real one.
 */
final class FakeHost implements CommandRunner {

    private final Set<String> firewallRules = new LinkedHashSet<>();
    private final Map<String, String> mailConfig = new LinkedHashMap<>();
    private final List<Command> ran = new ArrayList<>();
    /** The host's lock and journal: path to content (a symbolic link's target, or a file's text). */
    private final Map<String, String> files = new LinkedHashMap<>();

    /** @return the host's lock and journal files that exist now, path to content */
    synchronized Map<String, String> stateFiles() {
        return Map.copyOf(files);
    }

    @Override
    public synchronized CommandResult execute(Command c) {
        ran.add(c);
        List<String> argv = c.argv();
        List<String> rest = argv.subList(Math.min(2, argv.size()), argv.size());
        switch (argv.get(0)) {
            case "uname":
                return CommandResult.of(c, 0, "Linux 6.1.0-28-amd64\n");
            case "cat":
                if (files.containsKey(argv.get(argv.size() - 1))) {
                    return CommandResult.of(c, 0, files.get(argv.get(argv.size() - 1)));
                }
                return argv.get(argv.size() - 1).equals("/etc/os-release") ? CommandResult.of(c, 0, "ID=debian\nVERSION_ID=\"12\"\n")
                        : CommandResult.of(c, 1, "");
            case "ln":
                return files.putIfAbsent(argv.get(argv.size() - 1), argv.get(argv.size() - 2)) == null ? CommandResult.of(c, 0, "")
                        : new CommandResult(c, 1, "", "ln: File exists", java.time.Duration.ZERO, false);
            case "readlink":
                return files.containsKey(argv.get(argv.size() - 1)) ? CommandResult.of(c, 0, files.get(argv.get(argv.size() - 1)))
                        : CommandResult.of(c, 1, "");
            case "install":
                files.put(argv.get(argv.size() - 1), new String(c.stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
                return CommandResult.of(c, 0, "");
            case "tee":
                files.merge(argv.get(argv.size() - 1), new String(c.stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8),
                        String::concat);
                return CommandResult.of(c, 0, "");
            case "rm":
                files.remove(argv.get(argv.size() - 1));
                return CommandResult.of(c, 0, "");
            case "id":
                return CommandResult.of(c, 0, "0\n");
            case "which":
                return CommandResult.of(c, 1, "");
            case "fakefw":
                switch (argv.get(1)) {
                    case "list":
                        return CommandResult.of(c, 0, lines(firewallRules));
                    case "add":
                        firewallRules.addAll(rest);
                        return CommandResult.of(c, 0, "");
                    case "del":
                        rest.forEach(firewallRules::remove);
                        return CommandResult.of(c, 0, "");
                    default:
                        return CommandResult.of(c, 2, "");
                }
            case "fakemail":
                switch (argv.get(1)) {
                    case "show":
                        List<String> kv = new ArrayList<>();
                        mailConfig.forEach((k, v) -> kv.add(k + "=" + v));
                        return CommandResult.of(c, 0, lines(kv));
                    case "set":
                        rest.forEach(a -> mailConfig.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
                        return CommandResult.of(c, 0, "");
                    case "unset":
                        rest.forEach(mailConfig::remove);
                        return CommandResult.of(c, 0, "");
                    default:
                        return CommandResult.of(c, 2, "");
                }
            default:
                return CommandResult.of(c, 127, "");
        }
    }

    private static String lines(Iterable<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** @return the firewall rules on the host, in the order they were added */
    synchronized Set<String> firewallRules() {
        return Set.copyOf(firewallRules);
    }

    /** @return the mail server configuration on the host */
    synchronized Map<String, String> mailConfig() {
        return Map.copyOf(mailConfig);
    }

    /** @return every command run on the host, in order */
    synchronized List<Command> ran() {
        return List.copyOf(ran);
    }

    /** Adds a rule behind Portcullis's back, as an administrator would. */
    synchronized void addRuleByHand(String line) {
        firewallRules.add(line);
    }

    @Override
    public String target() {
        return "fake host";
    }

    private static Support linuxRoot(HostFacts facts) {
        return facts.osFamily() == HostFacts.OsFamily.LINUX && facts.isRoot() ? Support.yes("Linux, root")
                : Support.no("needs Linux and root");
    }

    /** A firewall backend for {@code fakefw}: one owned line per rule, tagged with the policy's name. */
    record Firewall(String id) implements FirewallBackend {

        static List<String> lines(PortPolicy policy) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < policy.rules().size(); i++) {
                out.add(policy.name() + "#" + (i + 1) + " " + policy.rules().get(i));
            }
            return out;
        }

        private static List<String> owned(PortPolicy policy, BackendContext context) {
            return context.runner().run("fakefw", "list").stdout().lines()
                    .filter(l -> l.startsWith(policy.name() + "#")).toList();
        }

        private static Probe listed(String line, boolean present) {
            return Probe.of((present ? "listed: " : "gone: ") + line, Command.of("fakefw", "list"),
                    r -> r.stdout().lines().anyMatch(line::equals) == present ? ProbeResult.ok(line)
                            : ProbeResult.failed((present ? "missing: " : "still there: ") + line));
        }

        @Override
        public Support supports(HostFacts facts) {
            return linuxRoot(facts);
        }

        @Override
        public Plan plan(PortPolicy policy, BackendContext context) {
            List<String> have = owned(policy, context);
            Plan.Builder plan = Plan.builder(id, policy.name());
            for (String line : lines(policy)) {
                if (!have.contains(line)) {
                    plan.step(Step.of("add " + line, Command.of("fakefw", "add", line), listed(line, true),
                            Command.of("fakefw", "del", line)));
                }
            }
            for (String line : have) {
                if (!lines(policy).contains(line)) {
                    plan.step(Step.of("delete " + line, Command.of("fakefw", "del", line), listed(line, false),
                            Command.of("fakefw", "add", line)));
                }
            }
            return plan.build();
        }

        @Override
        public Plan planRemoval(PortPolicy policy, BackendContext context) {
            Plan.Builder plan = Plan.builder(id, policy.name());
            for (String line : owned(policy, context)) {
                plan.step(Step.of("delete " + line, Command.of("fakefw", "del", line), listed(line, false),
                        Command.of("fakefw", "add", line)));
            }
            return plan.build();
        }

        @Override
        public VerifyReport verify(PortPolicy policy, BackendContext context) {
            List<String> have = owned(policy, context);
            List<Drift> drifts = new ArrayList<>();
            lines(policy).stream().filter(l -> !have.contains(l))
                    .forEach(l -> drifts.add(new Drift(l, "present", "missing", "fakefw")));
            have.stream().filter(l -> !lines(policy).contains(l))
                    .forEach(l -> drifts.add(new Drift(l, "absent", "present", "fakefw")));
            return new VerifyReport(id, policy.name(), drifts, List.of());
        }
    }

    /** A mail server backend for {@code fakemail}: a few keys from the spec, set in one command. */
    record MailServer(String id) implements MailServerBackend {

        static Map<String, String> keys(MailServerSpec spec) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("myhostname", spec.hostname().value());
            keys.put("mydomain", spec.origin().value());
            keys.put("accepted", String.join(",", spec.acceptedDomains().stream().map(HostName::value).toList()));
            keys.put("message_size_limit", String.valueOf(spec.maxMessageSize().bytes()));
            return keys;
        }

        private static Map<String, String> config(BackendContext context) {
            Map<String, String> config = new LinkedHashMap<>();
            context.runner().run("fakemail", "show").stdout().lines()
                    .forEach(l -> config.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            return config;
        }

        private static Probe shows(Map<String, String> keys, boolean present) {
            return Probe.of("configuration " + (present ? "holds " : "lacks ") + keys.keySet(), Command.of("fakemail", "show"),
                    r -> keys.entrySet().stream().allMatch(e -> r.stdout().lines()
                            .anyMatch((e.getKey() + "=" + e.getValue())::equals) == present)
                            ? ProbeResult.ok("as planned") : ProbeResult.failed("not as planned"));
        }

        @Override
        public Support supports(HostFacts facts) {
            return linuxRoot(facts);
        }

        @Override
        public Plan plan(MailServerSpec spec, BackendContext context) {
            Map<String, String> have = config(context);
            Map<String, String> change = new LinkedHashMap<>(keys(spec));
            change.entrySet().removeIf(e -> e.getValue().equals(have.get(e.getKey())));
            Plan.Builder plan = Plan.builder(id, spec.hostname().value());
            if (!change.isEmpty()) {
                List<String> set = new ArrayList<>(List.of("fakemail", "set"));
                change.forEach((k, v) -> set.add(k + "=" + v));
                List<String> unset = new ArrayList<>(List.of("fakemail", "unset"));
                unset.addAll(change.keySet());
                plan.step(Step.of("set " + change.keySet(), Command.of(set), shows(change, true), Command.of(unset)));
            }
            return plan.build();
        }

        @Override
        public Plan planRemoval(MailServerSpec spec, BackendContext context) {
            Map<String, String> have = config(context);
            Map<String, String> owned = new LinkedHashMap<>(keys(spec));
            owned.keySet().retainAll(have.keySet());
            Plan.Builder plan = Plan.builder(id, spec.hostname().value());
            if (!owned.isEmpty()) {
                List<String> unset = new ArrayList<>(List.of("fakemail", "unset"));
                unset.addAll(owned.keySet());
                List<String> set = new ArrayList<>(List.of("fakemail", "set"));
                owned.keySet().forEach(k -> set.add(k + "=" + have.get(k)));
                plan.step(Step.of("unset " + owned.keySet(), Command.of(unset), shows(owned, false), Command.of(set)));
            }
            return plan.build();
        }

        @Override
        public VerifyReport verify(MailServerSpec spec, BackendContext context) {
            Map<String, String> have = config(context);
            List<Drift> drifts = new ArrayList<>();
            keys(spec).forEach((k, v) -> {
                if (!v.equals(have.get(k))) {
                    drifts.add(new Drift(k, v, String.valueOf(have.get(k)), "fakemail"));
                }
            });
            return new VerifyReport(id, spec.hostname().value(), drifts, List.of());
        }
    }
}
