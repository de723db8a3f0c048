package dev.portcullis.iptables;

import dev.portcullis.Cidr;
import dev.portcullis.IpFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A kernel ipset that Portcullis owns: a {@code hash:net} set of one IP family holding the sources
 * of one rule of one policy. Its name says whose it is, the way the owned chains' comments do:
 * {@code pc-<policy>-<rule number>-v4} (or {@code -v6}), the policy name shortened with a hash
 * when the whole would pass ipset's 31 characters; a name ending in {@code -t} is the temporary set
 * a replacement is filled in before the swap. A set whose name does not follow that pattern for
 * the policy is foreign and never touched.
 *
 * @param name the set's name
 * @param family the family of its members
 * @param maxelem how many members it may hold
 * @param members its networks
 */
record OwnedIpset(String name, IpFamily family, int maxelem, SortedSet<Cidr> members) {

    /** ipset refuses longer names. */
    static final int NAME_MAX = 31;
    /** The kernel's default capacity of a hash set. */
    static final int DEFAULT_MAXELEM = 65536;
    /** Suffix of the temporary set a replacement is filled in. */
    static final String TEMPORARY_SUFFIX = "-t";

    private static final String PREFIX = "pc-";
    // pc- + policy + -NNNNN-v4 + -t fits in 31 characters when the policy part has at most 17.
    private static final int POLICY_PART_MAX = 17;
    private static final Pattern RULE_AND_FAMILY = Pattern.compile("[1-9][0-9]{0,4}-v[46](" + TEMPORARY_SUFFIX + ")?");

    OwnedIpset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }

    /**
     * @param name the set's name
     * @param family the family of its members
     * @param members its networks
     * @return a set just large enough: the kernel default, or the member count when larger
     */
    static OwnedIpset of(String name, IpFamily family, SortedSet<Cidr> members) {
        return new OwnedIpset(name, family, Math.max(DEFAULT_MAXELEM, members.size()), members);
    }

    /**
     * @param policy the policy's name
     * @param number the rule's 1-based number in the policy
     * @param family the family of the set's members
     * @return the set's name, at most 31 characters, the same for the same arguments
     */
    static String nameFor(String policy, int number, IpFamily family) {
        String name = policyPrefix(policy) + number + (family == IpFamily.IPV6 ? "-v6" : "-v4");
        if (name.length() + TEMPORARY_SUFFIX.length() > NAME_MAX) {
            throw new IllegalArgumentException("rule " + number + " of " + policy + ": too many rules for an ipset name");
        }
        return name;
    }

    /**
     * @param name an owned set's name
     * @return the name of the temporary set its replacement is filled in
     */
    static String temporaryFor(String name) {
        return name + TEMPORARY_SUFFIX;
    }

    /**
     * @param name any set's name, as {@code ipset save} prints it
     * @param policy a policy's name
     * @return whether the set belongs to that policy (its temporary sets included)
     */
    static boolean ownedBy(String name, String policy) {
        String prefix = policyPrefix(policy);
        return name.startsWith(prefix) && RULE_AND_FAMILY.matcher(name.substring(prefix.length())).matches();
    }

    /**
     * @param other the set as another reading has it
     * @return whether both hold the same members for the same family (capacity aside)
     */
    boolean sameContent(OwnedIpset other) {
        return family == other.family && members.equals(other.members);
    }

    /** @return the type and family words of {@code ipset create} */
    String createLine() {
        return "create " + name + " hash:net family " + (family == IpFamily.IPV6 ? "inet6" : "inet")
                + (maxelem == DEFAULT_MAXELEM ? "" : " maxelem " + maxelem);
    }

    /**
     * @param newName another name
     * @return this set's content under that name
     */
    OwnedIpset renamed(String newName) {
        return new OwnedIpset(newName, family, maxelem, members);
    }

    @Override
    public String toString() {
        return name + " (" + members.size() + " " + family + " networks)";
    }

    // Policy names are [a-z0-9-]; '_' never occurs in one, so a shortened name cannot collide with a real one.
    private static String policyPrefix(String policy) {
        String part = policy;
        if (part.length() > POLICY_PART_MAX) {
            part = policy.substring(0, POLICY_PART_MAX - 7) + "_" + sha256Hex(policy).substring(0, 6);
        }
        return PREFIX + part + "-";
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
