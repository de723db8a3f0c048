package dev.portcullis.spec;

import dev.portcullis.Direction;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import dev.portcullis.RuleAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code kind: port-policy} document by driving {@link PortPolicy.Builder}, so validation
 * and field paths are those of the Java API. Where the document gives something the builder cannot
 * take (a list where a word belongs), the reader reports it and hands the builder a placeholder
 * that the builder refuses on the same path, which {@link ReadProblems} then folds away.
 */
final class PortPolicyReader {

    private PortPolicyReader() {
    }

    static PortPolicy read(SpecNode root) {
        root.allowOnly("kind", "name", "zone", "description", "sourceSetThreshold", "allowLockout", "rules");
        PortPolicy.Builder b = PortPolicy.named(root.text("name"));
        String zone = root.text("zone");
        if (zone != null) {
            b.zone(zone);
        }
        String description = root.text("description");
        if (description != null) {
            b.description(description);
        }
        Integer threshold = root.integer("sourceSetThreshold");
        if (threshold != null) {
            b.sourceSetThreshold(threshold);
        }
        Boolean allowLockout = root.bool("allowLockout");
        if (allowLockout != null) {
            b.allowLockout(allowLockout);
        }
        List<SpecNode> rules = root.list("rules");
        if (rules != null) {
            for (SpecNode rule : rules) {
                b.rule(rb -> rule(rule, rb));
            }
        }
        try {
            return b.build();
        } catch (InvalidSpecException e) {
            root.problems().addModel(e, "");
            return null;
        }
    }

    private static void rule(SpecNode r, PortRule.Builder rb) {
        if (!r.isObject()) {
            r.refuse("a rule must be a mapping of fields (action, protocol, ports, ...)");
            return;
        }
        r.allowOnly("action", "protocol", "ports", "direction", "sources", "families", "rateLimit", "logged",
                "logPrefix", "description");
        RuleAction action = r.word("action", Words.ACTIONS);
        if (action != null) {
            rb.action(action);
        }
        Protocol protocol = r.word("protocol", Words.PROTOCOLS);
        if (protocol != null) {
            rb.protocol(protocol);
        }
        Direction direction = r.word("direction", Words.DIRECTIONS);
        if (direction != null) {
            rb.direction(direction);
        }
        List<SpecNode> ports = r.list("ports");
        if (ports != null) {
            for (SpecNode port : ports) {
                int[] range = PortText.range(port);
                rb.range(range[0], range[1]);
            }
        }
        List<SpecNode> sources = r.list("sources");
        if (sources != null) {
            for (SpecNode source : sources) {
                rb.sources(source.text());
            }
        }
        List<SpecNode> families = r.list("families");
        if (families != null) {
            List<IpFamily> chosen = new ArrayList<>();
            for (SpecNode family : families) {
                IpFamily f = family.word(Words.FAMILIES);
                if (f != null) {
                    chosen.add(f);
                }
            }
            if (families.isEmpty()) {
                r.refuse("families", "list at least one of ipv4, ipv6 (or leave the field out)");
            }
            rb.families(chosen.toArray(new IpFamily[0]));
        }
        SpecNode limit = r.object("rateLimit");
        if (limit != null) {
            rb.rateLimit(rateLimit(limit));
        }
        String prefix = r.text("logPrefix");
        if (prefix != null) {
            rb.logPrefix(prefix);
        }
        Boolean logged = r.bool("logged");
        if (logged != null) {
            rb.logged(logged);
        }
        String description = r.text("description");
        if (description != null) {
            rb.description(description);
        }
    }

    private static RateLimit rateLimit(SpecNode limit) {
        limit.allowOnly("count", "per", "burst");
        Integer count = limit.integer("count");
        if (count == null && !limit.has("count")) {
            limit.refuse("count", "is missing (connections allowed per unit)");
        }
        RateLimit.Unit unit = limit.word("per", Words.UNITS);
        if (unit == null && !limit.has("per")) {
            limit.refuse("per", "is missing (second, minute, hour or day)");
        }
        Integer burst = limit.integer("burst");
        if (count == null || unit == null) {
            return null;
        }
        try {
            return new RateLimit(count, unit, burst == null ? 0 : burst);
        } catch (InvalidSpecException e) {
            limit.problems().addModel(e, limit.path());
            return null;
        }
    }
}
