package dev.portcullis.windows;

import dev.portcullis.powershell.PowerShellTokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Through the model: whatever text a user gives as a policy or rule description, either the model
 * refuses it or the apply script's code is exactly the code of a harmless description, with the
 * text whole inside its literals.
 */
class WindowsHostilePropertiesTest {

    private static final String ALPHABET = "'\u2018\u2019\u201A\u201B\"`$;|&(){}[]@#<>,.:/_+=-\\ aZ09\n\r\t\u0000";

    @Property(tries = 1500)
    void descriptionsEitherAreRefusedOrStayLiterals(@ForAll("hostile") String text) {
        PortPolicy policy;
        try {
            policy = PortPolicy.named("p").description(text).allow(Protocol.TCP, 25).describedAs(text).build();
        } catch (InvalidSpecException refused) {
            return;
        }
        List<String> hostile = script(policy);
        List<String> benign = script(PortPolicy.named("p").description("v").allow(Protocol.TCP, 25).describedAs("v").build());
        assertThat(hostile).hasSameSizeAs(benign);
        for (int i = 0; i < hostile.size(); i++) {
            assertThat(PowerShellTokens.split(hostile.get(i)).code()).isEqualTo(PowerShellTokens.split(benign.get(i)).code());
        }
        assertThat(hostile.stream().flatMap(s -> PowerShellTokens.split(s).literals().stream())).contains(text);
    }

    @Property(tries = 500)
    void everyDescriptionTheModelAcceptsStaysALiteral(@ForAll("accepted") String text) {
        descriptionsEitherAreRefusedOrStayLiterals(text);
        PortPolicy.named("p").description(text).allow(Protocol.TCP, 25).describedAs(text).build();
    }

    private static List<String> script(PortPolicy policy) {
        List<WindowsRule> rules = WindowsRuleTranslator.translate(policy, Policies.options(Map.of())).rules();
        return WindowsFirewallScripts.apply("Portcullis p", new WindowsFirewallChanges(rules, rules, List.of())).statements();
    }

    @Provide
    Arbitrary<String> accepted() {
        return Arbitraries.strings().withChars("aZ09 .,:/_+@=-".toCharArray()).ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(30);
    }
}
