package dev.twofa.core;

/**
 * The outcome of a change that needs no code: {@link Changed} or {@link Refused}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ChangeResult permits Changed, Refused {
}
