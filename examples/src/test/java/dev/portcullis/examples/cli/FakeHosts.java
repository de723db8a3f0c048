package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A scriptable stand-in for "this machine": who it runs as, and which commands fail. */
final class FakeHosts implements CommandRunner {

    final List<Command> ran = new ArrayList<>();
    private final long uid;
    private final String nftListing;
    private final List<Predicate<Command>> failing = new ArrayList<>();

    private FakeHosts(long uid, String nftListing) {
        this.uid = uid;
        this.nftListing = nftListing;
    }

    /** @return a Linux host with nft and postconf on which commands run as root, with no nft table yet */
    static FakeHosts root() {
        return new FakeHosts(0, null);
    }

    /** @return the same host, but commands run as an ordinary user */
    static FakeHosts user() {
        return new FakeHosts(1000, null);
    }

    /**
     * @param listing what {@code nft list table inet portcullis} prints
     * @return a root host with that table
     */
    static FakeHosts rootWithTable(String listing) {
        return new FakeHosts(0, listing);
    }

    /**
     * @param argv a command's complete argv
     * @return this host, where that command exits 1
     */
    FakeHosts failing(String... argv) {
        failing.add(c -> c.argv().equals(List.of(argv)));
        return this;
    }

    @Override
    public synchronized CommandResult execute(Command c) {
        ran.add(c);
        List<String> argv = c.argv();
        if (failing.stream().anyMatch(f -> f.test(c))) {
            return new CommandResult(c, 1, "", argv.get(0) + ": simulated failure", Duration.ZERO, false);
        }
        return switch (argv.get(0)) {
            case "uname" -> CommandResult.of(c, 0, "Linux 6.1.0-28-amd64\n");
            case "cat" -> argv.get(argv.size() - 1).equals("/etc/os-release") ? CommandResult.of(c, 0, "ID=debian\nVERSION_ID=\"12\"\n")
                    : new CommandResult(c, 1, "", "cat: No such file or directory\n", Duration.ZERO, false); // no journal
            case "id" -> CommandResult.of(c, 0, uid + "\n");
            case "which" -> CommandResult.of(c, 0, "/usr/sbin/nft\n/usr/sbin/postconf\n");
            case "nft" -> argv.get(1).equals("list")
                    ? (nftListing == null
                            ? new CommandResult(c, 1, "", "Error: No such file or directory\n", Duration.ZERO, false)
                            : CommandResult.of(c, 0, nftListing))
                    : CommandResult.of(c, 0, "");
            default -> CommandResult.of(c, 0, "");
        };
    }

    /** @return the commands that change something (everything but the fact and snapshot reads) */
    synchronized List<Command> changes() {
        return ran.stream().filter(c -> !List.of("uname", "cat", "id", "which").contains(c.program()))
                .filter(c -> !(c.program().equals("nft") && c.argv().get(1).equals("list")))
                .filter(c -> !(c.program().equals("postconf") && c.argv().equals(List.of("postconf", "-n"))))
                .toList();
    }
}
