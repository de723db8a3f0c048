package dev.portcullis.exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * A test oracle for PowerShell's tokenizer: single-quoted strings start at any of the five
 * single-quote characters, two consecutive quote characters inside stand for one, a lone one ends
 * the string. Splits a line into the code outside strings and the strings' values.
 */
final class SingleQuotedLiterals {

    record Split(String code, List<String> literals) {
    }

    private static final String QUOTES = "'\u2018\u2019\u201A\u201B";

    private SingleQuotedLiterals() {
    }

    static Split split(String line) {
        StringBuilder code = new StringBuilder();
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (QUOTES.indexOf(c) < 0) {
                code.append(c);
                i++;
                continue;
            }
            StringBuilder value = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < line.length()) {
                char d = line.charAt(i);
                if (QUOTES.indexOf(d) >= 0) {
                    if (i + 1 < line.length() && QUOTES.indexOf(line.charAt(i + 1)) >= 0) {
                        value.append(d);
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                value.append(d);
                i++;
            }
            if (!closed) {
                throw new IllegalStateException("unterminated literal in: " + line);
            }
            literals.add(value.toString());
        }
        return new Split(code.toString(), literals);
    }
}
