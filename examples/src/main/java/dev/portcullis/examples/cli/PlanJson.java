package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as plain maps and lists, for {@code --json}: every step with the exact argv it runs, its
 * standard input (unless sensitive: then neither it nor its length), its check and its undo. Core's {@link Plan} renders text only;
 * scripts want the argv lists.
 */
public final class PlanJson {

    private PlanJson() {
    }

    /**
     * Describes a plan for {@code --json}.
     *
     * @param plan the plan to describe
     * @return a JSON-ready tree
     */
    public static Map<String, Object> of(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("backend", plan.backend());
        root.put("target", plan.target());
        root.put("converged", plan.isEmpty());
        root.put("notes", plan.notes());
        List<Object> steps = new ArrayList<>();
        for (Step s : plan.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("description", s.description());
            m.put("commands", commands(s.action().commands()));
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("description", s.probe().description());
            check.put("commands", commands(s.probe().commands()));
            m.put("check", check);
            Map<String, Object> undo = new LinkedHashMap<>();
            if (s.undo().isReversible()) {
                undo.put("commands", commands(s.undo().action().orElseThrow().commands()));
            } else {
                undo.put("irreversible", s.undo().irreversibleReason().orElse(""));
            }
            m.put("undo", undo);
            steps.add(m);
        }
        root.put("steps", steps);
        plan.finalCheck().ifPresent(c -> root.put("finalCheck", c.description()));
        return root;
    }

    private static List<Object> commands(List<Command> commands) {
        List<Object> out = new ArrayList<>();
        for (Command c : commands) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("argv", c.argv());
            c.stdin().ifPresent(bytes -> m.put("stdin", c.stdinSensitive() ? "[redacted]"
                    : new String(bytes, StandardCharsets.UTF_8)));
            m.put("rendered", c.render());
            out.add(m);
        }
        return out;
    }
}
