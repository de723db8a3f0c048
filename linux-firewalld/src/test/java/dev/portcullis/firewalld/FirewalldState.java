package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a rollback must restore, captured from a live host: the zone's runtime and permanent
 * {@code --list-all} text, the runtime and permanent service lists, and the content of every zone
 * and service XML file under {@code /etc/firewalld} (firewalld's {@code .xml.old} backups excluded:
 * firewalld rewrites them on every save).
 *
 * @param runtimeListing {@code firewall-cmd --zone=Z --list-all}
 * @param permanentListing {@code firewall-cmd --permanent --zone=Z --list-all}
 * @param runtimeServices {@code firewall-cmd --get-services}
 * @param permanentServices {@code firewall-cmd --permanent --get-services}
 * @param xmlFiles path to content of each zone and service XML file
 */
record FirewalldState(String runtimeListing, String permanentListing, String runtimeServices, String permanentServices,
        Map<String, String> xmlFiles) {

    static FirewalldState capture(CommandRunner runner, String zone) {
        Map<String, String> files = new TreeMap<>();
        String found = runner.run(Command.of("find", "/etc/firewalld/zones", "/etc/firewalld/services", "-type", "f",
                "-name", "*.xml")).stdout();
        for (String path : found.split("\n")) {
            if (!path.isBlank()) {
                files.put(path.strip(), runner.run(Command.of("cat", path.strip())).stdout());
            }
        }
        return new FirewalldState(
                runner.run(Command.of("firewall-cmd", "--zone=" + zone, "--list-all")).stdout(),
                runner.run(Command.of("firewall-cmd", "--permanent", "--zone=" + zone, "--list-all")).stdout(),
                runner.run(Command.of("firewall-cmd", "--get-services")).stdout(),
                runner.run(Command.of("firewall-cmd", "--permanent", "--get-services")).stdout(),
                files);
    }
}
