package dev.portcullis.mailevents;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A mail log file on a host a {@link CommandRunner} reaches, read in chunks with {@code dd} (so no
 * single command prints more than {@link #CHUNK_BYTES}) and followed with {@code tail -F}
 * semantics: {@link #poll(Consumer)} returns the complete lines added since the last poll; when
 * the file was rotated away (a new inode at the path) the rest of the old file is read first from
 * its rotated name ({@code path.1}, logrotate's default), and when it was truncated in place
 * ({@code copytruncate}) reading starts again at its beginning.
 *
 * <p>Offsets count the UTF-8 bytes of the lines read; a log holding bytes that are not UTF-8 may
 * be read a little off after such a line (Postfix writes printable ASCII unless SMTPUTF8 is on).
 * Not thread-safe.
 */
public final class MailLogFile implements MailLogSource.Follower {

    /** The most bytes one read command prints. */
    public static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private final CommandRunner runner;
    private final String path;
    private long inode = -1;
    private long offset;

    private MailLogFile(CommandRunner runner, String path) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.path = checkPath(path);
    }

    /** Refuses a path a command must not get: relative, or with control characters. */
    static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("log path must be absolute and free of control characters: " + path);
        }
        return path;
    }

    /**
     * A log file read from its beginning.
     *
     * @param runner reaches the host
     * @param path the file's absolute path, such as {@code /var/log/mail.log}
     * @return the reader; nothing is run until the first {@link #poll}
     * @throws IllegalArgumentException when the path is relative or holds control characters
     */
    public static MailLogFile fromStart(CommandRunner runner, String path) {
        return new MailLogFile(runner, path);
    }

    /**
     * A log file followed from its current end: the first {@link #poll} returns only what was
     * added after this call.
     *
     * @param runner reaches the host
     * @param path the file's absolute path
     * @return the reader
     */
    public static MailLogFile fromEnd(CommandRunner runner, String path) {
        MailLogFile f = new MailLogFile(runner, path);
        long[] st = f.stat(path);
        if (st != null) {
            f.inode = st[0];
            f.offset = st[1];
        }
        return f;
    }

    /** @return the file's path */
    public String path() {
        return path;
    }

    /** @return how many bytes of the current file have been read */
    public long offset() {
        return offset;
    }

    /**
     * Reads what was added since the last poll.
     *
     * @param lines receives each new complete line (without its terminator), in order
     * @return how many lines were read; 0 also when the file does not exist (yet)
     */
    @Override
    public long poll(Consumer<String> lines) {
        long[] st = stat(path);
        if (st == null) {
            return 0;
        }
        long count = 0;
        if (inode >= 0 && st[0] != inode) {
            long[] rotated = stat(path + ".1");
            if (rotated != null && rotated[0] == inode) {
                count += readFrom(path + ".1", offset, rotated[1], lines);
            }
            offset = 0;
        } else if (st[1] < offset) {
            offset = 0;
        }
        inode = st[0];
        long consumed = readFromCurrent(st[1], lines);
        return count + consumed;
    }

    private long readFromCurrent(long size, Consumer<String> lines) {
        long[] counts = readChunks(path, offset, size, lines);
        offset += counts[1];
        return counts[0];
    }

    private long readFrom(String file, long from, long size, Consumer<String> lines) {
        return readChunks(file, from, size, lines)[0];
    }

    /** Reads complete lines between from and size: {lines, bytes consumed}. */
    private long[] readChunks(String file, long from, long size, Consumer<String> lines) {
        long at = from;
        long count = 0;
        while (at < size) {
            long want = Math.min(CHUNK_BYTES, size - at);
            CommandResult r = runner.execute(Command.of("dd", "if=" + file, "iflag=skip_bytes,count_bytes",
                    "skip=" + at, "count=" + want, "bs=65536", "status=none"));
            if (!r.isSuccess() || r.stdout().isEmpty()) {
                break;
            }
            String text = r.stdout();
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                // a line longer than a chunk, or the last line is still being written
                break;
            }
            int start = 0;
            while (start <= end) {
                int nl = text.indexOf('\n', start);
                lines.accept(text.substring(start, nl));
                count++;
                start = nl + 1;
            }
            at += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
        }
        return new long[] {count, at - from};
    }

    /** {inode, size}, or null when the file does not exist. */
    private long[] stat(String file) {
        CommandResult r = runner.execute(Command.of("stat", "-L", "-c", "%i %s", file));
        if (!r.isSuccess()) {
            return null;
        }
        String[] p = r.stdout().trim().split(" ");
        if (p.length != 2) {
            return null;
        }
        long ino = PostfixLogParser.parseLongOr(p[0], -1);
        long size = PostfixLogParser.parseLongOr(p[1], -1);
        return ino < 0 || size < 0 ? null : new long[] {ino, size};
    }

    /**
     * Reads a whole file once, in chunks.
     *
     * @param runner reaches the host
     * @param path the file's absolute path
     * @return its complete lines; empty when it does not exist
     */
    public static List<String> readAll(CommandRunner runner, String path) {
        List<String> lines = new ArrayList<>();
        fromStart(runner, path).poll(lines::add);
        return lines;
    }
}
