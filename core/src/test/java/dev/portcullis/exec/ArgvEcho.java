package dev.portcullis.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A child process for runner tests. Modes (first argument):
 * {@code echo} prints each further argument on its own line as Unicode code points in hex, so no
 * character can hide; {@code stdin} copies standard input to standard output; {@code env NAME}
 * prints a variable; {@code exit N} writes to both streams and exits with N; {@code sleep} spawns
 * a grandchild that sleeps and then sleeps itself.
 */
public final class ArgvEcho {

    private ArgvEcho() {
    }

    /**
     * @param args mode and its arguments
     * @throws Exception on I/O failure
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "echo" -> {
                StringBuilder out = new StringBuilder();
                for (int i = 1; i < args.length; i++) {
                    out.append('[');
                    args[i].codePoints().forEach(cp -> out.append(Integer.toHexString(cp)).append(' '));
                    out.append("]\n");
                }
                System.out.print(out);
            }
            case "stdin" -> {
                InputStream in = System.in;
                System.out.write(in.readAllBytes());
                System.out.flush();
            }
            case "env" -> System.out.print(System.getenv(args[1]));
            case "exit" -> {
                System.out.print("out-text");
                System.err.print("err-text ünïcode");
                System.exit(Integer.parseInt(args[1]));
            }
            case "sleep" -> {
                Process grandchild = new ProcessBuilder("sleep", "300").start();
                System.out.println(grandchild.pid());
                System.out.flush();
                Thread.sleep(300_000);
            }
            default -> throw new IOException("unknown mode " + args[0] + new String(new byte[0], StandardCharsets.UTF_8));
        }
    }
}
