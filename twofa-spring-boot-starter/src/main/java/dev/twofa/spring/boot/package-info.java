/**
 * Spring Boot auto-configuration of twofa: a {@code TwoFactorService} built from {@code twofa.*}
 * properties and the host's beans.
 */
package dev.twofa.spring.boot;
