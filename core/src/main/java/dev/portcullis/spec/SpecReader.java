package dev.portcullis.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Spec;
import dev.portcullis.SpecProblem;
import dev.portcullis.internal.Text;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one spec document from a parser: builds the located tree, dispatches on the logical
 * {@code kind}, and turns every problem (syntax, unknown or duplicate field, validation) into a
 * {@link SpecFileException} whose problems carry their lines.
 */
final class SpecReader {

    /** The logical kinds a document may declare, and the model type each reads into. */
    static final Map<String, Class<? extends Spec>> KINDS = kinds();

    private SpecReader() {
    }

    private static Map<String, Class<? extends Spec>> kinds() {
        Map<String, Class<? extends Spec>> m = new LinkedHashMap<>();
        m.put(PortPolicyWriter.KIND, PortPolicy.class);
        m.put(MailServerSpecWriter.KIND, MailServerSpec.class);
        return m;
    }

    /**
     * @param parser positioned before (or on) the document
     * @param expected the type wanted ({@link Spec} for either kind)
     * @param source where the document comes from, for messages
     * @param <T> the type wanted
     * @return the spec
     * @throws SpecFileException when the document is malformed or the spec invalid
     * @throws IOException when reading fails for another reason than syntax
     */
    static <T extends Spec> T read(JsonParser parser, Class<T> expected, String source) throws IOException {
        return read(parser, expected, source, false);
    }

    /**
     * @param parser positioned before (or on) the document
     * @param expected the type wanted ({@link Spec} for either kind)
     * @param source where the document comes from, for messages
     * @param wholeInput whether the document must be all the parser holds (a file), rather than
     *     one value inside a larger document
     * @param <T> the type wanted
     * @return the spec
     * @throws SpecFileException when the document is malformed or the spec invalid
     * @throws IOException when reading fails for another reason than syntax
     */
    static <T extends Spec> T read(JsonParser parser, Class<T> expected, String source, boolean wholeInput)
            throws IOException {
        LocatedTree tree;
        ReadProblems problems = new ReadProblems();
        try {
            tree = LocatedTree.read(parser);
            if (wholeInput && !tree.root().isMissingNode() && parser.nextToken() != null) {
                // A second YAML document or trailing JSON would otherwise be ignored without a word.
                problems.addFormProblem(SpecProblem.of("", "a spec file holds one document; more follows")
                        .atLine(parser.currentTokenLocation().getLineNr()));
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(e, source, parser);
        }
        tree.formProblems().forEach(problems::addFormProblem);
        Spec spec = null;
        if (!tree.root().isObject()) {
            problems.add("", tree.root().isMissingNode()
                    ? "the document is empty; a spec starts with kind: " + String.join(" or kind: ", KINDS.keySet())
                    : "a spec document must be a mapping of fields, starting with kind");
        } else {
            SpecNode root = new SpecNode(tree.root(), "", problems);
            Class<? extends Spec> kind = root.word("kind", KINDS);
            if (kind == null && !root.has("kind")) {
                root.refuse("kind", "is missing (" + String.join(" or ", KINDS.keySet()) + ")");
            } else if (kind != null && !expected.isAssignableFrom(kind)) {
                root.refuse("kind", "is " + root.text("kind") + " but a " + kindOf(expected) + " was expected");
            } else if (kind == PortPolicy.class) {
                spec = PortPolicyReader.read(root);
            } else if (kind == MailServerSpec.class) {
                spec = MailServerSpecReader.read(root);
            }
        }
        List<SpecProblem> all = problems.all();
        if (!all.isEmpty() || spec == null) {
            if (all.isEmpty()) {
                all = List.of(SpecProblem.of("", "the document does not describe a spec"));
            }
            throw new SpecFileException(source, all.stream().map(tree::locate)
                    .sorted(Comparator.comparingInt(p -> p.line().orElse(0))).collect(Collectors.toList()));
        }
        return expected.cast(spec);
    }

    private static String kindOf(Class<?> type) {
        return KINDS.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElse(String.join(" or ", KINDS.keySet()));
    }

    /** A syntax error as a located problem; Jackson's message is cut to its first line and made printable. */
    static SpecFileException syntaxError(JsonProcessingException e, String source, JsonParser parser) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        // Jackson quotes the offending token; it may be a pasted secret, so only short ones stay.
        message = message.replaceAll("'[^']{4,}'", "'...'");
        String shown = Text.show(message.length() > 200 ? message.substring(0, 200) : message);
        SpecProblem problem = SpecProblem.of(pathOf(parser), "syntax error: "
                + shown.substring(1, shown.length() - 1));
        // Limits (nesting depth, string length) are reported without a location: the parser knows where it is.
        JsonLocation location = e.getLocation() != null ? e.getLocation()
                : parser != null ? parser.currentLocation() : null;
        int line = location == null ? 0 : location.getLineNr();
        return new SpecFileException(source, List.of(line > 0 ? problem.atLine(line) : problem));
    }

    private static String pathOf(JsonParser parser) {
        if (parser == null) {
            return "";
        }
        JsonStreamContext ctx = parser.getParsingContext();
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        while (ctx != null && !ctx.inRoot()) {
            if (ctx.inArray()) {
                parts.push("[" + Math.max(ctx.getCurrentIndex(), 0) + "]");
            } else if (ctx.getCurrentName() != null) {
                parts.push("." + SpecNode.child("", ctx.getCurrentName()));
            }
            ctx = ctx.getParent();
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
