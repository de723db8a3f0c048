package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the postconf invocations of a plan: all main.cf edits in ONE {@code postconf -e}, all
 * master.cf services in ONE {@code postconf -M}. The last line of defence against injection:
 * a value with a line break (or NUL) would let a caller write arbitrary main.cf lines, so it is
 * refused here even though the model has validated every value already.
 */
final class PostconfCommand {

    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9_]{1,100}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,100}/(inet|unix|unix-dgram|fifo|pass)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PostconfCommand() {
    }

    /**
     * @param values parameters to set
     * @return {@code postconf -e k=v ...}
     */
    static Command set(Map<String, String> values) {
        List<String> argv = new ArrayList<>(List.of("postconf", "-e"));
        values.forEach((k, v) -> argv.add(parameter(k) + "=" + value(k, v)));
        return command(argv);
    }

    /**
     * @param keys parameters to remove from main.cf
     * @return {@code postconf -X k ...}
     */
    static Command unset(Collection<String> keys) {
        List<String> argv = new ArrayList<>(List.of("postconf", "-X"));
        keys.forEach(k -> argv.add(parameter(k)));
        return command(argv);
    }

    /**
     * @param lines service key ("submission/inet") to its complete master.cf line
     * @return {@code postconf -M key=line ...}
     */
    static Command setServices(Map<String, String> lines) {
        List<String> argv = new ArrayList<>(List.of("postconf", "-M"));
        lines.forEach((k, v) -> argv.add(service(k) + "=" + value(k, v)));
        return command(argv);
    }

    /**
     * @param keys services to delete from master.cf
     * @return {@code postconf -MX key ...}
     */
    static Command deleteServices(Collection<String> keys) {
        List<String> argv = new ArrayList<>(List.of("postconf", "-MX"));
        keys.forEach(k -> argv.add(service(k)));
        return command(argv);
    }

    private static Command command(List<String> argv) {
        return Command.of(argv).toBuilder().timeout(TIMEOUT).build();
    }

    /**
     * @param key a main.cf parameter name
     * @return the name, when it is one Postfix could have
     * @throws IllegalArgumentException for anything else (the message never echoes a line break)
     */
    static String parameter(String key) {
        if (!PARAMETER.matcher(key).matches()) {
            throw new IllegalArgumentException("not a Postfix parameter name: " + key.replaceAll("[\\r\\n\\x00]", "?"));
        }
        return key;
    }

    /**
     * @param key a master.cf service key such as {@code submission/inet}
     * @return the key, when it is one
     * @throws IllegalArgumentException for anything else
     */
    static String service(String key) {
        if (!SERVICE.matcher(key).matches()) {
            throw new IllegalArgumentException("not a master.cf service key: " + key.replaceAll("[\\r\\n\\x00]", "?"));
        }
        return key;
    }

    /**
     * @param key the parameter or service the value is for, named in the refusal
     * @param value a value about to become one argument of postconf
     * @return the value, when it holds no line break and no NUL
     * @throws IllegalArgumentException when it does: it would write other lines into the file
     */
    static String value(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("refusing a value with a line break or NUL for " + key
                    + ": it would let one setting write others into Postfix's configuration");
        }
        return value;
    }
}
