package dev.portcullis.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a runner and counts the processes it spawns. The cost of a change is process spawns, so
 * this count is what benchmarks and idempotence tests assert on.
 */
public final class CountingCommandRunner implements CommandRunner {

    private final CommandRunner delegate;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Command> commands = Collections.synchronizedList(new ArrayList<>());

    /** @param delegate the runner that really spawns */
    public CountingCommandRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult execute(Command command) {
        count.incrementAndGet();
        commands.add(command);
        return delegate.execute(command);
    }

    /** @return processes spawned since creation or the last {@link #reset()} */
    public int spawns() {
        return count.get();
    }

    /** @return the commands spawned since creation or the last {@link #reset()} */
    public List<Command> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** Sets the count back to zero. */
    public void reset() {
        count.set(0);
        commands.clear();
    }

    @Override
    public String target() {
        return delegate.target();
    }

    @Override
    public boolean isLocal() {
        return delegate.isLocal();
    }

    @Override
    public java.util.Optional<OperatorSession> operatorSession() {
        return delegate.operatorSession();
    }
}
