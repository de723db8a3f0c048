package dev.portcullis.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.Connection;
import dev.portcullis.Decision;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.Spec;
import dev.portcullis.Verdict;
import dev.portcullis.spec.Specs;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code portcullis explain}: which rule of a spec decides one connection attempt, and why, by the
 * same reference semantics the backends are tested against ({@link PortPolicy#decide}). Reads only
 * the spec file; needs no root and no live system. For a mail server spec it explains the ports
 * the server opens.
 *
 * <pre>
 * portcullis explain --spec examples/specs/smtp-gateway.yaml --from 192.0.2.7 --port 25/tcp
 * </pre>
 */
@picocli.CommandLine.Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Say which rule of the spec decides a connection from an address to a port, and why.",
            "Rules are read in written order and the first that matches decides; reads only the spec file."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "YAML or JSON spec: a port policy or a mail server")
    Path spec;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS", description = "the client's IPv4 or IPv6 address")
    String from;

    @Option(names = "--port", required = true, paramLabel = "PORT[/PROTOCOL]", description = "the port on this host, e.g. 25/tcp or 53/udp (default tcp)")
    String port;

    @Option(names = "--json", description = "print JSON on standard output (errors too)")
    boolean json;

    @picocli.CommandLine.Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() {
        Connection connection = connection();
        PortPolicy policy = policy();
        Decision decision = policy.decide(connection);
        PrintWriter out = commandSpec.commandLine().getOut();
        if (json) {
            out.println(json(policy, decision));
        } else {
            out.println("policy " + policy.name() + ", " + connection + ":");
            decision.skipped().forEach(s -> out.println("  " + s));
            out.println(verdictLine(policy, decision));
            decision.caveats().forEach(c -> out.println("  note: " + c));
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String verdictLine(PortPolicy policy, Decision d) {
        if (!d.decided()) {
            return "NOT DECIDED by this policy: no rule matches, so the rest of the host's firewall handles it as it"
                    + " would without the policy";
        }
        int i = d.rule().orElseThrow();
        return d.verdict() + " by rules[" + i + "] (" + policy.rules().get(i) + "): the first rule in written order that"
                + " matches";
    }

    private Connection connection() {
        String[] parts = port.split("/", -1);
        Protocol protocol = Protocol.TCP;
        if (parts.length == 2) {
            try {
                protocol = Protocol.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw usage("--port: the protocol must be tcp or udp, got '" + parts[1] + "'");
            }
        } else if (parts.length > 2) {
            throw usage("--port: write PORT or PORT/PROTOCOL, e.g. 25/tcp");
        }
        try {
            PortRange range = PortRange.parse(parts[0]);
            if (!range.isSingle()) {
                throw usage("--port: a connection goes to one port, got " + range);
            }
            return Connection.inbound(from, protocol, range.from());
        } catch (InvalidSpecException e) {
            String field = e.problems().get(0).field().equals("source") ? "--from" : "--port";
            throw usage(field + ": " + e.problems().get(0).reason());
        }
    }

    private PortPolicy policy() {
        Spec read;
        try {
            read = Specs.read(spec);
        } catch (InvalidSpecException e) {
            throw e;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new UnreadableSpecException(spec, e);
        }
        return read.match(policy -> policy, MailServerSpec::firewallPolicy);
    }

    private String json(PortPolicy policy, Decision d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("spec", spec.toString());
        root.put("policy", policy.name());
        root.put("connection", d.connection().toString());
        root.put("verdict", d.verdict().name());
        root.put("rule", d.rule().map(i -> "rules[" + i + "]").orElse(null));
        root.put("ruleText", d.rule().map(i -> policy.rules().get(i).toString()).orElse(null));
        root.put("skipped", d.skipped());
        root.put("caveats", d.caveats());
        root.put("decidedByPolicy", d.verdict() != Verdict.NOT_DECIDED);
        try {
            return SpecCommand.JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(commandSpec.commandLine(), message);
    }
}
