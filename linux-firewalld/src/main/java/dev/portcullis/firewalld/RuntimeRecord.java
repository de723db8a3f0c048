package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The record of the untagged runtime rich rules a policy added to a zone ({@link RuntimeForm}):
 * one rule per line in {@code /run/portcullis/firewalld/<zone>/<policy>.rules}. It lives in
 * {@code /run}, so it goes at reboot together with the runtime it describes. A rule counts as
 * the policy's only when it is recorded <em>and</em> in the runtime; a rule an administrator
 * wrote identically before is never recorded, so never removed. The firewalld client reads and
 * writes it ({@link FirewalldClient}); {@link #read} is for tests and for reading it by hand.
 */
final class RuntimeRecord {

    /** Where the records live. */
    static final String DIRECTORY = "/run/portcullis/firewalld";
    private static final Pattern SAFE_ZONE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RuntimeRecord() {
    }

    /**
     * @param zone a zone name, as firewalld gave it
     * @return the directory of the zone's records
     * @throws IllegalArgumentException when the zone name could not be a path element
     */
    static String directory(String zone) {
        if (!SAFE_ZONE.matcher(zone).matches()) {
            throw new IllegalArgumentException("firewalld zone name '" + zone + "' has characters Portcullis does not"
                    + " put in a path (letters, digits, '_' and '-' only)");
        }
        return DIRECTORY + "/" + zone;
    }

    /**
     * @param zone the zone
     * @param policy the policy (names are {@code [a-z0-9-]})
     * @return the record's path
     */
    static String file(String zone, String policy) {
        return directory(zone) + "/" + policy + ".rules";
    }

    /**
     * @param zone the zone
     * @param policy the policy
     * @return the command that prints the record (exit 1 with nothing when there is none)
     */
    static Command read(String zone, String policy) {
        return Command.builder("cat").args("--", file(zone, policy)).successExitCodes(0, 1)
                .timeout(FirewallCmd.READ_TIMEOUT).build();
    }

    /**
     * @param output what {@link #read} printed
     * @return the recorded rules
     */
    static Set<String> parse(String output) {
        Set<String> out = new TreeSet<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
