package dev.portcullis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a small file a user named (a spec file, a secret file) without trusting what the name
 * points at: only a regular file (symbolic links followed), never more than a bound, read through
 * a bounded stream, because {@code Files.size} is 0 for {@code /dev/zero}, a FIFO or a
 * {@code /proc} file and a plain read would then fill the memory or block for ever. Messages
 * describe the file, never its content.
 */
public final class SmallFile {

    private SmallFile() {
    }

    /** A file refused for what it is, not because reading it failed; the message is safe to show. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;

        Refused(String reason, int line) {
            super(reason);
            this.line = line;
        }

        /** @return the line the problem is on, or 0 when it concerns the whole file */
        public int line() {
            return line;
        }
    }

    /**
     * @param file the file
     * @param maxBytes the most bytes it may hold
     * @return its bytes
     * @throws Refused when it is not a regular file or holds more than {@code maxBytes}
     * @throws IOException when it cannot be read
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new Refused("is " + (attributes.isDirectory() ? "a directory" : "a device, FIFO or socket")
                    + ", not a regular file", 0);
        }
        if (attributes.size() > maxBytes) {
            throw new Refused(tooLarge(maxBytes), 0);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new Refused(tooLarge(maxBytes), 0);
            }
            return bytes;
        }
    }

    private static String tooLarge(int maxBytes) {
        return "holds more than " + maxBytes + " bytes";
    }

    /**
     * Decodes UTF-8 strictly. A leading UTF-8 byte-order mark is dropped (editors on Windows write
     * one), so JSON and YAML files are read alike.
     *
     * @param bytes the file's bytes
     * @return the text
     * @throws Refused naming the line of the first byte that is not UTF-8, or a UTF-16 byte-order mark
     */
    public static String utf8(byte[] bytes) throws Refused {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new Refused("is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8", 1);
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new Refused(String.format("is not UTF-8: byte 0x%02X on line %d is not part of a UTF-8 character"
                    + " (save the file as UTF-8)", bytes[at] & 0xFF, line), line);
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
