package dev.portcullis.firewalld;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Portcullis's firewalld client: the program {@code firewalld-client.py} (a resource of this
 * module, read it there) run as {@code python3 -c <program>} on the host, with one JSON request
 * on standard input and one JSON reply on standard output. It talks to firewalld through the
 * {@code firewall.client} module that firewalld itself ships, so one process reads both
 * configurations of a zone, or changes one configuration, whatever the number of rules; and it
 * works over any runner that can start {@code python3} (local, container, SSH).
 *
 * <p>In plans the program is shown by name and digest ({@link #shown(Command)}), never as a blob;
 * the request, one item per line, says what the call does.
 */
final class FirewalldClient {

    /** The program's resource name, next to this class. */
    static final String RESOURCE = "firewalld-client.py";
    /** Exit codes of the program: refused items, a malformed request, no firewall.client. */
    static final int EXIT_REFUSED = 1;
    static final int EXIT_BAD_REQUEST = 2;
    static final int EXIT_NO_CLIENT = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRAM = load();
    /** How the program appears in plans: its name and the start of its SHA-256. */
    static final String SHOWN_PROGRAM = "<" + RESOURCE + " sha256:" + sha256(PROGRAM).substring(0, 16) + ">";

    private FirewalldClient() {
    }

    /** @return the program's text */
    static String program() {
        return PROGRAM;
    }

    /**
     * The read of a zone: both configurations' listings and service names, and the runtime record.
     *
     * @param zone the zone, or null for the default zone
     * @param runtime whether to read the runtime configuration
     * @param permanent whether to read the permanent configuration
     * @param recordOf the policy whose runtime record is read, or null for none
     * @return the command
     */
    static Command read(String zone, boolean runtime, boolean permanent, String recordOf) {
        return read(zone, runtime, permanent, recordOf, null);
    }

    /**
     * The read of a zone and of a policy's owned ipsets with their entries.
     *
     * @param zone the zone, or null for the default zone
     * @param runtime whether to read the runtime configuration
     * @param permanent whether to read the permanent configuration
     * @param recordOf the policy whose runtime record is read, or null for none
     * @param ipsetsOf the policy whose owned ipsets are read, or null for none
     * @return the command
     */
    static Command read(String zone, boolean runtime, boolean permanent, String recordOf, String ipsetsOf) {
        return command(readRequest(zone, runtime, permanent, recordOf, ipsetsOf), FirewallCmd.READ_TIMEOUT);
    }

    /**
     * The snapshot's read: both configurations, the policy's runtime record and owned ipsets, and
     * whether a reload could keep this host's runtime-only state ({@code reloadRefusal}: the plan
     * chooses sets by it). Probes read without that question, which costs two {@code iptables-save}
     * runs inside the client.
     *
     * @param zone the zone, or null for the default zone
     * @param policy the policy
     * @return the command
     */
    static Command snapshotRead(String zone, String policy) {
        return command(readRequest(zone, true, true, policy, policy).put("reloadCheck", true), FirewallCmd.READ_TIMEOUT);
    }

    private static ObjectNode readRequest(String zone, boolean runtime, boolean permanent, String recordOf, String ipsetsOf) {
        ObjectNode request = JSON.createObjectNode().put("operation", "read");
        if (zone == null) {
            request.putNull("zone");
        } else {
            request.put("zone", zone);
        }
        ArrayNode configurations = request.putArray("configurations");
        if (runtime) {
            configurations.add("runtime");
        }
        if (permanent) {
            configurations.add("permanent");
        }
        if (recordOf != null) {
            request.set("record", record(recordOf));
        }
        if (ipsetsOf != null) {
            request.put("ipsetPrefix", FirewalldIpset.prefixOf(ipsetsOf));
        }
        return request;
    }

    /**
     * One configuration's change of a zone, in one call.
     *
     * @param config runtime or permanent (not offline: the client needs a running firewalld)
     * @param zone the zone
     * @param change the owned rich rules and services to remove and add
     * @param define owned services to define first (permanent only)
     * @param delete owned services to delete last (permanent only)
     * @param record the runtime record to write after the zone change, if it changes
     * @return the command
     */
    static Command change(FirewallCmd.Config config, String zone, ZoneChange change, Collection<OwnedService> define,
            Collection<String> delete, Optional<RecordWrite> record) {
        return change(config, zone, change, define, delete, record, List.of(), List.of());
    }

    /**
     * One configuration's change of a zone together with owned ipsets, in one call. In the
     * permanent configuration each set is created with all its entries, or has its entries
     * replaced, in one call, before the zone is written; the sets to delete go after it. In the
     * runtime a set the runtime does not know yet (firewalld creates ipsets in the permanent
     * configuration only) arrives through one reload that keeps every runtime-only state (refused
     * before reloading where it could not be kept); then each set's entries change member by member
     * (an entry in both the old and the new content is never touched), or in one call when the set
     * is empty or is to become empty, and then the zone's rules change.
     *
     * @param config runtime or permanent
     * @param zone the zone
     * @param change the zone's rich rules and services to remove and add
     * @param define owned services to define first (permanent only)
     * @param delete owned services to delete last (permanent only)
     * @param record the runtime record to write after the zone change, if it changes
     * @param sets the owned ipsets to create or whose entries to set
     * @param deleteSets owned ipsets to delete after the zone change (permanent only)
     * @return the command
     */
    static Command change(FirewallCmd.Config config, String zone, ZoneChange change, Collection<OwnedService> define,
            Collection<String> delete, Optional<RecordWrite> record, Collection<FirewalldIpset> sets,
            Collection<String> deleteSets) {
        if (config == FirewallCmd.Config.OFFLINE) {
            throw new IllegalArgumentException("the firewalld client needs a running firewalld; offline is firewall-offline-cmd");
        }
        if (config == FirewallCmd.Config.RUNTIME && (!define.isEmpty() || !delete.isEmpty() || !deleteSets.isEmpty())) {
            throw new IllegalArgumentException("services and ipsets are defined and deleted in the permanent configuration only");
        }
        ObjectNode request = JSON.createObjectNode().put("operation", "change")
                .put("configuration", config.where()).put("zone", zone);
        if (!define.isEmpty()) {
            ArrayNode services = request.putArray("defineServices");
            for (OwnedService s : define) {
                ObjectNode service = services.addObject().put("name", s.name());
                s.portOptions().forEach(service.putArray("ports")::add);
            }
        }
        strings(request, "removeRichRules", change.removeRichRules());
        strings(request, "removeServices", change.removeServices());
        strings(request, "addServices", change.addServices());
        strings(request, "addRichRules", change.addRichRules());
        strings(request, "deleteServices", new TreeSet<>(delete));
        if (!sets.isEmpty()) {
            ArrayNode array = request.putArray("setIPSets");
            sets.stream().sorted(Comparator.comparing(FirewalldIpset::name)).forEach(s -> {
                ObjectNode set = array.addObject().put("name", s.name()).put("family", s.family());
                s.entries().forEach(set.putArray("entries")::add);
            });
        }
        strings(request, "deleteIPSets", deleteSets);
        record.ifPresent(r -> {
            ObjectNode node = record(r.policy());
            strings(node, "rules", r.rules());
            request.set("record", node);
        });
        return command(request, FirewallCmd.BATCH_TIMEOUT);
    }

    /**
     * The owned ipsets a read found, by name.
     *
     * @param reply what {@link #reply} returned for a {@link #read} call
     * @param configuration {@code runtime} or {@code permanent}
     * @return the owned sets of that configuration (the read asks for those of its policy)
     */
    static Map<String, FirewalldIpset> ipsets(JsonNode reply, String configuration) {
        Map<String, FirewalldIpset> out = new TreeMap<>();
        reply.path(configuration).path("ipsets").fields().forEachRemaining(e -> out.put(e.getKey(),
                new FirewalldIpset(e.getKey(), e.getValue().path("family").asText(), words(e.getValue().path("entries")))));
        return out;
    }

    /**
     * The runtime record a change writes: the untagged rules the policy owns once it is done.
     *
     * @param policy the policy
     * @param rules the rules; none: the record goes
     */
    record RecordWrite(String policy, Set<String> rules) {

        /** Copies the rules, sorted. */
        RecordWrite {
            rules = Set.copyOf(new TreeSet<>(rules));
        }
    }

    private static ObjectNode record(String policy) {
        return JSON.createObjectNode().put("directory", RuntimeRecord.DIRECTORY).put("file", policy + ".rules");
    }

    private static void strings(ObjectNode node, String key, Collection<String> values) {
        if (!values.isEmpty() || key.equals("rules")) {
            ArrayNode array = node.putArray(key);
            new TreeSet<>(values).forEach(array::add);
        }
    }

    private static Command command(ObjectNode request, Duration timeout) {
        String json;
        try {
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a firewalld client request", e);
        }
        return Command.builder("python3").args("-c", PROGRAM).stdin(json + "\n")
                .successExitCodes(0, EXIT_REFUSED, EXIT_BAD_REQUEST, EXIT_NO_CLIENT).timeout(timeout).build();
    }

    /**
     * The command as a plan shows it: the program by name and digest instead of its text, the
     * request in full.
     *
     * @param command a command made here
     * @return the same command, readable
     */
    static Command shown(Command command) {
        List<String> argv = new ArrayList<>(command.argv());
        if (argv.size() > 2 && argv.get(2).equals(PROGRAM)) {
            argv.set(2, SHOWN_PROGRAM);
        }
        return command.toBuilder().argv(argv).build();
    }

    /**
     * Reads the reply of a call, refusing every failure with a message that says what firewalld
     * refused, item by item.
     *
     * @param result the call's result
     * @param what what the call did, in words ("change the runtime zone public")
     * @return the reply
     * @throws FirewalldRefusedException when the call did not fully work
     */
    static JsonNode reply(CommandResult result, String what) {
        if (result.timedOut()) {
            throw new FirewalldRefusedException("firewalld did not " + what + " within " + result.command().timeout());
        }
        JsonNode reply = null;
        try {
            reply = JSON.readTree(result.stdout());
        } catch (IOException e) {
            // not JSON: reported below with standard error
        }
        int exit = result.exitCode();
        if (exit == 0 && reply != null && reply.path("errors").isEmpty()) {
            return reply;
        }
        if (exit == EXIT_NO_CLIENT) {
            throw new FirewalldRefusedException("cannot " + what + ": python3 on the host cannot use firewalld's client"
                    + " module firewall.client (firewalld 0.9 or later ships it): " + errors(reply));
        }
        if (reply != null && !reply.path("errors").isEmpty()) {
            throw new FirewalldRefusedException((exit == EXIT_BAD_REQUEST ? "Portcullis sent a malformed request to "
                    : "firewalld refused to ") + what + ": " + errors(reply));
        }
        throw new FirewalldRefusedException("the firewalld client failed to " + what + " (exit " + exit + ")"
                + (result.stderr().isBlank() ? "" : ": " + excerpt(result.stderr().strip())));
    }

    private static String errors(JsonNode reply) {
        if (reply == null) {
            return "no reply";
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : reply.path("errors")) {
            String item = e.path("item").asText();
            out.add(e.path("operation").asText() + (item.isEmpty() ? "" : " '" + item + "'") + ": "
                    + e.path("error").asText());
        }
        return String.join("; ", out);
    }

    /**
     * The reply of a read.
     *
     * @param reply what {@link #reply} returned for a {@link #read} call
     * @return its content
     */
    static Listings listings(JsonNode reply) {
        if (!reply.path("running").asBoolean(false)) {
            return new Listings(false, "", Optional.empty(), Optional.empty(), Set.of(), Set.of(), Optional.empty(),
                    Map.of(), Map.of(), Optional.empty());
        }
        String zone = reply.path("zone").asText();
        Optional<Set<String>> record = reply.has("record") ? Optional.of(words(reply.path("record"))) : Optional.empty();
        return new Listings(true, zone, listing(zone, reply.path("runtime")), listing(zone, reply.path("permanent")),
                words(reply.path("runtime").path("services")), words(reply.path("permanent").path("services")), record,
                ipsets(reply, "runtime"), ipsets(reply, "permanent"),
                reply.path("runtime").path("reloadRefusal").isTextual()
                        ? Optional.of(reply.path("runtime").path("reloadRefusal").asText()) : Optional.empty());
    }

    /**
     * What a read found.
     *
     * @param running whether firewalld answered
     * @param zone the zone read
     * @param runtime its runtime listing, when asked for
     * @param permanent its permanent listing, when asked for
     * @param runtimeServices services the runtime knows (empty unless the runtime was read)
     * @param permanentServices services the permanent configuration holds (empty unless read)
     * @param record the policy's runtime record, when asked for
     * @param runtimeIpsets the policy's owned ipsets at runtime, when asked for
     * @param permanentIpsets the policy's owned ipsets in the permanent configuration, when asked for
     * @param reloadRefusal why a reload could not keep the runtime-only state, when the runtime's
     *     ipsets were asked for and it could not
     */
    record Listings(boolean running, String zone, Optional<ZoneListing> runtime, Optional<ZoneListing> permanent,
            Set<String> runtimeServices, Set<String> permanentServices, Optional<Set<String>> record,
            Map<String, FirewalldIpset> runtimeIpsets, Map<String, FirewalldIpset> permanentIpsets,
            Optional<String> reloadRefusal) {
    }

    private static Optional<ZoneListing> listing(String zone, JsonNode node) {
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        node.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return Optional.of(ZoneListing.of(zone, settings, words(node.path("richRules"))));
    }

    private static Set<String> words(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String excerpt(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    private static String load() {
        try (InputStream in = FirewalldClient.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from portcullis-linux-firewalld");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
