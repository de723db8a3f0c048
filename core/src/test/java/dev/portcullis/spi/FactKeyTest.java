package dev.portcullis.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A fact is read and written through its owner's typed key, and kept as text for reports. */
class FactKeyTest {

    enum Variant { NF_TABLES, LEGACY }

    private static final FactKey<Variant> VARIANT = FactKey.choice("fridge.variant", Variant.class);
    private static final FactKey<Boolean> RUNNING = FactKey.flag("fridge.running");

    @Test
    void aChoiceIsKeptAsTheConstantsLowerCaseNameAndReadBackTyped() {
        HostFacts facts = HostFacts.builder().fact(VARIANT, Variant.NF_TABLES).fact(RUNNING, true).build();

        assertThat(facts.attributes()).containsEntry("fridge.variant", "nf_tables").containsEntry("fridge.running", "true");
        assertThat(facts.fact(VARIANT)).contains(Variant.NF_TABLES);
        assertThat(facts.fact(RUNNING)).contains(true);
        assertThat(facts.toBuilder().build()).isEqualTo(facts);
    }

    @Test
    void anUnknownFactIsEmpty() {
        assertThat(HostFacts.builder().build().fact(VARIANT)).isEmpty();
    }

    @Test
    void textThatIsNotAValueOfTheKeyIsRefusedNamingTheFact() {
        HostFacts facts = HostFacts.builder().fact(FactKey.text("fridge.variant"), "cold").build();

        assertThatThrownBy(() -> facts.fact(VARIANT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fridge.variant").hasMessageContaining("cold");
    }

    @Test
    void aNameMustStartWithItsOwner() {
        assertThatThrownBy(() -> FactKey.text("variant")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iptables.variant");
    }
}
