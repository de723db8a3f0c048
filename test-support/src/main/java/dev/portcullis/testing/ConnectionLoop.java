package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Connects from a client to a host port again and again, from one source address, while a test
 * changes the firewall, and says afterwards how many attempts got through and why the others
 * failed: the check that replacing a set never loses a connection attempt of a client in both the
 * old and the new set.
 *
 * <p>Make the host refuse (not drop) what the policy does not let in, so that a lost attempt is
 * refused at once; the timeout of each attempt (5 s) only bounds a busy machine. Closing with a
 * reset (linger 0) keeps thousands of attempts from exhausting the client's ports in TIME_WAIT.
 *
 * <pre>{@code
 * ConnectionLoop loop = ConnectionLoop.start(client, inside, host.address(), 25);
 * provisioner.apply(replaced);
 * assertThat(loop.stop()).matches("ok [1-9][0-9]* failed 0");
 * }</pre>
 */
public final class ConnectionLoop {

    private static final String STOP_FILE = "/tmp/stop-connection-loop";
    // Prints "ok N failed M" and why attempts failed.
    private static final String LOOP = String.join("\n",
            "import os, socket, struct, sys, time",
            "src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "ok = failed = 0",
            "why = set()",
            "deadline = time.time() + 120",
            "while not os.path.exists(sys.argv[4]) and time.time() < deadline:",
            "    s = socket.socket(socket.AF_INET6 if ':' in dst else socket.AF_INET, socket.SOCK_STREAM)",
            "    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
            "    s.settimeout(5)",
            "    try:",
            "        s.bind((src, 0)); s.connect((dst, port)); ok += 1",
            "    except OSError as e:",
            "        failed += 1; why.add(str(e))",
            "    finally:",
            "        s.close()",
            "    time.sleep(0.002)",
            "print('ok', ok, 'failed', failed, *sorted(why))");

    private final TestClient client;
    private final CompletableFuture<CommandResult> running;

    private ConnectionLoop(TestClient client, CompletableFuture<CommandResult> running) {
        this.client = client;
        this.running = running;
    }

    /**
     * Starts connecting (for at most two minutes).
     *
     * @param client the client that connects
     * @param source its source address (one of its own)
     * @param target the host's address
     * @param port the port
     * @return the running loop
     */
    public static ConnectionLoop start(TestClient client, String source, String target, int port) {
        client.runner().run("rm", "-f", STOP_FILE);
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> client.runner().run(
                Command.builder("python3").args("-c", LOOP, source, target, Integer.toString(port), STOP_FILE)
                        .timeout(Duration.ofSeconds(180)).build()));
        return new ConnectionLoop(client, running);
    }

    /**
     * Stops the loop and waits for its count.
     *
     * @return {@code ok N failed M} followed by the distinct reasons of the failures
     */
    public String stop() {
        client.runner().run("touch", STOP_FILE);
        try {
            return running.get().stdout().strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the connection loop failed", e.getCause());
        }
    }
}
