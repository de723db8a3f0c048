package dev.portcullis.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.mailevents.DeliveryStatus;
import dev.portcullis.mailevents.EventKind;
import dev.portcullis.mailevents.MailEvent;
import dev.portcullis.mailevents.RejectReason;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message tracking query: its script, and its result read on fixture JSON (no live Exchange here). */
class MessageTrackingQueryTest {

    private static final Instant START = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    /** One RECEIVE and one agent refusal, as the script prints them (ISO timestamps from ToString('o')). */
    private static final String RESULT = PowerShellScript.RESULT_MARKER + "{\"entries\":["
            + "{\"Timestamp\":\"2026-11-30T09:15:02.4410000Z\",\"EventId\":\"RECEIVE\",\"Source\":\"SMTP\","
            + "\"Sender\":\"alice@partner.example\",\"Recipients\":[\"bob@contoso.example\"],\"RecipientStatus\":[],"
            + "\"TotalBytes\":5120,\"RecipientCount\":1,\"ClientIp\":\"198.51.100.7\",\"ClientHostname\":\"mx.partner.example\","
            + "\"ServerIp\":\"192.0.2.10\",\"ServerHostname\":\"EX01\",\"ConnectorId\":\"EX01\\\\Default Frontend EX01\","
            + "\"MessageId\":\"<3f2a@partner.example>\",\"InternalMessageId\":41781441773569},"
            + "{\"Timestamp\":\"2026-11-30T09:16:00.0000000Z\",\"EventId\":\"FAIL\",\"Source\":\"AGENT\","
            + "\"Sender\":\"spammer@bad.example\",\"Recipients\":\"nobody@contoso.example\","
            + "\"RecipientStatus\":\"550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\","
            + "\"TotalBytes\":0,\"RecipientCount\":1,\"ClientIp\":\"203.0.113.66\",\"ClientHostname\":\"unknown\","
            + "\"ServerIp\":\"192.0.2.10\",\"ServerHostname\":\"EX01\",\"ConnectorId\":null,\"MessageId\":null,"
            + "\"InternalMessageId\":41781441773570}]}";

    @Test
    void theScriptConnectsToTheShellAndBindsTheWindowAsLiterals() {
        String text = MessageTrackingQuery.script(START, END).text();
        assertThat(text).contains("RemoteExchange.ps1", "Connect-ExchangeServer",
                "$start = [datetime]::Parse('2026-11-30T00:00:00Z'", "$end = [datetime]::Parse('2026-12-01T00:00:00Z'",
                "Get-MessageTrackingLog -Server $server -Start $start -End $end -ResultSize Unlimited",
                "$_.Timestamp.ToUniversalTime().ToString('o')", "InternalMessageId");
    }

    @Test
    void readsTheEntriesInOnePowerShellProcess() {
        List<String> programs = new ArrayList<>();
        CommandRunner fake = command -> {
            programs.add(command.program());
            return CommandResult.of(command, 0, RESULT + "\n");
        };
        List<MailEvent> events = MessageTrackingQuery.read(fake, PowerShellRunner.using(PowerShellRunner.WINDOWS_POWERSHELL), START, END);
        assertThat(programs).containsExactly(PowerShellRunner.WINDOWS_POWERSHELL);
        assertThat(events).extracting(MailEvent::kind).containsExactly(EventKind.MESSAGE_RECEIVED, EventKind.REJECT);
        assertThat(events.get(0).queueId()).contains("41781441773569");
        assertThat(events.get(0).clientIp()).contains("198.51.100.7");
        assertThat(events.get(1).rejectReason()).contains(RejectReason.UNKNOWN_USER);
        assertThat(events.get(1).to()).contains("nobody@contoso.example");
        assertThat(events).noneMatch(e -> e.status().filter(s -> s == DeliveryStatus.BOUNCED).isPresent());
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> MessageTrackingQuery.script(END, START)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window is empty");
    }
}
