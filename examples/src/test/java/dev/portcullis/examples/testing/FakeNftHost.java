package dev.portcullis.examples.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host that remembers just enough of nftables for apply tests: {@code nft -f -} adds the chains
 * its script names (with their comments) and deletes the ones it deletes, and
 * {@code nft list table inet portcullis} lists them back. Chosen commands can be made to fail.
 * The host-fact reads answer as a Debian host where commands run as root; every other command
 * succeeds silently. It is no stand-in for "verified": the live test is.
 */
public final class FakeNftHost implements CommandRunner {

    private static final Pattern ADD = Pattern.compile("add chain inet portcullis (\\S+) \\{[^\\n]*comment \"([^\"]*)\"");
    private static final Pattern DELETE = Pattern.compile("delete chain inet portcullis (\\S+)");

    private final Map<String, String> chains = new LinkedHashMap<>();
    private final List<Command> ran = new ArrayList<>();
    private final List<Predicate<Command>> failing = new ArrayList<>();

    /**
     * @param program a command's program, e.g. "postfix"
     * @param firstArg its first argument, e.g. "reload"
     * @return this host, where that command exits 1
     */
    public FakeNftHost failing(String program, String firstArg) {
        failing.add(c -> c.program().equals(program) && c.argv().size() > 1 && c.argv().get(1).equals(firstArg));
        return this;
    }

    /** @return every command run so far */
    public synchronized List<Command> ran() {
        return List.copyOf(ran);
    }

    @Override
    public synchronized CommandResult execute(Command c) {
        ran.add(c);
        if (failing.stream().anyMatch(f -> f.test(c))) {
            return new CommandResult(c, 1, "", c.program() + ": simulated failure", Duration.ZERO, false);
        }
        switch (c.program()) { // the reads that gather host facts: a Debian host, as root, with nft and postconf
            case "uname" -> {
                return CommandResult.of(c, 0, "Linux 6.1.0-28-amd64\n");
            }
            case "id" -> {
                return CommandResult.of(c, 0, "0\n");
            }
            case "which" -> {
                return CommandResult.of(c, 0, "/usr/sbin/nft\n/usr/sbin/postconf\n");
            }
            case "nft" -> {
                return nft(c);
            }
            default -> {
                return CommandResult.of(c, 0, "");
            }
        }
    }

    private CommandResult nft(Command c) {
        if (c.argv().get(1).equals("list")) {
            StringBuilder out = new StringBuilder("table inet portcullis {\n");
            chains.forEach((name, comment) -> out.append("\tchain ").append(name).append(" {\n\t\tcomment \"")
                    .append(comment).append("\"\n\t}\n"));
            return CommandResult.of(c, 0, out.append("}\n").toString());
        }
        String script = new String(c.stdin().orElse(new byte[0]), StandardCharsets.UTF_8);
        for (String line : script.split("\n")) {
            Matcher del = DELETE.matcher(line);
            Matcher add = ADD.matcher(line);
            if (del.find()) {
                chains.remove(del.group(1));
            } else if (add.find()) {
                chains.put(add.group(1), add.group(2));
            }
        }
        return CommandResult.of(c, 0, "");
    }
}
