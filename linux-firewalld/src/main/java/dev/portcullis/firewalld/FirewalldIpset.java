package dev.portcullis.firewalld;

import dev.portcullis.Cidr;
import dev.portcullis.IpFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A firewalld ipset that a Portcullis policy owns: {@code hash:net}, one IP family, the sources of
 * one rule, matched by one rich rule {@code source ipset="NAME"}. Its name says whose it is:
 * {@code portcullis-<policy>_s<rule number>_4} (or {@code _6}); a policy name too long for
 * firewalld's 32 characters is shortened to its first five characters, a dot and six hex digits of
 * its SHA-256 (a dot never occurs in a policy name, so a shortened name cannot be another
 * policy's).
 *
 * @param name the set's name
 * @param family {@code inet} or {@code inet6}, as firewalld spells ipset families
 * @param entries the networks, as firewalld lists them, sorted
 */
public record FirewalldIpset(String name, String family, Set<String> entries) {

    /** firewalld refuses longer ipset names. */
    static final int NAME_MAX = 32;
    // portcullis- (11) + policy part (12) + _s (2) + a 5-digit rule number + _4 (2) = 32
    private static final int POLICY_PART_MAX = 12;

    /** Checks the name and family and copies the entries, sorted. */
    public FirewalldIpset {
        Objects.requireNonNull(name, "name");
        if (!family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("an ipset family is inet or inet6, not " + family);
        }
        entries = Collections.unmodifiableSet(new TreeSet<>(entries));
    }

    /**
     * The set holding a rule's sources of one family. Networks inside another of the same set are
     * left out (firewalld refuses overlapping entries; the set matches the same addresses).
     *
     * @param policy the policy's name
     * @param number the rule's 1-based number in the policy
     * @param family the family of the sources
     * @param sources the rule's sources of that family
     * @return the set
     */
    static FirewalldIpset of(String policy, int number, IpFamily family, Collection<Cidr> sources) {
        Set<String> entries = new TreeSet<>();
        Cidr kept = null;
        // Sorted by address, then shorter prefix first: a network inside another follows the last one kept.
        for (Cidr c : new TreeSet<>(sources)) {
            if (kept == null || !kept.contains(c)) {
                entries.add(c.toCidrString());
                kept = c;
            }
        }
        return new FirewalldIpset(nameFor(policy, number, family), family == IpFamily.IPV6 ? "inet6" : "inet", entries);
    }

    /**
     * @param policy a policy's name
     * @param number a rule's 1-based number
     * @param family a family
     * @return the name of the set holding that rule's sources of that family
     */
    static String nameFor(String policy, int number, IpFamily family) {
        String name = prefixOf(policy) + number + (family == IpFamily.IPV6 ? "_6" : "_4");
        if (name.length() > NAME_MAX) {
            throw new IllegalArgumentException("rule " + number + " of " + policy + ": too many rules for a firewalld ipset name");
        }
        return name;
    }

    /**
     * @param policy a policy's name
     * @return what the names of every ipset the policy owns start with
     */
    static String prefixOf(String policy) {
        String part = policy;
        if (part.length() > POLICY_PART_MAX) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(policy.getBytes(StandardCharsets.UTF_8));
                part = policy.substring(0, 5) + "." + HexFormat.of().formatHex(digest).substring(0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return OwnedService.PREFIX + part + "_s";
    }

    /**
     * @param entries other entries
     * @return this set with those entries
     */
    FirewalldIpset withEntries(Set<String> entries) {
        return new FirewalldIpset(name, family, entries);
    }

    @Override
    public String toString() {
        return name + " (" + entries.size() + " " + family + " networks)";
    }
}
