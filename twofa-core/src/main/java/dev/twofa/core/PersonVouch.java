package dev.twofa.core;

/**
 * What the Person directory said, just now, of the number an account has verified through a Person:
 * the rules trust such a number only while this vouch is for the very number the profile holds.
 *
 * @param number the number the directory was asked about, or null if it was not asked
 * @param vouched whether a Person of the account still has it verified
 *     <p>Immutable and thread-safe.
 */
record PersonVouch(PhoneNumber number, boolean vouched) {

    /** The directory was not asked (the number was not verified through a Person). */
    static final PersonVouch NOT_ASKED = new PersonVouch(null, false);

    /** Returns whether this vouches for {@code other}. */
    boolean vouchesFor(PhoneNumber other) {
        return vouched && number != null && number.equals(other);
    }
}
