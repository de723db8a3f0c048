package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.Undo;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Installs what a spec needs and the host lacks — Postfix itself, its MySQL lookup tables when
 * virtual mailboxes come from MySQL, Dovecot when it is the SASL server Portcullis sets up,
 * OpenDKIM for DKIM signing, policyd-spf for SPF checks — with the host's package manager:
 * {@code apt-get} where the host is Debian or like it, {@code dnf} where it is RHEL or Fedora or
 * like them (from {@link HostFacts}). A missing program is known from the host facts' one
 * {@code which}; Postfix's MySQL module, which is no program, from the snapshot's one
 * {@code sha256sum} (its shared object is among the watched files). The step's undo removes exactly
 * the packages it installed, and so does {@code remove} (they are in the ownership record). Off with
 * the option {@value #OPTION}{@code =false}: the plan is then refused, naming the package to install.
 *
 * <p>Postfix on Debian is installed with the debconf answer "No configuration": its package then
 * writes no main.cf of its own, and the step writes an empty one, so Postfix runs on its built-in
 * defaults — exactly the empty configuration the plan was computed from (see
 * {@link PostfixSnapshot#postfixInstalled()}). On RHEL the package brings its own main.cf; the
 * plan sets every key of the spec over it.
 */
final class PackageInstall {

    /** Provisioner option: {@code false} for hosts that must not install anything. */
    static final String OPTION = "postfix.install";

    /** Postfix's MySQL module on Debian and on RHEL (a shared object, not a program). */
    static final List<String> POSTFIX_MYSQL_MODULES = List.of("/usr/lib/postfix/postfix-mysql.so",
            "/usr/lib64/postfix/postfix-mysql.so");

    /** The debconf answer that keeps Debian's postfix package from writing a main.cf of its own. */
    static final String NO_CONFIGURATION = "postfix postfix/main_mailer_type select No configuration\n";

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /**
     * A component the spec needs, and the package that brings it per package manager.
     *
     * @param program the program on PATH that proves it is installed, or null when {@code files} do
     * @param files the file that proves it on Debian, then on RHEL (when {@code program} is null)
     * @param service the service to enable and start once installed, or null
     */
    private record Need(String debian, String rhel, String why, String program, List<String> files, String service) {

        /** @return what the install step's probe looks for: the program, or the file of this manager */
        String marker(String manager) {
            return program != null ? program : files.get("dnf".equals(manager) ? 1 : 0);
        }

        boolean present(HostFacts facts, FileDigests snapshot) {
            return program != null ? facts.hasTool(program) : files.stream().anyMatch(snapshot::exists);
        }

        String pkg(String manager) {
            return "dnf".equals(manager) ? rhel : debian;
        }
    }

    private static final Need POSTFIX = new Need("postfix", "postfix", "the mail server", "postconf", List.of(), "postfix");
    private static final Need POSTFIX_MYSQL = new Need("postfix-mysql", "postfix-mysql", "MySQL lookups", null,
            POSTFIX_MYSQL_MODULES, null);
    private static final Need DOVECOT = new Need("dovecot-core", "dovecot", "the submission ports' SASL server", "dovecot",
            List.of(), "dovecot");
    private static final Need OPENDKIM = new Need("opendkim", "opendkim", "DKIM signing", "opendkim", List.of(), "opendkim");
    private static final Need POLICYD_SPF = new Need("postfix-policyd-spf-python", "pypolicyd-spf", "SPF checks",
            "policyd-spf", List.of(), null);
    /** In install order; remove goes the other way, so Postfix goes after the packages that depend on it. */
    private static final List<Need> NEEDS = List.of(POSTFIX, POSTFIX_MYSQL, DOVECOT, OPENDKIM, POLICYD_SPF);

    private PackageInstall() {
    }

    private static List<Need> needs(MailServerSpec spec) {
        List<Need> n = new ArrayList<>(List.of(POSTFIX));
        if (spec.virtualMailboxes().kind() == VirtualMailboxes.Kind.MYSQL) {
            n.add(POSTFIX_MYSQL);
        }
        if (DovecotAuth.forSpec(spec).isPresent()) {
            n.add(DOVECOT);
        }
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
        return NEEDS.stream().map(Need::program).filter(Objects::nonNull).toList();
    }

    /**
     * @param spec the mail server
     * @return the files whose presence the snapshot must tell (Postfix's MySQL module, when the
     *     spec looks mailboxes up in MySQL)
     */
    static List<String> watchedFiles(MailServerSpec spec) {
        return needs(spec).stream().flatMap(n -> n.files().stream()).toList();
    }

    /**
     * @param spec the mail server
     * @param context the host's facts and the provisioner's options
     * @param files the snapshot's files (for components that are no program)
     * @return the packages to install, in install order, by what proves each installed (a program,
     *     or an absolute path); empty when everything is there
     * @throws IllegalStateException when something is missing and installing is turned off or
     *     the host has neither apt-get nor dnf
     */
    static Map<String, String> missing(MailServerSpec spec, BackendContext context, FileDigests files) {
        HostFacts facts = context.facts();
        String manager = manager(facts);
        boolean off = context.option(OPTION).map("false"::equalsIgnoreCase).orElse(false);
        Map<String, String> packages = new LinkedHashMap<>();
        for (Need n : needs(spec)) {
            if (n.present(facts, files)) {
                continue;
            }
            String proof = n.program() != null ? n.program() : String.join(" or ", n.files());
            if (off || manager == null) {
                String pkg = manager == null ? n.debian() + " (Debian) or " + n.rhel() + " (RHEL)" : n.pkg(manager);
                throw new IllegalStateException(n.why() + " needs " + proof + ", which is not installed, and "
                        + (off ? OPTION + "=false" : "this host has neither apt-get nor dnf") + ": install the package "
                        + pkg + " first");
            }
            packages.put(n.marker(manager), n.pkg(manager));
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
     * @param missing package by what proves it installed, from {@link #missing}
     * @return the step without a main.cf of Postfix's to keep (see {@link #install(String, Map, boolean)})
     */
    static Step install(String manager, Map<String, String> missing) {
        return install(manager, missing, true);
    }

    /**
     * @param manager "apt-get" or "dnf"
     * @param missing package by what proves it installed, from {@link #missing}
     * @param writeEmptyMainCf when Postfix is among the packages and the host has no main.cf: write
     *     an empty one after a Debian install ("No configuration" leaves none, and postconf needs one)
     * @return the step: install, proven by {@code which} finding every program and {@code ls} every
     *     file, undone by removing exactly those packages
     */
    static Step install(String manager, Map<String, String> missing, boolean writeEmptyMainCf) {
        List<String> packages = List.copyOf(missing.values());
        boolean debianPostfix = manager.equals("apt-get") && packages.contains(POSTFIX.debian());
        List<Command> c = new ArrayList<>();
        if (debianPostfix) {
            c.add(Command.builder("debconf-set-selections").stdin(NO_CONFIGURATION).timeout(TIMEOUT).build());
        }
        c.addAll(commands(manager, "install", packages));
        if (debianPostfix && writeEmptyMainCf) {
            c.add(FileCommands.write(PostfixPaths.MAIN_CF, "0644", "root", "# Written by Portcullis after installing Postfix"
                    + " with \"No configuration\": Postfix's built-in defaults, plus the settings Portcullis adds below.\n"));
            c.add(Command.builder("newaliases").timeout(TIMEOUT).build());
        }
        String what = "install " + String.join(", ", packages) + " with " + manager + (debianPostfix
                ? " (debconf: postfix/main_mailer_type \"No configuration\", so the package writes no main.cf of its own"
                        + (writeEmptyMainCf ? "; then an empty main.cf: Postfix's built-in defaults" : "") + ")" : "")
                + " (missing on this host; " + OPTION + "=false refuses instead)";
        return Step.of(what, StepAction.commands(c), presence(missing, true, "installed " + packages),
                Undo.by(StepAction.commands(uninstallCommands(manager, packages))));
    }

    /**
     * @param found package by what proves it installed
     * @param installed whether every marker must be there (after an install) or gone (after a removal)
     * @return one {@code which} for the programs, one {@code ls -d} for the files
     */
    private static Probe presence(Map<String, String> found, boolean installed, String ok) {
        List<String> programs = found.keySet().stream().filter(m -> !m.startsWith("/")).toList();
        List<String> files = found.keySet().stream().filter(m -> m.startsWith("/")).toList();
        Command which = Command.builder("which").args(programs).successExitCodes(0, 1).build();
        Command ls = Command.builder("ls").args("-d", "--").args(files).successExitCodes(0, 2).build();
        String description = installed ? "every program is on PATH and every file there: " + found.keySet()
                : "gone: " + found.keySet();
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                List<String> there = new ArrayList<>();
                if (!programs.isEmpty()) {
                    context.execute(which).stdout().lines().map(l -> l.substring(l.lastIndexOf('/') + 1)).forEach(there::add);
                }
                if (!files.isEmpty()) {
                    context.execute(ls).stdout().lines().map(String::strip).forEach(there::add);
                }
                List<String> wrong = found.keySet().stream().filter(m -> there.contains(m) != installed).toList();
                return wrong.isEmpty() ? ProbeResult.ok(ok)
                        : ProbeResult.failed((installed ? "still missing: " : "still there: ") + wrong);
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>();
                if (!programs.isEmpty()) {
                    c.add(which);
                }
                if (!files.isEmpty()) {
                    c.add(ls);
                }
                return c;
            }
        };
    }

    private static Need need(String pkg) {
        return NEEDS.stream().filter(n -> n.debian().equals(pkg) || n.rhel().equals(pkg)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the record names a package Portcullis never installs: " + pkg));
    }

    /**
     * @param manager "apt-get" or "dnf"
     * @param packages packages Portcullis installed
     * @return their removal, each daemon stopped first: a package removal in a container without an
     *     init system (whose policy forbids the package scripts to stop services) would leave it running
     */
    private static List<Command> uninstallCommands(String manager, List<String> packages) {
        List<Command> c = new ArrayList<>();
        for (String pkg : packages) {
            Need n = need(pkg);
            if (n == OPENDKIM) {
                c.add(Command.builder("pkill").args("-TERM", "-F", OpenDkim.PID_FILE, "opendkim").successExitCodes(0, 1, 2, 3)
                        .build());
            } else if (n == DOVECOT) {
                c.add(Command.builder("doveadm").arg("stop").successExitCodes(0, DovecotAuth.NOT_RUNNING).timeout(TIMEOUT).build());
            } else if (n == POSTFIX) {
                c.add(ReloadAction.attempt("stop"));
            }
        }
        c.addAll(commands(manager, "remove", packages));
        return c;
    }

    /**
     * @param manager the package manager that installed it
     * @param pkg a package Portcullis installed
     * @return for remove: the package uninstalled (its daemon stopped first), proven by its
     *     program or file being gone
     */
    static Step uninstall(String manager, String pkg) {
        Need n = need(pkg);
        Map<String, String> marker = Map.of(n.marker(manager), pkg);
        return Step.of("uninstall " + pkg + " with " + manager + " (Portcullis installed it)",
                StepAction.commands(uninstallCommands(manager, List.of(pkg))), presence(marker, false, pkg + " uninstalled"),
                Undo.by(StepAction.commands(commands(manager, "install", List.of(pkg)))));
    }

    /**
     * @param packages package to the manager that installed it, from the ownership record
     * @return for remove: one step per package, the ones that depend on Postfix before Postfix itself
     */
    static List<Step> uninstallAll(Map<String, String> packages) {
        return packages.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> NEEDS.indexOf(need(e.getKey()))).reversed())
                .map(e -> uninstall(e.getValue(), e.getKey())).toList();
    }

    /**
     * @param record the ownership record
     * @return whether Portcullis installed Postfix itself (remove then uninstalls it)
     */
    static boolean installedPostfix(OwnershipRecord record) {
        return record.packages().containsKey(POSTFIX.debian()) || record.packages().containsKey(POSTFIX.rhel());
    }

    /**
     * @param missing the packages a plan installs, from {@link #missing}
     * @return the services those packages bring, to enable and start (see {@link ServiceStart})
     */
    static List<String> services(Map<String, String> missing) {
        return missing.values().stream().map(PackageInstall::need).map(Need::service).filter(Objects::nonNull).toList();
    }
}
