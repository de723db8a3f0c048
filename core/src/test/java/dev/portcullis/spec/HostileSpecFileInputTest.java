package dev.portcullis.spec;

import static dev.portcullis.model.HostileStrings.assertRefusedNaming;
import static dev.portcullis.model.HostileStrings.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.portcullis.Spec;
import dev.portcullis.model.HostileStrings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every string field of a JSON or YAML spec document refuses hostile input with an error naming
 * the field and its line. A valid rich document is taken, one string field is replaced by a
 * hostile value, and the document is written with plain Jackson (so it is well-formed) and read.
 */
public class HostileSpecFileInputTest {

    /** Tries per property over a document's string fields. */
    public static final int FIELD_TRIES = 700;
    /** Tries per property over hostile field names. */
    public static final int KEY_TRIES = 100;

    private static final ObjectMapper JSON = new JsonMapper();
    private static final ObjectMapper JSON_ESCAPED = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final ObjectMapper YAML = new YAMLMapper();

    /** A string field of a base document: where it is, and the field path the error must name. */
    static final class Field {
        final JsonNode base;
        final JsonPointer pointer;
        final String path;

        Field(Spec spec, String path) {
            this.base = tree(spec);
            this.path = path;
            this.pointer = JsonPointer.compile("/" + path.replace(".", "/").replaceAll("\\[(\\d+)\\]", "/$1"));
            if (!base.at(pointer).isTextual()) {
                throw new IllegalStateException(path + " is not a string field of " + spec.name());
            }
        }

        /** @return the value the base document holds in this field */
        String valid() {
            return base.at(pointer).textValue();
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private static JsonNode tree(Spec spec) {
        try {
            return JSON.readTree(Specs.writeString(spec, SpecFormat.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<Field> POLICY_FIELDS = List.of(
            new Field(RichSpecs.smtpInbound(), "kind"),
            new Field(RichSpecs.smtpInbound(), "name"),
            new Field(RichSpecs.smtpInbound(), "zone"),
            new Field(RichSpecs.smtpInbound(), "description"),
            new Field(RichSpecs.smtpInbound(), "rules[0].action"),
            new Field(RichSpecs.smtpInbound(), "rules[0].protocol"),
            new Field(RichSpecs.smtpInbound(), "rules[0].ports[0]"),
            new Field(RichSpecs.smtpInbound(), "rules[0].sources[0]"),
            new Field(RichSpecs.smtpInbound(), "rules[0].sources[1]"),
            new Field(RichSpecs.smtpInbound(), "rules[0].rateLimit.per"),
            new Field(RichSpecs.smtpInbound(), "rules[0].logPrefix"),
            new Field(RichSpecs.smtpInbound(), "rules[0].description"),
            new Field(RichSpecs.smtpInbound(), "rules[1].ports[1]"),
            new Field(RichSpecs.smtpInbound(), "rules[2].ports[0]"),
            new Field(RichSpecs.smtpInbound(), "rules[2].families[0]"),
            new Field(RichSpecs.smtpInbound(), "rules[3].direction"));

    static final List<Field> MAIL_FIELDS = List.of(
            new Field(RichSpecs.mailStatic(), "kind"),
            new Field(RichSpecs.mailStatic(), "hostname"),
            new Field(RichSpecs.mailStatic(), "origin"),
            new Field(RichSpecs.mailStatic(), "acceptedDomains[1]"),
            new Field(RichSpecs.mailStatic(), "trustedNetworks[0]"),
            new Field(RichSpecs.mailStatic(), "trustedNetworks[1]"),
            new Field(RichSpecs.mailStatic(), "listenInterfaces[0]"),
            new Field(RichSpecs.mailStatic(), "listenInterfaces[1]"),
            new Field(RichSpecs.mailStatic(), "tls.certificate"),
            new Field(RichSpecs.mailStatic(), "tls.privateKey"),
            new Field(RichSpecs.mailStatic(), "tls.minimumVersion"),
            new Field(RichSpecs.mailStatic(), "tls.securityLevel"),
            new Field(RichSpecs.mailStatic(), "relayHost.host"),
            new Field(RichSpecs.mailStatic(), "maxMessageSize"),
            new Field(RichSpecs.mailStatic(), "virtualMailboxes.type"),
            new Field(RichSpecs.mailStatic(), "virtualMailboxes.mailboxes[0].address"),
            new Field(RichSpecs.mailStatic(), "virtualMailboxes.mailboxes[1].mailbox"),
            new Field(RichSpecs.mailStatic(), "virtualMailboxes.baseDirectory"),
            new Field(RichSpecs.mailEverythingElse(), "listenInterfaces[0]"),
            new Field(RichSpecs.mailEverythingElse(), "ipFamilies[0]"),
            new Field(RichSpecs.mailEverythingElse(), "postfix.sasl.type"),
            new Field(RichSpecs.mailEverythingElse(), "postfix.sasl.path"),
            new Field(RichSpecs.mailEverythingElse(), "virtualMailboxes.mysql.password"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.host"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.database"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.user"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.password"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.mailboxLookup.table"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.mailboxLookup.keyColumn"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.mailboxLookup.resultColumn"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.domainLookup.table"),
            new Field(RichSpecs.mailMysql(), "virtualMailboxes.mysql.aliasLookup.resultColumn"));

    @Provide
    Arbitrary<String> hostile() {
        return HostileStrings.hostile();
    }

    @Provide
    Arbitrary<Field> policyField() {
        return Arbitraries.of(POLICY_FIELDS);
    }

    @Provide
    Arbitrary<Field> mailField() {
        return Arbitraries.of(MAIL_FIELDS);
    }

    @Property(tries = FIELD_TRIES)
    void policyJson(@ForAll("policyField") Field f, @ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused(f, place(f.valid(), h, at), SpecFormat.JSON);
    }

    @Property(tries = FIELD_TRIES)
    void policyYaml(@ForAll("policyField") Field f, @ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused(f, place(f.valid(), h, at), SpecFormat.YAML);
    }

    @Property(tries = FIELD_TRIES)
    void mailJson(@ForAll("mailField") Field f, @ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused(f, place(f.valid(), h, at), SpecFormat.JSON);
    }

    @Property(tries = FIELD_TRIES)
    void mailYaml(@ForAll("mailField") Field f, @ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        refused(f, place(f.valid(), h, at), SpecFormat.YAML);
    }

    @Property(tries = KEY_TRIES)
    void fieldNamesJson(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        unknownKey(place("zone", h, at), SpecFormat.JSON);
    }

    @Property(tries = KEY_TRIES)
    void fieldNamesYaml(@ForAll("hostile") String h, @ForAll @IntRange(max = 3) int at) {
        unknownKey(place("zone", h, at), SpecFormat.YAML);
    }

    /**
     * Writes the field's document with the value in the field, reads it back, and checks that it
     * is refused naming the field, every problem with its line.
     */
    static void refused(Field f, String value, SpecFormat format) {
        JsonNode doc = f.base.deepCopy();
        JsonNode parent = doc.at(f.pointer.head());
        if (parent.isObject()) {
            ((ObjectNode) parent).put(f.pointer.last().getMatchingProperty(), value);
        } else {
            ((ArrayNode) parent).set(f.pointer.last().getMatchingIndex(), TextNode.valueOf(value));
        }
        read(write(doc, format), format, f.path);
    }

    /** Reads a document with an extra field of that name and checks it is refused as unknown. */
    static void unknownKey(String key, SpecFormat format) {
        ObjectNode doc = (ObjectNode) POLICY_FIELDS.get(0).base.deepCopy();
        doc.put(key, "public");
        read(write(doc, format), format, SpecNode.child("", key));
    }

    private static String write(JsonNode doc, SpecFormat format) {
        try {
            String text = (format == SpecFormat.JSON ? JSON : YAML).writeValueAsString(doc);
            if (format == SpecFormat.YAML && text.chars().anyMatch(c -> c == 0x85 || c == 0x2028 || c == 0x2029)) {
                // The YAML writer emits NEL, LS and PS raw, and YAML reads them as line breaks: the
                // document would no longer hold the hostile string. JSON with \\u escapes is also
                // YAML, and carries the string intact to the YAML reader.
                return JSON_ESCAPED.writeValueAsString(doc);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(String text, SpecFormat format, String field) {
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(text, format));
        assertRefusedNaming(e, field);
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPresent());
    }

    /** @return every string field of the two kinds of document */
    static List<Field> allFields() {
        List<Field> all = new ArrayList<>(POLICY_FIELDS);
        all.addAll(MAIL_FIELDS);
        return all;
    }

    /** The fields above are every string field the two kinds of document have. */
    static List<String> coveredPaths() {
        List<String> all = new ArrayList<>();
        POLICY_FIELDS.forEach(f -> all.add(f.path));
        MAIL_FIELDS.forEach(f -> all.add(f.path));
        return all;
    }
}
