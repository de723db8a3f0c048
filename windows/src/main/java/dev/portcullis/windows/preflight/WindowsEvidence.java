package dev.portcullis.windows.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.preflight.Evidence;
import dev.portcullis.preflight.HostReadings;
import dev.portcullis.preflight.Listener;
import dev.portcullis.powershell.PowerShellJson;
import dev.portcullis.powershell.PowerShellResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Windows facts, from the result table {@link WindowsPreflightScript} fills. Lists are read
 * by {@link PowerShellJson}, the one reader of the shapes {@code ConvertTo-Json} really produces
 * in Windows PowerShell 5.1 and PowerShell 7: a one-element array written as a bare object, an
 * empty one as null or {@code ""}, arrays wrapped as {@code {"value": [...], "Count": n}}; any
 * other shape is an error naming the field, which the check that asked reports as a warning.
 */
final class WindowsEvidence implements HostReadings {

    /** A firewall profile. @param name Domain/Private/Public @param enabled "True" @param defaultInbound "Block" */
    record Profile(String name, boolean enabled, String defaultInbound) {
    }

    /** An enabled block rule. @param name id @param displayName shown name @param direction Inbound/Outbound
     * @param protocol "TCP", "Any"... @param localPorts its local ports @param remotePorts its remote ports */
    record BlockRule(String name, String displayName, String direction, String protocol, List<String> localPorts,
            List<String> remotePorts) {
    }

    /** A Windows service. @param name service name @param status "Running" */
    record Service(String name, String status) {
    }

    private final Evidence evidence;
    private final String failure;
    private final JsonNode root;

    private WindowsEvidence(Evidence evidence, String failure, JsonNode root) {
        this.evidence = evidence;
        this.failure = failure;
        this.root = root;
    }

    static WindowsEvidence unreadable(String why) {
        return new WindowsEvidence(Evidence.of("powershell preflight script", why), why, null);
    }

    static WindowsEvidence read(PowerShellResult result) {
        return new WindowsEvidence(Evidence.of(result.process()), null, result.json());
    }

    static WindowsEvidence failed(PowerShellException e) {
        Evidence evidence = e.result() != null ? Evidence.of(e.result()) : Evidence.of("powershell preflight script", "");
        return new WindowsEvidence(evidence, "the PowerShell script failed: " + e.getMessage(), null);
    }

    static WindowsEvidence parse(String json) throws IOException {
        return new WindowsEvidence(Evidence.of("recorded JSON", json), null, new ObjectMapper().readTree(json));
    }

    @Override
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Evidence evidence() {
        return evidence;
    }

    @Override
    public String privilegeSource() {
        return "WindowsPrincipal.IsInRole(Administrator)";
    }

    @Override
    public Optional<Boolean> elevated() {
        return field("elevated").filter(JsonNode::isBoolean).map(JsonNode::booleanValue);
    }

    @Override
    public Optional<Integer> logicalProcessors() {
        return field("logicalProcessors").filter(JsonNode::isNumber).map(JsonNode::intValue);
    }

    @Override
    public Optional<Long> totalMemoryBytes() {
        return field("totalMemoryBytes").filter(JsonNode::isNumber).map(JsonNode::longValue);
    }

    @Override
    public Optional<Long> spoolFreeBytes() {
        return field("spoolFreeBytes").filter(JsonNode::isNumber).map(JsonNode::longValue);
    }

    @Override
    public Optional<String> spoolRoot() {
        return text(root, "spoolRoot");
    }

    Optional<String> exchangeVersion() {
        return text(root, "exchangeVersion");
    }

    @Override
    public List<Listener> listeners() {
        List<Listener> list = new ArrayList<>();
        for (JsonNode n : PowerShellJson.objects(field("listeners").orElse(null), "listeners")) {
            List<Listener.Owner> owners = new ArrayList<>();
            long pid = n.path("OwningProcess").asLong(-1);
            text(n, "ProcessName").ifPresent(name -> owners.add(new Listener.Owner(name, pid)));
            list.add(new Listener(text(n, "LocalAddress").orElse("?"), n.path("LocalPort").asInt(), owners,
                    "Get-NetTCPConnection"));
        }
        return list;
    }

    List<Profile> firewallProfiles() {
        List<Profile> list = new ArrayList<>();
        for (JsonNode n : PowerShellJson.objects(field("firewallProfiles").orElse(null), "firewallProfiles")) {
            list.add(new Profile(text(n, "Name").orElse("?"), "True".equalsIgnoreCase(text(n, "Enabled").orElse("")),
                    text(n, "DefaultInboundAction").orElse("")));
        }
        return list;
    }

    List<BlockRule> blockRules() {
        List<BlockRule> list = new ArrayList<>();
        for (JsonNode n : PowerShellJson.objects(field("blockRules").orElse(null), "blockRules")) {
            list.add(new BlockRule(text(n, "Name").orElse("?"), text(n, "DisplayName").orElse(""),
                    text(n, "Direction").orElse(""), text(n, "Protocol").orElse("Any"),
                    PowerShellJson.strings(n.get("LocalPort"), "blockRules.LocalPort"),
                    PowerShellJson.strings(n.get("RemotePort"), "blockRules.RemotePort")));
        }
        return list;
    }

    List<Service> exchangeServices() {
        List<Service> list = new ArrayList<>();
        for (JsonNode n : PowerShellJson.objects(field("exchangeServices").orElse(null), "exchangeServices")) {
            list.add(new Service(text(n, "Name").orElse("?"), text(n, "Status").orElse("")));
        }
        return list;
    }

    private Optional<JsonNode> field(String name) {
        if (root == null) {
            return Optional.empty();
        }
        JsonNode n = root.get(name);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    private static Optional<String> text(JsonNode n, String name) {
        if (n == null) {
            return Optional.empty();
        }
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
