package dev.portcullis.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PowerShellJsonTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void readsEveryShapeOfAMultiValuedString() throws Exception {
        assertThat(PowerShellJson.strings(json("\"25\""), "f")).containsExactly("25");
        assertThat(PowerShellJson.strings(json("[\"25\",\"587\"]"), "f")).containsExactly("25", "587");
        assertThat(PowerShellJson.strings(json("{\"value\":[\"a\",\"b\"],\"Count\":2}"), "f")).containsExactly("a", "b");
        assertThat(PowerShellJson.strings(json("\"\""), "f")).isEmpty();
        assertThat(PowerShellJson.strings(json("null"), "f")).isEmpty();
        assertThat(PowerShellJson.strings(json("{}").path("missing"), "f")).isEmpty();
    }

    @Test
    void refusesAValueCountWrapperWhoseCountDisagrees() throws Exception {
        assertThatThrownBy(() -> PowerShellJson.strings(json("{\"value\":[\"a\"],\"Count\":2}"), "RemoteAddress"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RemoteAddress");
    }

    @Test
    void readsABareObjectAsOneElement() throws Exception {
        assertThat(PowerShellJson.objects(json("{\"Name\":\"x\"}"), "rules")).hasSize(1);
        assertThat(PowerShellJson.objects(json("[{\"Name\":\"x\"},{\"Name\":\"y\"}]"), "rules")).hasSize(2);
    }

    @Test
    void refusesScalarsWhereObjectsBelong() throws Exception {
        assertThatThrownBy(() -> PowerShellJson.objects(json("[1]"), "rules")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsEnumsAsNumberOrName() throws Exception {
        String[] direction = {null, "Inbound", "Outbound"};
        assertThat(PowerShellJson.enumName(json("1"), "Direction", direction)).isEqualTo("Inbound");
        assertThat(PowerShellJson.enumName(json("\"Outbound\""), "Direction", direction)).isEqualTo("Outbound");
        assertThatThrownBy(() -> PowerShellJson.enumName(json("7"), "Direction", direction))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown value 7");
        assertThatThrownBy(() -> PowerShellJson.enumName(json("\"Sideways\""), "Direction", direction))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsBooleansAsJsonOrPowerShellText() throws Exception {
        assertThat(PowerShellJson.bool(json("true"), "b")).isTrue();
        assertThat(PowerShellJson.bool(json("\"False\""), "b")).isFalse();
        assertThatThrownBy(() -> PowerShellJson.bool(json("\"maybe\""), "b")).isInstanceOf(IllegalStateException.class);
    }
}
