package dev.portcullis.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.Cidr;
import dev.portcullis.Direction;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.PortRule;
import dev.portcullis.RateLimit;

/**
 * Writes a {@link PortPolicy} as a document a human reads easily: ports as {@code ["25", "1000-2000"]},
 * rate limits as {@code {count: 60, per: minute}}, defaults (inbound, derived families, not logged, the
 * default source set threshold) left out.
 */
final class PortPolicyWriter {

    static final String KIND = "port-policy";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PortPolicyWriter() {
    }

    static ObjectNode write(PortPolicy policy) {
        ObjectNode o = NODES.objectNode();
        o.put("kind", KIND);
        o.put("name", policy.name());
        policy.zone().ifPresent(z -> o.put("zone", z));
        policy.description().ifPresent(d -> o.put("description", d));
        if (policy.sourceSetThreshold() != PortPolicy.DEFAULT_SOURCE_SET_THRESHOLD) {
            o.put("sourceSetThreshold", policy.sourceSetThreshold());
        }
        if (policy.allowLockout()) {
            o.put("allowLockout", true);
        }
        ArrayNode rules = o.putArray("rules");
        policy.rules().forEach(r -> rules.add(rule(r)));
        return o;
    }

    private static ObjectNode rule(PortRule r) {
        ObjectNode o = NODES.objectNode();
        o.put("action", Words.of(r.action()));
        o.put("protocol", Words.of(r.protocol()));
        ArrayNode ports = o.putArray("ports");
        for (PortRange p : r.ports()) {
            ports.add(p.toString());
        }
        if (r.direction() != Direction.INBOUND) {
            o.put("direction", Words.of(r.direction()));
        }
        if (!r.sources().isEmpty()) {
            ArrayNode sources = o.putArray("sources");
            for (Cidr c : r.sources()) {
                sources.add(c.toCidrString());
            }
        }
        if (r.familiesExplicit()) {
            ArrayNode families = o.putArray("families");
            for (IpFamily f : r.families()) {
                families.add(Words.of(f));
            }
        }
        r.rateLimit().ifPresent(limit -> o.set("rateLimit", rateLimit(limit)));
        // logPrefix implies logged; "logged: false" is written only beside a prefix, where it is not implied.
        r.logPrefix().ifPresent(p -> o.put("logPrefix", p));
        if (r.logged() != r.logPrefix().isPresent()) {
            o.put("logged", r.logged());
        }
        r.description().ifPresent(d -> o.put("description", d));
        return o;
    }

    private static ObjectNode rateLimit(RateLimit limit) {
        ObjectNode o = NODES.objectNode();
        o.put("count", limit.count());
        o.put("per", limit.unit().word());
        if (limit.burst() > 0) {
            o.put("burst", limit.burst());
        }
        return o;
    }
}
