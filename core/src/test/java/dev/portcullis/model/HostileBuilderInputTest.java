package dev.portcullis.model;

import static dev.portcullis.model.HostileStrings.assertRefusedNaming;
import static dev.portcullis.model.HostileStrings.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.VirtualMailboxes;
import java.lang.reflect.Method;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Every string entry point of the builders refuses hostile input with an error naming the field.
 * Each property runs {@link #TRIES} tries; {@link #afterAll()} checks that they all did.
 */
public class HostileBuilderInputTest {

    /** Tries per entry point. */
    public static final int TRIES = 250;

    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final Set<String> PROPERTIES_RUN = ConcurrentHashMap.newKeySet();
    private static final SqlLookup LOOKUP = SqlLookup.of("mailboxes", "email", "maildir");
    private static final SecretRef PASSWORD = SecretRef.env("DB_PASSWORD");

    @Provide
    Arbitrary<String> hostile() {
        return HostileStrings.hostile();
    }

    private static void refused(String property, String field, ThrowingCallable call) {
        TRIED.incrementAndGet();
        PROPERTIES_RUN.add(property);
        assertRefusedNaming(catchThrowableOfType(InvalidSpecException.class, call), field);
    }

    // PortPolicy.Builder

    @Property(tries = TRIES)
    void policyName(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("policyName", "name", () -> PortPolicy.named(place("smtp-inbound", h, at)).build());
    }

    @Property(tries = TRIES)
    void policyZone(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("policyZone", "zone", () -> PortPolicy.named("p").zone(place("public", h, at)).build());
    }

    @Property(tries = TRIES)
    void policyDescription(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("policyDescription", "description",
                () -> PortPolicy.named("p").description(place("SMTP from partners", h, at)).build());
    }

    @Property(tries = TRIES)
    void policyFrom(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("policyFrom", "rules[0].sources[1]", () -> PortPolicy.named("p").allow(Protocol.TCP, 25)
                .from("192.0.2.0/24", place("203.0.113.0/24", h, at)).build());
    }

    @Property(tries = TRIES)
    void policyLogPrefix(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("policyLogPrefix", "rules[0].logPrefix",
                () -> PortPolicy.named("p").allow(Protocol.TCP, 25).logged(place("SMTP-IN", h, at)).build());
    }

    @Property(tries = TRIES)
    void policyDescribedAs(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("policyDescribedAs", "rules[1].description", () -> PortPolicy.named("p").allow(Protocol.TCP, 25)
                .allow(Protocol.TCP, 587).describedAs(place("submission", h, at)).build());
    }

    // PortRule.Builder

    @Property(tries = TRIES)
    void ruleSources(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("ruleSources", "sources[0]", () -> PortRule.builder().port(25).sources(place("2001:db8::/48", h, at)).build());
    }

    @Property(tries = TRIES)
    void ruleLogPrefix(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("ruleLogPrefix", "logPrefix", () -> PortRule.builder().port(25).logPrefix(place("SMTP:", h, at)).build());
    }

    @Property(tries = TRIES)
    void ruleDescription(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("ruleDescription", "description",
                () -> PortRule.builder().port(25).description(place("MX traffic", h, at)).build());
    }

    // MailServerSpec.Builder

    @Property(tries = TRIES)
    void mailHostname(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailHostname", "hostname", () -> MailServerSpec.forHost(place("mail.example.com", h, at)).build());
    }

    @Property(tries = TRIES)
    void mailOrigin(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailOrigin", "origin", () -> mail().origin(place("example.com", h, at)).build());
    }

    @Property(tries = TRIES)
    void mailAcceptMailFor(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailAcceptMailFor", "acceptedDomains[1]",
                () -> mail().acceptMailFor("example.com", place("example.org", h, at)).build());
    }

    @Property(tries = TRIES)
    void mailTrustNetworks(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailTrustNetworks", "trustedNetworks[0]", () -> mail().trustNetworks(place("192.168.1.0/24", h, at)).build());
    }

    @Property(tries = TRIES)
    void mailListenOn(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        String valid = at % 2 == 0 ? "all" : "192.0.2.10";
        refused("mailListenOn", "listenInterfaces[0]", () -> mail().listenOn(place(valid, h, at)).build());
    }

    @Property(tries = TRIES)
    void mailSaslType(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailSaslType", "sasl.type", () -> mail().sasl(place("dovecot", h, at), "private/auth").build());
    }

    @Property(tries = TRIES)
    void mailSaslPath(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailSaslPath", "sasl.path", () -> mail().sasl("dovecot", place("private/auth", h, at)).build());
    }

    @Property(tries = TRIES)
    void mailRelayHost(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mailRelayHost", "relayHost.host", () -> mail().relayHost(place("relay.example.net", h, at), 587).build());
    }

    // Tls paths, through Path.of where Path accepts the string

    @Property(tries = TRIES)
    void tlsCertificate(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        Path cert = path(place("/etc/ssl/certs/mail.pem", h, at));
        refused("tlsCertificate", "tls.certificate",
                () -> mail().tls(Tls.fromFiles(cert, Path.of("/etc/ssl/private/mail.key"))).build());
    }

    @Property(tries = TRIES)
    void tlsPrivateKey(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        Path key = path(place("/etc/ssl/private/mail.key", h, at));
        refused("tlsPrivateKey", "tls.privateKey",
                () -> mail().tls(Tls.selfSigned(Path.of("/etc/ssl/certs/mail.pem"), key)).build());
    }

    // VirtualMailboxes

    @Property(tries = TRIES)
    void staticMapAddress(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alice@example.com", "example.com/alice/");
        m.put(place("bob@example.com", h, at), "example.com/bob/");
        refused("staticMapAddress", "mailboxes[1].address", () -> VirtualMailboxes.staticMap(m));
    }

    @Property(tries = TRIES)
    void staticMapMailbox(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("staticMapMailbox", "mailboxes[0].mailbox",
                () -> VirtualMailboxes.staticMap(Map.of("alice@example.com", place("example.com/alice/", h, at))));
    }

    @Property(tries = TRIES)
    void baseDirectory(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("baseDirectory", "baseDirectory", () -> VirtualMailboxes.staticMap(Map.of("a@example.com", "a/"))
                .baseDirectory(place("/var/mail/vhosts", h, at)));
    }

    @Property(tries = TRIES)
    void mysqlHost(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        String valid = at % 2 == 0 ? "db.example.com" : "192.0.2.5";
        refused("mysqlHost", "host", () -> new VirtualMailboxes.MySql(place(valid, h, at), 3306, "mail", "postfix",
                PASSWORD, LOOKUP, null, null));
    }

    @Property(tries = TRIES)
    void mysqlDatabase(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mysqlDatabase", "database", () -> new VirtualMailboxes.MySql("db.example.com", 3306,
                place("mail", h, at), "postfix", PASSWORD, LOOKUP, null, null));
    }

    @Property(tries = TRIES)
    void mysqlUser(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("mysqlUser", "user", () -> new VirtualMailboxes.MySql("db.example.com", 3306, "mail",
                place("postfix", h, at), PASSWORD, LOOKUP, null, null));
    }

    // SqlLookup

    @Property(tries = TRIES)
    void sqlTable(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("sqlTable", "table", () -> SqlLookup.of(place("mailboxes", h, at), "email", "maildir"));
    }

    @Property(tries = TRIES)
    void sqlKeyColumn(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("sqlKeyColumn", "keyColumn", () -> SqlLookup.of("mailboxes", place("email", h, at), "maildir"));
    }

    @Property(tries = TRIES)
    void sqlResultColumn(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("sqlResultColumn", "resultColumn", () -> SqlLookup.of("mailboxes", "email", place("maildir", h, at)));
    }

    // SecretRef

    @Property(tries = TRIES)
    void secretParse(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        String valid = at % 2 == 0 ? "env:DB_PASSWORD" : "file:/run/secrets/db";
        refused("secretParse", "secret", () -> SecretRef.parse(place(valid, h, at)));
    }

    @Property(tries = TRIES)
    void secretEnv(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused("secretEnv", "secret", () -> SecretRef.env(place("DB_PASSWORD", h, at)));
    }

    private static MailServerSpec.Builder mail() {
        return MailServerSpec.forHost("mail.example.com");
    }

    /** Path.of refuses some strings itself (NUL on Unix): those never reach a builder, so the try is skipped. */
    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            TRIED.incrementAndGet();
            Assume.that(false);
            return null;
        }
    }

    /** @return the tries the properties of this class declare */
    public static int declaredTries() {
        return Arrays.stream(HostileBuilderInputTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Property.class))
                .mapToInt(m -> m.getAnnotation(Property.class).tries()).sum();
    }

    static int declaredProperties() {
        return (int) Arrays.stream(HostileBuilderInputTest.class.getDeclaredMethods())
                .filter((Method m) -> m.isAnnotationPresent(Property.class)).count();
    }

    @AfterContainer
    static void afterAll() {
        // When every property ran, every declared try fed one hostile value.
        if (PROPERTIES_RUN.size() == declaredProperties()) {
            // At least: a failing property also counts the tries jqwik spends shrinking.
            assertThat(TRIED.get()).isGreaterThanOrEqualTo(declaredTries());
        }
    }
}
