package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class IptablesPlannerTest {

    static final IptablesTools V4 = new IptablesTools(IpFamily.IPV4, "nf_tables", "iptables-nft-save", "iptables-nft-restore");
    static final IptablesTools V6 = new IptablesTools(IpFamily.IPV6, "nf_tables", "ip6tables-nft-save", "ip6tables-nft-restore");
    static final IptablesSettings SETTINGS = new IptablesSettings(V4, Optional.of(V6), OptionalInt.of(1), Optional.empty(), List.of());

    static IptablesSnapshot snapshot(String name) {
        return new IptablesSnapshot(Captures.save(name + ".v4"), Captures.save(name + ".v6"), Optional.empty());
    }

    static String stdin(Command c) {
        return new String(c.stdin().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void writesEachFamilyWithOneRestoreThatNamesOnlyOwnedChains() {
        Plan plan = IptablesPlanner.planApply(Captures.SMTP_INBOUND, snapshot("foreign-only"), SETTINGS, "t");

        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.commands()).extracting(Command::argv).containsExactly(
                List.of("iptables-nft-restore", "--noflush"), List.of("ip6tables-nft-restore", "--noflush"));
        for (Command c : plan.commands()) {
            assertThat(stdin(c).lines().filter(l -> l.startsWith("-") || l.startsWith(":")))
                    .allMatch(l -> l.contains("PORTCULLIS-"));
            assertThat(stdin(c)).doesNotContain("f2b-sshd", "DOCKER").startsWith("*filter\n").endsWith("COMMIT\n");
        }
        assertThat(plan.rollbackCheck()).isPresent();
    }

    @Test
    void plansExactlyTheStateTheLiveHostPrintedAfterApplying() {
        for (IpFamily family : IpFamily.values()) {
            String suffix = family == IpFamily.IPV4 ? ".v4" : ".v6";
            IptablesSave before = Captures.save("foreign-only" + suffix);
            OwnedState planned = IptablesPlanner.desired(OwnedState.of(before), before.filter(), "smtp-inbound",
                    IptablesRuleRenderer.render(Captures.SMTP_INBOUND, family), OptionalInt.of(2));

            assertThat(planned).isEqualTo(OwnedState.of(Captures.save("smtp-inbound-applied" + suffix)));
        }
    }

    @Test
    void convergedHostYieldsAnEmptyPlan() {
        IptablesSettings atTwo = new IptablesSettings(V4, Optional.of(V6), OptionalInt.of(2), Optional.empty(), List.of());

        Plan plan = IptablesPlanner.planApply(Captures.SMTP_INBOUND, snapshot("smtp-inbound-applied"), atTwo, "t");

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.rollbackCheck()).isEmpty();
    }

    @Test
    void undoPutsTheOwnedChainsBackAsTheSnapshotHadThem() {
        Plan plan = IptablesPlanner.planApply(Captures.SMTP_INBOUND, snapshot("foreign-only"), SETTINGS, "t");

        String undo = stdin(plan.steps().get(0).undo().action().orElseThrow().commands().get(0));

        assertThat(undo).isEqualTo("""
                *filter
                :PORTCULLIS-INPUT - [0:0]
                :PORTCULLIS-OUTPUT - [0:0]
                -D INPUT -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT
                -D OUTPUT -m comment --comment portcullis-shared:jump -j PORTCULLIS-OUTPUT
                -X PORTCULLIS-INPUT
                -X PORTCULLIS-OUTPUT
                COMMIT
                """);
    }

    @Test
    void removalDeletesChainsAndJumpsWhenNoPolicyIsLeft() {
        Plan plan = IptablesPlanner.planRemoval(Captures.SMTP_INBOUND, snapshot("smtp-inbound-applied"), SETTINGS, "t");

        assertThat(plan.steps()).hasSize(2);
        assertThat(stdin(plan.commands().get(0))).contains("-X PORTCULLIS-INPUT", "-X PORTCULLIS-OUTPUT",
                "-D INPUT -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT").doesNotContain("-A ");
        String undo = stdin(plan.steps().get(0).undo().action().orElseThrow().commands().get(0));
        assertThat(undo).contains("-I INPUT 2 -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT",
                "-I OUTPUT 1 -m comment --comment portcullis-shared:jump -j PORTCULLIS-OUTPUT");
    }

    @Test
    void removingAPolicyThatIsNotThereChangesNothing() {
        Plan plan = IptablesPlanner.planRemoval(Captures.SMTP_INBOUND, snapshot("foreign-only"), SETTINGS, "t");

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void removesOnlyRulesItOwnsAndKeepsOtherPoliciesInOrder() {
        IptablesSave applied = Captures.save("smtp-inbound-applied.v4");
        PortPolicy other = PortPolicy.named("other").allow(Protocol.TCP, 8080).build();
        OwnedState both = IptablesPlanner.desired(OwnedState.of(applied), applied.filter(), "other",
                IptablesRuleRenderer.render(other, IpFamily.IPV4), OptionalInt.of(1));

        OwnedState withoutSmtp = IptablesPlanner.desired(both, applied.filter(), "smtp-inbound", List.of(), OptionalInt.of(1));

        assertThat(withoutSmtp.rules(OwnedChains.INPUT_CHAIN)).containsExactly(
                OwnedChains.establishedRule(OwnedChains.INPUT_CHAIN),
                IptablesRuleRenderer.render(other, IpFamily.IPV4).get(0));
        assertThat(withoutSmtp.has(OwnedChains.OUTPUT_CHAIN)).isFalse();
        assertThat(withoutSmtp.jumpsTo(OwnedChains.INPUT_CHAIN)).isEqualTo(both.jumpsTo(OwnedChains.INPUT_CHAIN));
    }

    @Test
    void keepsAnOwnedChainThatHoldsARuleAddedByHandWhenTheLastPolicyGoes() {
        IptablesSave applied = Captures.save("smtp-inbound-applied.v4");
        OwnedState live = OwnedState.of(applied);
        java.util.Map<String, List<IptablesRuleLine>> chains = new java.util.LinkedHashMap<>(live.chains());
        List<IptablesRuleLine> input = new java.util.ArrayList<>(chains.get(OwnedChains.INPUT_CHAIN));
        IptablesRuleLine byHand = IptablesRuleLine.parseAppend("-A PORTCULLIS-INPUT -p tcp -m tcp --dport 8443 -j ACCEPT");
        input.add(byHand);
        chains.put(OwnedChains.INPUT_CHAIN, input);

        OwnedState removed = IptablesPlanner.desired(new OwnedState(chains, live.jumps()), applied.filter(),
                "smtp-inbound", List.of(), OptionalInt.of(1));

        assertThat(removed.rules(OwnedChains.INPUT_CHAIN)).containsExactly(
                OwnedChains.establishedRule(OwnedChains.INPUT_CHAIN), byHand);
        assertThat(removed.jumpsTo(OwnedChains.INPUT_CHAIN)).isNotEmpty();
        assertThat(removed.has(OwnedChains.OUTPUT_CHAIN)).isFalse();
    }

    @Test
    void reapplyingAChangedPolicyKeepsItsPlaceAmongOthers() {
        IptablesSave applied = Captures.save("smtp-inbound-applied.v4");
        PortPolicy other = PortPolicy.named("other").allow(Protocol.TCP, 8080).build();
        OwnedState both = IptablesPlanner.desired(OwnedState.of(applied), applied.filter(), "other",
                IptablesRuleRenderer.render(other, IpFamily.IPV4), OptionalInt.of(1));
        PortPolicy smaller = PortPolicy.named("smtp-inbound").allow(Protocol.TCP, 25).build();

        OwnedState changed = IptablesPlanner.desired(both, applied.filter(), "smtp-inbound",
                IptablesRuleRenderer.render(smaller, IpFamily.IPV4), OptionalInt.of(1));

        assertThat(changed.rules(OwnedChains.INPUT_CHAIN)).extracting(r -> r.comment().orElseThrow())
                .containsExactly("portcullis-shared:established", "portcullis:smtp-inbound:1", "portcullis:other:1");
    }

    @Test
    void putsANewJumpAtTheConfiguredPositionOrAtTheEndOfAShorterChain() {
        IptablesSave before = Captures.save("foreign-only.v4"); // INPUT holds 2 rules
        List<IptablesRuleLine> mine = IptablesRuleRenderer.render(Captures.SMTP_INBOUND, IpFamily.IPV4);

        assertThat(IptablesPlanner.desired(OwnedState.of(before), before.filter(), "smtp-inbound", mine, OptionalInt.of(1))
                .jumpsTo(OwnedChains.INPUT_CHAIN).get(0).position()).isEqualTo(1);
        assertThat(IptablesPlanner.desired(OwnedState.of(before), before.filter(), "smtp-inbound", mine, OptionalInt.of(9))
                .jumpsTo(OwnedChains.INPUT_CHAIN).get(0).position()).isEqualTo(3);
    }

    @Test
    void aThousandRulesStillTakeOneRestorePerFamily() {
        PortPolicy.Builder b = PortPolicy.named("big");
        for (int i = 0; i < 1000; i++) {
            b.allow(Protocol.TCP, 1000 + i).from(i % 2 == 0 ? "198.51.100." + (i % 250) : "2001:db8::" + Integer.toHexString(i));
        }
        PortPolicy big = b.build();

        Plan plan = IptablesPlanner.planApply(big, snapshot("foreign-only"), SETTINGS, "t");

        assertThat(plan.commands()).hasSize(2);
        assertThat(stdin(plan.commands().get(0)).lines().filter(l -> l.startsWith("-A PORTCULLIS-INPUT"))).hasSize(501);
        assertThat(stdin(plan.commands().get(1)).lines().filter(l -> l.startsWith("-A PORTCULLIS-INPUT"))).hasSize(501);
    }

    @Test
    void persistsAfterTheLiveStepsAndUndoesTheFilesItWrote() {
        PersistenceTarget.PersistedFiles before = new PersistenceTarget.PersistedFiles(Optional.of("old v4\n"), Optional.empty());
        IptablesSnapshot snap = new IptablesSnapshot(Captures.save("foreign-only.v4"), Captures.save("foreign-only.v6"),
                Optional.of(before));
        IptablesSettings persist = new IptablesSettings(V4, Optional.of(V6), OptionalInt.of(1), Optional.of(PersistenceTarget.DEBIAN), List.of());

        Plan plan = IptablesPlanner.planApply(Captures.SMTP_INBOUND, snap, persist, "t");

        Step last = plan.steps().get(2);
        assertThat(last.action().commands()).extracting(Command::argv).containsExactly(
                List.of("mkdir", "-p", "--", "/etc/iptables"),
                List.of("iptables-nft-save", "-f", "/etc/iptables/rules.v4"),
                List.of("ip6tables-nft-save", "-f", "/etc/iptables/rules.v6"));
        List<Command> undo = last.undo().action().orElseThrow().commands();
        assertThat(undo.get(0).argv()).containsExactly("dd", "of=/etc/iptables/rules.v4", "status=none");
        assertThat(stdin(undo.get(0))).isEqualTo("old v4\n");
        assertThat(undo.get(1).argv()).containsExactly("rm", "-f", "--", "/etc/iptables/rules.v6");
    }

    @Test
    void persistsAConvergedHostOnlyWhenTheSavedFilesAreStale() {
        IptablesSettings persist = new IptablesSettings(V4, Optional.of(V6), OptionalInt.of(2), Optional.of(PersistenceTarget.DEBIAN), List.of());
        PersistenceTarget.PersistedFiles upToDate = new PersistenceTarget.PersistedFiles(
                Optional.of(Captures.text("smtp-inbound-applied.v4")), Optional.of(Captures.text("smtp-inbound-applied.v6")));
        PersistenceTarget.PersistedFiles stale = new PersistenceTarget.PersistedFiles(
                Optional.of(Captures.text("foreign-only.v4")), Optional.of(Captures.text("smtp-inbound-applied.v6")));
        IptablesSave v4 = Captures.save("smtp-inbound-applied.v4");
        IptablesSave v6 = Captures.save("smtp-inbound-applied.v6");

        assertThat(IptablesPlanner.planApply(Captures.SMTP_INBOUND, new IptablesSnapshot(v4, v6, Optional.of(upToDate)),
                persist, "t").isEmpty()).isTrue();
        assertThat(IptablesPlanner.planApply(Captures.SMTP_INBOUND, new IptablesSnapshot(v4, v6, Optional.of(stale)),
                persist, "t").steps()).singleElement().satisfies(s -> assertThat(s.description()).startsWith("persist"));
    }

    @Test
    void refusesIpv6RulesOnAHostWithoutIp6tables() {
        IptablesSettings v4only = new IptablesSettings(V4, Optional.empty(), OptionalInt.of(1), Optional.empty(), List.of());

        assertThatThrownBy(() -> IptablesPlanner.planApply(Captures.SMTP_INBOUND, snapshot("foreign-only"), v4only, "t"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ip6tables");
    }

    @Test
    void rendersTheExactCommandsAndTheirUndoInADryRun() {
        String text = IptablesPlanner.planApply(Captures.SMTP_INBOUND, snapshot("foreign-only"), SETTINGS, "t").render();

        assertThat(text).contains("iptables-nft-restore --noflush", "-A PORTCULLIS-INPUT", "undo:", "-X PORTCULLIS-INPUT",
                "check: iptables owned chains read back as planned");
    }
}
