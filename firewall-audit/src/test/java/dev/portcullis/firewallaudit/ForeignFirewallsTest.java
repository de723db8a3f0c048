package dev.portcullis.firewallaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.iptables.IptablesFacts;
import dev.portcullis.iptables.IptablesPreflight;
import dev.portcullis.iptables.IptablesVariant;
import dev.portcullis.preflight.ActiveFirewall;
import dev.portcullis.preflight.FakeLinuxHost;
import dev.portcullis.preflight.FirewallFindings;
import dev.portcullis.preflight.Evidence;
import dev.portcullis.preflight.PreflightCheck;
import dev.portcullis.preflight.PreflightContext;
import dev.portcullis.preflight.PreflightContributor;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.preflight.Specs;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The audit of firewalls Portcullis does not manage, on outputs captured from the live test host. */
class ForeignFirewallsTest {

    /** The filter table of nft-iptables-nft.txt, as iptables-nft's iptables-save prints it. */
    private static final String IPTABLES_SAVE = String.join("\n", "*filter", ":INPUT ACCEPT [0:0]",
            ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", "-A INPUT -p tcp -m tcp --dport 25 -j DROP", "COMMIT", "");

    /** An iptables-nft host as the test host image is: the iptables rules show in nftables too. */
    private final FakeLinuxHost host = new FakeLinuxHost().withTool("iptables", "ip6tables-save", "nft", "ufw")
            .fact(IptablesFacts.VARIANT, IptablesVariant.NF_TABLES)
            .answer(IPTABLES_SAVE, "iptables-save").answer(IPTABLES_SAVE, "ip6tables-save")
            .answer(Fixtures.read("nft-iptables-nft.txt"), "nft", "list", "ruleset")
            .answer(Fixtures.read("ufw-inactive.txt"), "ufw", "status", "verbose")
            .with(new IptablesPreflight()).with(new ForeignFirewalls());

    private static PreflightCheck audit(PreflightReport r) {
        return r.check("firewall-audit").orElseThrow();
    }

    @Test
    void iptablesNftTablesAreReportedOnceAsIptablesShowsThem() {
        PreflightCheck c = audit(host.run(Specs.mail()));

        assertThat(c.reason()).contains("port 25 is blocked inbound by iptables filter INPUT")
                .doesNotContain("nftables table ip filter");
        assertThat(c.detail("active")).asList().noneMatch(a -> a.toString().startsWith("nftables"));
        assertThat(host.commands()).filteredOn(cmd -> cmd.program().equals("iptables-save")).hasSize(1);
        assertThat(host.commands()).filteredOn(cmd -> cmd.program().equals("ip6tables-save")).hasSize(1);
        assertThat(c.evidence()).extracting(Evidence::source).contains("nft list ruleset", "ufw status verbose");
    }

    @Test
    void aNativeTableThatDropsWhatNoRuleAcceptsIsNoted() {
        host.answer(Fixtures.read("nft-iptables-nft.txt") + "table inet admin {\n\tchain input {\n"
                + "\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n", "nft", "list", "ruleset");

        PreflightCheck c = audit(host.run(Specs.webPolicy()));

        assertThat(c.reason()).contains("nftables table inet admin chain input drops what no rule accepts (policy drop)");
        assertThat(c.detail("active")).asList().contains("nftables (tables: inet admin)");
    }

    @Test
    void rulesInBothIptablesLegacyAndNfTablesWarn() {
        host.withTool("iptables-legacy").answer(Fixtures.read("iptables-legacy-save.txt"), "iptables-legacy-save")
                .answer("", "ip6tables-legacy-save");

        PreflightCheck c = audit(host.run(Specs.mail()));

        assertThat(c.reason()).contains("port 25 is blocked inbound by iptables-legacy filter INPUT")
                .contains("rules exist in both iptables-legacy and nf_tables");
        assertThat(c.detail("active")).asList().contains("iptables-legacy (1 filter rules)");
    }

    @Test
    void legacyRulesAloneAreNoMix() {
        host.withTool("iptables-legacy").answer(Fixtures.read("iptables-legacy-save.txt"), "iptables-legacy-save")
                .answer("", "ip6tables-legacy-save").answer("", "iptables-save").answer("", "ip6tables-save")
                .answer("", "nft", "list", "ruleset");

        assertThat(audit(host.run(Specs.webPolicy())).reason()).doesNotContain("both iptables-legacy and nf_tables");
    }

    @Test
    void theAuditNamesTheNeighboursPortcullisCoexistsWith() {
        host.answer(NeighboursTest.SAVE, "iptables-save")
                .answer(NeighboursTest.STATUS, "fail2ban-client", "status")
                .answer("f2b-postfix\n", "ipset", "list", "-n");

        PreflightCheck c = audit(host.run(Specs.webPolicy()));

        assertThat(c.reason()).contains("fail2ban is running (jails: postfix, sshd)", "fail2ban's chains f2b-sshd",
                "Docker's chains DOCKER, DOCKER-USER", "ban chains sshguard", "ipsets f2b-postfix");
        assertThat(c.detail("neighbours")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("fail2banRunning", true).containsEntry("fail2banJails", List.of("postfix", "sshd"))
                .containsEntry("dockerChains", List.of("DOCKER", "DOCKER-USER"));
        assertThat(c.evidence()).extracting(Evidence::source).contains("fail2ban-client status", "ipset list -n");
        assertThat(host.commands()).filteredOn(cmd -> cmd.program().equals("iptables-save")).hasSize(1);
    }

    @Test
    void withoutFail2banTheAuditSaysNothingOfIt() {
        PreflightCheck c = audit(host.run(Specs.webPolicy()));

        assertThat(c.reason()).doesNotContain("fail2ban is running");
        assertThat(c.detail("neighbours")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("fail2banRunning", false);
    }

    @Test
    void anActiveUfwIsAuditedAndItsStatusBecomesAHostFact() {
        host.answer(Fixtures.read("ufw-verbose-active.txt"), "ufw", "status", "verbose");

        PreflightReport r = host.run(Specs.mailWithSubmission());

        assertThat(audit(r).detail("active")).asList().contains("ufw");
        assertThat(audit(r).reason()).contains("blocked inbound by ufw");
        assertThat(r.facts().fact(ForeignFirewalls.UFW_STATUS)).contains(ForeignFirewalls.UfwState.ACTIVE);
        assertThat(r.facts().fact(ForeignFirewalls.NFT_TABLES)).hasValueSatisfying(t -> assertThat(t).contains("ip filter"));
    }

    @Test
    void firewalldBesideUfwWarns() {
        PreflightContributor firewalld = new PreflightContributor() {
            @Override
            public void auditFirewalls(PreflightContext ctx, FirewallFindings findings) {
                findings.active(new ActiveFirewall("firewalld", "", ActiveFirewall.Layer.NF_TABLES));
            }
        };
        host.answer(Fixtures.read("ufw-verbose-active.txt"), "ufw", "status", "verbose").with(firewalld);

        assertThat(audit(host.run(Specs.webPolicy())).reason())
                .contains("firewalld and ufw are both active: each rewrites rules the other relies on; keep one");
    }

    @Test
    void theAuditIsFoundOnTheClassPathWhicheverBackendsAreInstalled() {
        assertThat(dev.portcullis.preflight.Preflight.installedContributors())
                .hasAtLeastOneElementOfType(ForeignFirewalls.class);
        assertThat(dev.portcullis.spi.HostFactsGatherer.installedContributors())
                .hasAtLeastOneElementOfType(ForeignFirewalls.class);
    }
}
