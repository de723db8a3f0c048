package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.testing.FirewalldListing;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a rollback must restore, captured from a live host: firewalld's whole runtime and
 * permanent {@link FirewalldListing} (every zone, policy, service list, ipset and direct rule, in
 * one process; less what firewalld keeps at runtime until its next reload), and the content of every zone and service XML file under {@code /etc/firewalld}
 * (firewalld's {@code .xml.old} backups excluded: firewalld rewrites them on every save).
 *
 * @param listing firewalld's runtime and permanent state, one fact per line
 * @param xmlFiles path to content of each zone and service XML file
 */
record FirewalldState(List<String> listing, Map<String, String> xmlFiles) {

    static FirewalldState capture(CommandRunner runner) {
        Map<String, String> files = new TreeMap<>();
        String found = runner.run(Command.of("find", "/etc/firewalld/zones", "/etc/firewalld/services", "-type", "f",
                "-name", "*.xml")).stdout();
        for (String path : found.split("\n")) {
            if (!path.isBlank()) {
                files.put(path.strip(), runner.run(Command.of("cat", path.strip())).stdout());
            }
        }
        return new FirewalldState(FirewalldListing.lessRuntimeLeftovers(FirewalldListing.read(runner)), files);
    }
}
