package dev.portcullis.firewalld;

import dev.portcullis.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a policy looks like in the runtime configuration, where Portcullis never reloads.
 *
 * <p>firewalld cannot create a service at runtime: a service defined in the permanent
 * configuration reaches the runtime only through {@code --reload}, and a reload drops all
 * runtime-only state (fail2ban's bans, an administrator's runtime rules in any zone, direct
 * rules, runtime ipset entries). So where the runtime does not know an owned service, the runtime
 * carries the same rule with the service's ports written out ({@code port port="25"
 * protocol="tcp"} in place of {@code service name="portcullis-..."}; a plain open port becomes
 * {@code rule port port="25" protocol="tcp" accept}). Such rules carry no tag, so the ones
 * Portcullis adds are recorded ({@link RuntimeRecord}). Where the runtime knows the service
 * (after a reboot or someone else's reload), the rule keeps the permanent configuration's form.
 * A pure function.
 */
final class RuntimeForm {

    private RuntimeForm() {
    }

    /**
     * @param desired the policy's firewalld form
     * @param loaded the services the runtime knows
     * @return the same rules as the runtime should hold them
     */
    static FirewalldRules of(FirewalldRules desired, Set<String> loaded) {
        Set<String> zoneServices = new LinkedHashSet<>();
        Set<String> rich = new LinkedHashSet<>();
        for (String name : desired.zoneServices()) {
            OwnedService service = desired.services().get(name);
            if (loaded.contains(name) || service == null) {
                zoneServices.add(name);
            } else {
                for (String port : portElements(service)) {
                    rich.add("rule" + port + " accept");
                }
            }
        }
        for (String rule : desired.richRules()) {
            rich.addAll(withPorts(rule, desired, loaded));
        }
        return desired.withEntries(zoneServices, rich);
    }

    private static List<String> withPorts(String rule, FirewalldRules desired, Set<String> loaded) {
        for (OwnedService service : desired.services().values()) {
            String element = " service name=\"" + service.name() + "\"";
            if (rule.contains(element) && !loaded.contains(service.name())) {
                List<String> out = new ArrayList<>();
                for (String port : portElements(service)) {
                    out.add(rule.replace(element, port));
                }
                return out;
            }
        }
        return List.of(rule);
    }

    private static List<String> portElements(OwnedService service) {
        List<String> out = new ArrayList<>();
        for (PortRange range : service.ports()) {
            out.add(" port port=\"" + range.format("-") + "\" protocol=\"" + service.protocol().id() + "\"");
        }
        return out;
    }

    /**
     * @param rule a rich rule
     * @return whether it names an owned service, so that its tag says whose it is
     */
    static boolean tagged(String rule) {
        return rule.contains("service name=\"" + OwnedService.PREFIX);
    }
}
