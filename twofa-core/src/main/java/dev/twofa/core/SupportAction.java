package dev.twofa.core;

/**
 * Who of the host's support staff reset an account's second factor, and why: the audit note of
 * {@link TwoFactorService#resetTwoFactor(AccountId, String, String)}, carried by its {@link
 * TwoFactorEvent.Type#SUPPORT_RESET} event. Both are short plain texts (such as {@code
 * "agent-17"} and {@code "ticket 4711: phone lost, identity checked by video call"}); never put a
 * secret, a code or a full phone number in them.
 *
 * @param actor who reset the account: 1 to {@value #MAX_ACTOR} characters, no control or format
 *     characters (no line breaks), not blank
 * @param reason why: 1 to {@value #MAX_REASON} characters, the same characters allowed
 *     <p>Immutable and thread-safe.
 */
public record SupportAction(String actor, String reason) implements TwoFactorEvent.Detail {

    /** The longest {@link #actor()}, in characters. */
    public static final int MAX_ACTOR = 100;

    /** The longest {@link #reason()}, in characters. */
    public static final int MAX_REASON = 500;

    /**
     * Validates both texts.
     *
     * @throws InvalidInputException if a text is null, blank, too long, or holds a control or
     *     format character (line breaks, tabs, bidirectional overrides, zero-width characters), which
     *     could forge lines in an audit log
     */
    public SupportAction {
        PlainText.check("actor", actor, MAX_ACTOR);
        PlainText.check("reason", reason, MAX_REASON);
    }
}
