package dev.portcullis.model;

import static dev.portcullis.model.HostileStrings.assertRefusedNaming;
import static dev.portcullis.model.HostileStrings.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.PostfixTuning;
import dev.portcullis.Protocol;
import dev.portcullis.SaslType;
import dev.portcullis.SecretRef;
import dev.portcullis.SpecProblem;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.VirtualMailboxes;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Every string entry point of the builders refuses hostile input with an error naming its field,
 * and only its field: a hostile value never spills into a problem about another field.
 * {@link dev.portcullis.spec.HostileInputBudgetTest} feeds every known attack fragment to every
 * entry point; the property here adds random neighbours, single characters and overlong values.
 */
public class HostileBuilderInputTest {

    private static final SqlLookup LOOKUP = SqlLookup.of("mailboxes", "email", "maildir");
    private static final SecretRef PASSWORD = SecretRef.env("DB_PASSWORD");

    /**
     * A string entry point: where a value goes, a value it accepts, and how a value is fed to it.
     *
     * @param name the builder method, for reports
     * @param field the field path a refusal must name
     * @param valid a value the entry point accepts
     * @param feed builds with the value given
     */
    public record EntryPoint(String name, String field, String valid, Function<String, ThrowingCallable> feed) {

        /**
         * Feeds a value and checks that it is refused on this entry point's field alone, with a
         * message safe to log. A path the JDK refuses itself (NUL) never reaches a builder.
         *
         * @param value the value
         */
        public void refuses(String value) {
            ThrowingCallable build = () -> {
                try {
                    feed.apply(value).call();
                } catch (InvalidPathException e) {
                    throw new InvalidSpecException(field, "refused by Path.of");
                }
            };
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, build);
            assertRefusedNaming(e, field);
            assertThat(e.problems()).as("%s refused %s", name, value).extracting(SpecProblem::field).containsOnly(field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every string the builders take from a user. */
    public static final List<EntryPoint> ENTRY_POINTS = List.of(
            new EntryPoint("PortPolicy.named", "name", "smtp-inbound", v -> () -> PortPolicy.named(v).build()),
            new EntryPoint("PortPolicy.zone", "zone", "public", v -> () -> PortPolicy.named("p").zone(v).build()),
            new EntryPoint("PortPolicy.description", "description", "SMTP from partners",
                    v -> () -> PortPolicy.named("p").description(v).build()),
            new EntryPoint("PortPolicy.from", "rules[0].sources[1]", "203.0.113.0/24",
                    v -> () -> PortPolicy.named("p").allow(Protocol.TCP, 25).from("192.0.2.0/24", v).build()),
            new EntryPoint("PortPolicy.logged", "rules[0].logPrefix", "SMTP-IN",
                    v -> () -> PortPolicy.named("p").allow(Protocol.TCP, 25).logged(v).build()),
            new EntryPoint("PortPolicy.describedAs", "rules[1].description", "submission",
                    v -> () -> PortPolicy.named("p").allow(Protocol.TCP, 25).allow(Protocol.TCP, 587).describedAs(v).build()),
            new EntryPoint("PortRule.sources", "sources[0]", "2001:db8::/48",
                    v -> () -> PortRule.builder().port(25).sources(v).build()),
            new EntryPoint("PortRule.logPrefix", "logPrefix", "SMTP:", v -> () -> PortRule.builder().port(25).logPrefix(v).build()),
            new EntryPoint("PortRule.description", "description", "MX traffic",
                    v -> () -> PortRule.builder().port(25).description(v).build()),
            new EntryPoint("MailServerSpec.forHost", "hostname", "mail.example.com", v -> () -> MailServerSpec.forHost(v).build()),
            new EntryPoint("MailServerSpec.origin", "origin", "example.com", v -> () -> mail().origin(v).build()),
            new EntryPoint("MailServerSpec.acceptMailFor", "acceptedDomains[1]", "example.org",
                    v -> () -> mail().acceptMailFor("example.com", v).build()),
            new EntryPoint("MailServerSpec.trustNetworks", "trustedNetworks[0]", "192.168.1.0/24",
                    v -> () -> mail().trustNetworks(v).build()),
            new EntryPoint("MailServerSpec.listenOn (IPv4)", "listenInterfaces[0]", "192.0.2.10",
                    v -> () -> mail().listenOn(v).build()),
            new EntryPoint("MailServerSpec.listenOn (IPv6)", "listenInterfaces[1]", "2001:db8::10",
                    v -> () -> mail().listenOn("192.0.2.10", v).build()),
            new EntryPoint("MailServerSpec.relayHost", "relayHost.host", "relay.example.net",
                    v -> () -> mail().relayHost(v, 587).build()),
            new EntryPoint("PostfixTuning.sasl", "sasl.path", "private/auth",
                    v -> () -> PostfixTuning.builder().sasl(SaslType.DOVECOT, v).build()),
            new EntryPoint("Tls.fromFiles certificate", "tls.certificate", "/etc/ssl/certs/mail.pem",
                    v -> () -> mail().tls(Tls.fromFiles(Path.of(v), Path.of("/etc/ssl/private/mail.key"))).build()),
            new EntryPoint("Tls.selfSigned privateKey", "tls.privateKey", "/etc/ssl/private/mail.key",
                    v -> () -> mail().tls(Tls.selfSigned(Path.of("/etc/ssl/certs/mail.pem"), Path.of(v))).build()),
            new EntryPoint("VirtualMailboxes.staticMap address", "mailboxes[1].address", "bob@example.com",
                    v -> () -> VirtualMailboxes.staticMap(twoMailboxes(v))),
            new EntryPoint("VirtualMailboxes.staticMap mailbox", "mailboxes[0].mailbox", "example.com/alice/",
                    v -> () -> VirtualMailboxes.staticMap(Map.of("alice@example.com", v))),
            new EntryPoint("VirtualMailboxes.baseDirectory", "baseDirectory", "/var/mail/vhosts",
                    v -> () -> VirtualMailboxes.staticMap(Map.of("a@example.com", "a/")).baseDirectory(v)),
            new EntryPoint("MySql host (name)", "host", "db.example.com",
                    v -> () -> new VirtualMailboxes.MySql(v, 3306, "mail", "postfix", PASSWORD, LOOKUP, null, null)),
            new EntryPoint("MySql host (address)", "host", "192.0.2.5",
                    v -> () -> new VirtualMailboxes.MySql(v, 3306, "mail", "postfix", PASSWORD, LOOKUP, null, null)),
            new EntryPoint("MySql database", "database", "mail",
                    v -> () -> new VirtualMailboxes.MySql("db.example.com", 3306, v, "postfix", PASSWORD, LOOKUP, null, null)),
            new EntryPoint("MySql user", "user", "postfix",
                    v -> () -> new VirtualMailboxes.MySql("db.example.com", 3306, "mail", v, PASSWORD, LOOKUP, null, null)),
            new EntryPoint("SqlLookup table", "table", "mailboxes", v -> () -> SqlLookup.of(v, "email", "maildir")),
            new EntryPoint("SqlLookup keyColumn", "keyColumn", "email", v -> () -> SqlLookup.of("mailboxes", v, "maildir")),
            new EntryPoint("SqlLookup resultColumn", "resultColumn", "maildir", v -> () -> SqlLookup.of("mailboxes", "email", v)),
            new EntryPoint("SecretRef.parse env", "secret", "env:DB_PASSWORD", v -> () -> SecretRef.parse(v)),
            new EntryPoint("SecretRef.parse file", "secret", "file:/run/secrets/db", v -> () -> SecretRef.parse(v)),
            new EntryPoint("SecretRef.env", "secret", "DB_PASSWORD", v -> () -> SecretRef.env(v)));

    @Provide
    Arbitrary<String> hostile() {
        return HostileStrings.hostile();
    }

    @Provide
    Arbitrary<EntryPoint> entryPoints() {
        return Arbitraries.of(ENTRY_POINTS);
    }

    /** About 250 tries for each of the 32 entry points. */
    @Property(tries = 8_000)
    void everyEntryPointRefusesHostileInputInItsOwnField(@ForAll("entryPoints") EntryPoint entry,
            @ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        entry.refuses(place(entry.valid(), h, at));
    }

    @Example
    void everyEntryPointAcceptsItsValidValue() throws Throwable {
        // Without this, an entry point that refused everything would pass the property above.
        for (EntryPoint entry : ENTRY_POINTS) {
            entry.feed().apply(entry.valid()).call();
        }
    }

    private static MailServerSpec.Builder mail() {
        return MailServerSpec.forHost("mail.example.com");
    }

    private static Map<String, String> twoMailboxes(String second) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alice@example.com", "example.com/alice/");
        m.put(second, "example.com/bob/");
        return m;
    }
}
