/**
 * Spring Security 7 integration of twofa: the codes of an authenticator app, of a text message and
 * the recovery codes as second factors ({@code FactorGrantedAuthority} with their time) after the
 * host's password login.
 *
 * <p>A host adds {@link dev.twofa.spring.security.TwoFactorConfigurer} to its own filter chain next
 * to {@code formLogin}; users with a method on are then sent to the second step before any page,
 * users without one are fully logged in after the password. {@link
 * dev.twofa.spring.security.TwoFactorAuthorizations#recentSecondFactor(java.time.Duration)} asks for
 * a code again before sensitive operations; {@link dev.twofa.spring.security.TwoFactorProofs} hands
 * the session's proof to the {@code TwoFactorService} calls that need one.
 */
package dev.twofa.spring.security;
