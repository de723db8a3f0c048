package dev.portcullis.preflight;

import dev.portcullis.spi.HostFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Preflight#run} found: every check with its status, reason and evidence. Serialises to
 * JSON with {@link #toJson()}; it never carries secrets (checks read no secret and print no spec).
 *
 * @param target where the checks ran ({@link dev.portcullis.exec.CommandRunner#target()})
 * @param spec the name of the spec checked for
 * @param duration total wall time
 * @param processes how many processes the checks spawned through the runner
 * @param checks the checks, in the order they ran
 * @param facts the host facts, with what the checks learnt added (each under its owner's typed key): hand them
 *        to {@code Provisioner.on(runner).facts(report.facts())} and provisioning chooses its
 *        backends from exactly what preflight saw
 */
public record PreflightReport(String target, String spec, Duration duration, int processes, List<PreflightCheck> checks,
        HostFacts facts) {

    /** @param target t @param spec s @param duration d @param processes p @param checks c @param facts f */
    public PreflightReport {
        checks = List.copyOf(checks);
        Objects.requireNonNull(facts, "facts");
    }

    /** @return the worst status among the checks (PASS when there are none) */
    public PreflightCheck.Status status() {
        PreflightCheck.Status s = PreflightCheck.Status.PASS;
        for (PreflightCheck c : checks) {
            s = s.worst(c.status());
        }
        return s;
    }

    /** @return whether no check failed (warnings allowed) */
    public boolean passed() {
        return status() != PreflightCheck.Status.FAIL;
    }

    /**
     * @param id a check's id, such as "port-occupancy"
     * @return that check, when it ran
     */
    public Optional<PreflightCheck> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** @return the checks that did not pass */
    public List<PreflightCheck> problems() {
        return checks.stream().filter(c -> c.status() != PreflightCheck.Status.PASS).toList();
    }

    /** @return the report as pretty-printed JSON */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("target", target);
        root.put("spec", spec);
        root.put("status", status().name());
        root.put("durationMillis", duration.toMillis());
        root.put("processes", processes);
        List<Object> list = new ArrayList<>();
        for (PreflightCheck c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("title", c.title());
            m.put("status", c.status().name());
            m.put("reason", c.reason());
            List<Object> evidence = new ArrayList<>();
            for (Evidence e : c.evidence()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("source", e.source());
                if (e.exitCode() != null) {
                    em.put("exitCode", e.exitCode());
                }
                em.put("output", e.output());
                evidence.add(em);
            }
            m.put("evidence", evidence);
            m.put("details", c.details());
            list.add(m);
        }
        root.put("checks", list);
        return dev.portcullis.internal.PrettyJson.write(root);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("preflight " + status() + " for " + spec + " on " + target + " ("
                + processes + " processes, " + duration.toMillis() + " ms)");
        for (PreflightCheck c : checks) {
            sb.append("\n  ").append(c.status()).append(' ').append(c.id()).append(": ").append(c.reason());
        }
        return sb.toString();
    }
}
