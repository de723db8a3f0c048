package dev.portcullis.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.examples.testing.FakePostfixBackend;
import dev.portcullis.exec.CommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in-process and keeps what it printed. */
final class Cli {

    /** What one run left behind. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    private Cli() {
    }

    /**
     * @param local stands in for "this machine"
     * @return an environment with the example nftables backend and the fake Postfix only
     */
    static CliEnvironment fakes(CommandRunner local) {
        return CliEnvironment.system().withLocalRunner(() -> local)
                .withBackends(List.of(new NftablesBackend()), List.of(new FakePostfixBackend()))
                .withTerminal(false);
    }

    static Run run(CliEnvironment env, String... args) {
        CommandLine cl = PortcullisCommand.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
