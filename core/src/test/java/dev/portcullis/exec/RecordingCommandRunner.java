package dev.portcullis.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A fake runner for plan tests: records every command and answers from a script of responses.
 * It proves what a plan would run; it never stands in for "verified" (that takes a live host).
 */
public final class RecordingCommandRunner implements CommandRunner {

    private final List<Command> commands = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private Function<Command, CommandResult> fallback = c -> CommandResult.of(c, 0, "");

    private record Rule(java.util.function.Predicate<Command> matches, Function<Command, CommandResult> answer) {
    }

    /**
     * Answers commands whose argv starts with these words.
     *
     * @param stdout what to print
     * @param argvPrefix program and leading arguments
     * @return this runner
     */
    public RecordingCommandRunner answer(String stdout, String... argvPrefix) {
        return answer(0, stdout, argvPrefix);
    }

    /**
     * Answers commands whose argv starts with these words.
     *
     * @param exitCode exit code to return
     * @param stdout what to print
     * @param argvPrefix program and leading arguments
     * @return this runner
     */
    public RecordingCommandRunner answer(int exitCode, String stdout, String... argvPrefix) {
        List<String> prefix = List.of(argvPrefix);
        rules.add(0, new Rule(c -> c.argv().size() >= prefix.size() && c.argv().subList(0, prefix.size()).equals(prefix),
                c -> CommandResult.of(c, exitCode, stdout)));
        return this;
    }

    /**
     * @param answer how to answer commands no rule matches (default: exit 0, no output)
     * @return this runner
     */
    public RecordingCommandRunner otherwise(Function<Command, CommandResult> answer) {
        this.fallback = answer;
        return this;
    }

    @Override
    public synchronized CommandResult execute(Command command) {
        commands.add(command);
        for (Rule r : rules) {
            if (r.matches().test(command)) {
                return r.answer().apply(command);
            }
        }
        return fallback.apply(command);
    }

    /** @return every command run so far */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    @Override
    public String target() {
        return "recording";
    }
}
