package dev.portcullis.mailevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a log file with tail -F semantics, through a real runner on this machine (dd, stat). */
class MailLogFileTest {

    @TempDir
    Path dir;

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> poll(MailLogFile f) {
        List<String> lines = new ArrayList<>();
        f.poll(lines::add);
        return lines;
    }

    @Test
    void followsFromTheEndAndReturnsOnlyCompleteNewLines() throws IOException {
        Path log = dir.resolve("mail.log");
        append(log, "old 1\nold 2\n");
        MailLogFile f = MailLogFile.fromEnd(LocalCommandRunner.create(), log.toString());
        assertThat(poll(f)).isEmpty();
        append(log, "new 1\nnew 2 is still being wri");
        assertThat(poll(f)).containsExactly("new 1");
        append(log, "tten\n");
        assertThat(poll(f)).containsExactly("new 2 is still being written");
        assertThat(poll(f)).isEmpty();
    }

    @Test
    void readsTheRestOfTheRotatedFileBeforeTheNewOne() throws IOException {
        Path log = dir.resolve("mail.log");
        append(log, "a\n");
        MailLogFile f = MailLogFile.fromStart(LocalCommandRunner.create(), log.toString());
        assertThat(poll(f)).containsExactly("a");
        append(log, "b\n");
        Files.move(log, dir.resolve("mail.log.1"));
        append(dir.resolve("mail.log.1"), "c written before the reload\n");
        append(log, "d in the new file\n");
        assertThat(poll(f)).containsExactly("b", "c written before the reload", "d in the new file");
        append(log, "e\n");
        assertThat(poll(f)).containsExactly("e");
    }

    @Test
    void startsAgainAfterCopyTruncate() throws IOException {
        Path log = dir.resolve("mail.log");
        append(log, "one\ntwo\n");
        MailLogFile f = MailLogFile.fromStart(LocalCommandRunner.create(), log.toString());
        assertThat(poll(f)).containsExactly("one", "two");
        Files.writeString(log, "");
        append(log, "three\n");
        assertThat(poll(f)).containsExactly("three");
    }

    @Test
    void waitsForAFileThatDoesNotExistYet() throws IOException {
        Path log = dir.resolve("later.log");
        MailLogFile f = MailLogFile.fromEnd(LocalCommandRunner.create(), log.toString());
        assertThat(poll(f)).isEmpty();
        append(log, "first\n");
        assertThat(poll(f)).containsExactly("first");
    }

    @Test
    void readsALargeFileInBoundedChunksWithoutLosingALine() throws IOException {
        Path log = dir.resolve("big.log");
        StringBuilder b = new StringBuilder();
        int n = 0;
        while (b.length() < MailLogFile.CHUNK_BYTES * 2 + 1000) {
            b.append("line ").append(n++).append(" é ").append("x".repeat(90)).append('\n');
        }
        append(log, b.toString());
        CountingCommandRunner counting = new CountingCommandRunner(LocalCommandRunner.create());
        List<String> lines = MailLogFile.readAll(counting, log.toString());
        assertThat(lines).hasSize(n);
        assertThat(lines.get(n - 1)).startsWith("line " + (n - 1) + " é ");
        assertThat(counting.spawns()).as("one stat and three chunks").isEqualTo(4);
    }

    @Test
    void refusesARelativePathOrControlCharacters() {
        assertThatThrownBy(() -> MailLogFile.fromStart(LocalCommandRunner.create(), "var/log/mail.log"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> MailLogSource.file("/var/log/mail\n.log"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
    }
}
