package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import java.time.Duration;

/** The file operations of a plan, each one argv, none through a shell. */
final class FileCommands {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private FileCommands() {
    }

    /** Writes a file from standard input with a mode and owner, atomically enough for config files. */
    static Command write(String path, String mode, String group, String content) {
        return install(path, mode, group).stdin(content).build();
    }

    /** Like {@link #write}, for content that carries a secret: it is never rendered or logged. */
    static Command writeSecret(String path, String mode, String group, String content) {
        return install(path, mode, group).sensitiveStdin(content).build();
    }

    private static Command.Builder install(String path, String mode, String group) {
        return Command.builder("install").args("-m", mode, "-o", "root", "-g", group, "/dev/stdin", path).timeout(TIMEOUT);
    }

    /** Copies keeping mode, owner and times, so a restore is byte- and attribute-identical. */
    static Command copy(String from, String to) {
        return Command.builder("cp").args("-p", "--", from, to).timeout(TIMEOUT).build();
    }

    /**
     * Copies files into a folder below their full paths ({@code /etc/postfix/main.cf} to
     * {@code <folder>/etc/postfix/main.cf}): one process for any number of files, and files of the
     * same name in different folders (a certificate and a key) never collide.
     */
    static Command copyBelow(java.util.Collection<String> paths, String folder) {
        return Command.builder("cp").args("-p", "--parents", "--").args(java.util.List.copyOf(paths)).arg(folder)
                .timeout(TIMEOUT).build();
    }

    /** Deletes files ({@code rm -f}: a file already gone is no error); never a directory. */
    static Command remove(String... paths) {
        return Command.builder("rm").args("-f", "--").args(paths).timeout(TIMEOUT).build();
    }

    /** Removes one of Portcullis's own directories (fixed paths only, never a user's). */
    static Command removeOwnDirectory(String path) {
        if (!path.startsWith(PostfixPaths.STATE_DIR)) {
            throw new IllegalArgumentException("only Portcullis's own directory may be removed recursively: " + path);
        }
        return Command.builder("rm").args("-rf", "--", path).timeout(TIMEOUT).build();
    }

    /** Creates Portcullis's own directories with a mode ({@code install -d}), parents included. */
    static Command makeDirectories(String mode, String... paths) {
        return Command.builder("install").args("-d", "-m", mode).args(paths).timeout(TIMEOUT).build();
    }

    /** Creates directories and their missing parents ({@code mkdir -p}), keeping those that exist. */
    static Command mkdirs(String... paths) {
        return Command.builder("mkdir").args("-p", "--").args(paths).timeout(TIMEOUT).build();
    }
}
