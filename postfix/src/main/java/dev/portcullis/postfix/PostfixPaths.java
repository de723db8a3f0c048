package dev.portcullis.postfix;

/**
 * Where Postfix keeps its configuration and where Portcullis keeps what it owns beside it. Every
 * file Portcullis writes carries "portcullis" in its name, so an admin sees at a glance what is
 * whose.
 */
final class PostfixPaths {

    static final String CONFIG_DIR = "/etc/postfix";
    static final String MAIN_CF = CONFIG_DIR + "/main.cf";
    static final String MASTER_CF = CONFIG_DIR + "/master.cf";

    /** Portcullis's own directory: the record, the originals, the rollback copies. */
    static final String STATE_DIR = CONFIG_DIR + "/portcullis";
    /** What Portcullis set and what was there before; {@code remove} reads it. */
    static final String RECORD = STATE_DIR + "/record";
    /** main.cf as it was before Portcullis first touched it. */
    static final String ORIGINAL_MAIN_CF = STATE_DIR + "/main.cf.orig";
    /** master.cf as it was before Portcullis first touched it. */
    static final String ORIGINAL_MASTER_CF = STATE_DIR + "/master.cf.orig";
    /**
     * {@code sha256sum} of main.cf and master.cf as Portcullis left them. When both files still
     * match it, nobody edited them since, and remove can put the originals back byte for byte.
     */
    static final String APPLIED_DIGESTS = STATE_DIR + "/applied.sha256";
    /** Copies taken at the start of every apply, restored byte for byte on failure. */
    static final String ROLLBACK_DIR = STATE_DIR + "/rollback";

    /** Source of the static virtual mailbox map (compiled by postmap into {@code .db}). */
    static final String STATIC_MAILBOX_MAP = CONFIG_DIR + "/portcullis-virtual-mailboxes";
    /** MySQL lookup of mailboxes. */
    static final String MYSQL_MAILBOX_MAP = CONFIG_DIR + "/portcullis-mysql-mailboxes.cf";
    /** MySQL lookup of virtual domains. */
    static final String MYSQL_DOMAIN_MAP = CONFIG_DIR + "/portcullis-mysql-domains.cf";
    /** MySQL lookup of aliases. */
    static final String MYSQL_ALIAS_MAP = CONFIG_DIR + "/portcullis-mysql-aliases.cf";

    /** The relay host's login ({@code smtp_sasl_password_maps}), 0600 root, compiled by postmap into {@code .db}. */
    static final String RELAY_PASSWORD_MAP = CONFIG_DIR + "/portcullis-relay-passwd";

    /**
     * The files that hold a secret (the MySQL password, the hashes of the submission logins, the
     * relay's login); a {@code .db} compiled from one of them holds it too.
     */
    static final java.util.List<String> SECRET_FILES = java.util.List.of(MYSQL_MAILBOX_MAP, MYSQL_DOMAIN_MAP, MYSQL_ALIAS_MAP,
            DovecotAuth.USERS, RELAY_PASSWORD_MAP);
    private static final String COMPILED = ".db";

    private PostfixPaths() {
    }

    /**
     * A digest of such a file is never taken, not even of its rollback copy: the rest of the file
     * is a known template, so a digest would let anyone holding a report guess the password
     * offline. Their redacted twins stand witness instead.
     *
     * @param path a path
     * @return whether it is a secret-holding file or a rollback copy of one
     */
    static boolean holdsSecret(String path) {
        return SECRET_FILES.stream().anyMatch(f -> path.endsWith(f) || path.endsWith(f + COMPILED)) || OpenDkim.isKey(path);
    }

    /**
     * @param path a file Portcullis may overwrite
     * @return where the rollback copy of it lives
     */
    static String rollbackCopy(String path) {
        return ROLLBACK_DIR + path; // where cp --parents puts it
    }

    /** Files outside Postfix's folder that Portcullis replaced, as they were before its first apply (cp --parents). */
    static final String ORIGINALS_DIR = STATE_DIR + "/originals";

    /**
     * @param path a file Portcullis replaces that belongs to another package ({@code /etc/opendkim.conf})
     * @return where the file as it was before Portcullis is kept until remove puts it back
     */
    static String originalCopy(String path) {
        return ORIGINALS_DIR + path;
    }

    /**
     * @param mapFile a secret-holding file, or the {@code .db} compiled from one
     * @return the redacted twin of it (password replaced by the secret reference), whose digest
     *     tells whether the map file is current without ever reading the secret back; a compiled
     *     {@code .db} shares the twin of its source
     */
    static String redactedTwin(String mapFile) {
        String source = mapFile.endsWith(COMPILED) && holdsSecret(mapFile)
                ? mapFile.substring(0, mapFile.length() - COMPILED.length()) : mapFile;
        return STATE_DIR + "/" + source.substring(source.lastIndexOf('/') + 1) + ".redacted";
    }
}
