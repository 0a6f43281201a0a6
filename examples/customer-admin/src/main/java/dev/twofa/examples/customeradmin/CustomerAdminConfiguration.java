package dev.twofa.examples.customeradmin;

import dev.twofa.core.PhoneNumber;
import dev.twofa.core.spi.PersonDirectory;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The beans of the example's own world, which twofa's service picks up: the clock, the SMS outbox,
 * the directory of the account's contact persons, and the demo users.
 *
 * <p>Thread-safety: a configuration class; the beans it makes state their own.
 */
@Configuration(proxyBeanMethods = false)
public class CustomerAdminConfiguration {

    /** The number a contact person of bob's account has verified: bob may use it without an SMS. */
    public static final PhoneNumber BOBS_PERSON_NUMBER = new PhoneNumber("+420601555000");

    /** Creates the configuration; Spring calls this. */
    public CustomerAdminConfiguration() {
    }

    /**
     * Returns the clock of twofa and of the outbox (the tests replace it with a settable one).
     *
     * @return the system clock in UTC
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Returns the SMS gateway of the demo.
     *
     * @param clock the clock
     * @return the outbox, printing to {@code System.out}
     */
    @Bean
    Outbox outbox(Clock clock) {
        return new Outbox(clock, System.out);
    }

    /**
     * Returns who vouches for which number: a contact person of bob's account has {@link
     * #BOBS_PERSON_NUMBER} verified (the seed's note on numbers of existing Persons).
     *
     * @return the directory
     */
    @Bean
    PersonDirectory personDirectory() {
        return (account, number) -> account.value().equals("bob") && number.equals(BOBS_PERSON_NUMBER);
    }

    @Bean
    DemoUsers demoUsers(Environment environment) {
        return new DemoUsers(environment);
    }

    @Bean
    UserDetailsService userDetailsService(DemoUsers users) {
        return users.userDetailsService();
    }
}
