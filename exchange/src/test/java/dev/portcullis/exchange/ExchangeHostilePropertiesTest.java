package dev.portcullis.exchange;

import dev.portcullis.powershell.PowerShellTokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SpecProblem;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Through the model: whatever text a user gives as an accepted domain, either the model refuses it,
 * naming the field, or the apply script is exactly the script of a harmless domain with the text
 * whole inside the same literals: the same code around the values, and each value the harmless
 * one with the domain swapped in.
 */
class ExchangeHostilePropertiesTest {

    private static final String ALPHABET = "'\u2018\u2019\u201A\u201B\"`$;|&(){}@#<>,:/_+=\\ .-aZ09\n\u00e9";
    private static final String BENIGN = "v.example";

    private final ExchangeSnapshot fresh = ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout");

    @Property(tries = 1500)
    void domainsEitherAreRefusedOrStayWholeInsideTheirLiterals(@ForAll("hostile") String text) {
        MailServerSpec spec;
        try {
            spec = ExchangeFixtures.specBuilder().acceptMailFor(text + ".example").build();
        } catch (InvalidSpecException refused) {
            assertThat(refused.problems()).extracting(SpecProblem::field).contains("acceptedDomains[2]");
            return;
        }
        String domain = spec.acceptedDomains().get(2).value();
        List<String> hostile = script(spec);
        List<String> benign = script(ExchangeFixtures.specBuilder().acceptMailFor(BENIGN).build());
        assertThat(hostile).hasSameSizeAs(benign);
        for (int i = 0; i < hostile.size(); i++) {
            PowerShellTokens.Split h = PowerShellTokens.split(hostile.get(i));
            PowerShellTokens.Split b = PowerShellTokens.split(benign.get(i));
            assertThat(h.code()).isEqualTo(b.code());
            assertThat(h.literals()).isEqualTo(b.literals().stream().map(l -> l.replace(BENIGN, domain)).toList());
        }
        assertThat(hostile.stream().flatMap(l -> PowerShellTokens.split(l).literals().stream()))
                .contains(domain, ExchangePlanner.acceptedDomainName(domain));
    }

    @Property(tries = 300)
    void everyDomainTheModelAcceptsStaysWholeInsideItsLiterals(@ForAll("accepted") String label) {
        ExchangeFixtures.specBuilder().acceptMailFor(label + ".example").build();
        domainsEitherAreRefusedOrStayWholeInsideTheirLiterals(label);
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
