package dev.portcullis.postfix;

import dev.portcullis.SecretRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A lookup table file Portcullis writes: a static map compiled with {@code postmap}, or a MySQL
 * map definition whose password line is filled in from a {@link SecretRef} only at apply time.
 *
 * @param path where it goes
 * @param content its text, with {@link #PASSWORD_PLACEHOLDER} standing for the password
 * @param password the password reference for MySQL maps; empty for static maps
 * @param postmapType the table type to compile with postmap ("hash"), or null when none is needed
 * @param mode the file's mode ("0644"; a secret-holding file is never readable by others)
 * @param group the file's group (its owner is always root)
 */
record MapFile(String path, String content, Optional<SecretRef> password, String postmapType, String mode, String group) {

    /**
     * A map file with the usual mode: 0644 root:root, or 0640 root:postfix when it holds a secret
     * (a MySQL map, which Postfix's processes read as postfix).
     *
     * @param path where it goes
     * @param content its text, with {@link #PASSWORD_PLACEHOLDER} standing for the password
     * @param password the password reference, when the file holds one
     * @param postmapType the table type to compile with postmap, or null
     */
    MapFile(String path, String content, Optional<SecretRef> password, String postmapType) {
        this(path, content, password, postmapType, password.isPresent() ? "0640" : "0644",
                password.isPresent() ? "postfix" : "root");
    }

    /** Stands for the password in {@link #content()}; never a possible password (secrets with NUL are refused). */
    static final String PASSWORD_PLACEHOLDER = "\u0000PASSWORD\u0000";

    /** @return whether the file holds a secret (MySQL maps, the relay's login): never rendered, never digested */
    boolean secret() {
        return password.isPresent();
    }

    /** @return the lookup table name for main.cf ("mysql:/etc/postfix/x.cf", "hash:/etc/postfix/x") */
    String tableName() {
        return (postmapType != null ? postmapType : "mysql") + ":" + path;
    }

    /**
     * @param file this file, or its compiled {@code .db} (postmap gives it the source's mode and owner)
     * @return what {@code stat -c "%n %a %U %G"} prints for it when its mode and owner are right
     */
    String statLine(String file) {
        return file + " " + mode.replaceFirst("^0+(?=.)", "") + " root " + group; // stat's %a has no leading 0
    }

    /** @return the content with the reference ("env:DB_PASSWORD") in place of the password: safe to show and digest */
    String redacted() {
        return password.map(ref -> content.replace(PASSWORD_PLACEHOLDER, "<" + ref + ">")).orElse(content);
    }

    /**
     * @param secret the resolved password
     * @return the content to write
     */
    String withPassword(String secret) {
        return content.replace(PASSWORD_PLACEHOLDER, secret);
    }

    /** @return the file whose digest tells whether this one is current: itself, or its redacted twin */
    String digestPath() {
        return secret() ? PostfixPaths.redactedTwin(path) : path;
    }

    /** @return the digest {@link #digestPath()} has when this file is current */
    String expectedDigest() {
        return sha256(redacted());
    }

    /**
     * @param text content as it will be written (UTF-8)
     * @return its SHA-256 in lower-case hex, as {@code sha256sum} prints it
     */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
