package dev.portcullis.spec;

import dev.portcullis.ConnectionLimits;
import dev.portcullis.DataSize;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.SaslType;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import dev.portcullis.RuleAction;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Specs that use every optional field; the example files under specs/ describe the same specs. */
final class RichSpecs {

    private RichSpecs() {
    }

    /** What specs/smtp-inbound.yaml and .json describe. */
    static PortPolicy smtpInbound() {
        return PortPolicy.named("smtp-inbound").zone("public")
                .description("SMTP from partners and submission from anywhere")
                .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48")
                .rateLimit(RateLimit.perMinute(60).burst(20)).logged("SMTP-IN").describedAs("MX traffic from partners")
                .allow(Protocol.TCP, 587, 465)
                .rule(r -> r.action(RuleAction.REJECT).protocol(Protocol.UDP).range(1000, 2000)
                        .families(IpFamily.IPV4).logged(true))
                .deny(Protocol.TCP, 25).outbound().from("198.51.100.0/24").describedAs("no direct mail to that network")
                .build();
    }

    /**
     * A policy with the odd corners: a prefix that is not logged, every unit, UDP, both families explicit, a
     * source set threshold that is not the default.
     */
    static PortPolicy oddCorners() {
        return PortPolicy.named("odd-corners").sourceSetThreshold(3)
                .rule(PortRule.builder().protocol(Protocol.UDP).ports(53, 123).range(60000, 61000)
                        .logPrefix("DNS:").logged(false).families(IpFamily.IPV4, IpFamily.IPV6).build())
                .allow(Protocol.TCP, 22).rateLimit(RateLimit.perSecond(3))
                .allow(Protocol.TCP, 80).rateLimit(RateLimit.perHour(1000).burst(5))
                .allow(Protocol.TCP, 443).rateLimit(RateLimit.perDay(100000)).families(IpFamily.IPV6)
                .build();
    }

    /** What specs/mail-static.yaml describes: TLS from files and a static map. */
    static MailServerSpec mailStatic() {
        Map<String, String> boxes = new LinkedHashMap<>();
        boxes.put("alice@example.com", "example.com/alice/");
        boxes.put("bob@example.org", "example.org/bob/");
        return MailServerSpec.forHost("mail.example.com").origin("example.com")
                .acceptMailFor("example.com", "example.org")
                .trustNetworks("192.168.1.0/24", "2001:db8:1::/48")
                .listenOn("192.0.2.10", "2001:db8::10")
                .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key"))
                        .minimumVersion(TlsVersion.TLS_1_3))
                .submission().smtps()
                .relayHost("relay.example.net", 587)
                .maxMessageSize(DataSize.ofMegabytes(50))
                .connectionLimits(new ConnectionLimits(60, 10, 100))
                .postfix(PostfixTuning.builder().processLimit(150).build())
                .virtualMailboxes(VirtualMailboxes.staticMap(boxes).baseDirectory("/srv/mail").owner(5001, 5002))
                .build();
    }

    /** What specs/mail-mysql.json describes: self-signed TLS and MySQL lookups. */
    static MailServerSpec mailMysql() {
        VirtualMailboxes.MySql mysql = new VirtualMailboxes.MySql("db.example.net", 3306, "mail", "postfix",
                SecretRef.parse("env:PORTCULLIS_DB_PASSWORD"),
                SqlLookup.of("mailboxes", "email", "maildir"),
                SqlLookup.of("domains", "domain", "domain"),
                SqlLookup.of("aliases", "source", "destination"));
        return MailServerSpec.forHost("mx1.example.net").origin("example.net")
                .acceptMailFor("example.net")
                .trustNetworks("10.20.0.0/16")
                .tls(Tls.selfSigned(Path.of("/etc/ssl/certs/mx1-selfsigned.pem"),
                        Path.of("/etc/ssl/private/mx1-selfsigned.key")).securityLevel(TlsSecurityLevel.ENCRYPT))
                .submission()
                .virtualMailboxes(VirtualMailboxes.mysql(mysql))
                .build();
    }

    /** Every setting away from its default that the other examples leave alone. */
    static MailServerSpec mailEverythingElse() {
        VirtualMailboxes.MySql mysql = new VirtualMailboxes.MySql("192.0.2.5", 3307, "mail", "postfix",
                SecretRef.file(Path.of("/run/secrets/db-password")),
                SqlLookup.of("mailboxes", "email", "maildir"), null, null);
        return MailServerSpec.forHost("relay.lab.example").origin("lab.example")
                .acceptMailFor("lab.example")
                .trustNetworks("0.0.0.0/0").allowOpenRelayKnowingItWillBeAbused()
                .listenOn(ListenScope.LOOPBACK_ONLY)
                .ipFamilies(IpFamily.IPV4)
                .tls(Tls.fromFiles(Path.of("/etc/ssl/a.pem"), Path.of("/etc/ssl/a.key")).minimumVersion(TlsVersion.TLS_1_0))
                .postfix(PostfixTuning.builder().sasl(SaslType.CYRUS, "private/smtpd").processLimit(1)
                        .extra("max_idle", "200s").extra("smtputf8_enable", "no").build())
                .relayHost(dev.portcullis.RelayHost.builder("smtpdm.aliyun.com", 465)
                        .credentials("sender@mail.lab.example", SecretRef.parse("env:PORTCULLIS_RELAY_PASSWORD"))
                        .trustedCa(Path.of("/etc/ssl/certs/ca-certificates.crt")).build())
                .maxMessageSize(DataSize.ofBytes(1536))
                .connectionLimits(new ConnectionLimits(0, 3, 0))
                .vrfyDisabled(false)
                .virtualMailboxes(VirtualMailboxes.mysql(mysql))
                .dkim(dev.portcullis.DkimSigning.builder().selector("s2026-a").keyBits(3072).build())
                .spf(dev.portcullis.SpfPolicy.MARK_ONLY)
                .build();
    }
}
