/**
 * One writer per host, and crash-safe: the lock an apply takes on the host itself
 * ({@link dev.portcullis.hoststate.HostLock}), and the journal it keeps there before each step
 * ({@link dev.portcullis.hoststate.ApplyJournal}) so that an apply killed half-way is found and
 * undone by the next run. Both live on the host, reached through the runner, because two machines
 * can target one host and a killed JVM remembers nothing.
 */
package dev.portcullis.hoststate;
