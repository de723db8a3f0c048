package dev.portcullis.exchange;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.mailevents.ExchangeTrackingLogParser;
import dev.portcullis.mailevents.MailEvent;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Reads Exchange's message tracking log ({@code Get-MessageTrackingLog}) for a time window through
 * the Exchange Management Shell, in one PowerShell process, as the same {@link MailEvent}s the
 * Postfix log gives (see {@link ExchangeTrackingLogParser}). Timestamps are written by the script
 * as round-trip ISO 8601 in UTC, whatever the PowerShell version.
 *
 * <p>Tested on its generated script and on fixture JSON only: <b>not verified against a live
 * Exchange server</b>.
 */
public final class MessageTrackingQuery {

    private MessageTrackingQuery() {
    }

    /**
     * @param start the earliest entry wanted
     * @param end the entry after the last wanted
     * @return the script: connect to the Management Shell, select the fields the parser reads
     * @throws IllegalArgumentException when start is not before end
     */
    public static PowerShellScript script(Instant start, Instant end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("the window is empty: start " + start + " is not before end " + end);
        }
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: read the Exchange message tracking log");
        ExchangeScripts.connect(b);
        b.statement("$start = [datetime]::Parse({}, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind)",
                start.toString());
        b.statement("$end = [datetime]::Parse({}, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind)",
                end.toString());
        b.result("entries", "@(Get-MessageTrackingLog -Server $server -Start $start -End $end -ResultSize Unlimited"
                + " | Sort-Object Timestamp | Select-Object @{n='Timestamp';e={$_.Timestamp.ToUniversalTime().ToString('o')}},"
                + "EventId,Source,Sender,Recipients,RecipientStatus,TotalBytes,RecipientCount,ClientIp,ClientHostname,"
                + "ServerIp,ServerHostname,ConnectorId,MessageId,InternalMessageId)");
        b.statement("if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }");
        return b.build();
    }

    /**
     * Runs the query.
     *
     * @param runner reaches the Exchange server
     * @param powershell the PowerShell to run it with
     * @param start the earliest entry wanted
     * @param end the entry after the last wanted
     * @return the events, oldest first
     * @throws dev.portcullis.powershell.PowerShellException when the script fails or gives no result
     */
    public static List<MailEvent> read(CommandRunner runner, PowerShellRunner powershell, Instant start, Instant end) {
        return ExchangeTrackingLogParser.parse(powershell.run(runner, script(start, end)).get("entries"));
    }
}
