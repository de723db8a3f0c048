package dev.portcullis.preflight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the firewall audit collects from every {@link PreflightContributor}: the firewalls at work,
 * the rules that block what the spec needs, and notes and warnings in words. The audit turns them
 * into the "firewall-audit" check of the report.
 */
public final class FirewallFindings {

    private final Findings findings;
    private final BlockQuery query;
    private final List<ActiveFirewall> active = new ArrayList<>();
    private final List<BlockingRule> blocking = new ArrayList<>();

    FirewallFindings(Findings findings, BlockQuery query) {
        this.findings = findings;
        this.query = query;
    }

    /** @return what to look for in rules: the spec's ports, outbound SMTP, and the spec's own tag */
    public BlockQuery query() {
        return query;
    }

    /**
     * @param firewall a firewall found at work on the host
     * @return these findings
     */
    public FirewallFindings active(ActiveFirewall firewall) {
        active.add(firewall);
        return this;
    }

    /** @return the firewalls found so far, in the order they were found */
    public List<ActiveFirewall> active() {
        return List.copyOf(active);
    }

    /**
     * @param rules rules that drop or reject what the spec needs ({@link BlockQuery#judge})
     * @return these findings
     */
    public FirewallFindings blocking(Collection<BlockingRule> rules) {
        blocking.addAll(rules);
        return this;
    }

    /** @return the blocking rules found so far */
    public List<BlockingRule> blocking() {
        return List.copyOf(blocking);
    }

    /** @return the check's findings, for evidence, details, notes and warnings */
    public Findings findings() {
        return findings;
    }
}
