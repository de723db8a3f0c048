package dev.portcullis.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A value in a document together with its field path: reads typed fields and reports type
 * mistakes and unknown fields under the right path. Absent fields and explicit nulls read as
 * absent, so the model's builders apply their defaults or say what is missing.
 */
final class SpecNode {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");

    private final JsonNode node;
    private final String path;
    private final ReadProblems problems;

    SpecNode(JsonNode node, String path, ReadProblems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    static String child(String path, String name) {
        // A field name is echoed in messages: an unusual one is shown quoted, with control characters escaped.
        String shown = PLAIN_NAME.matcher(name).matches() ? name : Text.show(name);
        return path.isEmpty() ? shown : path + "." + shown;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    String path() {
        return path;
    }

    String path(String field) {
        return child(path, field);
    }

    ReadProblems problems() {
        return problems;
    }

    boolean isObject() {
        return node.isObject();
    }

    boolean isNumber() {
        return node.isNumber();
    }

    /** @return whether the field is present with a non-null value */
    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    /** @return the field as a node, or null when absent */
    SpecNode field(String field) {
        return has(field) ? new SpecNode(node.get(field), path(field), problems) : null;
    }

    /** Reports every field not in the list, suggesting the closest known one. */
    void allowOnly(String... known) {
        Set<String> names = new LinkedHashSet<>(Arrays.asList(known));
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!names.contains(name)) {
                String suggestion = closest(name, names);
                problems.add(path(name), "unknown field " + Text.show(name)
                        + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                        + " (known here: " + String.join(", ", names) + ")");
            }
        }
    }

    /** Reports the field as refused. */
    void refuse(String field, String reason) {
        problems.add(path(field), reason);
    }

    /** Reports this node as refused. */
    void refuse(String reason) {
        problems.add(path, reason);
    }

    /** @return the field's text, or null when absent or not text (then reported) */
    String text(String field) {
        SpecNode f = field(field);
        return f == null ? null : f.text();
    }

    /** @return this node's text, or null when it is not text (then reported) */
    String text() {
        if (node.isTextual()) {
            return node.textValue();
        }
        refuse("must be text" + (node.isValueNode() ? " (put it in quotes)" : ""));
        return null;
    }

    /**
     * @return this node as a one-line setting's text: text as written, a number as written, true and
     *     false as yes and no (YAML reads an unquoted {@code yes} as true); null when it is a list or
     *     mapping (then reported)
     */
    String scalar() {
        if (node.isBoolean()) {
            return node.booleanValue() ? "yes" : "no";
        }
        if (node.isNumber()) {
            return node.asText();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        refuse("must be one value (text, a number, yes or no), not a list or mapping");
        return null;
    }

    /** @return the names of this mapping's fields, in document order */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** @return the field as a whole number, or null when absent or not one (then reported) */
    Integer integer(String field) {
        SpecNode f = field(field);
        return f == null ? null : f.integer();
    }

    /** @return this node as a whole number, or null when it is not one (then reported) */
    Integer integer() {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && WHOLE_NUMBER.matcher(node.textValue()).matches()) {
            return Integer.parseInt(node.textValue());
        }
        refuse("must be a whole number");
        return null;
    }

    /** @return the field as a boolean, or null when absent or not one (then reported) */
    Boolean bool(String field) {
        SpecNode f = field(field);
        if (f == null) {
            return null;
        }
        if (f.node.isBoolean()) {
            return f.node.booleanValue();
        }
        f.refuse("must be true or false");
        return null;
    }

    /** @return the field's elements, or null when absent or not a list (then reported) */
    List<SpecNode> list(String field) {
        SpecNode f = field(field);
        if (f == null) {
            return null;
        }
        if (!f.node.isArray()) {
            f.refuse("must be a list");
            return null;
        }
        List<SpecNode> elements = new ArrayList<>();
        for (int i = 0; i < f.node.size(); i++) {
            elements.add(new SpecNode(f.node.get(i), element(f.path, i), problems));
        }
        return elements;
    }

    /** @return the field as a mapping, or null when absent or not a mapping (then reported) */
    SpecNode object(String field) {
        SpecNode f = field(field);
        if (f == null) {
            return null;
        }
        if (!f.node.isObject()) {
            f.refuse("must be a mapping of fields");
            return null;
        }
        return f;
    }

    /**
     * @param field the field
     * @param words the accepted words (lower case) and what each means
     * @param <E> the value type
     * @return the value, or null when absent or not one of the words (then reported)
     */
    <E> E word(String field, Map<String, E> words) {
        SpecNode f = field(field);
        return f == null ? null : f.word(words);
    }

    /**
     * @param words the accepted words (lower case) and what each means
     * @param <E> the value type
     * @return this node's value, or null when it is not one of the words (then reported)
     */
    <E> E word(Map<String, E> words) {
        String t = text();
        if (t == null) {
            return null;
        }
        E value = words.get(t.toLowerCase(Locale.ROOT));
        if (value == null) {
            refuse(Text.show(t) + " is not one of " + String.join(", ", words.keySet()));
        }
        return value;
    }

    private static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = k.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
