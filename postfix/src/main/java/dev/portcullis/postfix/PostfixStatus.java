package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.time.Duration;

/**
 * {@code postfix status}, read the one way: exit 0 means the master daemon runs, exit 1 that it
 * does not. The words go to syslog or {@code maillog_file}, not to standard output, so the exit
 * code is all there is.
 */
final class PostfixStatus {

    private PostfixStatus() {
    }

    /**
     * @param timeout how long it may take
     * @return the command; both answers are successes
     */
    static Command command(Duration timeout) {
        return Command.builder("postfix").arg("status").timeout(timeout).successExitCodes(0, 1).build();
    }

    /**
     * @param result what {@code postfix status} returned
     * @return whether Postfix runs
     */
    static boolean running(CommandResult result) {
        return result.exitCode() == 0;
    }
}
