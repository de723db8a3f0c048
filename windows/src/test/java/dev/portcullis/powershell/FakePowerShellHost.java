package dev.portcullis.powershell;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for a Windows host in plan tests: answers each PowerShell process by the purpose line
 * of the script on its standard input, with recorded outputs. Like Windows, it has no POSIX
 * programs: any other command ({@code uname}, {@code which}...) cannot start. It proves what the
 * backend runs and how it reads answers; it never stands for "verified on Windows".
 */
public final class FakePowerShellHost implements CommandRunner {

    private final Map<String, CommandResultFactory> answers = new LinkedHashMap<>();
    private final List<Command> commands = new ArrayList<>();
    private final boolean local;

    /** Makes the answer to one PowerShell process. */
    public interface CommandResultFactory {
        /** @param command the process @return its result */
        CommandResult answer(Command command);
    }

    /** @param local whether the fake claims to be this machine */
    public FakePowerShellHost(boolean local) {
        this.local = local;
    }

    /**
     * Answers scripts whose purpose starts with this text with a recorded stdout.
     *
     * @param purposePrefix start of the script's purpose line
     * @param fixture file under the test resources' {@code fixtures/} folder
     * @return this fake
     */
    public FakePowerShellHost answer(String purposePrefix, String fixture) {
        String text = GoldenScripts.text("fixtures/" + fixture);
        answers.put(purposePrefix, c -> CommandResult.of(c, 0, text));
        return this;
    }


    /**
     * Answers scripts whose purpose starts with this text with literal stdout.
     *
     * @param purposePrefix start of the script's purpose line
     * @param stdout what the process prints
     * @return this fake
     */
    public FakePowerShellHost answerText(String purposePrefix, String stdout) {
        answers.put(purposePrefix, c -> CommandResult.of(c, 0, stdout));
        return this;
    }

    /**
     * Answers scripts whose purpose starts with this text with a failure.
     *
     * @param purposePrefix start of the script's purpose line
     * @param message the error PowerShell reports
     * @return this fake
     */
    public FakePowerShellHost fail(String purposePrefix, String message) {
        answers.put(purposePrefix, c -> new CommandResult(c, 1, "", "PORTCULLIS-ERROR: " + message,
                java.time.Duration.ZERO, false));
        return this;
    }

    @Override
    public CommandResult execute(Command command) {
        commands.add(command);
        if (command.stdin().isEmpty()) {
            throw new CommandRunnerException("'" + command.program() + "' is not recognized as the name of a cmdlet,"
                    + " function, script file, or operable program", null);
        }
        String script = new String(command.stdin().orElseThrow(), StandardCharsets.UTF_8);
        String purpose = script.lines().skip(1).findFirst().orElse("").strip().replaceFirst("^# ", "");
        for (Map.Entry<String, CommandResultFactory> e : answers.entrySet()) {
            if (purpose.startsWith(e.getKey())) {
                return e.getValue().answer(command);
            }
        }
        throw new AssertionError("unexpected script: " + purpose);
    }

    /** @return every process run so far */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** @return the purpose line of every script run so far */
    public List<String> purposes() {
        return commands.stream().filter(c -> c.stdin().isPresent()).map(c -> new String(c.stdin().get(), StandardCharsets.UTF_8)
                .lines().skip(1).findFirst().orElse("").strip()).toList();
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public String target() {
        return "fake powershell host";
    }
}
