package dev.portcullis.postfix;

import dev.portcullis.Cidr;
import dev.portcullis.ConnectionLimits;
import dev.portcullis.HostName;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link MailServerSpec} means in Postfix terms: the main.cf parameters, the master.cf
 * services and the map files. Pure: no host is consulted.
 */
final class PostfixSettings {

    /** Postfix's own limit for mailboxes; a larger message size needs it lifted. */
    static final long DEFAULT_MAILBOX_LIMIT = 51_200_000L;
    /** Postfix's default per-client concurrency, used when the spec says "server default" (0). */
    static final int DEFAULT_CLIENT_CONCURRENCY = 50;
    /** Changing these needs a full restart: a reload keeps the old listening sockets. */
    static final Set<String> RESTART_KEYS = Set.of("inet_interfaces", "inet_protocols");

    static final String SUBMISSION = "submission/inet";
    static final String SUBMISSIONS = "submissions/inet";
    /** Older name of the port 465 service; reused when the host already defines it. */
    static final String SMTPS = "smtps/inet";

    private static final String RESTRICTIONS = "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination";

    private PostfixSettings() {
    }

    /**
     * @param spec the mail server
     * @return main.cf parameters, in a stable order
     */
    static Map<String, String> mainCf(MailServerSpec spec) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("myhostname", spec.hostname().value());
        p.put("myorigin", spec.origin().value());
        VirtualMailboxes vm = spec.virtualMailboxes();
        List<String> destinations = new ArrayList<>(List.of("$myhostname", "localhost.$mydomain", "localhost"));
        if (vm.kind() == VirtualMailboxes.Kind.NONE) {
            spec.acceptedDomains().forEach(d -> destinations.add(d.value()));
        }
        p.put("mydestination", String.join(", ", destinations));
        p.put("mynetworks", mynetworks(spec));
        p.put("inet_interfaces", spec.listenScope() == ListenScope.ADDRESSES
                ? String.join(", ", spec.listenAddresses()) : spec.listenScope().word());
        p.put("inet_protocols", inetProtocols(spec.ipFamilies()));
        p.put("smtpd_relay_restrictions", RESTRICTIONS);
        p.put("smtpd_recipient_restrictions", PolicydSpf.restrictions(spec, RESTRICTIONS));
        tls(spec.tls(), p);
        p.put("disable_vrfy_command", spec.vrfyDisabled() ? "yes" : "no");
        long size = spec.maxMessageSize().bytes();
        p.put("message_size_limit", Long.toString(size));
        if (size > DEFAULT_MAILBOX_LIMIT) {
            // Postfix refuses to start when a mailbox limit is below the message size limit.
            p.put("mailbox_size_limit", "0");
            if (vm.kind() != VirtualMailboxes.Kind.NONE) {
                p.put("virtual_mailbox_limit", "0");
            }
        }
        ConnectionLimits limits = spec.connectionLimits();
        p.put("anvil_rate_time_unit", "60s");
        p.put("smtpd_client_connection_rate_limit", Integer.toString(limits.connectionsPerMinute()));
        p.put("smtpd_client_connection_count_limit", Integer.toString(
                limits.concurrentConnections() == 0 ? DEFAULT_CLIENT_CONCURRENCY : limits.concurrentConnections()));
        p.put("smtpd_client_message_rate_limit", Integer.toString(limits.messagesPerMinute()));
        p.put("relayhost", spec.relayHost().map(r -> "[" + r.host().value() + "]:" + r.port()).orElse(""));
        p.put("default_process_limit", Integer.toString(spec.postfixTuning().processLimit()));
        virtual(spec, p);
        p.putAll(LogRetentionPolicy.mainCf(spec));
        OpenDkim.mainCf(spec, p);
        RelayHostLogin.mainCf(spec, p);
        PostfixExtras.addTo(spec, p); // last: refuses any name the spec's own fields set above
        return p;
    }

    private static String mynetworks(MailServerSpec spec) {
        List<String> nets = new ArrayList<>(List.of("127.0.0.0/8"));
        if (spec.ipFamilies().contains(IpFamily.IPV6)) {
            nets.add("[::ffff:127.0.0.0]/104");
            nets.add("[::1]/128");
        }
        for (Cidr c : spec.trustedNetworks()) {
            nets.add(c.family() == IpFamily.IPV6 ? "[" + c.address() + "]/" + c.prefixLength() : c.toCidrString());
        }
        return String.join(" ", nets);
    }

    private static String inetProtocols(Set<IpFamily> families) {
        // never empty: Postfix then listens nowhere and says so only in its log
        if (families.size() == 2) {
            return "all";
        }
        return families.contains(IpFamily.IPV4) ? "ipv4" : "ipv6";
    }

    private static void tls(Optional<Tls> tls, Map<String, String> p) {
        if (tls.isEmpty()) {
            p.put("smtpd_tls_security_level", "none");
            return;
        }
        Tls t = tls.get();
        p.put("smtpd_tls_cert_file", t.certificate().toString());
        p.put("smtpd_tls_key_file", t.privateKey().toString());
        p.put("smtpd_tls_security_level", t.securityLevel() == TlsSecurityLevel.ENCRYPT ? "encrypt" : "may");
        String excluded = protocolExclusions(t.minimumVersion());
        p.put("smtpd_tls_protocols", excluded);
        p.put("smtpd_tls_mandatory_protocols", excluded);
        p.put("smtpd_tls_auth_only", "yes");
        TlsCipherSettings.mainCf(t, p);
    }

    /**
     * @param minimum lowest version to accept
     * @return the exclusion list every Postfix since 2.x understands, e.g. "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1"
     */
    static String protocolExclusions(TlsVersion minimum) {
        List<String> excluded = new ArrayList<>(List.of("!SSLv2", "!SSLv3"));
        for (TlsVersion v : TlsVersion.values()) {
            if (v.compareTo(minimum) < 0) {
                excluded.add("!" + v.protocolName());
            }
        }
        return String.join(", ", excluded);
    }

    private static void virtual(MailServerSpec spec, Map<String, String> p) {
        VirtualMailboxes vm = spec.virtualMailboxes();
        if (vm.kind() == VirtualMailboxes.Kind.NONE) {
            return;
        }
        List<String> domains = spec.acceptedDomains().stream().map(HostName::value).toList();
        if (vm.kind() == VirtualMailboxes.Kind.STATIC) {
            p.put("virtual_mailbox_domains", String.join(", ", domains));
            p.put("virtual_mailbox_maps", "hash:" + PostfixPaths.STATIC_MAILBOX_MAP);
        } else {
            VirtualMailboxes.MySql my = vm.mysql().orElseThrow();
            p.put("virtual_mailbox_domains", my.domainLookup() != null ? "mysql:" + PostfixPaths.MYSQL_DOMAIN_MAP
                    : String.join(", ", domains));
            p.put("virtual_mailbox_maps", "mysql:" + PostfixPaths.MYSQL_MAILBOX_MAP);
            if (my.aliasLookup() != null) {
                p.put("virtual_alias_maps", "mysql:" + PostfixPaths.MYSQL_ALIAS_MAP);
            }
        }
        p.put("virtual_mailbox_base", vm.baseDirectory());
        p.put("virtual_uid_maps", "static:" + vm.uid());
        p.put("virtual_gid_maps", "static:" + vm.gid());
        if (vm.uid() < 100) {
            p.put("virtual_minimum_uid", Integer.toString(vm.uid()));
        }
    }

    /**
     * @param spec the mail server
     * @param existing master.cf services now, to reuse the older "smtps" name for port 465
     * @return the submission services the spec enables, by "service/type"
     */
    static Map<String, MasterEntry> masterCf(MailServerSpec spec, Map<String, MasterEntry> existing) {
        Map<String, MasterEntry> s = new LinkedHashMap<>();
        if (spec.submission()) {
            s.put(SUBMISSION, MasterEntry.smtpd("submission", submissionOverrides(spec, "submission", false)));
        }
        if (spec.smtps()) {
            String name = existing.containsKey(SMTPS) && !existing.containsKey(SUBMISSIONS) ? "smtps" : "submissions";
            s.put(name + "/inet", MasterEntry.smtpd(name, submissionOverrides(spec, name, true)));
        }
        PolicydSpf.masterCf(spec, s);
        return s;
    }

    private static List<String> submissionOverrides(MailServerSpec spec, String name, boolean implicitTls) {
        List<String> o = new ArrayList<>();
        o.add("syslog_name=postfix/" + name);
        o.add(implicitTls ? "smtpd_tls_wrappermode=yes" : "smtpd_tls_security_level=encrypt");
        o.add("smtpd_sasl_auth_enable=yes");
        o.add("smtpd_sasl_type=" + spec.postfixTuning().saslType().word());
        o.add("smtpd_sasl_path=" + spec.postfixTuning().saslPath());
        o.add("smtpd_tls_auth_only=yes");
        o.add("smtpd_client_restrictions=permit_sasl_authenticated,reject");
        o.add("smtpd_relay_restrictions=permit_sasl_authenticated,reject");
        return o;
    }

    /**
     * @param spec the mail server
     * @return the map files its virtual mailboxes need
     */
    static List<MapFile> mapFiles(MailServerSpec spec) {
        VirtualMailboxes vm = spec.virtualMailboxes();
        List<MapFile> files = new ArrayList<>();
        if (vm.kind() == VirtualMailboxes.Kind.STATIC) {
            StringBuilder sb = new StringBuilder("# Written by Portcullis for " + spec.name() + "; re-apply overwrites it.\n");
            vm.mailboxes().forEach((address, mailbox) -> sb.append(address).append(' ').append(mailbox).append('\n'));
            files.add(new MapFile(PostfixPaths.STATIC_MAILBOX_MAP, sb.toString(), Optional.empty(), "hash"));
        } else if (vm.kind() == VirtualMailboxes.Kind.MYSQL) {
            VirtualMailboxes.MySql my = vm.mysql().orElseThrow();
            files.add(mysqlMap(spec, my, PostfixPaths.MYSQL_MAILBOX_MAP, my.mailboxLookup()));
            if (my.domainLookup() != null) {
                files.add(mysqlMap(spec, my, PostfixPaths.MYSQL_DOMAIN_MAP, my.domainLookup()));
            }
            if (my.aliasLookup() != null) {
                files.add(mysqlMap(spec, my, PostfixPaths.MYSQL_ALIAS_MAP, my.aliasLookup()));
            }
        }
        files.addAll(LogRetentionPolicy.files(spec));
        files.addAll(OpenDkim.files(spec));
        files.addAll(PolicydSpf.files(spec));
        files.addAll(RelayHostLogin.files(spec));
        return files;
    }

    private static MapFile mysqlMap(MailServerSpec spec, VirtualMailboxes.MySql my, String path, SqlLookup lookup) {
        String host = my.host().contains(":") ? "inet:[" + my.host() + "]:" + my.port() : my.host() + ":" + my.port();
        String content = "# Written by Portcullis for " + spec.name() + "; re-apply overwrites it.\n"
                + "hosts = " + host + "\n"
                + "user = " + my.user() + "\n"
                + "password = " + MapFile.PASSWORD_PLACEHOLDER + "\n"
                + "dbname = " + my.database() + "\n"
                + "query = " + lookup.toPostfixQuery() + "\n";
        return new MapFile(path, content, Optional.of(my.password()), null);
    }
}
