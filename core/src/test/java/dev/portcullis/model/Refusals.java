package dev.portcullis.model;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.SpecProblem;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers that turn a refusal into "field: reason" lines a test can compare. */
final class Refusals {

    private Refusals() {
    }

    static InvalidSpecException refusal(ThrowingCallable call) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, call);
        if (e == null) {
            throw new AssertionError("expected an InvalidSpecException");
        }
        return e;
    }

    /** @return each problem as "field: reason" */
    static List<String> problems(ThrowingCallable call) {
        return refusal(call).problems().stream().map(SpecProblem::toString).collect(Collectors.toList());
    }

    /** @return the fields of the problems */
    static List<String> fields(ThrowingCallable call) {
        return refusal(call).problems().stream().map(SpecProblem::field).collect(Collectors.toList());
    }

    /** @return the single reason of a value parser's refusal */
    static String reason(ThrowingCallable call) {
        List<SpecProblem> p = refusal(call).problems();
        if (p.size() != 1) {
            throw new AssertionError("expected one problem, got " + p);
        }
        return p.get(0).reason();
    }
}
