package dev.portcullis.spec;

import dev.portcullis.ConnectionLimits;
import dev.portcullis.DataSize;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.LoginPassword;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.RelayHost;
import dev.portcullis.SaslType;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code kind: mail-server} document by driving {@link MailServerSpec.Builder} and the
 * factories of its parts ({@link Tls}, {@link VirtualMailboxes}, {@link SqlLookup},
 * {@link SecretRef}), so validation and field paths are those of the Java API.
 */
final class MailServerSpecReader {

    /** A spec with every default, to fill in what a document leaves out where the builder needs pairs. */
    private static final MailServerSpec DEFAULTS = MailServerSpec.forHost("defaults.invalid").build();

    private MailServerSpecReader() {
    }

    static MailServerSpec read(SpecNode root) {
        root.allowOnly("kind", "hostname", "origin", "acceptedDomains", "trustedNetworks", "listenInterfaces",
                "ipFamilies", "tls", "submission", "smtps", "postfix", "relayHost", "maxMessageSize", "connectionLimits",
                "vrfyDisabled", "virtualMailboxes", "allowOpenRelayKnowingItWillBeAbused", "sasl", "processLimit",
                "logRetention", "dkim", "spf");
        for (String moved : new String[] {"sasl", "processLimit"}) {
            if (root.has(moved)) {
                root.refuse(moved, "is a Postfix setting: write it under postfix (postfix: {" + moved + ": ...})");
            }
        }
        MailServerSpec.Builder b = MailServerSpec.forHost(root.text("hostname"));
        String origin = root.text("origin");
        if (origin != null) {
            b.origin(origin);
        }
        b.acceptMailFor(texts(root, "acceptedDomains", List.of()));
        b.trustNetworks(texts(root, "trustedNetworks", List.of()));
        if (root.has("listenInterfaces")) {
            listenInterfaces(b, texts(root, "listenInterfaces", List.of()));
        }
        List<SpecNode> families = root.list("ipFamilies");
        if (families != null) {
            List<IpFamily> chosen = new ArrayList<>();
            for (SpecNode f : families) {
                IpFamily family = f.word(Words.FAMILIES);
                chosen.add(family == null ? IpFamily.IPV4 : family);
            }
            b.ipFamilies(chosen.toArray(new IpFamily[0]));
        }
        SpecNode tls = root.object("tls");
        if (tls != null) {
            b.tls(tls(tls));
        }
        if (Boolean.TRUE.equals(root.bool("submission"))) {
            b.submission();
        }
        if (Boolean.TRUE.equals(root.bool("smtps"))) {
            b.smtps();
        }
        SpecNode postfix = root.object("postfix");
        if (postfix != null) {
            PostfixTuning tuning = postfix(postfix);
            if (tuning != null) {
                b.postfix(tuning);
            }
        }
        SpecNode relay = root.object("relayHost");
        if (relay != null) {
            relayHost(b, relay);
        }
        SpecNode size = root.field("maxMessageSize");
        if (size != null) {
            DataSize s = size(size);
            if (s != null) {
                b.maxMessageSize(s);
            }
        }
        String retention = root.text("logRetention");
        if (retention != null) {
            if (retention.matches("[0-9]{1,5}d")) {
                b.logRetention(java.time.Duration.ofDays(Long.parseLong(retention.substring(0, retention.length() - 1))));
            } else {
                root.refuse("logRetention", "write whole days, such as 60d, not '" + retention + "'");
            }
        }
        SpecNode limits = root.object("connectionLimits");
        if (limits != null) {
            ConnectionLimits l = limits(limits);
            if (l != null) {
                b.connectionLimits(l);
            }
        }
        Boolean vrfy = root.bool("vrfyDisabled");
        if (vrfy != null) {
            b.vrfyDisabled(vrfy);
        }
        SpecNode mailboxes = root.object("virtualMailboxes");
        if (mailboxes != null) {
            VirtualMailboxes v = VirtualMailboxesReader.read(mailboxes);
            if (v != null) {
                b.virtualMailboxes(v);
            }
        }
        SpecNode dkim = root.object("dkim");
        if (dkim != null) {
            dev.portcullis.DkimSigning signing = dkim(dkim);
            if (signing != null) {
                b.dkim(signing);
            }
        }
        if (root.has("spf")) {
            b.spf(root.word("spf", Words.SPF_POLICIES));
        }
        if (Boolean.TRUE.equals(root.bool("allowOpenRelayKnowingItWillBeAbused"))) {
            b.allowOpenRelayKnowingItWillBeAbused();
        }
        try {
            return b.build();
        } catch (InvalidSpecException e) {
            root.problems().addModel(e, "");
            return null;
        }
    }

    /** Reads {@code relayHost: {host, port, user, password, trustedCa}}; a login or a CA goes through {@link RelayHost.Builder}. */
    private static void relayHost(MailServerSpec.Builder b, SpecNode relay) {
        relay.allowOnly("host", "port", "user", "password", "trustedCa");
        if (!relay.has("host")) {
            // The builder takes a missing host as "no relay host": in a file it is a mistake.
            relay.refuse("host", "is missing (the smart host's name)");
        }
        Integer port = relay.integer("port");
        int p = port == null ? MailServerSpec.SMTP_PORT : port;
        if (!relay.has("user") && !relay.has("password") && !relay.has("trustedCa")) {
            b.relayHost(relay.text("host"), p);
            return;
        }
        RelayHost.Builder r = RelayHost.builder(relay.text("host"), p);
        SecretRef password = null;
        String reference = relay.text("password");
        if (reference != null) {
            try {
                password = SecretRef.parse(reference);
            } catch (InvalidSpecException e) {
                relay.refuse("password", e.problems().get(0).reason());
                return;
            }
        }
        if (relay.has("user") || password != null) {
            r.credentials(relay.text("user"), password);
        }
        if (relay.has("trustedCa")) {
            r.trustedCa(path(relay, "trustedCa"));
        }
        try {
            b.relayHost(r.build());
        } catch (InvalidSpecException e) {
            relay.problems().addModel(e, relay.path());
        }
    }

    /** "all" and "loopback-only" are scopes, anything else an address; a mix is left to the builder to refuse. */
    private static void listenInterfaces(MailServerSpec.Builder b, String[] entries) {
        if (entries.length == 1 && Words.LISTEN_SCOPES.containsKey(entries[0])
                && Words.LISTEN_SCOPES.get(entries[0]) != ListenScope.ADDRESSES) {
            b.listenOn(Words.LISTEN_SCOPES.get(entries[0]));
        } else {
            b.listenOn(entries);
        }
    }

    private static PostfixTuning postfix(SpecNode postfix) {
        postfix.allowOnly("sasl", "processLimit", "extra");
        PostfixTuning.Builder t = PostfixTuning.builder();
        SpecNode sasl = postfix.object("sasl");
        if (sasl != null) {
            sasl.allowOnly("type", "path");
            SaslType type = sasl.has("type") ? sasl.word("type", Words.SASL_TYPES) : DEFAULTS.postfixTuning().saslType();
            String path = sasl.has("path") ? sasl.text("path") : DEFAULTS.postfixTuning().saslPath();
            if (type == null) {
                return null;
            }
            t.sasl(type, path);
        }
        Integer processLimit = postfix.integer("processLimit");
        if (processLimit != null) {
            t.processLimit(processLimit);
        }
        SpecNode extra = postfix.object("extra");
        if (extra != null) {
            // a name without a value is left out, like every empty field of a document
            for (String name : extra.fieldNames()) {
                SpecNode value = extra.field(name);
                String text = value == null ? null : value.scalar();
                if (text != null) {
                    t.extra(name, text);
                }
            }
        }
        try {
            return t.build();
        } catch (InvalidSpecException e) {
            postfix.problems().addModel(e, postfix.path());
            return null;
        }
    }

    /** Reads {@code dkim: {selector: mail, keyBits: 2048}}; both fields are optional. */
    private static dev.portcullis.DkimSigning dkim(SpecNode dkim) {
        dkim.allowOnly("selector", "keyBits");
        dev.portcullis.DkimSigning.Builder d = dev.portcullis.DkimSigning.builder();
        if (dkim.has("selector")) {
            d.selector(dkim.text("selector"));
        }
        Integer bits = dkim.integer("keyBits");
        if (bits != null) {
            d.keyBits(bits);
        }
        try {
            return d.build();
        } catch (InvalidSpecException e) {
            dkim.problems().addModel(e, dkim.path());
            return null;
        }
    }

    /** Text entries of a list; an entry that is not text is reported and passed on as null (refused again, folded away). */
    private static String[] texts(SpecNode node, String field, List<String> absent) {
        List<SpecNode> list = node.list(field);
        if (list == null) {
            return absent.toArray(new String[0]);
        }
        return list.stream().map(SpecNode::text).toArray(String[]::new);
    }

    private static Tls tls(SpecNode tls) {
        tls.allowOnly("certificate", "privateKey", "selfSigned", "minimumVersion", "securityLevel", "cipherPolicy");
        Path certificate = path(tls, "certificate");
        Path privateKey = path(tls, "privateKey");
        Tls t = Boolean.TRUE.equals(tls.bool("selfSigned")) ? Tls.selfSigned(certificate, privateKey)
                : Tls.fromFiles(certificate, privateKey);
        TlsVersion version = tls.word("minimumVersion", Words.TLS_VERSIONS);
        if (version != null) {
            t = t.minimumVersion(version);
        }
        TlsSecurityLevel level = tls.word("securityLevel", Words.SECURITY_LEVELS);
        if (level != null) {
            t = t.securityLevel(level);
        }
        TlsCipherPolicy ciphers = tls.word("cipherPolicy", Words.CIPHER_POLICIES);
        if (ciphers != null) {
            t = t.cipherPolicy(ciphers);
        }
        return t;
    }

    /** Placeholder for a path the reader refused: valid, so the builder adds no second complaint. */
    private static final Path PLACEHOLDER_PATH = Path.of("/refused");

    private static Path path(SpecNode node, String field) {
        String text = node.text(field);
        if (text == null) {
            if (!node.has(field)) {
                node.refuse(field, "is missing (an absolute path)");
            }
            return PLACEHOLDER_PATH;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            node.refuse(field, "is not a path this system accepts (" + e.getReason() + ")");
            return PLACEHOLDER_PATH;
        }
    }

    private static DataSize size(SpecNode size) {
        try {
            if (size.isNumber()) {
                Integer bytes = size.integer();
                return bytes == null ? null : DataSize.ofBytes(bytes);
            }
            String text = size.text();
            return text == null ? null : DataSize.parse(text);
        } catch (InvalidSpecException e) {
            size.refuse(e.problems().get(0).reason());
            return null;
        }
    }

    private static ConnectionLimits limits(SpecNode limits) {
        limits.allowOnly("connectionsPerMinute", "concurrentConnections", "messagesPerMinute");
        Integer perMinute = limits.integer("connectionsPerMinute");
        Integer concurrent = limits.integer("concurrentConnections");
        Integer messages = limits.integer("messagesPerMinute");
        try {
            return new ConnectionLimits(perMinute == null ? 0 : perMinute, concurrent == null ? 0 : concurrent,
                    messages == null ? 0 : messages);
        } catch (InvalidSpecException e) {
            limits.problems().addModel(e, limits.path());
            return null;
        }
    }

    /** Reads {@code virtualMailboxes}: none, a static map, or MySQL lookups. */
    private static final class VirtualMailboxesReader {

        static VirtualMailboxes read(SpecNode v) {
            v.allowOnly("type", "mailboxes", "mysql", "baseDirectory", "owner");
            VirtualMailboxes.Kind kind = v.word("type", Words.MAILBOX_KINDS);
            if (kind == null) {
                if (!v.has("type")) {
                    v.refuse("type", "is missing (none, static or mysql)");
                }
                return null;
            }
            if (kind != VirtualMailboxes.Kind.STATIC && v.has("mailboxes")) {
                v.refuse("mailboxes", "only a static map (type: static) lists mailboxes");
            }
            if (kind != VirtualMailboxes.Kind.MYSQL && v.has("mysql")) {
                v.refuse("mysql", "only type: mysql has MySQL settings");
            }
            VirtualMailboxes result = null;
            try {
                if (kind == VirtualMailboxes.Kind.NONE) {
                    result = VirtualMailboxes.none();
                } else if (kind == VirtualMailboxes.Kind.STATIC) {
                    result = logins(v, VirtualMailboxes.staticMap(staticMap(v)));
                } else {
                    SpecNode mysql = v.object("mysql");
                    if (mysql == null) {
                        if (!v.has("mysql")) {
                            v.refuse("mysql", "is missing (host, database, user, password, mailboxLookup)");
                        }
                        return null;
                    }
                    VirtualMailboxes.MySql settings = mysql(mysql);
                    result = settings == null ? null : VirtualMailboxes.mysql(settings);
                }
            } catch (InvalidSpecException e) {
                v.problems().addModel(e, v.path());
            }
            if (result == null) {
                return null;
            }
            String base = v.text("baseDirectory");
            if (base != null) {
                try {
                    result = result.baseDirectory(base);
                } catch (InvalidSpecException e) {
                    v.problems().addModel(e, v.path());
                }
            }
            SpecNode owner = v.object("owner");
            if (owner != null) {
                owner.allowOnly("uid", "gid");
                Integer uid = owner.integer("uid");
                Integer gid = owner.integer("gid");
                try {
                    result = result.owner(uid == null ? result.uid() : uid, gid == null ? result.gid() : gid);
                } catch (InvalidSpecException e) {
                    v.problems().addModel(e, v.path());
                }
            }
            return result;
        }

        /** Entries in document order, so the model's {@code mailboxes[i]} paths match the document's. */
        private static Map<String, String> staticMap(SpecNode v) {
            Map<String, String> map = new LinkedHashMap<>();
            List<SpecNode> entries = v.list("mailboxes");
            if (entries == null) {
                return map;
            }
            for (int i = 0; i < entries.size(); i++) {
                SpecNode e = entries.get(i);
                // Refused entries get a unique key the model refuses on the same path.
                String refusedKey = "\u0000refused-" + i;
                if (!e.isObject()) {
                    e.refuse("must be a mapping with address and mailbox");
                    map.put(refusedKey, "refused");
                    continue;
                }
                e.allowOnly("address", "mailbox", "password");
                String address = e.text("address");
                String mailbox = e.text("mailbox");
                if (address == null && !e.has("address")) {
                    e.refuse("address", "is missing");
                }
                if (mailbox == null && !e.has("mailbox")) {
                    e.refuse("mailbox", "is missing");
                }
                if (address != null && map.containsKey(address)) {
                    e.refuse("address", "is listed twice");
                    address = null;
                }
                map.put(address == null ? refusedKey : address, mailbox);
            }
            return map;
        }

        /** The optional {@code password} of each static entry: the users who may log in to submit mail. */
        private static VirtualMailboxes logins(SpecNode v, VirtualMailboxes map) {
            List<SpecNode> entries = v.list("mailboxes");
            VirtualMailboxes result = map;
            for (int i = 0; entries != null && i < entries.size(); i++) {
                SpecNode e = entries.get(i);
                String password = e.isObject() ? e.text("password") : null;
                if (password == null) {
                    continue;
                }
                try {
                    result = result.withLogin(e.text("address"), LoginPassword.parse(password));
                } catch (InvalidSpecException problem) {
                    e.refuse("password", problem.problems().get(0).reason());
                }
            }
            return result;
        }

        private static VirtualMailboxes.MySql mysql(SpecNode m) {
            m.allowOnly("host", "port", "database", "user", "password", "mailboxLookup", "domainLookup", "aliasLookup");
            Integer port = m.integer("port");
            SecretRef password = null;
            String reference = m.text("password");
            if (reference != null) {
                try {
                    password = SecretRef.parse(reference);
                } catch (InvalidSpecException e) {
                    m.refuse("password", e.problems().get(0).reason());
                }
            }
            SqlLookup mailbox = lookup(m, "mailboxLookup");
            SqlLookup domain = lookup(m, "domainLookup");
            SqlLookup alias = lookup(m, "aliasLookup");
            try {
                return new VirtualMailboxes.MySql(m.text("host"), port == null ? 3306 : port, m.text("database"),
                        m.text("user"), password, mailbox, domain, alias);
            } catch (InvalidSpecException e) {
                m.problems().addModel(e, m.path());
                return null;
            }
        }

        private static SqlLookup lookup(SpecNode m, String field) {
            SpecNode l = m.object(field);
            if (l == null) {
                return null;
            }
            l.allowOnly("table", "keyColumn", "resultColumn");
            try {
                return SqlLookup.of(l.text("table"), l.text("keyColumn"), l.text("resultColumn"));
            } catch (InvalidSpecException e) {
                l.problems().addModel(e, l.path());
                return null;
            }
        }
    }
}
