package dev.portcullis.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.portcullis.SpecProblem;
import dev.portcullis.internal.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A document read in one streaming pass into a tree, remembering on which line each field path
 * ({@code rules[1].sources[0]}) starts. Jackson's trees forget locations; the builders report
 * problems by field path; this index joins the two so every problem gets its line.
 */
final class LocatedTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<SpecProblem> formProblems;

    private LocatedTree(JsonNode root, Map<String, Integer> lines, List<SpecProblem> formProblems) {
        this.root = root;
        this.lines = lines;
        this.formProblems = formProblems;
    }

    /**
     * Reads one value (the parser may stand before it or on its first token).
     *
     * @param parser a JSON or YAML parser
     * @return the tree and its line index
     * @throws IOException on syntax errors (Jackson's exceptions carry the location)
     */
    static LocatedTree read(JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        List<SpecProblem> formProblems = new ArrayList<>();
        JsonToken first = parser.currentToken() != null ? parser.currentToken() : parser.nextToken();
        if (first == null) {
            lines.put("", 1);
            return new LocatedTree(NODES.missingNode(), lines, formProblems);
        }
        JsonNode root = new Reader(parser, lines, formProblems).value("");
        return new LocatedTree(root, lines, formProblems);
    }

    /** @return the document's root value (a missing node for an empty document) */
    JsonNode root() {
        return root;
    }

    /** @return problems of form found while reading: fields that appeared twice in one mapping, YAML anchors and aliases */
    List<SpecProblem> formProblems() {
        return formProblems;
    }

    /**
     * @param path a field path such as {@code rules[1].sources[0]}
     * @return the line of that field, or of its closest enclosing field present in the document
     */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
            p = parent(p);
        }
    }

    /**
     * @param problem a problem whose field is a path in this document
     * @return the problem located on its line (unchanged when it has one)
     */
    SpecProblem locate(SpecProblem problem) {
        return problem.line().isPresent() ? problem : problem.atLine(lineOf(problem.field()));
    }

    private static String parent(String path) {
        if (path.endsWith("]")) {
            int open = path.lastIndexOf('[');
            if (open >= 0) {
                return path.substring(0, open);
            }
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** One streaming pass; recursion depth is bounded by Jackson's nesting limit. */
    private static final class Reader {
        private final JsonParser parser;
        private final Map<String, Integer> lines;
        private final List<SpecProblem> formProblems;
        private String previousAnchor;

        Reader(JsonParser parser, Map<String, Integer> lines, List<SpecProblem> formProblems) {
            this.parser = parser;
            this.lines = lines;
            this.formProblems = formProblems;
        }

        JsonNode value(String path) throws IOException {
            lines.putIfAbsent(path, line(parser.currentTokenLocation()));
            refuseAnchorOrAlias(path);
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT:
                    return object(path);
                case START_ARRAY:
                    return array(path);
                case VALUE_STRING:
                    return NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT:
                    return NODES.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT:
                    return NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE:
                    return NODES.booleanNode(true);
                case VALUE_FALSE:
                    return NODES.booleanNode(false);
                case VALUE_NULL:
                    return NODES.nullNode();
                default:
                    // Embedded binary (YAML !!binary) and the like have no place in a spec.
                    return NODES.pojoNode(String.valueOf(token));
            }
        }

        private JsonNode object(String path) throws IOException {
            ObjectNode node = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                String fieldPath = SpecNode.child(path, name);
                int line = line(parser.currentTokenLocation());
                refuseAnchorOrAlias(fieldPath);
                parser.nextToken();
                if (node.has(name)) {
                    formProblems.add(SpecProblem.of(fieldPath, "duplicate field " + Text.show(name)
                            + " (first on line " + lines.get(fieldPath) + ")").atLine(line));
                    value(fieldPath + "#duplicate");
                } else {
                    lines.put(fieldPath, line);
                    node.set(name, value(fieldPath));
                }
            }
            return node;
        }

        private JsonNode array(String path) throws IOException {
            ArrayNode node = NODES.arrayNode();
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                node.add(value(SpecNode.element(path, i++)));
            }
            return node;
        }

        /**
         * Jackson reads an alias ({@code *deny}) as the text of its name and drops anchors
         * ({@code &deny}), so {@code action: *deny} would silently read as {@code deny}, whatever
         * the anchored value says. A spec must say what it means where it says it: aliases are
         * refused, and so are anchors wherever Jackson reports them (on mappings, lists and keys; it
         * drops those on scalar values, which are harmless once no alias can refer to them).
         */
        private void refuseAnchorOrAlias(String path) throws IOException {
            if (!(parser instanceof YAMLParser)) {
                return;
            }
            YAMLParser yaml = (YAMLParser) parser;
            int line = line(parser.currentTokenLocation());
            if (yaml.isCurrentAlias()) {
                formProblems.add(SpecProblem.of(path, "the YAML alias " + shown('*', parser.getText())
                        + " is not allowed in a spec: it would be read as the text of its name, not as the anchored"
                        + " value; write the value out").atLine(line));
            } else if (yaml.getCurrentAnchor() != null && !yaml.getCurrentAnchor().equals(previousAnchor)) {
                formProblems.add(SpecProblem.of(path, "the YAML anchor " + shown('&', yaml.getCurrentAnchor())
                        + " is not allowed in a spec (aliases are refused); remove it").atLine(line));
            }
            // Jackson keeps a mapping's anchor on its first field name too: report it once.
            previousAnchor = yaml.getCurrentAnchor();
        }

        private static String shown(char sigil, String name) {
            return name != null && name.length() <= 32 ? Text.show(sigil + name) : sigil + "...";
        }

        private static int line(JsonLocation location) {
            return location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
        }
    }
}
