package dev.portcullis.examples.cli;

/**
 * {@code portcullis preflight}: checks that apply can work on this machine before changing
 * anything. Delegates to core's preflight checks.
 */
@picocli.CommandLine.Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Check, read-only, that apply can work here (root, tools, services, ports) before changing anything.")
final class PreflightCommand extends SpecCommand {

    @Override
    public Integer call() {
        target();
        err().println("portcullis preflight: not available in this build (core's preflight checks are not there yet);"
                + " use 'portcullis plan --live' to see what apply would run here");
        err().flush();
        return ExitCode.INTERNAL_ERROR.code();
    }
}
