package dev.portcullis.windows;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.internal.Text;
import dev.portcullis.powershell.PowerShellProcessOptions;
import dev.portcullis.spi.BackendContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options the windows-firewall backend reads from {@link BackendContext#options()}.
 *
 * <ul>
 *   <li>{@code windows.profiles}: comma-separated {@code Domain}, {@code Private}, {@code Public},
 *       or {@code Any} (default {@code Any});</li>
 *   <li>{@code windows.ignoreRateLimits=true}: apply rate-limited rules without their limit (a plan
 *       note says so) instead of refusing them;</li>
 *   <li>{@code windows.rejectAsBlock=true}: apply reject rules as block (silent drop);</li>
 *   <li>{@code windows.ignoreLogging=true}: apply logged rules without per-rule logging;</li>
 *   <li>{@code windows.powershell}: the PowerShell executable (default {@code powershell.exe});</li>
 *   <li>{@code windows.timeoutSeconds}: how long one script may run (default 300).</li>
 * </ul>
 *
 * @param profiles the firewall profiles the rules apply to
 * @param ignoreRateLimits whether rate limits become plan notes instead of errors
 * @param rejectAsBlock whether reject becomes block instead of an error
 * @param ignoreLogging whether per-rule logging becomes a plan note instead of an error
 * @param powershell the PowerShell executable
 * @param timeout how long one script may run
 */
public record WindowsFirewallOptions(List<String> profiles, boolean ignoreRateLimits, boolean rejectAsBlock,
        boolean ignoreLogging, String powershell, Duration timeout) {

    /** Option key: profiles. */
    public static final String PROFILES = "windows.profiles";
    /** Option key: downgrade rate limits to notes. */
    public static final String IGNORE_RATE_LIMITS = "windows.ignoreRateLimits";
    /** Option key: reject as block. */
    public static final String REJECT_AS_BLOCK = "windows.rejectAsBlock";
    /** Option key: ignore per-rule logging. */
    public static final String IGNORE_LOGGING = "windows.ignoreLogging";
    /** Option key: PowerShell executable. */
    public static final String POWERSHELL = "windows.powershell";
    /** Option key: script timeout in seconds. */
    public static final String TIMEOUT_SECONDS = "windows.timeoutSeconds";

    private static final List<String> PROFILE_NAMES = List.of("Domain", "Private", "Public");

    /** @param profiles p @param ignoreRateLimits r @param rejectAsBlock b @param ignoreLogging l @param powershell s @param timeout t */
    public WindowsFirewallOptions {
        profiles = List.copyOf(profiles);
    }

    /**
     * @param context the backend context
     * @return the options it sets
     * @throws InvalidSpecException naming the option when a value is not understood
     */
    public static WindowsFirewallOptions from(BackendContext context) {
        List<String> profiles = parseProfiles(context.option(PROFILES).orElse("Any"));
        PowerShellProcessOptions process = PowerShellProcessOptions.from(context, POWERSHELL, TIMEOUT_SECONDS);
        return new WindowsFirewallOptions(profiles, context.flag(IGNORE_RATE_LIMITS), context.flag(REJECT_AS_BLOCK),
                context.flag(IGNORE_LOGGING), process.program(), process.timeout());
    }

    /**
     * @param text comma-separated profile names
     * @return the canonical names, in Domain, Private, Public order, or just {@code Any}
     */
    static List<String> parseProfiles(String text) {
        List<String> chosen = new ArrayList<>();
        boolean any = false;
        for (String raw : text.split(",", -1)) {
            String p = raw.strip();
            if (p.equalsIgnoreCase("Any")) {
                any = true;
                continue;
            }
            String canonical = PROFILE_NAMES.stream().filter(n -> n.equalsIgnoreCase(p)).findFirst().orElse(null);
            if (canonical == null) {
                throw new InvalidSpecException("options." + PROFILES, Text.show(p)
                        + " is not a firewall profile (Domain, Private, Public or Any)");
            }
            if (!chosen.contains(canonical)) {
                chosen.add(canonical);
            }
        }
        if (any && !chosen.isEmpty()) {
            throw new InvalidSpecException("options." + PROFILES, "'Any' cannot be combined with other profiles");
        }
        if (any || chosen.size() == PROFILE_NAMES.size()) {
            return List.of("Any");
        }
        chosen.sort((a, b) -> PROFILE_NAMES.indexOf(a) - PROFILE_NAMES.indexOf(b));
        return chosen;
    }
}
