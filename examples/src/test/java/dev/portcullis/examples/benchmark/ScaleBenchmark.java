package dev.portcullis.examples.benchmark;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.SyntheticNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Not a test: the scale benchmark of issue #20. One allow rule on 25/tcp from N IPv4 networks
 * (10, 20, 100, 1,000 and 10,000 by default), written as one rule per source (the set threshold
 * disabled) and as a set (the default threshold), on linux-iptables (with ipset) and on
 * linux-firewalld (rich rules; its ipsets where the backend writes them), each on its own test
 * host: the processes spawned and the wall time of apply, no-op re-apply, re-apply with one
 * member changed, and remove. Then, in the same run and on the same image, Debian's Ansible with
 * one loop item per source ({@code ansible.posix.firewalld}, {@code ansible.builtin.iptables})
 * at 20 and 100 sources, apply and no-op re-run, and the ratio to Portcullis.
 *
 * <p>Run it by hand (never in CI; it takes tens of minutes):
 * {@code mvn -B -pl examples -am -DscaleBenchmark -DskipTests -DskipLiveTests verify}, sizes with
 * {@code -Dbenchmark.sources=10,20,100,1000,10000 -Dbenchmark.ansible=20,100} ({@code none}: no Ansible),
 * one backend or form with {@code -Dbenchmark.backends=linux-firewalld -Dbenchmark.forms=SETS}. Rich rules above
 * {@code -Dbenchmark.richRulesMax} (default 1000) are not run: firewalld's runtime adds them one
 * transaction at a time, each slower as the zone grows, so 10,000 would take most of an hour.
 */
public final class ScaleBenchmark {

    static final int RICH_RULES_MAX = Integer.getInteger("benchmark.richRulesMax", 1000);
    /** {@code -Dbenchmark.backends=linux-firewalld} measures one backend only (default both). */
    static final String BACKENDS = System.getProperty("benchmark.backends", "linux-firewalld,linux-iptables");
    /** {@code -Dbenchmark.forms=SETS} measures one form only (default both). */
    static final String FORMS = System.getProperty("benchmark.forms", "RULES,SETS");
    private static final String FIREWALLD = "linux-firewalld";
    private static final String IPTABLES = "linux-iptables";

    private ScaleBenchmark() {
    }

    /** How the sources are written. */
    enum Form {
        /** One rule per source: the threshold above any size. */
        RULES,
        /** One set and one rule matching it: the default threshold. */
        SETS
    }

    /** The processes one operation spawned and its wall time. */
    record Cell(int spawns, double seconds) {
        String text() {
            return String.format(Locale.ROOT, "%d / %.2f s", spawns, seconds);
        }
    }

    /** One measured (or skipped) backend, form and size. */
    record Row(String backend, Form form, int sources, Cell apply, Cell noop, Cell changed, Cell remove, String load,
            String note) {
        String label() {
            return (backend.equals(FIREWALLD) ? "firewalld" : "iptables") + (form == Form.RULES
                    ? (backend.equals(FIREWALLD) ? " rich rules" : " rules") : " + ipset");
        }

        String text() {
            if (apply == null) {
                return String.format(Locale.ROOT, "| %-20s | %6d | %s | | | | %s |", label(), sources, note, load);
            }
            return String.format(Locale.ROOT, "| %-20s | %6d | %s | %s | %s | %s | %s |", label(), sources, apply.text(),
                    noop.text(), changed.text(), remove.text(), load);
        }
    }

    /**
     * @param args source counts, comma-separated (default 10,20,100,1000,10000), then Ansible sizes (default 20,100)
     */
    public static void main(String[] args) {
        List<Integer> sizes = sizes(args.length > 0 ? args[0] : "", List.of(10, 20, 100, 1000, 10_000));
        List<Integer> ansibleSizes = args.length > 1 && args[1].equals("none") ? List.of()
                : sizes(args.length > 1 ? args[1] : "", List.of(20, 100));
        List<Row> rows = new ArrayList<>();
        List<String> ansibleRows = new ArrayList<>();
        String started = load();
        try (LinuxTestHost firewalld = LinuxTestHost.start().startFirewalld(); LinuxTestHost iptables = LinuxTestHost.start()) {
            if (BACKENDS.contains(FIREWALLD)) {
                rows.addAll(portcullis(firewalld, FIREWALLD, sizes));
            }
            if (BACKENDS.contains(IPTABLES)) {
                rows.addAll(portcullis(iptables, IPTABLES, sizes));
            }
            for (int n : ansibleSizes) {
                ansibleRows.add(ansible(firewalld, AnsiblePlaybook.Module.FIREWALLD, n, rows));
                ansibleRows.add(ansible(iptables, AnsiblePlaybook.Module.IPTABLES, n, rows));
            }
        }
        System.out.println();
        System.out.println("One allow rule on 25/tcp from N IPv4 /24 networks; each backend on its own test host"
                + (System.getProperty("portcullis.exec", "agent").equals("docker") ? " (one docker exec per process)"
                        : " (through the test hosts' exec agent: a fork and exec per process, as on a real host)")
                + "; load average at start " + started);
        System.out.println("| backend, written as  | sources | apply: spawns / time | no-op re-apply | one member changed"
                + " | remove | load average |");
        System.out.println("|:---------------------|-------:|------:|------:|------:|------:|:----|");
        rows.forEach(r -> System.out.println(r.text()));
        System.out.println();
        System.out.println("Ansible, one loop item per source, community.docker.docker connection, same image and rules");
        System.out.println("| module | sources | apply | no-op re-run | Portcullis apply / no-op, same rules | ratio apply"
                + " / no-op | load average |");
        System.out.println("|:-------|-------:|------:|------:|:------|------:|:----|");
        ansibleRows.forEach(System.out::println);
        System.out.println("Spawns are counted at the runner (the backend's own, the host lock and journal, not the"
                + " facts gathered once); times are wall-clock on a shared machine.");
    }

    private static List<Row> portcullis(LinuxTestHost host, String backend, List<Integer> sizes) {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Provisioner p = Provisioner.on(counting).facts(HostFactsGatherer.gather(host.runner())).firewall(backend);
        p.apply(sources(1, Form.RULES, false)); // warm up the JVM, the runner and the kernel modules
        p.remove(sources(1, Form.RULES, false));
        List<Row> rows = new ArrayList<>();
        for (Form form : Form.values()) {
            if (!FORMS.contains(form.name())) {
                continue;
            }
            String skipped = null;
            for (int n : sizes) {
                Row row;
                if (skipped != null) {
                    row = new Row(backend, form, n, null, null, null, null, load(), skipped);
                } else if (backend.equals(FIREWALLD) && form == Form.RULES && n > RICH_RULES_MAX) {
                    row = new Row(backend, form, n, null, null, null, null, load(),
                            "not run (above -Dbenchmark.richRulesMax=" + RICH_RULES_MAX + ")");
                } else {
                    row = measureAll(p, counting, backend, form, n);
                    if (backend.equals(FIREWALLD) && form == Form.SETS && row.note() != null) {
                        skipped = row.note();
                    }
                }
                rows.add(row);
                System.out.println("measured: " + row.text());
                System.out.flush();
            }
        }
        return rows;
    }

    private static Row measureAll(Provisioner p, CountingCommandRunner counting, String backend, Form form, int n) {
        String load = load();
        PortPolicy policy = sources(n, form, false);
        PortPolicy changed = sources(n, form, true);
        Cell apply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.APPLIED);
        if (backend.equals(FIREWALLD) && form == Form.SETS && !firewalldWroteAnIpset(p)) {
            p.remove(policy);
            return new Row(backend, form, n, null, null, null, null, load,
                    "pending: this linux-firewalld writes no ipset for a policy over the set threshold");
        }
        Cell noop = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.UNCHANGED);
        Cell one = measure(counting, () -> p.apply(changed), ApplyReport.Outcome.APPLIED);
        Cell remove = measure(counting, () -> p.remove(changed), ApplyReport.Outcome.APPLIED);
        return new Row(backend, form, n, apply, noop, one, remove, load, null);
    }

    private static boolean firewalldWroteAnIpset(Provisioner p) {
        return !p.runner().run(Command.of("firewall-cmd", "--permanent", "--get-ipsets")).stdout().isBlank();
    }

    /**
     * @param count how many sources
     * @param form rules (threshold above any size) or a set (the default threshold)
     * @param firstChanged whether the first network is replaced by one outside the others
     * @return one allow rule on port 25 from that many 10.x.y.0/24 networks, in the default zone
     */
    static PortPolicy sources(int count, Form form, boolean firstChanged) {
        List<String> networks = networks(count);
        if (firstChanged) {
            networks.set(0, "172.31.255.0/24");
        }
        return PortPolicy.named("bench-scale").sourceSetThreshold(form == Form.SETS
                ? PortPolicy.DEFAULT_SOURCE_SET_THRESHOLD : Integer.MAX_VALUE)
                .allow(Protocol.TCP, 25).from(networks.toArray(String[]::new)).build();
    }

    static List<String> networks(int count) {
        return new ArrayList<>(SyntheticNetworks.networks(0, count));
    }

    private static Cell measure(CountingCommandRunner counting, Supplier<ApplyReport> run, ApplyReport.Outcome expected) {
        counting.reset();
        long start = System.nanoTime();
        ApplyReport report = run.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report.outcome() != expected) {
            throw new IllegalStateException("expected " + expected + ": " + report);
        }
        return new Cell(counting.spawns(), seconds);
    }

    /** Ansible's apply and no-op re-run of n sources, then its rules taken away (not timed). */
    private static String ansible(LinuxTestHost host, AnsiblePlaybook.Module module, int n, List<Row> rows) {
        String load = load();
        List<String> networks = networks(n);
        AnsiblePlaybook.Run apply = AnsiblePlaybook.run(module, host.containerId(), networks);
        AnsiblePlaybook.Run again = AnsiblePlaybook.run(module, host.containerId(), networks);
        if (apply.changed() != n || again.changed() != 0) {
            throw new IllegalStateException(module.moduleName() + " changed " + apply.changed() + " then "
                    + again.changed() + " items of " + n);
        }
        clearAnsibleRules(host, module, networks);
        String backend = module == AnsiblePlaybook.Module.FIREWALLD ? FIREWALLD : IPTABLES;
        Map<Form, Row> same = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.backend().equals(backend) && r.sources() == n && r.apply() != null) {
                same.put(r.form(), r);
            }
        }
        StringBuilder portcullis = new StringBuilder();
        StringBuilder ratio = new StringBuilder();
        for (Row r : same.values()) {
            String sep = portcullis.isEmpty() ? "" : "; ";
            portcullis.append(sep).append(r.label()).append(String.format(Locale.ROOT, " %.2f s / %.2f s",
                    r.apply().seconds(), r.noop().seconds()));
            ratio.append(sep).append(String.format(Locale.ROOT, "%.0fx / %.0fx", apply.seconds() / r.apply().seconds(),
                    again.seconds() / r.noop().seconds()));
        }
        String row = String.format(Locale.ROOT, "| %s | %d | %.1f s | %.1f s | %s | %s | %s |", module.moduleName(), n,
                apply.seconds(), again.seconds(), portcullis.isEmpty() ? "not measured" : portcullis,
                ratio.isEmpty() ? "n/a" : ratio, load);
        System.out.println("measured: " + row);
        System.out.flush();
        return row;
    }

    private static void clearAnsibleRules(LinuxTestHost host, AnsiblePlaybook.Module module, List<String> networks) {
        if (module == AnsiblePlaybook.Module.IPTABLES) {
            host.run("iptables", "-F", "INPUT");
            return;
        }
        for (boolean permanent : new boolean[] {false, true}) {
            List<String> argv = new ArrayList<>();
            argv.add("firewall-cmd");
            if (permanent) {
                argv.add("--permanent");
            }
            for (String network : networks) {
                argv.add("--remove-rich-rule=rule family=\"ipv4\" source address=\"" + network
                        + "\" port port=\"25\" protocol=\"tcp\" accept");
            }
            host.runner().run(Command.builder(argv.get(0)).args(argv.subList(1, argv.size())).build());
        }
    }

    private static List<Integer> sizes(String text, List<Integer> defaults) {
        List<Integer> sizes = new ArrayList<>();
        for (String size : text.split(",")) {
            if (!size.isBlank()) {
                sizes.add(Integer.parseInt(size.strip()));
            }
        }
        return sizes.isEmpty() ? defaults : sizes;
    }

    /** @return this machine's 1, 5 and 15 minute load averages (the containers share its kernel) */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
