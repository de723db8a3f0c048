package dev.portcullis.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.portcullis.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of a fleet, read from a YAML file: defaults, then groups of named hosts, each level
 * overriding the one above it.
 *
 * <pre>
 * defaults:
 *   user: deploy
 *   identity: /home/me/.ssh/id_ed25519
 *   known-hosts: /home/me/.ssh/known_hosts
 * groups:
 *   mail:
 *     port: 2222
 *     hosts:
 *       mx1: { address: 192.0.2.10 }
 *       mx2: { address: 192.0.2.11, user: root }
 * </pre>
 *
 * <p>Settings at every level: {@code user}, {@code address}, {@code port}, {@code identity},
 * {@code known-hosts}, {@code trust-host-key}, {@code password} (a secret reference,
 * {@code env:NAME} or {@code file:/path}). A host without {@code identity} logs in with the SSH
 * agent that {@code SSH_AUTH_SOCK} names, when there is one. Hosts keep the file's order; a host in two groups is
 * refused. Every problem names its place in the file ({@code groups.mail.hosts.mx2.port}).
 */
public final class Inventory {

    private static final Set<String> SETTINGS = Set.of("user", "address", "port", "identity", "known-hosts",
            "trust-host-key", "password");

    private final Map<String, Entry> hosts;

    private Inventory(Map<String, Entry> hosts) {
        this.hosts = hosts;
    }

    /** One host's merged settings, its group and its login. */
    record Entry(String name, String group, SshHost login, Map<String, String> settings) {
    }

    /**
     * Reads an inventory file.
     *
     * @param file a YAML (or JSON) inventory
     * @return the inventory
     * @throws IllegalArgumentException naming the field and the reason when the file is wrong
     */
    public static Inventory read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("inventory " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("inventory " + file + ": must be a mapping with defaults and groups");
        }
        onlyFields(root, "", Set.of("defaults", "groups"));
        Map<String, String> defaults = settings(root.path("defaults"), "defaults.");
        JsonNode groups = root.path("groups");
        if (!groups.isObject() || groups.isEmpty()) {
            throw new IllegalArgumentException("groups: the inventory names no group of hosts");
        }
        Map<String, Entry> hosts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> g = groups.fields(); g.hasNext();) {
            Map.Entry<String, JsonNode> group = g.next();
            String at = "groups." + group.getKey() + ".";
            JsonNode groupNode = group.getValue();
            if (!groupNode.isObject()) {
                throw new IllegalArgumentException(at + ": must be a mapping with hosts");
            }
            Map<String, String> groupSettings = new LinkedHashMap<>(defaults);
            ObjectNodeView view = new ObjectNodeView(groupNode, "hosts");
            groupSettings.putAll(settings(view.rest(), at));
            JsonNode members = groupNode.path("hosts");
            if (!members.isObject() || members.isEmpty()) {
                throw new IllegalArgumentException(at + "hosts: the group has no hosts");
            }
            for (Iterator<Map.Entry<String, JsonNode>> h = members.fields(); h.hasNext();) {
                Map.Entry<String, JsonNode> host = h.next();
                String hostAt = at + "hosts." + host.getKey() + ".";
                if (hosts.containsKey(host.getKey())) {
                    throw new IllegalArgumentException(hostAt + ": host " + host.getKey() + " is already in group "
                            + hosts.get(host.getKey()).group());
                }
                Map<String, String> merged = new LinkedHashMap<>(groupSettings);
                merged.putAll(settings(host.getValue(), hostAt));
                hosts.put(host.getKey(), new Entry(host.getKey(), group.getKey(), login(merged, hostAt), merged));
            }
        }
        return new Inventory(hosts);
    }

    /** @return the host names, in the file's order */
    public List<String> hostNames() {
        return List.copyOf(hosts.keySet());
    }

    /**
     * @param name a host's name
     * @return its login, if the inventory has the host
     */
    public Optional<SshHost> login(String name) {
        return Optional.ofNullable(hosts.get(name)).map(Entry::login);
    }

    /**
     * The hosts as fleet members, each connecting over SSH with its own settings when the fleet starts it.
     *
     * @param group only this group's hosts, or every host when empty
     * @return the members, in the file's order
     * @throws IllegalArgumentException when the group does not exist
     */
    public List<FleetMember> members(Optional<String> group) {
        if (group.isPresent() && hosts.values().stream().noneMatch(e -> e.group().equals(group.get()))) {
            throw new IllegalArgumentException("group: the inventory has no group " + group.get());
        }
        List<FleetMember> members = new ArrayList<>();
        for (Entry e : hosts.values()) {
            if (group.isEmpty() || group.get().equals(e.group())) {
                SshCommandRunner.Builder builder = builder(e);
                members.add(new FleetMember(e.name(), FleetMember.overSsh(e.login(), builder).connect()));
            }
        }
        return members;
    }

    private static SshCommandRunner.Builder builder(Entry e) {
        SshCommandRunner.Builder b = SshCommandRunner.to(e.login());
        Map<String, String> s = e.settings();
        String at = "host " + e.name() + ": ";
        try {
            if (s.containsKey("identity")) {
                b.identity(Path.of(s.get("identity")));
            } else {
                b.agentFromEnvironment();
            }
            Optional.ofNullable(s.get("known-hosts")).map(Path::of).ifPresent(b::knownHosts);
            Optional.ofNullable(s.get("trust-host-key")).ifPresent(b::trustHostKey);
            Optional.ofNullable(s.get("password")).map(SecretRef::parse).ifPresent(b::password);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(at + ex.getMessage(), ex);
        }
        return b;
    }

    private static SshHost login(Map<String, String> s, String at) {
        String address = s.get("address");
        if (address == null) {
            throw new IllegalArgumentException(at + "address: is missing");
        }
        int port = SshHost.DEFAULT_PORT;
        if (s.containsKey("port")) {
            if (!s.get("port").matches("\\d{1,5}")) {
                throw new IllegalArgumentException(at + "port: must be a number from 1 to 65535");
            }
            port = Integer.parseInt(s.get("port"));
        }
        try {
            return new SshHost(s.getOrDefault("user", "root"), address, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + e.getMessage(), e);
        }
    }

    private static Map<String, String> settings(JsonNode node, String at) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": must be a mapping of settings");
        }
        onlyFields(node, at, SETTINGS);
        node.fields().forEachRemaining(f -> {
            if (!f.getValue().isValueNode()) {
                throw new IllegalArgumentException(at + f.getKey() + ": must be a single value");
            }
            out.put(f.getKey(), f.getValue().asText());
        });
        return out;
    }

    private static void onlyFields(JsonNode node, String at, Set<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(at + name + ": unknown setting; known: " + new java.util.TreeSet<>(allowed));
            }
        });
    }

    /** A group's mapping without its {@code hosts} field: the group's own settings. */
    private record ObjectNodeView(JsonNode node, String without) {
        JsonNode rest() {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
            copy.remove(without);
            return copy;
        }
    }
}
