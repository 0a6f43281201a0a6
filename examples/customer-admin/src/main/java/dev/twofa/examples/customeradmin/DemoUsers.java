package dev.twofa.examples.customeradmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The demo customers ({@code customer-admin.demo-users}, default {@code alice,bob}), the support
 * agent {@value #SUPPORT} (who may reset a customer's two-factor authentication), and their
 * passwords, which {@link DataDirectory} made on the first start. A real host has its own user
 * store; twofa only needs the user name as the account id.
 *
 * <p>Thread-safe (immutable).
 */
public final class DemoUsers {

    /** The property listing the demo users' names. */
    public static final String PROPERTY = "customer-admin.demo-users";
    /** The prefix of the properties holding each user's password. */
    public static final String PASSWORD_PREFIX = "customer-admin.passwords.";
    /** The support agent's user name. */
    public static final String SUPPORT = "support";

    private final Map<String, String> passwords;
    private final List<String> names;

    DemoUsers(Environment environment) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String user : allNames(environment)) {
            p.put(user, environment.getRequiredProperty(PASSWORD_PREFIX + user));
        }
        this.passwords = Map.copyOf(p);
        this.names = List.copyOf(p.keySet());
    }

    /** Returns the configured customers and the support agent. */
    static List<String> allNames(Environment environment) {
        List<String> names = new ArrayList<>(List.of(
                environment.getProperty(PROPERTY, String[].class, new String[] {"alice", "bob"})));
        names.add(SUPPORT);
        return List.copyOf(names);
    }

    /**
     * Returns the demo users' names, in the configured order, the support agent last.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * Returns a demo user's password (shown in the start banner and used by the tests).
     *
     * @param user the user name
     * @return the password
     * @throws IllegalArgumentException if there is no such demo user
     */
    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such demo user");
        }
        return password;
    }

    /** Returns the users for Spring Security, passwords hashed with its default encoder (bcrypt). */
    UserDetailsService userDetailsService() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(names.stream()
                .map(name -> User.withUsername(name).password(encoder.encode(passwords.get(name)))
                        .roles(name.equals(SUPPORT) ? "SUPPORT" : "CUSTOMER").build())
                .toList());
    }

    @Override
    public String toString() {
        return "DemoUsers" + names + " (passwords redacted)";
    }
}
