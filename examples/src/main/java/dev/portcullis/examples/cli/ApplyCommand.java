package dev.portcullis.examples.cli;

import dev.portcullis.ApplyOptions;
import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.PendingRevert;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code portcullis apply}: plans against this machine, runs each step and proves it live, and rolls
 * back on failure. On a terminal each step is shown as it runs.
 */
@picocli.CommandLine.Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Bring this machine to the spec: run each step, check it live, roll everything back on failure.")
class ApplyCommand extends SpecCommand {

    @Option(names = "--progress", negatable = true,
            description = "show each step as it runs, on standard error (default: when on a terminal)")
    Boolean progress;

    @picocli.CommandLine.Mixin
    LockoutOption lockout;

    @Option(names = "--confirm-within", paramLabel = "DURATION", converter = WindowConverter.class,
            description = {"arm a revert ON THE HOST before changing the firewall: unless `portcullis confirm` runs within "
                    + "this time (e.g. 120s, 5m; 1s to 1d), the host restores the firewall as it was before this apply, "
                    + "even when this process, the SSH session or the network is gone by then.",
                "A converged firewall arms nothing; an apply that rolls back disarms its revert."})
    Duration confirmWithin;

    @Override
    public Integer call() {
        Target target = target();
        Provisioner p = configure(env().live());
        if (progress != null ? progress : env().terminal()) {
            p = p.listener(new ProgressDisplay(err()));
        }
        ApplyOptions applyOptions = ApplyOptions.builder().allowLockout(lockout.allowLockout).confirmWithin(confirmWithin)
                .build();
        try (SignalCancellation signals = SignalCancellation.install(err())) {
            List<ApplyReport> reports = target.apply(p.cancellation(signals.token()), applyOptions);
            print(reports, "apply");
            if (confirmWithin != null && !options.json) {
                for (PendingRevert r : p.pendingReverts()) {
                    out().println("apply: the host reverts policy " + r.policy() + " at " + r.deadline()
                            + " unless `portcullis confirm` runs before (from a new login, to prove you can still get in)");
                }
                out().flush();
            }
            int code = ReportsExitCode.of(reports).code();
            signals.finished(code);
            return code;
        }
    }

    /** Reads 120s, 5m, 1h, 1d or plain seconds. */
    static final class WindowConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,6})([smhd]?)").matcher(text.strip());
            if (!m.matches()) {
                throw new TypeConversionException("'" + text + "' is not a duration like 120s, 5m, 1h or 1d");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.isZero() || d.compareTo(ApplyOptions.LONGEST_WINDOW) > 0) {
                throw new TypeConversionException("'" + text + "' is outside 1s to 1d");
            }
            return d;
        }
    }

    /** Prints reports as text or JSON; shared with remove. */
    void print(List<ApplyReport> reports, String verb) {
        if (options.json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("spec", options.spec.toString());
            root.put("exitCode", ReportsExitCode.of(reports).code());
            root.put("reports", reports.stream().map(r -> parse(r.toJson())).toList());
            printJson(root);
            return;
        }
        for (ApplyReport r : reports) {
            out().println(r);
        }
        out().println(ReportsExitCode.summary(reports, verb));
        out().flush();
    }
}
