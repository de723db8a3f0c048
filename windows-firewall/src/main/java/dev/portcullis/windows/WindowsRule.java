package dev.portcullis.windows;

import java.util.List;
import java.util.Objects;

/**
 * One Windows Defender Firewall rule as the NetSecurity cmdlets take and report it: the values are
 * the cmdlets' own words ({@code Inbound}, {@code Allow}, {@code TCP}, {@code Any}, {@code 25},
 * {@code 1000-2000}, {@code 203.0.113.0/24}). Desired rules come from a policy; actual rules from
 * the host, where Windows reports the same settings in other forms (a subnet by its mask, a flags
 * enumeration by number): {@link WindowsRuleComparison} compares them in normal form.
 *
 * @param name unique rule name (the cmdlets' {@code -Name})
 * @param displayName what the Windows UI shows
 * @param description the rule's description ("" for none)
 * @param group the rule group that tags the policy's rules ({@code Portcullis <policy>})
 * @param enabled whether the rule is enabled
 * @param direction {@code Inbound} or {@code Outbound}
 * @param action {@code Allow} or {@code Block}
 * @param protocol {@code TCP} or {@code UDP} (a host may report others)
 * @param localPorts ports on this host, or {@code Any}
 * @param remotePorts ports on the other side, or {@code Any}
 * @param remoteAddresses networks on the other side, or {@code Any}
 * @param profiles {@code Any}, or some of {@code Domain}, {@code Private}, {@code Public}
 */
public record WindowsRule(String name, String displayName, String description, String group, boolean enabled,
        String direction, String action, String protocol, List<String> localPorts, List<String> remotePorts,
        List<String> remoteAddresses, List<String> profiles) {

    /** @param name n @param displayName d @param description s @param group g @param enabled e @param direction r
     * @param action a @param protocol p @param localPorts l @param remotePorts m @param remoteAddresses x @param profiles f */
    public WindowsRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(protocol, "protocol");
        localPorts = List.copyOf(localPorts);
        remotePorts = List.copyOf(remotePorts);
        remoteAddresses = List.copyOf(remoteAddresses);
        profiles = List.copyOf(profiles);
    }

    /** @return the profiles as the cmdlets' {@code -Profile} takes them, e.g. {@code Domain, Private} */
    public String profileText() {
        return String.join(", ", profiles);
    }
}
