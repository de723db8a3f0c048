package dev.portcullis.iptables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Writes the {@code iptables-restore --noflush} input that turns one owned state into another.
 * It names only owned chains and the jumps to them, so every foreign rule and chain stays exactly
 * as it is; {@code iptables-restore} commits the whole table at once, so the change is atomic.
 */
final class IptablesRestoreScript {

    private IptablesRestoreScript() {
    }

    /**
     * @param from the owned state the host has
     * @param to the owned state it should have
     * @return the restore input, or empty when nothing differs
     */
    static Optional<String> between(OwnedState from, OwnedState to) {
        List<String> declare = new ArrayList<>();
        List<String> deleteJumps = new ArrayList<>();
        List<String> append = new ArrayList<>();
        List<OwnedState.Jump> insert = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (String chain : OwnedChains.CHAINS) {
            boolean rewrite = to.has(chain) && (!from.has(chain) || !from.rules(chain).equals(to.rules(chain)));
            boolean drop = from.has(chain) && !to.has(chain);
            if (rewrite || drop) {
                // Declaring a chain under --noflush creates it, or empties it when it exists.
                declare.add(":" + chain + " - [0:0]");
            }
            if (rewrite) {
                to.rules(chain).forEach(r -> append.add(r.appendLine()));
            }
            if (!from.jumpsTo(chain).equals(to.jumpsTo(chain))) {
                // A jump that moves is deleted and inserted again: positions are part of the contract.
                from.jumpsTo(chain).forEach(j -> deleteJumps.add(j.rule().deleteLine()));
                insert.addAll(to.jumpsTo(chain));
            }
            if (drop) {
                remove.add("-X " + chain);
            }
        }
        if (declare.isEmpty() && deleteJumps.isEmpty() && insert.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("*filter\n");
        declare.forEach(l -> sb.append(l).append('\n'));
        deleteJumps.forEach(l -> sb.append(l).append('\n'));
        append.forEach(l -> sb.append(l).append('\n'));
        insert.stream().sorted(Comparator.comparingInt(OwnedState.Jump::position))
                .forEach(j -> sb.append(j.rule().insertLine(j.position())).append('\n'));
        remove.forEach(l -> sb.append(l).append('\n'));
        sb.append("COMMIT\n");
        return Optional.of(sb.toString());
    }
}
