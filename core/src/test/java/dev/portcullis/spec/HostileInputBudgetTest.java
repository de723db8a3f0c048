package dev.portcullis.spec;

import static dev.portcullis.model.HostileStrings.place;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.HostileBuilderInputTest;
import dev.portcullis.model.HostileBuilderInputTest.EntryPoint;
import dev.portcullis.model.HostileStrings;
import org.junit.jupiter.api.Test;

/**
 * Every known attack fragment ({@link HostileStrings#FRAGMENTS}: quotes of every kind, shell and
 * PowerShell statements, control characters, line-breaking and invisible Unicode) is fed to every
 * string entry point of the builders at every placement, and to every string field of a spec file
 * (JSON and YAML in turn); each one is refused on its own field. The properties beside this test add
 * random neighbours; this one proves coverage by counting what was refused, not by reading
 * annotations.
 */
class HostileInputBudgetTest {

    @Test
    void everyAttackFragmentIsRefusedByEveryBuilderEntryPointAtEveryPlacement() {
        int refused = 0;
        for (EntryPoint entry : HostileBuilderInputTest.ENTRY_POINTS) {
            for (String fragment : HostileStrings.FRAGMENTS) {
                for (int at = 0; at < 4; at++) {
                    entry.refuses(place(entry.valid(), fragment, at));
                    refused++;
                }
            }
        }
        assertThat(refused).isEqualTo(HostileBuilderInputTest.ENTRY_POINTS.size() * HostileStrings.FRAGMENTS.size() * 4)
                .isGreaterThan(10_000);
    }

    @Test
    void everyAttackFragmentIsRefusedByEverySpecFileFieldInJsonAndYaml() {
        int refused = 0;
        for (HostileSpecFileInputTest.Field field : HostileSpecFileInputTest.allFields()) {
            // Each fragment once per field, JSON and YAML in turn: both formats reach every field.
            for (int i = 0; i < HostileStrings.FRAGMENTS.size(); i++) {
                SpecFormat format = SpecFormat.values()[i % 2];
                HostileSpecFileInputTest.refused(field, place(field.valid(), HostileStrings.FRAGMENTS.get(i), 3), format);
                refused++;
            }
        }
        for (String fragment : HostileStrings.FRAGMENTS) {
            for (SpecFormat format : SpecFormat.values()) {
                HostileSpecFileInputTest.unknownKey(place("zone", fragment, 3), format);
                refused++;
            }
        }
        int fragments = HostileStrings.FRAGMENTS.size();
        assertThat(refused).isEqualTo((HostileSpecFileInputTest.allFields().size() + 2) * fragments).isGreaterThanOrEqualTo(4_000);
    }
}
