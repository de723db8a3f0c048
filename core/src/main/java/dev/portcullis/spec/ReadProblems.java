package dev.portcullis.spec;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.SpecProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems found while reading a document: those the reader finds itself (types, unknown fields,
 * unparseable words) and those the model's builders report. When the reader already refused a
 * field, the builder's complaint about the placeholder it was given instead is dropped, so each
 * mistake is reported once.
 */
final class ReadProblems {

    private final List<SpecProblem> form = new ArrayList<>();
    private final List<SpecProblem> own = new ArrayList<>();
    private final List<SpecProblem> model = new ArrayList<>();
    /** Objects a value factory refused in detail, with the number of model problems known by then. */
    private final Map<String, Integer> refusedObjects = new HashMap<>();

    /**
     * @param path field path in the document
     * @param reason why it is refused
     */
    void add(String path, String reason) {
        own.add(SpecProblem.of(path, reason));
    }

    /**
     * Records a problem about the document's form (a duplicate field, a second document) that
     * hides nothing: the model's problems on the same fields are still reported.
     *
     * @param problem the problem, already located
     */
    void addFormProblem(SpecProblem problem) {
        form.add(problem);
    }

    /**
     * Records what a builder or value factory refused, below a path prefix.
     *
     * @param e the model's exception
     * @param prefix the path of the object the model was building ("" for the root)
     */
    void addModel(InvalidSpecException e, String prefix) {
        for (SpecProblem p : e.problems()) {
            model.add(SpecProblem.of(join(prefix, p.field()), p.reason()));
        }
        // The object was refused in detail: a later "is missing" for the whole object says nothing new.
        if (!prefix.isEmpty()) {
            refusedObjects.putIfAbsent(prefix, model.size());
        }
    }

    /** @return whether nothing was refused so far */
    boolean isEmpty() {
        return form.isEmpty() && own.isEmpty() && model.isEmpty();
    }

    /** @return problems of form, the reader's problems, then the model's problems on fields the reader did not refuse */
    List<SpecProblem> all() {
        List<SpecProblem> all = new ArrayList<>(form);
        all.addAll(own);
        for (int i = 0; i < model.size(); i++) {
            SpecProblem p = model.get(i);
            Integer refusedAt = refusedObjects.get(p.field());
            boolean known = own.stream().anyMatch(o -> covers(o.field(), p.field()))
                    || refusedAt != null && i >= refusedAt;
            if (!known && !all.contains(p)) {
                all.add(p);
            }
        }
        return all;
    }

    static String join(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        if (field.isEmpty()) {
            return prefix;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }

    private static boolean covers(String outer, String inner) {
        return outer.isEmpty() || inner.equals(outer) || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
    }
}
