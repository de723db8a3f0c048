package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import java.util.Optional;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DnsRecordsTest {

    @Test
    void listsMxSpfAndDmarcForEveryAcceptedDomain() {
        DnsRecords dns = DnsRecords.forSpec(Specs.typical().build());

        assertThat(dns.ofType("MX")).extracting(DnsRecord::toZoneLine).allMatch(l -> l.contains("IN MX 10 mail.example.com."))
                .extracting(l -> l.substring(0, l.indexOf(' '))).containsExactly("example.com.", "example.org.");
        assertThat(dns.ofType("TXT")).extracting(r -> r.name() + " " + r.value()).contains(
                "example.com. \"v=spf1 mx -all\"", "example.org. \"v=spf1 mx -all\"", "mail.example.com. \"v=spf1 a -all\"",
                "_dmarc.example.com. \"v=DMARC1; p=none; rua=mailto:postmaster@example.com\"");
    }

    @Test
    void thePtrToAskForNamesTheAddressWhenTheSpecListensOnOne() {
        MailServerSpec spec = Specs.typical().listenOn("203.0.113.7", "2001:db8::25").build();

        DnsRecords dns = DnsRecords.forSpec(spec);

        assertThat(dns.ofType("PTR")).extracting(DnsRecord::name).containsExactly("7.113.0.203.in-addr.arpa.",
                "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
        assertThat(dns.ofType("PTR")).allMatch(r -> r.value().equals("mail.example.com.") && r.comment().startsWith("ask the provider"));
    }

    @Test
    void withoutAKnownAddressThePtrSaysWhichAddressToAskAbout() {
        DnsRecords dns = DnsRecords.forSpec(Specs.typical().ipFamilies(IpFamily.IPV4).build());

        assertThat(dns.ofType("PTR")).singleElement().satisfies(r -> assertThat(r.name()).contains("public IPv4 address of mail.example.com"));
    }

    @Test
    void theRecordsAreNotesOfEveryPlan() {
        MailServerSpec spec = Specs.typical().build();
        ProbeTarget none = new ProbeTarget(Optional.empty(), Duration.ofSeconds(1), "no probe");

        assertThat(PostfixPlanner.plan(spec, Specs.converged(spec), none).render())
                .contains("# note: DNS to publish: example.com. IN MX 10 mail.example.com.")
                .contains("# note: DNS to publish: _dmarc.example.org. IN TXT");
    }
}
