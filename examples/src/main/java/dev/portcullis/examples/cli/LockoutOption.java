package dev.portcullis.examples.cli;

import picocli.CommandLine.Option;

/** The {@code --allow-lockout} option that plan and apply share. */
public final class LockoutOption {

    /** Lets the policy block the operator's own login. */
    @Option(names = "--allow-lockout",
            description = "plan or apply a policy even when it would block the SSH port of the session running this "
                    + "(tcp/22 when that is not known) or every tcp port from the operator's address; without it such a "
                    + "policy is refused with exit code 2, naming the rule (a policy can also say allowLockout: true)")
    boolean allowLockout;
}
