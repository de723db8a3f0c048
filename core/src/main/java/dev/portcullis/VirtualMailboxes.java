package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where mail for virtual users is delivered: nowhere (local users only), a static map of address
 * to mailbox, or lookups in MySQL. Mailboxes are Maildir folders below {@link #baseDirectory()},
 * owned by {@link #uid()}:{@link #gid()}.
 */
public final class VirtualMailboxes {

    /** How mailboxes are looked up. */
    public enum Kind {
        /** No virtual mailboxes. */
        NONE,
        /** A fixed map from address to mailbox, written by Portcullis and compiled with postmap. */
        STATIC,
        /** Lookups in a MySQL/MariaDB database. */
        MYSQL
    }

    private static final VirtualMailboxes NONE = new VirtualMailboxes(Kind.NONE, Map.of(), null, "/var/mail/vhosts", 5000, 5000);

    private final Kind kind;
    private final Map<String, String> mailboxes;
    private final MySql mysql;
    private final String baseDirectory;
    private final int uid;
    private final int gid;
    private final Map<String, LoginPassword> logins;

    private VirtualMailboxes(Kind kind, Map<String, String> mailboxes, MySql mysql, String baseDirectory, int uid, int gid) {
        this(kind, mailboxes, mysql, baseDirectory, uid, gid, Map.of());
    }

    private VirtualMailboxes(Kind kind, Map<String, String> mailboxes, MySql mysql, String baseDirectory, int uid, int gid,
            Map<String, LoginPassword> logins) {
        this.kind = kind;
        this.mailboxes = Collections.unmodifiableMap(new TreeMap<>(mailboxes));
        this.mysql = mysql;
        this.baseDirectory = baseDirectory;
        this.uid = uid;
        this.gid = gid;
        this.logins = Collections.unmodifiableMap(new TreeMap<>(logins));
    }

    /** @return no virtual mailboxes */
    public static VirtualMailboxes none() {
        return NONE;
    }

    /**
     * A static map, e.g. {@code "alice@example.com" -> "example.com/alice/"}.
     *
     * @param mailboxes address to Maildir path (relative to the base directory, ending in '/')
     * @return the setting, with base directory /var/mail/vhosts and uid/gid 5000
     * @throws InvalidSpecException naming each bad entry
     */
    public static VirtualMailboxes staticMap(Map<String, String> mailboxes) {
        Problems p = Problems.create();
        Map<String, String> clean = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : mailboxes.entrySet()) {
            String address = p.parse("mailboxes[" + i + "].address", e.getKey(), VirtualMailboxes::address);
            String mailbox = p.parse("mailboxes[" + i + "].mailbox", e.getValue(), VirtualMailboxes::mailbox);
            if (address != null && mailbox != null) {
                clean.put(address, mailbox);
            }
            i++;
        }
        if (mailboxes.isEmpty()) {
            p.add("mailboxes", "a static map needs at least one mailbox");
        }
        p.throwIfAny();
        return new VirtualMailboxes(Kind.STATIC, clean, null, NONE.baseDirectory, NONE.uid, NONE.gid);
    }

    /**
     * @param mysql where and how to look mailboxes up
     * @return the setting, with base directory /var/mail/vhosts and uid/gid 5000
     */
    public static VirtualMailboxes mysql(MySql mysql) {
        return new VirtualMailboxes(Kind.MYSQL, Map.of(), Objects.requireNonNull(mysql, "mysql"),
                NONE.baseDirectory, NONE.uid, NONE.gid);
    }

    /**
     * @param directory absolute path under which Maildirs live
     * @return a copy with that base
     */
    public VirtualMailboxes baseDirectory(String directory) {
        try {
            return new VirtualMailboxes(kind, mailboxes, mysql, Text.absolutePath(directory), uid, gid, logins);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException("baseDirectory", e.problems().get(0).reason());
        }
    }

    /**
     * @param uid owner uid of the mailboxes
     * @param gid owner gid of the mailboxes
     * @return a copy with that owner
     */
    public VirtualMailboxes owner(int uid, int gid) {
        if (uid < 1 || gid < 1) {
            throw new InvalidSpecException("owner", "uid and gid must be positive (mail is never delivered as root)");
        }
        return new VirtualMailboxes(kind, mailboxes, mysql, baseDirectory, uid, gid, logins);
    }

    /**
     * Lets a mailbox user log in (SASL, on the submission ports) to send mail. The password is a
     * reference or a hash, never the password itself.
     *
     * @param address a mailbox of this static map
     * @param password how the user proves who they are
     * @return a copy with that login added (or replaced)
     * @throws InvalidSpecException naming {@code logins} when the address is not a mailbox of the map
     */
    public VirtualMailboxes withLogin(String address, LoginPassword password) {
        if (kind != Kind.STATIC) {
            throw new InvalidSpecException("logins", "only a static map lists logins (logins of MySQL users are"
                    + " not supported yet)");
        }
        String clean;
        try {
            clean = address(address == null ? "" : address);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException("logins", e.problems().get(0).reason());
        }
        if (!mailboxes.containsKey(clean)) {
            throw new InvalidSpecException("logins", Text.show(clean) + " is not a mailbox of this map: only mailbox"
                    + " users log in");
        }
        Map<String, LoginPassword> more = new TreeMap<>(logins);
        more.put(clean, Objects.requireNonNull(password, "password"));
        return new VirtualMailboxes(kind, mailboxes, mysql, baseDirectory, uid, gid, more);
    }

    /** @return the users who may log in to submit mail, by address, with how each proves it (empty: nobody) */
    public Map<String, LoginPassword> logins() {
        return logins;
    }

    static String address(String raw) {
        int at = raw.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidSpecException("", Text.refusal(raw, "a mail address", "local@domain"));
        }
        String local = raw.substring(0, at);
        Text.require(local, Text.LOCAL_PART, "a mail address", "local part of letters, digits and . _ + -");
        return local + "@" + HostName.of(raw.substring(at + 1)).value();
    }

    static String mailbox(String raw) {
        Text.require(raw, Text.MAILBOX, "a mailbox path", "relative path of letters, digits and . _ -");
        for (String seg : raw.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new InvalidSpecException("", Text.show(raw) + " is not a mailbox path: it has a '" + seg + "' segment");
            }
        }
        return raw;
    }

    /** @return how mailboxes are looked up */
    public Kind kind() {
        return kind;
    }

    /** @return the static map (empty unless {@link Kind#STATIC}) */
    public Map<String, String> mailboxes() {
        return mailboxes;
    }

    /** @return the MySQL settings when {@link Kind#MYSQL} */
    public Optional<MySql> mysql() {
        return Optional.ofNullable(mysql);
    }

    /** @return absolute path under which Maildirs live */
    public String baseDirectory() {
        return baseDirectory;
    }

    /** @return owner uid of the mailboxes */
    public int uid() {
        return uid;
    }

    /** @return owner gid of the mailboxes */
    public int gid() {
        return gid;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VirtualMailboxes)) {
            return false;
        }
        VirtualMailboxes v = (VirtualMailboxes) o;
        return kind == v.kind && mailboxes.equals(v.mailboxes) && Objects.equals(mysql, v.mysql)
                && baseDirectory.equals(v.baseDirectory) && uid == v.uid && gid == v.gid && logins.equals(v.logins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, mailboxes, mysql, baseDirectory, uid, gid, logins);
    }

    @Override
    public String toString() {
        return "VirtualMailboxes{" + kind + (kind == Kind.STATIC ? " " + mailboxes : "")
                + (mysql != null ? " " + mysql : "") + ", base=" + baseDirectory + ", owner=" + uid + ":" + gid + (logins.isEmpty() ? "" : ", logins=" + logins) + "}";
    }

    /**
     * MySQL (or MariaDB) connection and lookups. The password is a {@link SecretRef}, resolved only
     * when the map files are written.
     *
     * @param host database host (a host name or IP literal)
     * @param port database port
     * @param database database name
     * @param user database user
     * @param password reference to the password
     * @param mailboxLookup address to Maildir path
     * @param domainLookup optional: which domains are virtual (null: the spec's accepted domains)
     * @param aliasLookup optional: address to forwarding address (null: none)
     */
    public record MySql(String host, int port, String database, String user, SecretRef password,
            SqlLookup mailboxLookup, SqlLookup domainLookup, SqlLookup aliasLookup) {

        /**
         * Validates every field and reports all problems at once.
         *
         * @param host the database server's host name or IP address
         * @param port its TCP port, 1-65535
         * @param database the database that holds the tables, an SQL identifier
         * @param user the user Postfix connects as, an SQL identifier
         * @param password where the user's password lives (a reference, never the value)
         * @param mailboxLookup the table mapping an address to its mailbox path
         * @param domainLookup the table listing the virtual domains, or null to list them in the spec
         * @param aliasLookup the table mapping an address to others, or null for none
         */
        public MySql {
            Problems p = Problems.create();
            p.parse("host", host, MySql::hostOrAddress);
            if (PortRange.problem(port, port) != null) {
                p.add("port", PortRange.problem(port, port));
            }
            p.parse("database", database, v -> Text.require(v, Text.SQL_IDENTIFIER, "a database name",
                    "letters, digits and _"));
            p.parse("user", user, v -> Text.require(v, Text.SQL_IDENTIFIER, "a database user", "letters, digits and _"));
            if (password == null) {
                p.add("password", "is missing (a reference such as env:DB_PASSWORD)");
            }
            if (mailboxLookup == null) {
                p.add("mailboxLookup", "is missing");
            }
            p.throwIfAny();
        }

        private static String hostOrAddress(String v) {
            if (v.matches("[0-9./]+") || v.contains(":")) {
                Cidr address = Cidr.parse(v);
                if (!address.isHost()) {
                    throw new InvalidSpecException("", Text.show(v) + " is a network, not a host address");
                }
                return address.address();
            }
            return HostName.of(v).value();
        }
    }
}
