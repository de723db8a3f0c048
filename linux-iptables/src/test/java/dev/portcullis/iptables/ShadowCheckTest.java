package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowCheckTest {

    static final IptablesRuleLine OWNED = IptablesRuleLine.parseAppend(
            "-A PORTCULLIS-INPUT -s 203.0.113.0/24 -p tcp -m tcp --dport 25 -m comment --comment portcullis:p:1 -j ACCEPT");

    static boolean shadows(String foreign) {
        return ShadowCheck.shadows(IptablesRuleLine.parseAppend(foreign), OWNED);
    }

    @Test
    void aDecidingRuleForTheSamePortAndAnOverlappingSourceShadows() {
        assertThat(shadows("-A INPUT -p tcp -m tcp --dport 25 -j DROP")).isTrue();
        assertThat(shadows("-A INPUT -s 203.0.113.128/25 -p tcp -m multiport --dports 20:30 -j REJECT")).isTrue();
        assertThat(shadows("-A INPUT -s 0.0.0.0/0 -j ACCEPT")).isTrue();
    }

    @Test
    void otherPortsProtocolsOrSourcesDoNotShadow() {
        assertThat(shadows("-A INPUT -p tcp -m tcp --dport 22 -j DROP")).isFalse();
        assertThat(shadows("-A INPUT -p udp -m udp --dport 25 -j DROP")).isFalse();
        assertThat(shadows("-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 25 -j DROP")).isFalse();
    }

    @Test
    void rulesThatLetThePacketGoOnOrOnlySeeOldConnectionsDoNotShadow() {
        assertThat(shadows("-A INPUT -p tcp -m multiport --dports 25 -j f2b-postfix")).isFalse();
        assertThat(shadows("-A INPUT -j LOG --log-prefix x")).isFalse();
        assertThat(shadows("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")).isFalse();
        assertThat(shadows("-A INPUT -i lo -j ACCEPT")).isFalse();
    }

    @Test
    void aMatchItCannotReadIsAssumedToMatch() {
        assertThat(shadows("-A INPUT -m recent --rcheck --name x -j DROP")).isTrue();
    }
}
