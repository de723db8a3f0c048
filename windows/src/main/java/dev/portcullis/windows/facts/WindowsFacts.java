package dev.portcullis.windows.facts;

import dev.portcullis.spi.HostFactsContributor;
import java.util.Set;

/**
 * The Windows module's share of the host facts: whether Windows PowerShell ({@code powershell})
 * or PowerShell 7 ({@code pwsh}) is on the PATH, which every Windows backend and the Windows
 * preflight run their scripts in.
 */
public final class WindowsFacts implements HostFactsContributor {

    /** The contributor, as {@link java.util.ServiceLoader} creates it. */
    public WindowsFacts() {
    }

    @Override
    public Set<String> tools() {
        return Set.of("powershell", "pwsh");
    }
}
