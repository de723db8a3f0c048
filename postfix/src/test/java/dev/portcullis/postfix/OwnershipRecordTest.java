package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnershipRecordTest {

    @Test
    void roundTripsThroughItsFile() {
        OwnershipRecord r = OwnershipRecord.empty()
                .withMainKey("myhostname", Optional.of("testhost.portcullis.test"))
                .withMainKey("message_size_limit", Optional.empty())
                .withMainKey("relayhost", Optional.of(""))
                .withService("submission/inet", Optional.empty())
                .withService("smtps/inet", Optional.of("smtps inet n - y - - smtpd -o smtpd_tls_wrappermode=yes"))
                .withFile("/etc/postfix/portcullis-virtual-mailboxes");

        assertThat(OwnershipRecord.parse(r.render())).isEqualTo(r);
    }

    @Test
    void theFirstOriginalRecordedWinsSoItsOwnValuesAreNeverTakenForTheAdmins() {
        OwnershipRecord r = OwnershipRecord.empty().withMainKey("myhostname", Optional.of("admin.example.com"))
                .withMainKey("myhostname", Optional.of("portcullis-set-this.example.com"));

        assertThat(r.mainKeys().get("myhostname")).contains("admin.example.com");
    }
}
