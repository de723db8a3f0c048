package dev.portcullis.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PowerShellLiteralTest {

    /** Characters that mean something to PowerShell outside a single-quoted string, and every quote. */
    private static final String HOSTILE = "'\u2018\u2019\u201A\u201B\"\u201C\u201D\u201E`$;|&(){}[]@#<>,.-+=*%!?~^\\/ aZ09\u00e9\u4e2d";

    @Test
    void wrapsPlainTextInSingleQuotes() {
        assertThat(PowerShellLiteral.quote("smtp-inbound")).isEqualTo("'smtp-inbound'");
        assertThat(PowerShellLiteral.quote("")).isEqualTo("''");
    }

    @Test
    void doublesTheAsciiApostrophe() {
        assertThat(PowerShellLiteral.quote("it's")).isEqualTo("'it''s'");
    }

    @Test
    void bindsUnicodeSingleQuotesAsCharacterCodesSoTheyNeverReachALiteral() {
        assertThat(PowerShellLiteral.quote("a\u2018b\u2019c\u201Ad\u201Be"))
                .isEqualTo("('a' + [char]0x2018 + 'b' + [char]0x2019 + 'c' + [char]0x201A + 'd' + [char]0x201B + 'e')");
    }

    @Test
    void bindsNonAsciiLettersReadFromAHostAsCharacterCodes() {
        assertThat(PowerShellLiteral.quote("CN=M\u00fcller GmbH")).isEqualTo("('CN=M' + [char]0x00FC + 'ller GmbH')");
        PowerShellTokens.Split split = PowerShellTokens.split("$tlsName = " + PowerShellLiteral.quote("CN=M\u00fcller's"));
        assertThat(split.code()).isEqualTo("$tlsName = ");
        assertThat(split.literals()).containsExactly("CN=M\u00fcller's");
    }

    @Test
    void aValueStartingBeyondAsciiStillStartsWithAStringSoPlusJoinsRatherThanAdds() {
        assertThat(PowerShellLiteral.quote("\u00c9cole")).isEqualTo("('' + [char]0x00C9 + 'cole')");
        assertThat(PowerShellLiteral.quote("\u4e2d\u6587")).isEqualTo("('' + [char]0x4E2D + [char]0x6587)");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneTravelsAsItsTwoUtf16Units() {
        String emoji = "mail \uD83D\uDCE7";
        assertThat(PowerShellLiteral.quote(emoji)).isEqualTo("('mail ' + [char]0xD83D + [char]0xDCE7)");
        assertThat(PowerShellTokens.split(PowerShellLiteral.quote(emoji)).literals()).containsExactly(emoji);
    }

    @Test
    void aScriptBindingNonAsciiValuesIsAcceptedByTheRunnerBecauseItStaysAscii() {
        PowerShellScript script = PowerShellScript.builder("test").statement("$x = {}", "R\u00e8gle ajout\u00e9e").build();
        String stdin = new String(PowerShellRunner.using("powershell.exe").command(script).stdin().orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(stdin).contains("$x = ('R' + [char]0x00E8 + 'gle ajout' + [char]0x00E9 + 'e')");
        assertThat(stdin.chars()).allMatch(c -> c < 0x7f);
    }

    @Test
    void leavesDollarBacktickAndDoubleQuotesAloneBecauseSingleQuotesExpandNothing() {
        assertThat(PowerShellLiteral.quote("$(Remove-Item C:\\ -Recurse)`n\"x\""))
                .isEqualTo("'$(Remove-Item C:\\ -Recurse)`n\"x\"'");
    }

    @Test
    void refusesNewlineInValue() {
        assertThatThrownBy(() -> PowerShellLiteral.quote("a\nRemove-NetFirewallRule -All"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+000A");
    }

    @Test
    void refusesCarriageReturnNulEscapeAndUnicodeLineSeparators() {
        for (String bad : List.of("a\rb", "a\u0000b", "a\u001bb", "a\u2028b", "a\u2029b", "a\u0085b", "a\u007fb")) {
            assertThatThrownBy(() -> PowerShellLiteral.quote(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void classicBreakoutStaysInsideItsLiteral() {
        String attack = "x'; Remove-NetFirewallRule -All; '";
        String line = "New-NetFirewallRule -Name " + PowerShellLiteral.quote(attack) + " -Enabled True";
        PowerShellTokens.Split split = PowerShellTokens.split(line);
        assertThat(split.code()).isEqualTo("New-NetFirewallRule -Name  -Enabled True");
        assertThat(split.literals()).containsExactly(attack);
    }

    @Test
    void unicodeQuoteBreakoutStaysInsideItsLiteral() {
        String attack = "x\u2019; Remove-NetFirewallRule -All; \u2018";
        PowerShellTokens.Split split = PowerShellTokens.split("Get-X " + PowerShellLiteral.quote(attack));
        assertThat(split.code()).isEqualTo("Get-X ");
        assertThat(split.literals()).containsExactly(attack);
    }

    @Test
    void arrayOfLiteralsKeepsEachValueWhole() {
        String line = "-LocalPort " + PowerShellLiteral.quoteAll(List.of("25", "5'87", "\u201B"));
        PowerShellTokens.Split split = PowerShellTokens.split(line);
        assertThat(split.code()).isEqualTo("-LocalPort @(, , )");
        assertThat(split.literals()).containsExactly("25", "5'87", "\u201B");
    }

    @Property(tries = 2000)
    void noValueCanCloseItsLiteral(@ForAll("hostile") String value) {
        String quoted = PowerShellLiteral.quote(value);
        PowerShellTokens.Split split = PowerShellTokens.split(quoted);
        assertThat(split.code()).isEmpty();
        assertThat(split.literals()).containsExactly(value);
    }

    @Property(tries = 1000)
    void everyBoundValueIsPrintableAscii(@ForAll("hostile") String value) {
        assertThat(PowerShellLiteral.quote(value).chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Property(tries = 1000)
    void noValueCanStartANewStatement(@ForAll("hostile") String a, @ForAll("hostile") String b) {
        PowerShellScript script = PowerShellScript.builder("test")
                .statement("Set-NetFirewallRule -Name {} -NewDisplayName {} -Enabled True", a, b).build();
        PowerShellTokens.Split split = PowerShellTokens.split(script.statements().get(0));
        assertThat(split.code()).isEqualTo("Set-NetFirewallRule -Name  -NewDisplayName  -Enabled True");
        assertThat(split.literals()).containsExactly(a, b);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.strings().withChars(HOSTILE.toCharArray()).ofMinLength(0).ofMaxLength(40);
    }
}
