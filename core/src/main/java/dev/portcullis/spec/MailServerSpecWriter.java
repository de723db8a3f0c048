package dev.portcullis.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.Cidr;
import dev.portcullis.ConnectionLimits;
import dev.portcullis.HostName;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.VirtualMailboxes;
import java.util.Map;

/**
 * Writes a {@link MailServerSpec} as a document: the host name, origin and domains always, every
 * other setting when it differs from the builder's default. Secrets appear only as their
 * references ({@code env:DB_PASSWORD}).
 */
final class MailServerSpecWriter {

    static final String KIND = "mail-server";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final MailServerSpec DEFAULTS = MailServerSpec.forHost("defaults.invalid").build();

    private MailServerSpecWriter() {
    }

    static ObjectNode write(MailServerSpec spec) {
        ObjectNode o = NODES.objectNode();
        o.put("kind", KIND);
        o.put("hostname", spec.hostname().value());
        o.put("origin", spec.origin().value());
        if (!spec.acceptedDomains().isEmpty()) {
            ArrayNode a = o.putArray("acceptedDomains");
            spec.acceptedDomains().stream().map(HostName::value).forEach(a::add);
        }
        if (!spec.trustedNetworks().isEmpty()) {
            ArrayNode a = o.putArray("trustedNetworks");
            spec.trustedNetworks().stream().map(Cidr::toCidrString).forEach(a::add);
        }
        if (spec.listenScope() != ListenScope.ALL) {
            ArrayNode a = o.putArray("listenInterfaces");
            if (spec.listenScope() == ListenScope.ADDRESSES) {
                spec.listenAddresses().forEach(a::add);
            } else {
                a.add(spec.listenScope().word());
            }
        }
        if (!spec.ipFamilies().equals(DEFAULTS.ipFamilies())) {
            ArrayNode a = o.putArray("ipFamilies");
            for (IpFamily f : spec.ipFamilies()) {
                a.add(Words.of(f));
            }
        }
        spec.tls().ifPresent(t -> o.set("tls", tls(t)));
        if (spec.submission()) {
            o.put("submission", true);
        }
        if (spec.smtps()) {
            o.put("smtps", true);
        }
        spec.relayHost().ifPresent(r -> {
            ObjectNode relay = o.putObject("relayHost");
            relay.put("host", r.host().value());
            relay.put("port", r.port());
            r.user().ifPresent(u -> relay.put("user", u));
            // only the reference: the value is read at apply time and never written anywhere
            r.password().ifPresent(ref -> relay.put("password", ref.toString()));
            r.trustedCa().ifPresent(ca -> relay.put("trustedCa", ca.toString()));
        });
        if (!spec.maxMessageSize().equals(DEFAULTS.maxMessageSize())) {
            o.put("maxMessageSize", spec.maxMessageSize().toString());
        }
        spec.logRetention().ifPresent(r -> o.put("logRetention", r.toDays() + "d"));
        if (!spec.connectionLimits().equals(ConnectionLimits.NONE)) {
            o.set("connectionLimits", limits(spec.connectionLimits()));
        }
        if (spec.vrfyDisabled() != DEFAULTS.vrfyDisabled()) {
            o.put("vrfyDisabled", spec.vrfyDisabled());
        }
        if (!spec.virtualMailboxes().equals(VirtualMailboxes.none())) {
            o.set("virtualMailboxes", mailboxes(spec.virtualMailboxes()));
        }
        if (!spec.postfixTuning().isDefault()) {
            o.set("postfix", postfix(spec.postfixTuning()));
        }
        spec.dkim().ifPresent(d -> o.putObject("dkim").put("selector", d.selector()).put("keyBits", d.keyBits()));
        spec.spf().ifPresent(p -> o.put("spf", p.word()));
        if (spec.openRelayAllowed()) {
            o.put("allowOpenRelayKnowingItWillBeAbused", true);
        }
        return o;
    }

    private static ObjectNode postfix(PostfixTuning t) {
        ObjectNode o = NODES.objectNode();
        PostfixTuning defaults = PostfixTuning.defaults();
        if (t.saslType() != defaults.saslType() || !t.saslPath().equals(defaults.saslPath())) {
            ObjectNode sasl = o.putObject("sasl");
            sasl.put("type", t.saslType().word());
            sasl.put("path", t.saslPath());
        }
        if (t.processLimit() != defaults.processLimit()) {
            o.put("processLimit", t.processLimit());
        }
        if (!t.extras().isEmpty()) {
            ObjectNode extra = o.putObject("extra");
            t.extras().forEach(extra::put);
        }
        return o;
    }

    private static ObjectNode tls(Tls t) {
        ObjectNode o = NODES.objectNode();
        if (t.selfSigned()) {
            o.put("selfSigned", true);
        }
        o.put("certificate", t.certificate().toString());
        o.put("privateKey", t.privateKey().toString());
        o.put("minimumVersion", t.minimumVersion().protocolName());
        o.put("securityLevel", Words.of(t.securityLevel()));
        t.cipherPolicy().ifPresent(c -> o.put("cipherPolicy", c.word()));
        return o;
    }

    private static ObjectNode limits(ConnectionLimits l) {
        ObjectNode o = NODES.objectNode();
        if (l.connectionsPerMinute() > 0) {
            o.put("connectionsPerMinute", l.connectionsPerMinute());
        }
        if (l.concurrentConnections() > 0) {
            o.put("concurrentConnections", l.concurrentConnections());
        }
        if (l.messagesPerMinute() > 0) {
            o.put("messagesPerMinute", l.messagesPerMinute());
        }
        return o;
    }

    private static ObjectNode mailboxes(VirtualMailboxes v) {
        VirtualMailboxes none = VirtualMailboxes.none();
        ObjectNode o = NODES.objectNode();
        o.put("type", Words.of(v.kind()));
        if (v.kind() == VirtualMailboxes.Kind.STATIC) {
            ArrayNode list = o.putArray("mailboxes");
            for (Map.Entry<String, String> e : v.mailboxes().entrySet()) {
                ObjectNode entry = list.addObject().put("address", e.getKey()).put("mailbox", e.getValue());
                if (v.logins().containsKey(e.getKey())) {
                    // a reference or a hash, never a password
                    entry.put("password", v.logins().get(e.getKey()).toSpecText());
                }
            }
        }
        v.mysql().ifPresent(m -> {
            ObjectNode mysql = o.putObject("mysql");
            mysql.put("host", m.host());
            mysql.put("port", m.port());
            mysql.put("database", m.database());
            mysql.put("user", m.user());
            // Only the reference: the value is read at apply time and never written anywhere.
            mysql.put("password", m.password().toString());
            mysql.set("mailboxLookup", lookup(m.mailboxLookup()));
            if (m.domainLookup() != null) {
                mysql.set("domainLookup", lookup(m.domainLookup()));
            }
            if (m.aliasLookup() != null) {
                mysql.set("aliasLookup", lookup(m.aliasLookup()));
            }
        });
        if (!v.baseDirectory().equals(none.baseDirectory())) {
            o.put("baseDirectory", v.baseDirectory());
        }
        if (v.uid() != none.uid() || v.gid() != none.gid()) {
            o.putObject("owner").put("uid", v.uid()).put("gid", v.gid());
        }
        return o;
    }

    private static ObjectNode lookup(SqlLookup l) {
        return NODES.objectNode().put("table", l.table()).put("keyColumn", l.keyColumn())
                .put("resultColumn", l.resultColumn());
    }
}
