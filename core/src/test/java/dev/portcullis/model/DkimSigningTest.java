package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DkimSigning;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SpfPolicy;
import org.junit.jupiter.api.Test;

class DkimSigningTest {

    @Test
    void defaultsToSelectorMailAnd2048BitRsa() {
        assertThat(DkimSigning.defaults().selector()).isEqualTo("mail");
        assertThat(DkimSigning.defaults().keyBits()).isEqualTo(2048);
    }

    @Test
    void refusesASelectorThatIsNoDnsLabel() {
        for (String selector : new String[] {"", "-a", "a-", "a.b", "Mail", "a_b", "a b", "mail\n", "x".repeat(64)}) {
            assertThat(fields(() -> DkimSigning.builder().selector(selector).build())).as(selector).containsExactly("selector");
        }
        assertThat(fields(() -> DkimSigning.builder().selector(null).build())).containsExactly("selector");
        assertThat(DkimSigning.builder().selector("s2026-a").build().selector()).isEqualTo("s2026-a");
    }

    @Test
    void refusesKeySizesReceiversIgnoreOrNoOneUses() {
        for (int bits : new int[] {0, 512, 768, 2047, 8192}) {
            assertThat(fields(() -> DkimSigning.builder().keyBits(bits).build())).as("" + bits).containsExactly("keyBits");
        }
        assertThat(fields(() -> DkimSigning.builder().selector("a.b").keyBits(1).build())).containsExactly("selector", "keyBits");
    }

    @Test
    void aMailServerSpecCarriesSigningAndTheSpfPolicyThroughToBuilder() {
        MailServerSpec plain = MailServerSpec.forHost("mail.example.com").build();
        assertThat(plain.dkim()).isEmpty();
        assertThat(plain.spf()).isEmpty();
        DkimSigning d = DkimSigning.builder().selector("s1").keyBits(4096).build();
        MailServerSpec signed = plain.toBuilder().dkim(d).spf(SpfPolicy.REJECT_FAIL).build();
        assertThat(signed.dkim()).contains(d);
        assertThat(signed.spf()).contains(SpfPolicy.REJECT_FAIL);
        assertThat(signed.toBuilder().build()).isEqualTo(signed).hasSameHashCodeAs(signed);
        assertThat(signed).isNotEqualTo(plain);
        assertThat(signed.toBuilder().spf(SpfPolicy.MARK_ONLY).build()).isNotEqualTo(signed);
        assertThat(signed.toBuilder().dkim(d.toBuilder().selector("s2").build()).build()).isNotEqualTo(signed);
        assertThat(signed.toString()).contains("dkim=DkimSigning{selector=s1, rsa=4096}", "spf=reject-fail");
    }
}
