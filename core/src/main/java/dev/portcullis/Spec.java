package dev.portcullis;

import java.util.function.Function;

/**
 * Something Portcullis provisions: a {@link PortPolicy} or a {@link MailServerSpec}, and nothing
 * else. Code that treats the two kinds differently asks {@link #match(Function, Function)}, which
 * the compiler holds to both kinds, instead of testing with {@code instanceof}.
 */
public sealed interface Spec permits PortPolicy, MailServerSpec {

    /** @return the name that tags what the spec owns on a host */
    String name();

    /**
     * Calls the function for this spec's kind.
     *
     * @param policy what to do with a port policy
     * @param mailServer what to do with a mail server spec
     * @param <R> the result type
     * @return the result of the function called
     */
    <R> R match(Function<? super PortPolicy, ? extends R> policy, Function<? super MailServerSpec, ? extends R> mailServer);
}
