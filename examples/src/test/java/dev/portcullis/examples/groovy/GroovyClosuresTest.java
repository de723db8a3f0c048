package dev.portcullis.examples.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.examples.testing.FakePostfixBackend;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.ProvisioningEvent;
import dev.portcullis.examples.cli.AssumedHost;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Groovy closures fit wherever the API takes a Consumer or a listener. */
class GroovyClosuresTest {

    private static Object eval(String script, Binding binding) {
        return new GroovyShell(GroovyClosuresTest.class.getClassLoader(), binding).evaluate(script);
    }

    @Test
    void closureConfiguresAPortRule() {
        Object policy = eval("""
                import dev.portcullis.*
                PortPolicy.named('closures')
                    .rule { it.action(RuleAction.ALLOW).protocol(Protocol.TCP).port(25).sources('203.0.113.0/24') }
                    .rule { r -> r.action(RuleAction.REJECT).protocol(Protocol.UDP).ports(53) }
                    .build()
                """, new Binding());

        assertThat(policy).isEqualTo(PortPolicy.named("closures")
                .allow(Protocol.TCP, 25).from("203.0.113.0/24")
                .reject(Protocol.UDP, 53)
                .build());
    }

    @Test
    void closureGivenToConfigureReachesTheBuilderAndTheChainGoesOn() {
        Object spec = eval("""
                import dev.portcullis.*
                MailServerSpec.forHost('mail.example.com')
                    .configure { it.acceptMailFor('example.com'); it.trustNetworks('192.168.1.0/24'); 'ignored' }
                    .configure { b -> b.maxMessageSize(DataSize.ofMegabytes(25)); null }
                    .postfix(PostfixTuning.builder().configure { it.processLimit(50) }.build())
                    .build()
                """, new Binding());

        assertThat(spec).isEqualTo(expectedMailServer());
    }

    @Test
    void groovysTapConfiguresTheBuilderAndReturnsIt() {
        Object spec = eval("""
                import dev.portcullis.*
                MailServerSpec.forHost('mail.example.com')
                    .tap { acceptMailFor('example.com'); trustNetworks('192.168.1.0/24'); 'ignored' }
                    .tap { maxMessageSize(DataSize.ofMegabytes(25)) }
                    .postfix(PostfixTuning.builder().processLimit(50).build())
                    .build()
                """, new Binding());

        assertThat(spec).isEqualTo(expectedMailServer());
    }

    /**
     * The builders have no {@code with} of their own (it would shadow Groovy's): {@code with} is
     * Groovy's {@code Object.with(Closure)}, which returns what the closure returns, so the chain
     * only goes on when the closure ends with the builder.
     */
    @Test
    void withIsGroovysOwnWithThatReturnsTheClosuresValue() {
        Object endsWithBuilder = eval("""
                import dev.portcullis.*
                MailServerSpec.forHost('mail.example.com')
                    .with { it.acceptMailFor('example.com'); it.trustNetworks('192.168.1.0/24') }
                    .with { maxMessageSize(DataSize.ofMegabytes(25)) }
                    .postfix(PostfixTuning.builder().processLimit(50).build())
                    .build()
                """, new Binding());
        Object endsWithText = eval("""
                dev.portcullis.MailServerSpec.forHost('mail.example.com').with { it.origin('example.com'); 'the closure value' }
                """, new Binding());

        assertThat(endsWithBuilder).isEqualTo(expectedMailServer());
        assertThat(endsWithText).isEqualTo("the closure value");
    }

    private static MailServerSpec expectedMailServer() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com").trustNetworks("192.168.1.0/24")
                .maxMessageSize(dev.portcullis.DataSize.ofMegabytes(25))
                .postfix(dev.portcullis.PostfixTuning.builder().processLimit(50).build()).build();
    }

    @Test
    void closureIsAProvisioningListener() {
        Binding binding = new Binding();
        binding.setVariable("provisioner", Provisioner.on(new RecordingCommandRunner()).facts(AssumedHost.DEBIAN.facts())
                .backends(List.of(new NftablesBackend()), List.of(new FakePostfixBackend())));
        Object result = eval("""
                import dev.portcullis.*
                def events = []
                def report = provisioner.listener { e -> events << e }
                    .apply(PortPolicy.named('listened').allow(Protocol.TCP, 25).build())
                [report, events]
                """, binding);

        List<?> pair = (List<?>) result;
        assertThat(((ApplyReport) pair.get(0)).outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat((List<?>) pair.get(1)).extracting(e -> ((ProvisioningEvent) e).type()).isNotEmpty();
    }
}
