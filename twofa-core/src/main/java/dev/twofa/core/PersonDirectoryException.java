package dev.twofa.core;

/**
 * Thrown when the host's {@link dev.twofa.core.spi.PersonDirectory} fails. Nothing was changed:
 * the directory is asked before anything is stored, and a number it cannot vouch for is never
 * trusted. The cause is the directory's own exception; the message names the account only.
 */
public class PersonDirectoryException extends TwoFactorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without a phone number
     * @param cause the directory's exception
     */
    public PersonDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
