package dev.portcullis;

/** What a rule does with matching traffic. */
public enum RuleAction {
    /** Let it through. */
    ALLOW,
    /** Drop it silently. */
    DENY,
    /** Refuse it with an error (TCP reset or ICMP unreachable). */
    REJECT
}
