package dev.portcullis.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule as {@code iptables-save} prints it: the chain and the argument words after
 * {@code -A CHAIN}. Words are compared after unquoting, so {@code --comment pc} and
 * {@code --comment "pc"} are the same rule.
 *
 * @param chain the chain the rule is in
 * @param args the words after the chain name, unquoted
 */
record IptablesRuleLine(String chain, List<String> args) {

    IptablesRuleLine {
        Objects.requireNonNull(chain, "chain");
        args = List.copyOf(args);
    }

    /**
     * @param chain chain name
     * @param args argument words
     * @return the rule
     */
    static IptablesRuleLine of(String chain, List<String> args) {
        return new IptablesRuleLine(chain, args);
    }

    /**
     * Parses an {@code -A CHAIN ...} line of {@code iptables-save} output.
     *
     * @param line the line
     * @return the rule
     * @throws IllegalArgumentException when the line is not an append line
     */
    static IptablesRuleLine parseAppend(String line) {
        List<String> words = tokenize(line);
        if (words.size() < 2 || !words.get(0).equals("-A")) {
            throw new IllegalArgumentException("not an iptables-save rule line: " + line);
        }
        return new IptablesRuleLine(words.get(1), words.subList(2, words.size()));
    }

    /** @return the text of {@code -m comment --comment}, if the rule has one */
    Optional<String> comment() {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--comment")) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** @return the target of {@code -j}, if any */
    Optional<String> target() {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-j") || args.get(i).equals("-g")) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * @param option an option such as {@code -s} or {@code --dport}
     * @return the word after it, if present
     */
    Optional<String> value(String option) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** @return the line to append this rule in an {@code iptables-restore} file */
    String appendLine() {
        return "-A " + chain + " " + join(args);
    }

    /**
     * @param position 1-based position in the chain
     * @return the line that inserts this rule there
     */
    String insertLine(int position) {
        return "-I " + chain + " " + position + " " + join(args);
    }

    /** @return the line that deletes this rule by its specification */
    String deleteLine() {
        return "-D " + chain + " " + join(args);
    }

    @Override
    public String toString() {
        return appendLine();
    }

    /**
     * Splits a line into words the way {@code iptables-restore} does: whitespace separates,
     * double quotes group, a backslash escapes a quote inside quotes.
     */
    static List<String> tokenize(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    word.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    // Quotes a word for iptables-restore when it would not survive as a bare word.
    private static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> c > ' ' && c != '"' && c != '\'' && c != '\\' && c != '#' && c < 0x7f)) {
            return word;
        }
        return '"' + word.replace("\"", "\\\"") + '"';
    }
}
