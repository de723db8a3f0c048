package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The lived-in host's tables (src/test/resources/lived-in) and the policy the tests put on it. */
final class LivedIn {

    /** Allows SMTP from the network that holds both the banned and the admin-dropped client. */
    static final PortPolicy SMTP = PortPolicy.named("smtp").allow(Protocol.TCP, 25).from("198.51.100.0/24").build();
    static final String ADMIN_DROP = "-A INPUT -s 198.51.100.7/32 -j DROP";
    static final String FAIL2BAN_POSTFIX = "-A INPUT -p tcp -m multiport --dports 25,465,587 -j f2b-postfix";
    static final String FAIL2BAN_SSHD = "-A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd";
    static final String DEFAULT_REJECT = "-A INPUT -j REJECT --reject-with icmp-host-prohibited";

    private LivedIn() {
    }

    static IptablesSave save(String name) {
        try (InputStream in = LivedIn.class.getResourceAsStream("/lived-in/" + name)) {
            return IptablesSave.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IptablesSnapshot snapshot(String name) {
        return new IptablesSnapshot(save(name), IptablesSave.empty(), Optional.empty());
    }

    static IptablesSettings settings(OptionalInt position, Map<String, List<String>> zones) {
        return new IptablesSettings(IptablesPlannerTest.V4, Optional.of(IptablesPlannerTest.V6), position,
                Optional.empty(), zones, List.of(), false);
    }

    static IptablesSettings automatic() {
        return settings(OptionalInt.empty(), Map.of());
    }

    static List<IptablesRuleLine> owned(PortPolicy policy) {
        List<IptablesRuleLine> rules = new java.util.ArrayList<>();
        rules.add(OwnedChains.establishedRule(OwnedChains.INPUT_CHAIN));
        rules.addAll(IptablesRuleRenderer.render(policy, IpFamily.IPV4));
        return rules;
    }
}
