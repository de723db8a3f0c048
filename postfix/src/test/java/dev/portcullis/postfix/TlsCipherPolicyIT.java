package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.LoginPassword;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.Tls;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Each {@link TlsCipherPolicy} level, live: Portcullis applies it, then a client container proves
 * what the level promises over the wire, on port 25 (STARTTLS, opportunistic), 587 (STARTTLS,
 * mandatory) and 465 (implicit TLS, mandatory), with two tools:
 * <ul>
 * <li>testssl.sh (Debian's 3.0.8) scans one port per level in its narrow modes, the protocols and
 * the standard cipher categories ({@code --fast -p -s}), and its JSON findings are asserted: under
 * MODERN port 25, with the server's preferences too ({@code -P}, the costly mode: a handshake per
 * offered suite), where what it flagged on a Portcullis-provisioned port 25 before (anonymous
 * suites, CBC, no server order) is gone; under INTERMEDIATE port 587, forward-secret AEAD only;
 * under OPPORTUNISTIC port 25, anonymous suites gone and CBC kept for old senders;</li>
 * <li>one Python process per level does handshakes with chosen protocol and suite lists on all
 * three ports (OpenSSL's {@code @SECLEVEL=0} so the client really offers the old ones): TLS 1.1,
 * TLS 1.2, TLS 1.3, anonymous, static-RSA, CBC, and which suite the server picks when the client
 * prefers another; each level's promises are asserted from these.</li>
 * </ul>
 * One container for the class; the tests build on each other (no policy, the three levels, a
 * failed switch rolled back, remove).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsCipherPolicyIT {

    static final String ALICE = "alice@portcullis.test";
    static final String REFUSED = "refused";
    /** Both strong; the client lists the 128-bit one first, Postfix's own order (@STRENGTH) puts the 256-bit one first. */
    static final String CLIENT_FIRST = "TLSv1.2/ECDHE-RSA-AES128-GCM-SHA256";
    static final String SERVER_FIRST = "TLSv1.2/ECDHE-RSA-AES256-GCM-SHA384";

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static String aliceHash;
    static String originalMainCf;
    static final AtomicInteger SCANS = new AtomicInteger();

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start().startPostfix();
        client = host.newClient();
        aliceHash = host.run("doveadm", "pw", "-s", "SHA512-CRYPT", "-p", "Alice-Cipher-Pw-3").stdout().strip();
        originalMainCf = mainCfDigest();
    }

    static String mainCfDigest() {
        return host.run("sha256sum", "/etc/postfix/main.cf").stdout().substring(0, 64);
    }

    static MailServerSpec spec(TlsCipherPolicy policy) {
        return MailServerSpec.forHost("mail.portcullis.test").origin("portcullis.test").acceptMailFor("portcullis.test")
                .tls(Tls.selfSigned(Path.of("/etc/postfix/tls-ciphers/mail.pem"), Path.of("/etc/postfix/tls-ciphers/mail.key"))
                        .cipherPolicy(policy))
                .submission().smtps()
                .virtualMailboxes(VirtualMailboxes.staticMap(Map.of(ALICE, "portcullis.test/alice/"))
                        .withLogin(ALICE, LoginPassword.hashed(aliceHash)))
                .build();
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).mailServer("postfix").option("postfix.probe.address", host.address());
    }

    static void apply(TlsCipherPolicy policy) {
        ApplyReport report = provisioner().apply(spec(policy));
        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(provisioner().verify(spec(policy)).converged()).as("verify after applying %s", policy).isTrue();
    }

    /**
     * TLS handshakes from the client container, one line per port and probe: the negotiated
     * "protocol/suite", or "refused". 25 and 587 use STARTTLS, 465 implicit TLS.
     */
    static final String HANDSHAKES = String.join("\n",
            "import smtplib, ssl, sys, warnings",
            "warnings.simplefilter('ignore')",
            "V = ssl.TLSVersion",
            "PROBES = [",
            "    ('tls1.3', V.TLSv1_3, V.TLSv1_3, None),",
            "    ('tls1.2', V.TLSv1_2, V.TLSv1_2, 'DEFAULT'),",
            "    ('tls1.1', V.TLSv1, V.TLSv1_1, 'DEFAULT:@SECLEVEL=0'),",
            "    ('anonymous', V.TLSv1_2, V.TLSv1_2, 'aNULL:@SECLEVEL=0'),",
            "    ('static-rsa', V.TLSv1_2, V.TLSv1_2, 'kRSA:@SECLEVEL=0'),",
            "    ('cbc', V.TLSv1_2, V.TLSv1_2, 'kECDHE+SHA1:kECDHE+SHA256:kECDHE+SHA384:@SECLEVEL=0'),",
            "    ('order', V.TLSv1_2, V.TLSv1_2, 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384'),",
            "]",
            "host = sys.argv[1]",
            "for port in sys.argv[2:]:",
            "    for name, low, high, ciphers in PROBES:",
            "        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)",
            "        ctx.check_hostname = False",
            "        ctx.verify_mode = ssl.CERT_NONE",
            "        if ciphers:",
            "            ctx.set_ciphers(ciphers)",
            "        ctx.minimum_version, ctx.maximum_version = low, high",
            "        try:",
            "            if port == '465':",
            "                s = smtplib.SMTP_SSL(host, 465, context=ctx, timeout=10)",
            "            else:",
            "                s = smtplib.SMTP(host, int(port), timeout=10)",
            "                s.starttls(context=ctx)",
            "            print(port, name, s.sock.version() + '/' + s.sock.cipher()[0])",
            "            s.close()",
            "        except (ssl.SSLError, smtplib.SMTPException, OSError):",
            "            print(port, name, 'refused')",
            "");

    /** @return "port probe" to the negotiated "protocol/suite" or "refused" */
    static Map<String, String> handshakes(String... ports) {
        CommandResult r = client.runner().execute(Command.builder("python3").args("-c", HANDSHAKES, host.address())
                .args(ports).build());
        assertThat(r.exitCode()).as("handshakes: %s", r.stderr()).isZero();
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : r.stdout().strip().split("\n")) {
            String[] parts = line.split(" ", 3);
            found.put(parts[0] + " " + parts[1], parts[2]);
        }
        assertThat(found).as("one answer per port and probe").hasSize(7 * ports.length);
        return found;
    }

    /**
     * testssl.sh against one port in its narrow modes: the protocols ({@code -p}), the standard
     * cipher categories ({@code -s}), and where asked the server's preferences ({@code -P}, the
     * costly one: a handshake per offered suite).
     *
     * @param port 25 or 587 (both STARTTLS)
     * @param preferences whether to add {@code -P}
     * @return the JSON findings by id (the last one wins for repeated ids)
     */
    static Map<String, String> testssl(String port, boolean preferences) {
        String json = "/tmp/testssl-" + SCANS.incrementAndGet() + ".json";
        Command.Builder scan = Command.builder("testssl").args("--quiet", "--color", "0", "--warnings", "off", "-n", "none",
                "--fast", "--connect-timeout", "10", "--openssl-timeout", "10", "--starttls", "smtp", "-p", "-s");
        if (preferences) {
            scan.arg("-P");
        }
        CommandResult r = client.runner().execute(scan.args("--jsonfile", json, host.address() + ":" + port)
                .successExitCodes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).timeout(java.time.Duration.ofMinutes(20)).build());
        String text = client.runner().execute(Command.of("cat", json)).stdout();
        Map<String, String> findings = new LinkedHashMap<>();
        try {
            for (JsonNode f : new ObjectMapper().readTree(text)) {
                findings.put(f.path("id").asText(), f.path("finding").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("testssl wrote no JSON: " + r.stdout() + r.stderr(), e);
        }
        assertThat(findings).as("testssl scanned SMTP on %s: %s", port, r.stdout()).containsEntry("service", "smtp")
                .containsKeys("TLS1", "TLS1_1", "TLS1_2", "TLS1_3", "cipherlist_NULL", "cipherlist_aNULL",
                        "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_AVERAGE", "cipherlist_STRONG");
        return findings;
    }

    /** Asserts testssl's protocol findings on a port every level keeps at TLS 1.2 and 1.3: 1.0 and 1.1 not offered. */
    static void assertTls12And13Only(Map<String, String> scan, String port) {
        assertThat(scan.get("TLS1")).as("TLS 1.0 on %s", port).startsWith("not offered");
        assertThat(scan.get("TLS1_1")).as("TLS 1.1 on %s", port).startsWith("not offered");
        assertThat(scan.get("TLS1_2")).as("TLS 1.2 on %s", port).startsWith("offered");
        assertThat(scan.get("TLS1_3")).as("TLS 1.3 on %s", port).startsWith("offered");
    }

    /** Asserts testssl's cipher categories: strong (AEAD) suites offered, and nothing weaker. */
    static void assertStrongSuitesOnly(Map<String, String> scan) {
        assertThat(scan).containsEntry("cipherlist_NULL", "not offered").containsEntry("cipherlist_aNULL", "not offered")
                .containsEntry("cipherlist_EXPORT", "not offered").containsEntry("cipherlist_LOW", "not offered")
                .containsEntry("cipherlist_AVERAGE", "not offered").containsEntry("cipherlist_STRONG", "offered");
    }

    @Test
    @Order(1)
    void withoutAPolicyPort25TakesAnonymousSuitesAndTheClientsOrder() {
        apply(null);

        Map<String, String> h = handshakes("25");

        // Postfix's own defaults: what testssl flags on a Portcullis port 25 without a level
        assertThat(h.get("25 anonymous")).startsWith("TLSv1.2/ADH-");
        assertThat(h.get("25 order")).isEqualTo(CLIENT_FIRST);
        assertThat(h.get("25 static-rsa")).startsWith("TLSv1.2/AES");
    }

    @Test
    @Order(2)
    void modernIsTls13OnlyOnSubmissionAndForwardSecretAeadOnlyOnPort25() {
        apply(TlsCipherPolicy.MODERN);

        Map<String, String> scan = testssl("25", true);
        Map<String, String> h = handshakes("25", "587", "465");

        // what testssl flagged on port 25 before (anonymous suites, CBC, no server order) is gone
        assertTls12And13Only(scan, "25");
        assertStrongSuitesOnly(scan);
        assertThat(scan).containsEntry("cipher_order", "server");
        assertThat(h).containsEntry("25 tls1.1", REFUSED).containsEntry("25 anonymous", REFUSED)
                .containsEntry("25 static-rsa", REFUSED).containsEntry("25 cbc", REFUSED)
                .containsEntry("25 order", SERVER_FIRST);
        assertThat(h.get("25 tls1.2")).startsWith("TLSv1.2/ECDHE-RSA-AES256-GCM");
        for (String port : new String[] {"587", "465"}) {
            assertThat(h.get(port + " tls1.3")).as(port).startsWith("TLSv1.3/TLS_");
            for (String probe : new String[] {"tls1.2", "tls1.1", "anonymous", "static-rsa", "cbc", "order"}) {
                assertThat(h).as("%s %s", port, probe).containsEntry(port + " " + probe, REFUSED);
            }
        }
    }

    @Test
    @Order(3)
    void intermediateHoldsSubmissionToForwardSecretAeadAndKeepsPort25BroadForOldSenders() {
        apply(TlsCipherPolicy.INTERMEDIATE);

        Map<String, String> scan = testssl("587", false);
        Map<String, String> h = handshakes("25", "587", "465");

        // testssl on submission: forward-secret AEAD only (TLS 1.2 and 1.3), nothing weaker
        assertTls12And13Only(scan, "587");
        assertStrongSuitesOnly(scan);

        assertThat(h).containsEntry("25 tls1.1", REFUSED).containsEntry("25 anonymous", REFUSED)
                .containsEntry("25 order", SERVER_FIRST);
        assertThat(h.get("25 static-rsa")).startsWith("TLSv1.2/AES");
        assertThat(h.get("25 cbc")).startsWith("TLSv1.2/ECDHE-RSA-AES");
        for (String port : new String[] {"587", "465"}) {
            assertThat(h.get(port + " tls1.3")).as(port).startsWith("TLSv1.3/TLS_");
            assertThat(h.get(port + " tls1.2")).as(port).startsWith("TLSv1.2/ECDHE-RSA-AES256-GCM");
            assertThat(h).containsEntry(port + " tls1.1", REFUSED).containsEntry(port + " anonymous", REFUSED)
                    .containsEntry(port + " static-rsa", REFUSED).containsEntry(port + " cbc", REFUSED)
                    .containsEntry(port + " order", SERVER_FIRST);
        }
    }

    @Test
    @Order(4)
    void opportunisticOnlyRemovesAnonymousSuitesAndSetsTheServersOrderEverywhere() {
        apply(TlsCipherPolicy.OPPORTUNISTIC);

        Map<String, String> scan = testssl("25", false);
        Map<String, String> h = handshakes("25", "587", "465");

        // testssl on port 25: what it flagged without a level (anonymous suites) is gone; CBC stays for old senders
        assertTls12And13Only(scan, "25");
        assertThat(scan).containsEntry("cipherlist_NULL", "not offered").containsEntry("cipherlist_aNULL", "not offered")
                .containsEntry("cipherlist_EXPORT", "not offered").containsEntry("cipherlist_AVERAGE", "offered")
                .containsEntry("cipherlist_STRONG", "offered");

        for (String port : new String[] {"25", "587", "465"}) {
            assertThat(h).containsEntry(port + " tls1.1", REFUSED).containsEntry(port + " anonymous", REFUSED)
                    .containsEntry(port + " order", SERVER_FIRST);
            assertThat(h.get(port + " static-rsa")).as(port).startsWith("TLSv1.2/AES");
            assertThat(h.get(port + " cbc")).as(port).startsWith("TLSv1.2/ECDHE-RSA-AES");
        }
    }

    @Test
    @Order(5)
    void aSwitchThatFailsItsFinalCheckIsRolledBackToTheLevelBefore() {
        String before = mainCfDigest();
        Plan plan = provisioner().plan(spec(TlsCipherPolicy.MODERN));

        ApplyReport report = PlanExecutor.on(host.runner()).execute(FaultInjection.failingFinalCheck(plan));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(mainCfDigest()).isEqualTo(before);
        assertThat(handshakes("587").get("587 cbc")).as("opportunistic still serves").startsWith("TLSv1.2/ECDHE-RSA-AES");
    }

    @Test
    @Order(6)
    void removePutsBackPostfixsOwnDefaults() {
        ApplyReport report = provisioner().remove(spec(TlsCipherPolicy.OPPORTUNISTIC));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(mainCfDigest()).isEqualTo(originalMainCf);
        assertThat(host.run("postconf", "-n").stdout()).doesNotContain("tls_preempt_cipherlist")
                .doesNotContain("smtpd_tls_exclude_ciphers").doesNotContain("smtp_tls_mandatory_protocols");
    }
}
