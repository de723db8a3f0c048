package dev.portcullis.exchange;

import dev.portcullis.powershell.PowerShellTokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Through the model: whatever text a user gives as a host name or an accepted domain, either the
 * model refuses it or the apply script's code is exactly the code of a harmless name, with the
 * text whole inside its literals.
 */
class ExchangeHostilePropertiesTest {

    private static final String ALPHABET = "'\u2018\u2019\u201A\u201B\"`$;|&(){}@#<>,:/_+=\\ .-aZ09\n";

    private final ExchangeSnapshot fresh = ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout");

    @Property(tries = 1500)
    void domainsEitherAreRefusedOrStayLiterals(@ForAll("hostile") String text) {
        MailServerSpec spec;
        try {
            spec = ExchangeFixtures.specBuilder().acceptMailFor(text + ".example").build();
        } catch (InvalidSpecException refused) {
            return;
        }
        List<String> hostile = script(spec);
        List<String> benign = script(ExchangeFixtures.specBuilder().acceptMailFor("v.example").build());
        assertThat(hostile).hasSameSizeAs(benign);
        for (int i = 0; i < hostile.size(); i++) {
            assertThat(PowerShellTokens.split(hostile.get(i)).code()).isEqualTo(PowerShellTokens.split(benign.get(i)).code());
        }
    }

    @Property(tries = 300)
    void everyDomainTheModelAcceptsStaysALiteral(@ForAll("accepted") String label) {
        domainsEitherAreRefusedOrStayLiterals(label);
        ExchangeFixtures.specBuilder().acceptMailFor(label + ".example").build();
    }

    private List<String> script(MailServerSpec spec) {
        ExchangeOptions options = ExchangeFixtures.options(Map.of());
        ExchangeDesired d = ExchangePlanner.desired(spec, options, fresh);
        return ExchangeScripts.apply(d, ExchangePlanner.changes(d, fresh), options).statements();
    }

    @Provide
    Arbitrary<String> accepted() {
        return Arbitraries.strings().withChars("abcxyz0189".toCharArray()).ofMinLength(1).ofMaxLength(20)
                .map(s -> s + "-" + s);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(30);
    }
}
