package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs the companions a spec needs and the host lacks — OpenDKIM for DKIM signing, policyd-spf
 * for SPF checks — with the host's package manager: {@code apt-get} where the host is Debian or
 * like it, {@code dnf} where it is RHEL or Fedora or like them (from {@link HostFacts}). A missing
 * program is known from the host facts' one {@code which}. The step's undo removes exactly the
 * packages it installed, and so does {@code remove} (they are in the ownership record). Off with
 * the option {@value #OPTION}{@code =false}: the plan is then refused, naming the package to install.
 */
final class PackageInstall {

    /** Provisioner option: {@code false} for hosts that must not install anything. */
    static final String OPTION = "postfix.install";

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** A program the spec needs, and the package that brings it per package manager. */
    private record Need(String program, String debian, String rhel, String why) {
    }

    private PackageInstall() {
    }

    private static final Need OPENDKIM = new Need("opendkim", "opendkim", "opendkim", "DKIM signing");
    private static final Need POLICYD_SPF = new Need("policyd-spf", "postfix-policyd-spf-python", "pypolicyd-spf", "SPF checks");
    private static final List<Need> NEEDS = List.of(OPENDKIM, POLICYD_SPF);

    private static List<Need> needs(MailServerSpec spec) {
        List<Need> n = new ArrayList<>();
        if (spec.dkim().isPresent()) {
            n.add(OPENDKIM);
        }
        if (spec.spf().isPresent()) {
            n.add(POLICYD_SPF);
        }
        return n;
    }

    /** @return the programs whose presence the host facts' {@code which} must tell */
    static List<String> programs() {
        return NEEDS.stream().map(Need::program).toList();
    }

    /**
     * @param spec the mail server
     * @param context the host's facts and the provisioner's options
     * @return the packages to install, by program; empty when every program is there
     * @throws IllegalStateException when something is missing and installing is turned off or
     *     the host has neither apt-get nor dnf
     */
    static Map<String, String> missing(MailServerSpec spec, BackendContext context) {
        HostFacts facts = context.facts();
        Map<String, String> packages = new LinkedHashMap<>();
        for (Need n : needs(spec)) {
            if (facts.hasTool(n.program())) {
                continue;
            }
            boolean off = context.option(OPTION).map("false"::equalsIgnoreCase).orElse(false);
            String manager = manager(facts);
            String pkg = manager == null ? n.debian() + " (Debian) or " + n.rhel() + " (RHEL)"
                    : manager.equals("apt-get") ? n.debian() : n.rhel();
            if (off) {
                throw new IllegalStateException(n.why() + " needs " + n.program() + ", which is not installed, and "
                        + OPTION + "=false: install the package " + pkg + " first");
            }
            if (manager == null) {
                throw new IllegalStateException(n.why() + " needs " + n.program() + ", which is not installed, and this host"
                        + " has neither apt-get nor dnf: install the package " + pkg + " first");
            }
            packages.put(n.program(), pkg);
        }
        return packages;
    }

    /**
     * @param facts the host
     * @return "apt-get" on Debian-like hosts, "dnf" on RHEL- or Fedora-like ones, null otherwise
     */
    static String manager(HostFacts facts) {
        if (facts.isLike("debian") && facts.hasTool("apt-get")) {
            return "apt-get";
        }
        if ((facts.isLike("rhel") || facts.isLike("fedora")) && facts.hasTool("dnf")) {
            return "dnf";
        }
        return null;
    }

    /**
     * @param manager "apt-get" or "dnf"
     * @param verb "install" or "remove"
     * @param packages the packages
     * @return the commands, non-interactive; apt-get refreshes its lists before installing and purges
     *     on removal (the package's configuration files came with the install)
     */
    static List<Command> commands(String manager, String verb, List<String> packages) {
        List<Command> c = new ArrayList<>();
        if (manager.equals("apt-get")) {
            if (verb.equals("install")) {
                c.add(Command.builder("apt-get").args("-q", "update").env("DEBIAN_FRONTEND", "noninteractive")
                        .timeout(TIMEOUT).build());
            }
            // purge: the configuration files came with this install, so they go with it too
            c.add(Command.builder("apt-get").args("-q", "-y", "--no-install-recommends", verb.equals("remove") ? "purge" : verb)
                    .args(packages)
                    .env("DEBIAN_FRONTEND", "noninteractive").timeout(TIMEOUT).build());
        } else {
            c.add(Command.builder("dnf").args("-y", verb).args(packages).timeout(TIMEOUT).build());
        }
        return c;
    }

    /**
     * @param manager "apt-get" or "dnf"
     * @param missing package by program
     * @return the step: install, proven by {@code which} finding every program, undone by removing them
     */
    static Step install(String manager, Map<String, String> missing) {
        List<String> packages = List.copyOf(missing.values());
        List<String> programs = List.copyOf(missing.keySet());
        Probe probe = Probe.of("every program is on PATH: " + programs, Command.builder("which").args(programs)
                .successExitCodes(0, 1).build(), r -> {
                    List<String> found = r.stdout().lines().map(l -> l.substring(l.lastIndexOf('/') + 1)).toList();
                    List<String> absent = programs.stream().filter(p -> !found.contains(p)).toList();
                    return absent.isEmpty() ? ProbeResult.ok("installed " + packages)
                            : ProbeResult.failed("still missing after " + manager + " install: " + absent);
                });
        return Step.of("install " + String.join(", ", packages) + " with " + manager + " (missing on this host; "
                + OPTION + "=false refuses instead)", StepAction.commands(commands(manager, "install", packages)), probe,
                Undo.by(StepAction.commands(commands(manager, "remove", packages))));
    }

    /**
     * @param manager the package manager that installed it
     * @param pkg a package Portcullis installed
     * @return for remove: the package uninstalled (OpenDKIM stopped first: a package removal in a
     *     container without an init system would leave it running), proven by its program being gone
     */
    static Step uninstall(String manager, String pkg) {
        Need need = NEEDS.stream().filter(n -> n.debian().equals(pkg) || n.rhel().equals(pkg)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the record names a package Portcullis never installs: " + pkg));
        List<Command> c = new ArrayList<>();
        if (need.program().equals("opendkim")) {
            c.add(Command.builder("pkill").args("-TERM", "-F", OpenDkim.PID_FILE, "opendkim").successExitCodes(0, 1, 2, 3).build());
        }
        c.addAll(commands(manager, "remove", List.of(pkg)));
        return Step.of("uninstall " + pkg + " with " + manager + " (Portcullis installed it)", StepAction.commands(c),
                Probe.of(need.program() + " is gone", Command.builder("which").arg(need.program()).successExitCodes(0, 1).build(),
                        r -> r.exitCode() == 1 ? ProbeResult.ok(pkg + " uninstalled")
                                : ProbeResult.failed(need.program() + " is still at " + r.stdout().strip())),
                Undo.by(StepAction.commands(commands(manager, "install", List.of(pkg)))));
    }
}
