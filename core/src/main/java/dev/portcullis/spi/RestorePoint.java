package dev.portcullis.spi;

import dev.portcullis.exec.Command;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RestorableFirewall} saves its state on the host and restores it later.
 *
 * @param save commands that copy the current state into the restore folder, run now, in order
 *     (each may carry standard input, for example an {@code iptables-save} dump to write)
 * @param restore argv lists that bring the saved state back, run later on the host in order, each
 *     only if the one before succeeded; no element may be {@code ;} or contain <code>{}</code>
 *     (the detached runner on the host chains them with {@code find -exec})
 */
public record RestorePoint(List<Command> save, List<List<String>> restore) {

    /** Checks and copies the lists. */
    public RestorePoint {
        save = List.copyOf(save);
        restore = restore.stream().map(List::copyOf).toList();
        if (restore.isEmpty()) {
            throw new IllegalArgumentException("restore: at least one command restores the state");
        }
        for (List<String> argv : restore) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("restore: an empty argv");
            }
            for (String arg : argv) {
                Objects.requireNonNull(arg, "restore argument");
                if (arg.equals(";") || arg.contains("{}")) {
                    throw new IllegalArgumentException("restore: the argument '" + arg + "' of " + argv
                            + " would end or rewrite a find -exec chain");
                }
            }
        }
    }
}
