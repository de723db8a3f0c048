package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import java.util.List;

/**
 * Runs one {@link FirewalldClient} change and fails, naming every item firewalld refused, unless
 * the whole change was made. Plans show the request, with the program by name.
 */
final class FirewalldClientAction implements StepAction {

    private final String what;
    private final Command command;

    private FirewalldClientAction(String what, Command command) {
        this.what = what;
        this.command = command;
    }

    /**
     * @param what what the call does, in words, for failures ("change the runtime zone public")
     * @param command a {@link FirewalldClient#change} command
     * @return the action
     */
    static FirewalldClientAction of(String what, Command command) {
        return new FirewalldClientAction(what, command);
    }

    @Override
    public void run(StepContext context) {
        FirewalldClient.reply(context.execute(command), what);
    }

    @Override
    public List<Command> commands() {
        return List.of(FirewalldClient.shown(command));
    }

    /**
     * The one client call as it is, for the host's journal: a change through the client skips what
     * is already so (as firewall-cmd does), so an undo replayed after a crash is right whatever part
     * of the change was made.
     */
    @Override
    public java.util.Optional<List<Command>> replayable() {
        return java.util.Optional.of(List.of(command));
    }

    @Override
    public String toString() {
        return what;
    }
}
