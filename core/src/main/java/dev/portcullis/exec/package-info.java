/**
 * Running processes, argv only: a {@link dev.portcullis.exec.Command} (program, arguments, standard
 * input that may be marked sensitive, timeout, environment, accepted exit codes), the
 * {@link dev.portcullis.exec.CommandRunner} every backend reaches its host through, and what a process
 * left behind ({@link dev.portcullis.exec.CommandResult}).
 *
 * <p>{@link dev.portcullis.exec.LocalCommandRunner} runs on this machine: no shell, no quoting, a
 * timeout that kills the whole process tree and is always recorded, and output kept up to a limit.
 * {@link dev.portcullis.exec.InterceptingCommandRunner} chains
 * {@link dev.portcullis.exec.CommandInterceptor}s (sudo, logging, auditing, dry runs) the way OkHttp
 * chains interceptors; {@link dev.portcullis.exec.CountingCommandRunner} counts spawns, the cost
 * measure of a change.
 */
package dev.portcullis.exec;
