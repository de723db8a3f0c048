package dev.portcullis.windows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.powershell.PowerShellJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of one Portcullis group on a host, read in one PowerShell process by
 * {@link WindowsFirewallScripts#inspect(String)}: the rules as {@code Get-NetFirewallRule} reports
 * them, joined on {@code InstanceID} with their port and address filters.
 *
 * <p>Parsed strictly from the shapes {@code ConvertTo-Json} gives them (see {@link PowerShellJson}):
 * {@code Enabled}, {@code Direction} and {@code Action} as the numbers of their enumerations (or
 * their names), {@code Profiles} as the flag names the script casts the enumeration to, and
 * multi-valued filters as a string, an array or a {@code value}/{@code Count} wrapper. A rule
 * without exactly one port filter and one address filter, or with a value outside an enumeration,
 * is an error, not a guess.
 *
 * @param group the group that was read
 * @param rules its rules, in the order the host listed them
 */
public record WindowsFirewallSnapshot(String group, List<WindowsRule> rules) {

    private static final String[] ENABLED = {null, "True", "False"};
    private static final String[] DIRECTION = {null, "Inbound", "Outbound"};
    private static final String[] ACTION = {"NotConfigured", null, "Allow", null, "Block"};

    /** @param group g @param rules r */
    public WindowsFirewallSnapshot {
        rules = List.copyOf(rules);
    }

    /**
     * @param name a rule name
     * @return the rule with that name, if the group has it
     */
    public Optional<WindowsRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** @return the names of the group's rules */
    public List<String> names() {
        return rules.stream().map(WindowsRule::name).toList();
    }

    /**
     * @param group the group the inspection asked for
     * @param json the result table of the inspection script ({@code rules}, {@code ports}, {@code addresses})
     * @return the snapshot
     * @throws IllegalStateException naming the field that does not parse
     */
    public static WindowsFirewallSnapshot parse(String group, JsonNode json) {
        Map<String, JsonNode> ports = byInstance(PowerShellJson.objects(json.path("ports"), "ports"), "ports");
        Map<String, JsonNode> addresses = byInstance(PowerShellJson.objects(json.path("addresses"), "addresses"), "addresses");
        if (!json.has("rules")) {
            throw new IllegalStateException("rules: missing from the inspection result");
        }
        List<WindowsRule> rules = new ArrayList<>();
        for (JsonNode r : PowerShellJson.objects(json.get("rules"), "rules")) {
            String name = PowerShellJson.requiredText(r.get("Name"), "rules.Name");
            String at = "rule " + name + ": ";
            String instance = PowerShellJson.requiredText(r.get("InstanceID"), at + "InstanceID");
            JsonNode port = ports.remove(instance);
            JsonNode address = addresses.remove(instance);
            if (port == null || address == null) {
                throw new IllegalStateException(at + "no " + (port == null ? "port" : "address") + " filter was reported");
            }
            String ruleGroup = PowerShellJson.text(r.get("Group"), at + "Group");
            if (!ruleGroup.equals(group)) {
                throw new IllegalStateException(at + "is in group '" + ruleGroup + "', not '" + group + "'");
            }
            rules.add(new WindowsRule(name,
                    PowerShellJson.text(r.get("DisplayName"), at + "DisplayName"),
                    PowerShellJson.text(r.get("Description"), at + "Description"),
                    ruleGroup,
                    PowerShellJson.enumName(r.get("Enabled"), at + "Enabled", ENABLED).equals("True"),
                    PowerShellJson.enumName(r.get("Direction"), at + "Direction", DIRECTION),
                    PowerShellJson.enumName(r.get("Action"), at + "Action", ACTION),
                    PowerShellJson.requiredText(port.get("Protocol"), at + "Protocol"),
                    PowerShellJson.strings(port.get("LocalPort"), at + "LocalPort"),
                    PowerShellJson.strings(port.get("RemotePort"), at + "RemotePort"),
                    PowerShellJson.strings(address.get("RemoteAddress"), at + "RemoteAddress"),
                    profiles(PowerShellJson.requiredText(r.get("Profiles"), at + "Profiles"), at)));
        }
        if (!ports.isEmpty() || !addresses.isEmpty()) {
            throw new IllegalStateException("filters reported for rules that were not: " + ports.keySet() + " " + addresses.keySet());
        }
        return new WindowsFirewallSnapshot(group, rules);
    }

    private static List<String> profiles(String text, String at) {
        List<String> out = new ArrayList<>();
        for (String p : text.split(",")) {
            String name = p.strip();
            if (!List.of("Any", "Domain", "Private", "Public").contains(name)) {
                throw new IllegalStateException(at + "Profiles: unknown profile '" + name + "' in '" + text + "'");
            }
            out.add(name);
        }
        return out;
    }

    private static Map<String, JsonNode> byInstance(List<JsonNode> filters, String field) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode f : filters) {
            String id = PowerShellJson.requiredText(f.get("InstanceID"), field + ".InstanceID");
            if (m.put(id, f) != null) {
                throw new IllegalStateException(field + ": two filters for rule " + id);
            }
        }
        return m;
    }
}
