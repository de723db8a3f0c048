package dev.portcullis.spec;

import dev.portcullis.Direction;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import dev.portcullis.RuleAction;
import dev.portcullis.SaslType;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The words a document uses for the model's enumerations: lower case, as a human writes them
 * ({@code allow}, {@code tcp}, {@code per: minute}, {@code TLSv1.2}), never Java constant names.
 */
final class Words {

    static final Map<String, RuleAction> ACTIONS = lowerCase(RuleAction.values());
    static final Map<String, Protocol> PROTOCOLS = lowerCase(Protocol.values());
    static final Map<String, Direction> DIRECTIONS = lowerCase(Direction.values());
    static final Map<String, IpFamily> FAMILIES = lowerCase(IpFamily.values());
    static final Map<String, RateLimit.Unit> UNITS = lowerCase(RateLimit.Unit.values());
    static final Map<String, TlsSecurityLevel> SECURITY_LEVELS = lowerCase(TlsSecurityLevel.values());
    static final Map<String, TlsCipherPolicy> CIPHER_POLICIES = lowerCase(TlsCipherPolicy.values());
    static final Map<String, VirtualMailboxes.Kind> MAILBOX_KINDS = lowerCase(VirtualMailboxes.Kind.values());
    static final Map<String, TlsVersion> TLS_VERSIONS = tlsVersions();
    static final Map<String, SaslType> SASL_TYPES = lowerCase(SaslType.values());
    static final Map<String, ListenScope> LISTEN_SCOPES = listenScopes();
    static final Map<String, dev.portcullis.SpfPolicy> SPF_POLICIES = spfPolicies();

    private Words() {
    }

    /** @return the word for a constant */
    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> Map<String, E> lowerCase(E[] values) {
        Map<String, E> m = new LinkedHashMap<>();
        for (E v : values) {
            m.put(of(v), v);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, dev.portcullis.SpfPolicy> spfPolicies() {
        Map<String, dev.portcullis.SpfPolicy> m = new LinkedHashMap<>();
        for (dev.portcullis.SpfPolicy v : dev.portcullis.SpfPolicy.values()) {
            m.put(v.word(), v);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, ListenScope> listenScopes() {
        Map<String, ListenScope> m = new LinkedHashMap<>();
        for (ListenScope v : ListenScope.values()) {
            m.put(v.word(), v);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, TlsVersion> tlsVersions() {
        Map<String, TlsVersion> m = new LinkedHashMap<>();
        for (TlsVersion v : TlsVersion.values()) {
            // Keys are compared in lower case: "TLSv1.2" is written, "tlsv1.2" looked up.
            m.put(v.protocolName().toLowerCase(Locale.ROOT), v);
        }
        return Collections.unmodifiableMap(m);
    }
}
