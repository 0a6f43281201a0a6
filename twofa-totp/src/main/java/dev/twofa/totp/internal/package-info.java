/**
 * Implementation details of twofa-totp: the HMAC engine and the code and percent-encoding helpers.
 *
 * <p>Not exported by the module and not an API: anything here may change in any release. Classes
 * state their own thread-safety.
 */
package dev.twofa.totp.internal;
