package dev.portcullis.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PowerShellScriptTest {

    @Test
    void bindsEachKindOfValueAsALiteral() {
        PowerShellScript s = PowerShellScript.builder("demo")
                .statement("Do-It -Text {} -Ports {} -Count {} -Flag {}", "a'b", List.of("25", "587"), 3, true)
                .build();
        assertThat(s.statements()).containsExactly("Do-It -Text 'a''b' -Ports @('25', '587') -Count 3 -Flag $true");
    }

    @Test
    void refusesUnbindableValues() {
        assertThatThrownBy(() -> PowerShellScript.builder("x").statement("Do-It {}", new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot bind");
        assertThatThrownBy(() -> PowerShellScript.builder("x").statement("Do-It {}", (Object) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PowerShellScript.builder("x").statement("Do-It {}", List.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesPlaceholderCountMismatch() {
        assertThatThrownBy(() -> PowerShellScript.builder("x").statement("Do-It {} {}", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more placeholders");
        assertThatThrownBy(() -> PowerShellScript.builder("x").statement("Do-It {}", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more values");
    }

    @Test
    void refusesMultiLineTemplates() {
        assertThatThrownBy(() -> PowerShellScript.builder("x").statement("Do-It\nRemove-Item"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PowerShellScript.builder("two\nlines"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultStatementsFillTheResultTable() {
        PowerShellScript s = PowerShellScript.builder("demo").result("rules", "@(Get-Thing -Group {})", "Portcullis x").build();
        assertThat(s.statements()).containsExactly("$portcullis['rules'] = @(Get-Thing -Group 'Portcullis x')");
    }

    @Test
    void wrapsStatementsInOneStoppingBlockThatPrintsJsonOnlyWhenEveryStatementSucceeded() {
        String text = PowerShellScript.builder("demo").statement("Do-It").build().text();
        assertThat(text).startsWith("& {\n    # demo\n    $ErrorActionPreference = 'Stop'\n    $global:ErrorActionPreference = 'Stop'\n");
        assertThat(text).contains("        Do-It\n");
        assertThat(text).contains("exit 1");
        assertThat(text).contains("        'PORTCULLIS-RESULT:' + (ConvertTo-Json -InputObject $portcullis -Depth 8 -Compress)\n"
                + "    } catch {\n");
        assertThat(text).endsWith("}\n\n\n");
    }
}
