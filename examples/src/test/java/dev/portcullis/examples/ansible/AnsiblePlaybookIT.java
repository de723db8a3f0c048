package dev.portcullis.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.LinuxTestHost;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example playbook ({@code examples/ansible/site.yml} with its {@code library/portcullis_policy}
 * module) run by Debian's own {@code ansible-playbook} over its docker connection against two live
 * test hosts, both in one inventory. The hosts run the command line's jar with this machine's JDK,
 * mounted read-only: nothing is installed on them. One playbook run per scenario, in order; the
 * hosts' rules are read through {@code docker exec} as the independent witness.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsiblePlaybookIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAR_IN_HOST = "/opt/portcullis/portcullis.jar";

    @TempDir
    static Path folder;
    static final List<LinuxTestHost> hosts = new ArrayList<>();
    static Path inventory;

    @BeforeAll
    static void start() throws Exception {
        String playbook = ansiblePlaybook();
        assertThat(playbook).isNotNull();
        Path jar = builtJar();
        Map<Path, String> binds = new LinkedHashMap<>();
        binds.put(jar, JAR_IN_HOST);
        binds.putAll(thisJdk());
        List<CompletableFuture<LinuxTestHost>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> LinuxTestHost.start(binds)));
        }
        for (CompletableFuture<LinuxTestHost> f : starting) {
            hosts.add(f.join());
        }
        inventory = Files.writeString(folder.resolve("hosts.ini"), "[portcullis]\n"
                + "h1 ansible_host=" + hosts.get(0).containerId() + "\n"
                + "h2 ansible_host=" + hosts.get(1).containerId() + "\n"
                + "[portcullis:vars]\n"
                + "ansible_connection=community.docker.docker\n"
                + "portcullis_jar=" + JAR_IN_HOST + "\n"
                + "portcullis_java=" + Path.of(System.getProperty("java.home")).toRealPath().resolve("bin/java") + "\n");
    }

    @AfterAll
    static void stop() {
        hosts.forEach(LinuxTestHost::close);
    }

    @Test
    @Order(1)
    void checkModeReportsWhatWouldChangeAndChangesNothing() throws Exception {
        List<String> before = List.of(rules(0), rules(1));

        Playbook run = playbook(policy("ansible-smtp", "25"), "--check", "--diff");

        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String h : List.of("h1", "h2")) {
            JsonNode r = run.result(h);
            assertThat(r.path("changed").asBoolean()).as(h + ": " + r).isTrue();
            assertThat(r.path("msg").asText()).startsWith("check mode: apply would run");
            assertThat(r.path("diff").path("after").asText()).contains("ansible-smtp");
            assertThat(run.stats(h).path("changed").asInt()).isEqualTo(1);
        }
        assertThat(List.of(rules(0), rules(1))).as("check mode changed no rule").isEqualTo(before);
    }

    @Test
    @Order(2)
    void theFirstRunChangesBothHosts() throws Exception {
        Playbook run = playbook(policy("ansible-smtp", "25"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String h : List.of("h1", "h2")) {
            JsonNode r = run.result(h);
            assertThat(r.path("changed").asBoolean()).as(h + ": " + r).isTrue();
            assertThat(r.path("failed").asBoolean()).isFalse();
            assertThat(r.path("msg").asText()).isEqualTo("apply: done, every step checked live");
            assertThat(r.has("warnings")).as("only the result on the module's standard output: " + r).isFalse();
            assertThat(run.stats(h).path("changed").asInt()).isEqualTo(1);
        }
        assertThat(rules(0)).contains("ansible-smtp").contains("--dport 25");
        assertThat(rules(1)).contains("ansible-smtp").contains("--dport 25");
    }

    @Test
    @Order(3)
    void theSecondRunChangesNothing() throws Exception {
        List<String> before = List.of(rules(0), rules(1));

        Playbook run = playbook(policy("ansible-smtp", "25"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String h : List.of("h1", "h2")) {
            assertThat(run.result(h).path("changed").asBoolean()).as(h + ": " + run.result(h)).isFalse();
            assertThat(run.result(h).path("msg").asText()).isEqualTo("apply: nothing to do, the host already matches");
            assertThat(run.stats(h).path("changed").asInt()).isZero();
            assertThat(run.stats(h).path("ok").asInt()).isEqualTo(1);
        }
        assertThat(List.of(rules(0), rules(1))).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aFailingHostIsReportedFailedAndRolledBackWhileTheOtherConverges() throws Exception {
        // h2 fails half way: its IPv4 rules are in when ip6tables-restore refuses, so there is something to roll back.
        for (String tool : List.of("/usr/sbin/ip6tables-restore", "/usr/sbin/ip6tables-nft-restore")) {
            hosts.get(1).run("sh", "-c", "rm -f " + tool + " && printf '#!/bin/sh\\necho injected failure >&2\\nexit 1\\n' > "
                    + tool + " && chmod 755 " + tool);
        }
        String h2Before = rules(1);

        Playbook run = playbook(policy("ansible-submission", "587"));

        assertThat(run.exitCode()).as("ansible-playbook says a host failed: " + run.output()).isEqualTo(2);
        JsonNode h1 = run.result("h1");
        assertThat(h1.path("changed").asBoolean()).as(h1.toString()).isTrue();
        assertThat(h1.path("failed").asBoolean()).isFalse();
        JsonNode h2 = run.result("h2");
        assertThat(h2.path("failed").asBoolean()).as(h2.toString()).isTrue();
        assertThat(h2.path("changed").asBoolean()).isFalse();
        assertThat(h2.path("msg").asText()).startsWith("apply: failed; every change of the failed part was undone; failed step:");
        assertThat(h2.path("reports").get(0).path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(run.stats("h2").path("failures").asInt()).isEqualTo(1);
        assertThat(run.stats("h1").path("failures").asInt()).isZero();
        assertThat(rules(0)).contains("ansible-submission").contains("--dport 587");
        assertThat(rules(1)).as("h2 rolled back to exactly what it had").isEqualTo(h2Before);
    }

    static Map<String, Object> policy(String name, String port) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("action", "allow");
        rule.put("protocol", "tcp");
        rule.put("ports", List.of(port));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", "port-policy");
        spec.put("name", name);
        spec.put("rules", List.of(rule));
        return spec;
    }

    static String rules(int host) {
        return hosts.get(host).run("iptables-save").stdout().replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "")
                + hosts.get(host).run("ip6tables-save").stdout().replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
    }

    /** One {@code ansible-playbook} run of the example playbook with this spec, its JSON output parsed. */
    static Playbook playbook(Map<String, Object> spec, String... flags) throws IOException, InterruptedException, URISyntaxException {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("portcullis_spec", spec);
        // The test hosts have firewalld installed but not running: the backend is named, as an operator would.
        vars.put("portcullis_backends", List.of("linux-iptables"));
        Path varsFile = Files.createTempFile(folder, "vars", ".json");
        JSON.writeValue(varsFile.toFile(), vars);
        List<String> argv = new ArrayList<>(List.of(ansiblePlaybook(), "-i", inventory.toString(),
                "-e", "@" + varsFile, examplesFolder().resolve("ansible/site.yml").toString()));
        argv.addAll(Arrays.asList(flags));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.put("ANSIBLE_STDOUT_CALLBACK", "json");
        env.put("ANSIBLE_HOME", folder.resolve("ansible-home").toString());
        env.put("ANSIBLE_LOCAL_TEMP", folder.resolve("ansible-tmp").toString());
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "false");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.remove("ANSIBLE_CONFIG");
        Path err = Files.createTempFile(folder, "ansible", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ansible-playbook did not finish: " + out);
        }
        String stderr = Files.readString(err);
        JsonNode json;
        try {
            json = JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("ansible-playbook printed no JSON (exit " + p.exitValue() + "):\n" + out + stderr, e);
        }
        return new Playbook(p.exitValue(), json, out + stderr);
    }

    /** What one playbook run reported. */
    record Playbook(int exitCode, JsonNode json, String output) {
        /** @return the module's result on this host (the playbook's one task) */
        JsonNode result(String host) {
            JsonNode r = json.path("plays").get(0).path("tasks").get(0).path("hosts").path(host);
            assertThat(r.isObject()).as("a result for " + host + " in " + output).isTrue();
            return r;
        }

        JsonNode stats(String host) {
            return json.path("stats").path(host);
        }
    }

    /** Found on the PATH; the live test fails (not skips) without it: -DskipLiveTests is the opt-out. */
    static String ansiblePlaybook() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "ansible-playbook");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("ansible-playbook is not installed: apt-get install ansible (scripts/test.sh does),"
                + " or skip the live tests with -DskipLiveTests");
    }

    /** The command line's shaded jar, built by this module's package phase before the live tests run. */
    static Path builtJar() throws URISyntaxException {
        Path testClasses = Path.of(AnsiblePlaybookIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = testClasses.getParent().resolve("portcullis.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the live tests through mvn verify (package builds it)");
        }
        return jar;
    }

    static Path examplesFolder() throws URISyntaxException {
        Path testClasses = Path.of(AnsiblePlaybookIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return testClasses.getParent().getParent();
    }

    /**
     * This JVM's own runtime, to be mounted read-only at the same path in the hosts, with the
     * configuration folder Debian's JDK links into from /etc.
     */
    static Map<Path, String> thisJdk() throws IOException {
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        Map<Path, String> binds = new LinkedHashMap<>();
        binds.put(home, home.toString());
        Path security = home.resolve("conf/security/java.security");
        if (Files.isSymbolicLink(security)) {
            Path conf = security.toRealPath().getParent().getParent();
            binds.put(conf, conf.toString());
        }
        return binds;
    }
}
