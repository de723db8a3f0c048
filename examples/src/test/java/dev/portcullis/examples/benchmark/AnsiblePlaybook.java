package dev.portcullis.examples.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a configuration-management user writes for the same allowlist: Debian's
 * {@code ansible-playbook} with one loop item per source, through the
 * {@code community.docker.docker} connection into a test host container. Ansible's own defaults
 * otherwise (no pipelining, no fact gathering since the tasks need none).
 */
final class AnsiblePlaybook {

    /** The module a playbook uses for each rule. */
    enum Module {
        /** {@code ansible.posix.firewalld}: one rich rule per item, runtime and permanent. */
        FIREWALLD("ansible.posix.firewalld", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - ansible.posix.firewalld:
                        rich_rule: 'rule family="ipv4" source address="{{ item }}" port port="25" protocol="tcp" accept'
                        permanent: true
                        immediate: true
                        state: enabled
                      loop: "{{ sources }}"
                """),
        /** {@code ansible.builtin.iptables}: one {@code INPUT} rule per item. */
        IPTABLES("ansible.builtin.iptables", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - ansible.builtin.iptables:
                        chain: INPUT
                        source: "{{ item }}"
                        protocol: tcp
                        destination_port: "25"
                        jump: ACCEPT
                        comment: ansible-bench
                      loop: "{{ sources }}"
                """);

        private final String moduleName;
        private final String playbook;

        Module(String moduleName, String playbook) {
            this.moduleName = moduleName;
            this.playbook = playbook;
        }

        String moduleName() {
            return moduleName;
        }
    }

    /** One finished run: its wall time and how many loop items Ansible reported as changed. */
    record Run(double seconds, int changed) {
    }

    private static final Pattern RECAP = Pattern.compile("ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");
    private static final Pattern CHANGED_ITEM = Pattern.compile("(?m)^changed: \\[bench\\] => \\(item=");
    private static final long TIMEOUT_MINUTES = 30;

    private AnsiblePlaybook() {
    }

    /**
     * Runs the module's playbook once against a container and insists that it succeeded.
     *
     * @param module the module the playbook loops over
     * @param containerId the Docker container to reach through {@code community.docker.docker}
     * @param sources one loop item each
     * @return the wall time of {@code ansible-playbook} and how many items it changed
     */
    static Run run(Module module, String containerId, List<String> sources) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("portcullis-ansible-bench");
            Path inventory = dir.resolve("inventory.ini");
            Files.writeString(inventory, "bench ansible_connection=community.docker.docker ansible_host=" + containerId
                    + " ansible_python_interpreter=/usr/bin/python3\n", StandardCharsets.UTF_8);
            Path playbook = dir.resolve("playbook.yml");
            Files.writeString(playbook, module.playbook, StandardCharsets.UTF_8);
            Path vars = dir.resolve("vars.json");
            new ObjectMapper().writeValue(vars.toFile(), Map.of("sources", sources));
            Path log = dir.resolve("output.log");
            ProcessBuilder pb = new ProcessBuilder(List.of("ansible-playbook", "-i", inventory.toString(),
                    "-e", "@" + vars, playbook.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("ANSIBLE_NOCOLOR", "1");
            pb.environment().put("ANSIBLE_RETRY_FILES_ENABLED", "0");
            long start = System.nanoTime();
            Process process = pb.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("ansible-playbook (" + module.moduleName + ", " + sources.size()
                        + " items) did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher recap = RECAP.matcher(output);
            if (process.exitValue() != 0 || !recap.find() || !"0".equals(recap.group(3)) || !"0".equals(recap.group(4))) {
                throw new IllegalStateException("ansible-playbook (" + module.moduleName + ") failed, exit "
                        + process.exitValue() + ":\n" + tail(output));
            }
            // the recap counts changed tasks; a loop is one task, so count its changed items
            return new Run(seconds, (int) CHANGED_ITEM.matcher(output).results().count());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run ansible-playbook (is Debian's ansible installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
