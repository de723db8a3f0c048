package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.SpecProblem;
import org.junit.jupiter.api.Test;

/** Documents that attack the reader rather than the model are refused as cleanly as bad values. */
class HostileDocumentTest {

    private static SpecFileException refusal(String text, SpecFormat format) {
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(text, format));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPresent());
        return e;
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        String json = "{\"kind\":\"port-policy\",\"name\":\"p\",\"rules\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(refusal(json, SpecFormat.JSON).problems().get(0).reason()).startsWith("syntax error");
        String yaml = "kind: port-policy\nname: p\nrules: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertThat(refusal(yaml, SpecFormat.YAML).problems().get(0).reason()).startsWith("syntax error");
    }

    @Test
    void aSecondDocumentOrTrailingContentIsRefused() {
        assertThat(refusal("kind: port-policy\nname: a\n---\nkind: port-policy\nname: b\n", SpecFormat.YAML).problems())
                .extracting(SpecProblem::reason).containsExactly("a spec file holds one document; more follows");
        assertThat(refusal("{\"kind\": \"port-policy\", \"name\": \"a\"}\n{\"x\": 1}", SpecFormat.JSON).problems())
                .hasSize(1);
        // The second document hides none of the first one's problems.
        assertThat(refusal("kind: port-policy\nname: A\n---\nkind: port-policy\n", SpecFormat.YAML).problems())
                .extracting(SpecProblem::field).containsExactly("name", "");
    }

    @Test
    void yamlTagsConstructNothing() {
        SpecFileException e = refusal("kind: port-policy\nname: !!binary aGVsbG8=\n", SpecFormat.YAML);
        assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("name");
        SpecFileException java = refusal("kind: port-policy\nname: !!javax.script.ScriptEngineManager [x]\n",
                SpecFormat.YAML);
        assertThat(java.problems()).extracting(SpecProblem::field).containsExactly("name");
    }

    @Test
    void yamlAliasesDoNotSmuggleValuesPastValidation() {
        String yaml = "kind: port-policy\nname: &n 'evil;name'\ndescription: *n\n";
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(yaml, SpecFormat.YAML));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(SpecProblem::field).contains("name");
    }

    @Test
    void numbersWhereTextBelongsAskForQuotes() {
        SpecFileException e = refusal("kind: port-policy\nname: 123\nrules: [{ports: [25], logPrefix: 1.5}]\n",
                SpecFormat.YAML);
        assertThat(e.problems()).extracting(p -> p.field() + ": " + p.reason())
                .containsExactly("name: must be text (put it in quotes)", "rules[0].logPrefix: must be text (put it in quotes)");
    }

    @Test
    void windowsLineEndingsKeepLineNumbers() {
        SpecFileException e = refusal("kind: port-policy\r\nname: p\r\nzone: Public\r\n", SpecFormat.YAML);
        assertThat(e.problems().get(0).line()).hasValue(3);
    }
}
