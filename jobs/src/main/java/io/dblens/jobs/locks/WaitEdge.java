package io.dblens.jobs.locks;

/**
 * "waiter waits for blocker": the waiter asks for {@code resource} in {@code requestedMode} while the
 * blocker holds it in {@code heldMode} (null when the engine does not say).
 */
public record WaitEdge(String waiter, String blocker, LockResource resource, String requestedMode, String heldMode) {}
