package dev.portcullis.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.Spec;
import dev.portcullis.SpecProblem;
import dev.portcullis.spec.SpecFormat;
import dev.portcullis.spec.Specs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments Ansible hands the {@code portcullis_policy} module, read from the JSON file Ansible
 * writes for a {@code WANT_JSON} module. Every field is checked before anything touches the host; a
 * wrong one is an {@link IllegalArgumentException} whose message starts with the field's name.
 *
 * <p>The module's own fields: {@code spec} (the spec inline, as a mapping or as YAML/JSON text) or
 * {@code spec_file} (an absolute path on the managed host), exactly one; {@code state}
 * ({@code present}, the default, or {@code absent}); {@code backends} (backend ids, as
 * {@code --backend}); {@code options} (backend options, as {@code -o}); {@code firewall} (for a mail
 * server spec: open its ports too, default true). Of Ansible's internal fields, {@code
 * _ansible_check_mode} (plan only) and {@code _ansible_diff} (report before and after) are honoured;
 * the other {@code _ansible_*} fields are ignored.
 *
 * @param spec the spec to provision
 * @param source where the spec came from, for messages ({@code spec} or the file)
 * @param state whether the spec's effect is wanted or to be removed
 * @param backends backend ids chosen instead of detection
 * @param options backend options
 * @param firewall whether a mail server's ports are opened (or closed) too
 * @param checkMode plan only, change nothing
 * @param diff whether to report before and after
 */
record AnsibleModuleArgs(Spec spec, String source, State state, List<String> backends, Map<String, String> options,
        boolean firewall, boolean checkMode, boolean diff) {

    /** Whether the spec's effect should exist on the host. */
    enum State {
        /** Apply the spec. */
        PRESENT,
        /** Remove what the spec owns. */
        ABSENT
    }

    /** The fields this module accepts, as its documentation names them. */
    static final Set<String> FIELDS = Set.of("spec", "spec_file", "state", "backends", "options", "firewall");

    private static final ObjectMapper JSON = new ObjectMapper();

    AnsibleModuleArgs {
        backends = List.copyOf(backends);
        options = Map.copyOf(options);
    }

    /**
     * Reads and checks the arguments file.
     *
     * @param file the JSON file Ansible passed as the module's only argument
     * @return the checked arguments
     * @throws IllegalArgumentException naming the field that is wrong, or the file
     * @throws dev.portcullis.InvalidSpecException when the spec itself is refused (every problem)
     */
    static AnsibleModuleArgs read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("ARGS_FILE: cannot read " + file + " as JSON: " + firstLine(e.getMessage()), e);
        }
        return parse(root);
    }

    /**
     * Checks the arguments as Ansible wrote them.
     *
     * @param root the arguments file's document
     * @return the checked arguments
     * @throws IllegalArgumentException naming the field that is wrong
     */
    static AnsibleModuleArgs parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("ARGS_FILE: must hold a JSON object of module arguments");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.startsWith("_ansible_") && !FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", unknown) + ": unsupported parameter(s); supported: "
                    + String.join(", ", FIELDS.stream().sorted().toList()));
        }
        boolean checkMode = bool(root, "_ansible_check_mode", false);
        boolean diff = bool(root, "_ansible_diff", false);
        JsonNode inline = present(root, "spec");
        JsonNode file = present(root, "spec_file");
        if ((inline == null) == (file == null)) {
            throw new IllegalArgumentException("spec: give exactly one of spec (the spec inline) and spec_file (a path on the host)");
        }
        Spec spec;
        String source;
        if (inline != null) {
            spec = inlineSpec(inline);
            source = "spec";
        } else {
            Path path = specFile(file);
            spec = Specs.read(path);
            source = path.toString();
        }
        return new AnsibleModuleArgs(spec, source, state(root), backends(root), options(root), bool(root, "firewall", true),
                checkMode, diff);
    }

    private static Spec inlineSpec(JsonNode inline) {
        if (inline.isObject()) {
            String text;
            try {
                text = JSON.writeValueAsString(inline);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try {
                return Specs.readString(text, SpecFormat.JSON);
            } catch (InvalidSpecException e) {
                // Lines of the one-line JSON made here from the task's mapping would only mislead: fields say where.
                throw new InvalidSpecException(e.problems().stream().map(p -> SpecProblem.of(p.field(), p.reason())).toList());
            }
        }
        if (inline.isTextual()) {
            // YAML reads JSON text too.
            return Specs.readString(inline.textValue(), SpecFormat.YAML);
        }
        throw new IllegalArgumentException("spec: must be a mapping (the spec inline) or its YAML/JSON text, was "
                + inline.getNodeType().toString().toLowerCase(Locale.ROOT));
    }

    private static Path specFile(JsonNode node) {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new IllegalArgumentException("spec_file: must be a path on the managed host");
        }
        String text = node.textValue();
        if (text.chars().anyMatch(Character::isISOControl) || !text.startsWith("/")) {
            throw new IllegalArgumentException("spec_file: must be an absolute path without control characters");
        }
        Path path = Path.of(text);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("spec_file: no file at " + path + " on this host");
        }
        return path;
    }

    private static State state(JsonNode root) {
        JsonNode node = present(root, "state");
        if (node == null) {
            return State.PRESENT;
        }
        for (State s : State.values()) {
            if (node.isTextual() && node.textValue().equals(s.name().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("state: must be present or absent, was " + node);
    }

    private static List<String> backends(JsonNode root) {
        JsonNode node = present(root, "backends");
        if (node == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (node.isTextual()) {
            ids.add(node.textValue());
        } else if (node.isArray()) {
            node.forEach(id -> {
                if (!id.isTextual()) {
                    throw new IllegalArgumentException("backends: every entry must be a backend id, was " + id);
                }
                ids.add(id.textValue());
            });
        } else {
            throw new IllegalArgumentException("backends: must be a list of backend ids, such as [linux-iptables]");
        }
        for (String id : ids) {
            if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("backends: '" + printable(id) + "' is not a backend id (a-z, 0-9, -)");
            }
        }
        return ids;
    }

    private static Map<String, String> options(JsonNode root) {
        JsonNode node = present(root, "options");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("options: must be a mapping of backend option to value");
        }
        Map<String, String> options = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new IllegalArgumentException("options." + printable(e.getKey()) + ": must be a string, number or boolean");
            }
            options.put(e.getKey(), v.asText());
        });
        return options;
    }

    private static boolean bool(JsonNode root, String field, boolean absent) {
        JsonNode node = present(root, field);
        if (node == null) {
            return absent;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        // Ansible's own booleans, as a playbook may write them in a string.
        String text = node.asText().toLowerCase(Locale.ROOT);
        if (Set.of("yes", "true", "on", "1").contains(text)) {
            return true;
        }
        if (Set.of("no", "false", "off", "0").contains(text)) {
            return false;
        }
        throw new IllegalArgumentException(field + ": must be a boolean, was " + node);
    }

    /** A field that is given and not null: Ansible passes an omitted optional field as null. */
    private static JsonNode present(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static String printable(String s) {
        return s.codePoints().mapToObj(cp -> Character.isISOControl(cp) ? String.format("\\u%04x", cp)
                : new String(Character.toChars(cp))).reduce("", String::concat);
    }
}
