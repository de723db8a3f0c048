package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.preflight.FakeLinuxHost;
import dev.portcullis.preflight.PreflightCheck;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.preflight.Specs;
import org.junit.jupiter.api.Test;

/** The iptables module's part of the firewall audit, on outputs captured from the live test host. */
class IptablesPreflightTest {

    private final FakeLinuxHost host = new FakeLinuxHost().withTool("iptables", "ip6tables-save")
            .fact(IptablesFacts.VARIANT, IptablesVariant.NF_TABLES)
            .answer(Captures.text("iptables-save-blocking.txt"), "iptables-save")
            .answer(Captures.text("ip6tables-save-blocking.txt"), "ip6tables-save")
            .with(new IptablesPreflight());

    private static PreflightCheck audit(PreflightReport r) {
        return r.check("firewall-audit").orElseThrow();
    }

    @Test
    void theAuditNamesTheRulesThatBlockTheSpecsPorts() {
        PreflightCheck c = audit(host.run(Specs.mail()));

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("port 25 is blocked inbound by iptables filter INPUT: -A INPUT -p tcp -m tcp"
                + " --dport 25 -j DROP")
                .contains("outbound SMTP (tcp/25) is blocked by iptables filter OUTPUT")
                .contains("ip6tables filter INPUT");
        assertThat(c.detail("active")).asList().contains("iptables (nf_tables, 7 filter rules)");
    }

    @Test
    void theAuditNotesAnInputPolicyThatDrops() {
        host.answer(Captures.text("iptables-save-ufw.txt"), "iptables-save");

        PreflightCheck c = audit(host.run(Specs.webPolicy()));

        assertThat(c.reason()).contains("iptables filter INPUT policy is DROP: only what a rule accepts gets in");
    }

    @Test
    void howManyFilterRulesEachFamilyHoldsBecomesAHostFact() {
        PreflightReport r = host.run(Specs.mail());

        assertThat(r.facts().fact(IptablesPreflight.RULES_V4)).contains(7L);
        assertThat(r.facts().attributes()).containsEntry("iptables.rules", "7");
    }

    @Test
    void outputThatIsNotIptablesSaveIsAWarningNotACrash() {
        host.answer("this is not iptables-save output\n", "iptables-save");

        PreflightCheck c = audit(host.run(Specs.webPolicy()));

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("could not read what iptables-save printed: line 1");
    }

    @Test
    void theModuleIsFoundOnTheClassPath() {
        assertThat(dev.portcullis.preflight.Preflight.installedContributors())
                .hasAtLeastOneElementOfType(IptablesPreflight.class);
    }
}
