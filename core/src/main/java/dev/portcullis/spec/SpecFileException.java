package dev.portcullis.spec;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.SpecProblem;
import java.util.List;

/**
 * A spec file was refused: its syntax is broken, it has unknown or duplicate fields, or the spec it
 * describes is invalid. Every problem carries the line it is on and the path of its field, so a
 * user can fix the file in one go. It is an {@link InvalidSpecException}, so code that catches
 * those catches these too.
 */
public final class SpecFileException extends InvalidSpecException {

    private static final long serialVersionUID = 1L;
    private final String source;

    /**
     * @param source where the document came from (a file path, or a description such as "YAML text")
     * @param problems what is wrong, each with its line where known; at least one
     */
    public SpecFileException(String source, List<SpecProblem> problems) {
        super(problems);
        this.source = source;
    }

    /** @return where the document came from */
    public String source() {
        return source;
    }

    /** @return the problems, prefixed by the source of the document */
    @Override
    public String getMessage() {
        String message = super.getMessage();
        String head = "Invalid spec";
        return message.startsWith(head) ? head + " in " + source + message.substring(head.length()) : message;
    }
}
