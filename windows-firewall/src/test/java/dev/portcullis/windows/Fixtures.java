package dev.portcullis.windows;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.powershell.GoldenScripts;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;

/** Recorded outputs and golden scripts under src/test/resources. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String resource) {
        return GoldenScripts.text(resource);
    }

    /** @return the snapshot parsed from a recorded inspection output, through the runner's reader */
    static WindowsFirewallSnapshot snapshot(String fixture) {
        Command c = Command.of("powershell.exe");
        return WindowsFirewallSnapshot.parse("Portcullis smtp-inbound",
                PowerShellRunner.read(CommandResult.of(c, 0, text("fixtures/" + fixture))).json());
    }

    /**
     * Compares a script with its golden file. With -Dportcullis.updateGolden=true the file is
     * (re)written under src/test/resources and the test still fails, so that an update is always
     * looked at before it is committed.
     */
    static void assertGolden(PowerShellScript script, String name) {
        GoldenScripts.assertGolden(script, name);
    }
}
