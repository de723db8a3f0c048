package dev.portcullis.exec;

import java.util.List;
import java.util.Optional;

/** A runner that passes every command through a chain of {@link CommandInterceptor}s. */
public final class InterceptingCommandRunner implements CommandRunner {

    private final CommandRunner delegate;
    private final List<CommandInterceptor> interceptors;

    private InterceptingCommandRunner(CommandRunner delegate, List<CommandInterceptor> interceptors) {
        this.delegate = delegate;
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * Wraps a runner in a chain of interceptors.
     *
     * @param runner the runner at the end of the chain
     * @param interceptors applied in order: the first sees the command first
     * @return the wrapped runner
     */
    public static InterceptingCommandRunner wrap(CommandRunner runner, CommandInterceptor... interceptors) {
        return new InterceptingCommandRunner(runner, List.of(interceptors));
    }

    @Override
    public CommandResult execute(Command command) {
        return proceed(0, command);
    }

    private CommandResult proceed(int index, Command command) {
        if (index == interceptors.size()) {
            return delegate.execute(command);
        }
        CommandRunner next = new CommandRunner() {
            @Override
            public CommandResult execute(Command c) {
                return proceed(index + 1, c);
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
            public Optional<OperatorSession> operatorSession() {
                return delegate.operatorSession();
            }
        };
        return interceptors.get(index).intercept(command, next);
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
    public Optional<OperatorSession> operatorSession() {
        return delegate.operatorSession();
    }
}
