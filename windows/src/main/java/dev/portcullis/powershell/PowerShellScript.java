package dev.portcullis.powershell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A PowerShell script built from statements whose code is fixed by Portcullis and whose values are
 * bound only through {@link PowerShellLiteral}. Immutable.
 *
 * <p>A statement is a one-line template in which each {@code {}} takes the next value: a
 * {@link String} becomes a single-quoted literal, a {@link Collection} of strings an array of them,
 * an {@link Integer} or {@link Long} a decimal number and a {@link Boolean} {@code $true} or
 * {@code $false}. Nothing else can be bound, and templates cannot hold line breaks, so the statement
 * structure a reader sees in {@link #text()} is the structure PowerShell runs.
 *
 * <p>{@link #text()} wraps the statements in the protocol {@link PowerShellRunner} reads: one
 * script block (so that {@code -Command -} runs it as a whole, not line by line) with
 * {@code $ErrorActionPreference = 'Stop'}, a result table {@code $portcullis} that statements fill
 * with {@link Builder#result(String, String, Object...)}, and, as the block's last statement, the
 * table printed as one line of JSON after a marker; any error skips that line, is printed after
 * another marker on standard error, and exits 1.
 */
public final class PowerShellScript {

    /** Printed before the JSON result on standard output. */
    public static final String RESULT_MARKER = "PORTCULLIS-RESULT:";
    /** Printed before the error message on standard error. */
    public static final String ERROR_MARKER = "PORTCULLIS-ERROR:";

    private static final String INDENT = "    ";

    private final String purpose;
    private final List<String> statements;

    private PowerShellScript(String purpose, List<String> statements) {
        this.purpose = purpose;
        this.statements = List.copyOf(statements);
    }

    /**
     * @param purpose what the script does, in words (shown as its first comment line)
     * @return a builder
     */
    public static Builder builder(String purpose) {
        return new Builder(purpose);
    }

    /** @return what the script does */
    public String purpose() {
        return purpose;
    }

    /** @return the bound statements, in order, without the protocol wrapper */
    public List<String> statements() {
        return statements;
    }

    /** @return the complete script as fed to PowerShell's standard input */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("& {\n");
        sb.append(INDENT).append("# ").append(purpose).append('\n');
        sb.append(INDENT).append("$ErrorActionPreference = 'Stop'\n");
        // Functions of modules (NetSecurity's CDXML cmdlets, Exchange's remoting proxies) look up
        // preferences in their module and the global scope, never in this block: set it there too.
        sb.append(INDENT).append("$global:ErrorActionPreference = 'Stop'\n");
        sb.append(INDENT).append("$ProgressPreference = 'SilentlyContinue'\n");
        sb.append(INDENT).append("$portcullis = [ordered]@{}\n");
        sb.append(INDENT).append("try {\n");
        sb.append(INDENT).append(INDENT).append("[Console]::OutputEncoding = [System.Text.Encoding]::UTF8\n");
        int depth = 2;
        for (String s : statements) {
            if (s.startsWith("}")) {
                depth = Math.max(2, depth - 1);
            }
            sb.append(INDENT.repeat(depth)).append(s).append('\n');
            if (s.endsWith("{")) {
                depth++;
            }
        }
        // The result is printed inside the try block: should the exit code ever be lost, a failed
        // script still prints no result, and the runner reports it as failed, never as success.
        sb.append(INDENT).append(INDENT).append("'").append(RESULT_MARKER)
                .append("' + (ConvertTo-Json -InputObject $portcullis -Depth 8 -Compress)\n");
        sb.append(INDENT).append("} catch {\n");
        sb.append(INDENT).append(INDENT).append("[Console]::Error.WriteLine('").append(ERROR_MARKER)
                .append(" ' + $_.Exception.Message + ' ' + $_.InvocationInfo.PositionMessage)\n");
        sb.append(INDENT).append(INDENT).append("exit 1\n");
        sb.append(INDENT).append("}\n");
        // -Command - reads standard input like a prompt: the blank lines submit the block.
        sb.append("}\n\n\n");
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerShellScript && ((PowerShellScript) o).purpose.equals(purpose)
                && ((PowerShellScript) o).statements.equals(statements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(purpose, statements);
    }

    @Override
    public String toString() {
        return text();
    }

    /** Builds a {@link PowerShellScript}, one statement at a time. */
    public static final class Builder {
        private final String purpose;
        private final List<String> statements = new ArrayList<>();

        private Builder(String purpose) {
            requireOneLine(purpose, "purpose");
            this.purpose = purpose;
        }

        /**
         * Appends a statement.
         *
         * @param template one line of code; each {@code {}} takes the next value
         * @param values the values, bound as literals
         * @return this builder
         * @throws IllegalArgumentException when the placeholders and values do not match, a template
         *     holds a line break, or a value has a type that cannot be bound
         */
        public Builder statement(String template, Object... values) {
            statements.add(bind(template, values));
            return this;
        }

        /**
         * Appends a statement that stores an expression's value in the result table.
         *
         * @param key the key in the JSON result
         * @param expressionTemplate one line of code computing the value; {@code {}} takes values
         * @param values the values, bound as literals
         * @return this builder
         */
        public Builder result(String key, String expressionTemplate, Object... values) {
            statements.add("$portcullis[" + PowerShellLiteral.quote(key) + "] = " + bind(expressionTemplate, values));
            return this;
        }

        /**
         * Appends every statement of another script (its purpose is dropped).
         *
         * @param other a script
         * @return this builder
         */
        public Builder append(PowerShellScript other) {
            statements.addAll(other.statements);
            return this;
        }

        /** @return the script */
        public PowerShellScript build() {
            return new PowerShellScript(purpose, statements);
        }

        private static String bind(String template, Object[] values) {
            requireOneLine(template, "template");
            StringBuilder sb = new StringBuilder();
            int next = 0;
            int from = 0;
            while (true) {
                int at = template.indexOf("{}", from);
                if (at < 0) {
                    break;
                }
                if (next >= values.length) {
                    throw new IllegalArgumentException("more placeholders than values in: " + template);
                }
                sb.append(template, from, at).append(literal(values[next++]));
                from = at + 2;
            }
            if (next != values.length) {
                throw new IllegalArgumentException("more values than placeholders in: " + template);
            }
            return sb.append(template.substring(from)).toString();
        }

        private static String literal(Object value) {
            if (value instanceof String) {
                return PowerShellLiteral.quote((String) value);
            }
            if (value instanceof Integer || value instanceof Long) {
                return PowerShellLiteral.integer(((Number) value).longValue());
            }
            if (value instanceof Boolean) {
                return PowerShellLiteral.bool((Boolean) value);
            }
            if (value instanceof Collection) {
                List<String> strings = new ArrayList<>();
                for (Object o : (Collection<?>) value) {
                    if (!(o instanceof String)) {
                        throw new IllegalArgumentException("only strings can be bound in a list, got " + o);
                    }
                    strings.add((String) o);
                }
                return PowerShellLiteral.quoteAll(strings);
            }
            throw new IllegalArgumentException("cannot bind a " + (value == null ? "null" : value.getClass().getName())
                    + " into PowerShell: strings, string lists, integers and booleans only");
        }

        private static void requireOneLine(String text, String what) {
            Objects.requireNonNull(text, what);
            for (int i = 0; i < text.length(); i++) {
                if (PowerShellLiteral.isControl(text.charAt(i))) {
                    throw new IllegalArgumentException("a statement " + what + " must be one line without control characters");
                }
            }
        }
    }
}
