package dev.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.LocalCommandRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The quoting is checked by real shells, not by re-reading it: the quoted line runs in dash and in
 * bash ({@code sh -c LINE}), {@code printf '%s\0'} prints each word NUL-terminated, and the words
 * must come back exactly as given.
 */
class PosixShellWordsTest {

    static final List<String> HOSTILE = List.of("", " ", "  two  spaces  ", "'", "''", "it's", "\"", "a\"b'c", "\\",
            "\\'", "'\\''", "$HOME", "${HOME}", "$(id)", "`id`", "; rm -rf /tmp/x", "|&<>", "*", "?", "[a]", "~", "~root",
            "-n", "--", "-leading-dash", "--flag=value", "A=b", "if", "!", "#comment", "line one\nline two", "\n",
            "tab\there", "\r", "ünïcödé ✓ 日本", "emoji 🚀", "%PATH%", "\u00a0nbsp", "\u202eright-to-left", "\u007f");

    private final LocalCommandRunner local = LocalCommandRunner.create();

    @Test
    void everyHostileWordReachesDashAndBashUnchanged() {
        assertThat(throughShell("sh", HOSTILE)).containsExactlyElementsOf(HOSTILE);
        assertThat(throughShell("bash", HOSTILE)).containsExactlyElementsOf(HOSTILE);
    }

    @Test
    void quotesEveryWordTheProgramToo() {
        assertThat(PosixShellWords.commandLine(List.of("A=b", "if", "it's")))
                .isEqualTo("'A=b' 'if' 'it'\\''s'");
        assertThat(PosixShellWords.quote("")).isEqualTo("''");
    }

    @Test
    void refusesNulWhichNoArgumentCanCarry() {
        assertThatThrownBy(() -> PosixShellWords.quote("a\u0000b")).isInstanceOf(CommandRunnerException.class)
                .hasMessageContaining("NUL").hasMessageContaining("character 1");
    }

    @Test
    void refusesALoneSurrogateThatWouldArriveAsAnotherCharacter() {
        assertThatThrownBy(() -> PosixShellWords.quote("x\ud800")).isInstanceOf(CommandRunnerException.class)
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> PosixShellWords.quote("\udc00y")).isInstanceOf(CommandRunnerException.class);
        assertThat(PosixShellWords.quote("🚀")).isEqualTo("'🚀'");
    }

    @Test
    void refusesAnEmptyArgv() {
        assertThatThrownBy(() -> PosixShellWords.commandLine(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 25)
    void randomWordsSurviveTheShell(@ForAll("words") List<String> words) {
        assertThat(throughShell("sh", words)).containsExactlyElementsOf(words);
    }

    @Provide
    Arbitrary<List<String>> words() {
        return shellWords().list().ofMinSize(1).ofMaxSize(200);
    }

    /** Any Unicode text but NUL and lone surrogates, weighted towards the characters a shell treats specially. */
    static Arbitrary<String> shellWords() {
        Arbitrary<Character> special = Arbitraries.of('\'', '"', '\\', '$', '`', '(', ')', '{', '}', ';', '&', '|', '<',
                '>', '*', '?', '[', ']', '~', '!', '#', '=', '-', ' ', '\t', '\n', '%');
        Arbitrary<String> anyText = Arbitraries.strings().withCharRange('\u0001', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(30);
        Arbitrary<String> shellText = Arbitraries.strings().withChars('\'', '"', '\\', '$', '`', ' ', '\n', 'a', '-', '(')
                .withChars(special.sample(), special.sample()).ofMaxLength(30);
        return Arbitraries.oneOf(anyText, shellText);
    }

    private List<String> throughShell(String shell, List<String> words) {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(words);
        CommandResult r = local.run(Command.of(shell, "-c", PosixShellWords.commandLine(argv)));
        String out = r.stdout();
        assertThat(out).endsWith("\0");
        return Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1));
    }
}
