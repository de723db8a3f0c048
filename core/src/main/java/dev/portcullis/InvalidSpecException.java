package dev.portcullis;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec was refused. Lists every problem found, each naming its field, so a user fixes them all
 * in one go. Thrown before any command exists: nothing has been changed on any host.
 */
public class InvalidSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final transient List<SpecProblem> problems;

    /** @param problems what is wrong; at least one */
    public InvalidSpecException(List<SpecProblem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * @param field the field
     * @param reason why it is refused
     */
    public InvalidSpecException(String field, String reason) {
        this(List.of(SpecProblem.of(field, reason)));
    }

    private static String message(List<SpecProblem> problems) {
        if (problems.size() == 1) {
            return "Invalid spec: " + problems.get(0);
        }
        return "Invalid spec, " + problems.size() + " problems:\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }

    /** @return every problem found */
    public List<SpecProblem> problems() {
        return problems;
    }
}
