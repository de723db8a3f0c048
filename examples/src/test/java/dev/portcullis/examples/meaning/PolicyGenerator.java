package dev.portcullis.examples.meaning;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.RuleAction;
import dev.portcullis.testing.TestClient;
import dev.portcullis.testing.TestNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates port policies from a seeded {@link Random}, so that a printed seed reproduces every
 * policy of a run: up to 8 rules, each allow, deny or reject, TCP or UDP, a non-empty subset of
 * the probed ports, and either no source (sometimes limited to one family) or one or two sources
 * drawn from the clients' own addresses and from networks that contain some clients or none.
 */
final class PolicyGenerator {

    /** The ports every generated rule picks from, and that the probe knocks on. */
    static final List<Integer> PORTS = List.of(25, 26, 587);
    static final int MAX_RULES = 8;

    private final List<String> sources;

    private PolicyGenerator(List<String> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * @param network the test network
     * @param clients the clients (numbers 20, 21, 22 on the network)
     * @return a generator whose sources are the clients' addresses and networks around them
     */
    static PolicyGenerator around(TestNetwork network, List<TestClient> clients) {
        List<String> pool = new ArrayList<>();
        for (TestClient c : clients) {
            pool.add(c.address());
            c.ipv6Address().ifPresent(pool::add);
        }
        pool.add(network.subnet());                      // every client
        pool.add(network.address(20) + "/31");           // clients .20 and .21
        pool.add(network.address(22) + "/31");           // client .22
        pool.add(network.address(16) + "/30");           // .16-.19: no client
        pool.add(network.address(128) + "/25");          // no client
        pool.add("203.0.113.0/24");                      // outside the test network
        network.ipv6Subnet().ifPresent(subnet -> {
            String prefix = subnet.substring(0, subnet.indexOf('/'));
            pool.add(subnet);                            // every client
            pool.add(prefix + "20/127");                 // ::20 and ::21
            pool.add(prefix + "22/127");                 // ::22
            pool.add(prefix + "100/120");                // no client
            pool.add("2001:db8::/32");                   // outside the test network
        });
        return new PolicyGenerator(pool);
    }

    /**
     * @param random the seeded source of choices
     * @return a policy named "meaning" with 1 to {@link #MAX_RULES} rules
     */
    PortPolicy next(Random random) {
        PortPolicy.Builder policy = PortPolicy.named("meaning");
        int count = 1 + random.nextInt(MAX_RULES);
        for (int i = 0; i < count; i++) {
            policy.rule(rule(random));
        }
        return policy.build();
    }

    private PortRule rule(Random random) {
        PortRule.Builder rule = PortRule.builder()
                .action(RuleAction.values()[random.nextInt(RuleAction.values().length)])
                .protocol(random.nextBoolean() ? Protocol.TCP : Protocol.UDP);
        List<Integer> ports = new ArrayList<>();
        while (ports.isEmpty()) {
            PORTS.stream().filter(p -> random.nextInt(3) == 0).forEach(ports::add);
        }
        ports.forEach(rule::port);
        int draw = random.nextInt(20);
        if (draw < 6) {
            if (draw == 0) {
                rule.families(IpFamily.IPV4);
            } else if (draw == 1) {
                rule.families(IpFamily.IPV6);
            }
        } else {
            int n = 1 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                rule.sources(sources.get(random.nextInt(sources.size())));
            }
        }
        return rule.build();
    }
}
