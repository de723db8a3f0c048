package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.spi.Backend;
import dev.portcullis.spi.NoBackendException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** The options every subcommand that works on a spec shares: the file, backends, options, output form. */
public final class SpecOptions {

    /** The spec file. */
    @Option(names = "--spec", required = true, paramLabel = "FILE",
            description = "YAML or JSON spec: a port policy or a mail server")
    Path spec;

    /** Backends chosen by id. */
    @Option(names = "--backend", paramLabel = "ID",
            description = "use this backend instead of auto-detecting (repeat for firewall and mail server), "
                    + "e.g. linux-iptables, linux-firewalld, windows-firewall, postfix, exchange, example-nftables")
    List<String> backends = new ArrayList<>();

    /** Backend options. */
    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "backend option, e.g. iptables.persist=true")
    Map<String, String> options = new LinkedHashMap<>();

    /** Machine-readable output. */
    @Option(names = "--json", description = "print JSON on standard output (errors too)")
    boolean json;

    /** Leave a mail server's firewall alone. */
    @Option(names = "--no-firewall", description = "for a mail server spec: do not open (or close) its ports")
    boolean noFirewall;

    /**
     * Applies --backend and --option to a provisioner. Each id is routed to the kind of backend that
     * has it; the last of each kind wins.
     *
     * @param p the provisioner
     * @param env knows the installed backends
     * @return the configured copy
     * @throws NoBackendException when an id names no installed backend
     */
    Provisioner configure(Provisioner p, CliEnvironment env) {
        Provisioner.Builder out = p.newBuilder();
        firewallId(env).ifPresent(out::firewall);
        mailServerId(env).ifPresent(out::mailServer);
        options.forEach(out::option);
        return out.build();
    }

    /**
     * @param env knows the installed backends
     * @return the firewall backend named with --backend, if any
     * @throws NoBackendException when an id names no installed backend
     */
    Optional<String> firewallId(CliEnvironment env) {
        checkIds(env);
        return backends.stream().filter(id -> env.firewalls().stream().anyMatch(b -> b.id().equals(id))).reduce((a, b) -> b);
    }

    /**
     * @param env knows the installed backends
     * @return the mail server backend named with --backend, if any
     * @throws NoBackendException when an id names no installed backend
     */
    Optional<String> mailServerId(CliEnvironment env) {
        checkIds(env);
        return backends.stream().filter(id -> env.mailServers().stream().anyMatch(b -> b.id().equals(id))).reduce((a, b) -> b);
    }

    private void checkIds(CliEnvironment env) {
        for (String id : backends) {
            if (Stream.concat(env.firewalls().stream(), env.mailServers().stream()).noneMatch(b -> b.id().equals(id))) {
                throw new NoBackendException("no backend '" + id + "' is installed; installed: "
                        + Stream.concat(env.firewalls().stream(), env.mailServers().stream()).map(Backend::id).toList());
            }
        }
    }
}
