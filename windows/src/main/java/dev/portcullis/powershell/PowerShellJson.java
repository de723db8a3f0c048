package dev.portcullis.powershell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the shapes {@code ConvertTo-Json} gives the same data in, strictly. Windows PowerShell 5.1
 * and PowerShell 7 differ, and both flatten: a one-element collection comes out as the bare
 * element, an empty collection inside an object as {@code ""} (5.1) or {@code []}, a collection that
 * went through the pipeline as {@code {"value": [...], "Count": n}} (5.1), an enumeration as its
 * number (or its name with {@code -EnumsAsStrings}). Anything else is refused with a
 * {@link IllegalStateException} naming the field, never guessed at.
 */
public final class PowerShellJson {

    private PowerShellJson() {
    }

    /**
     * @param node a collection of objects in any of its shapes
     * @param field the field name, for errors
     * @return the objects (missing, null and "" give none)
     */
    public static List<JsonNode> objects(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : elements(node, field)) {
            if (!n.isObject()) {
                throw new IllegalStateException(field + ": expected objects, found " + n.getNodeType() + " " + n);
            }
            out.add(n);
        }
        return out;
    }

    /**
     * @param node a multi-valued string property in any of its shapes
     * @param field the field name, for errors
     * @return the strings (missing, null and "" give none; numbers keep their literal text)
     */
    public static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : elements(node, field)) {
            if (n.isTextual()) {
                out.add(n.asText());
            } else if (n.isIntegralNumber()) {
                out.add(n.asText());
            } else {
                throw new IllegalStateException(field + ": expected strings, found " + n.getNodeType() + " " + n);
            }
        }
        return out;
    }

    /**
     * @param node a single string property
     * @param field the field name, for errors
     * @return its text; null and missing give ""
     */
    public static String text(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isTextual() || node.isIntegralNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw new IllegalStateException(field + ": expected a string, found " + node.getNodeType() + " " + node);
    }

    /**
     * @param node a property that must be present
     * @param field the field name, for errors
     * @return its text
     */
    public static String requiredText(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new IllegalStateException(field + ": missing");
        }
        return text(node, field);
    }

    /**
     * Reads an enumeration given as its number or its name.
     *
     * @param node the property
     * @param field the field name, for errors
     * @param names the names, indexed by their numeric value (null for unused values)
     * @return the name
     */
    public static String enumName(JsonNode node, String field, String... names) {
        if (node != null && node.isIntegralNumber()) {
            int v = node.asInt();
            if (v >= 0 && v < names.length && names[v] != null) {
                return names[v];
            }
            throw new IllegalStateException(field + ": unknown value " + v);
        }
        String text = requiredText(node, field);
        for (String n : names) {
            if (n != null && n.equalsIgnoreCase(text)) {
                return n;
            }
        }
        throw new IllegalStateException(field + ": unknown value '" + text + "'");
    }

    /**
     * @param node a boolean property (true/false, or "True"/"False" as PowerShell prints them)
     * @param field the field name, for errors
     * @return its value
     */
    public static boolean bool(JsonNode node, String field) {
        if (node != null && node.isBoolean()) {
            return node.asBoolean();
        }
        String t = requiredText(node, field);
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalStateException(field + ": expected true or false, found '" + t + "'");
    }

    private static List<JsonNode> elements(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
            return out;
        }
        if (node.isObject() && node.has("value") && node.has("Count") && node.size() == 2) {
            JsonNode value = node.get("value");
            List<JsonNode> inner = elements(value, field);
            if (inner.size() != node.get("Count").asInt()) {
                throw new IllegalStateException(field + ": Count " + node.get("Count") + " but " + inner.size() + " values");
            }
            return inner;
        }
        out.add(node);
        return out;
    }
}
